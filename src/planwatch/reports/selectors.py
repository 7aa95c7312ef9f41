"""Reports as the user may see them: the plan's appendices for a period, and the agency scorecards.

Every builder takes the user and reads through accounts.access (visible_indicators, visible_tasks), so an export
holds exactly what the plan page shows that user. The `report` command passes an administrator.
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from planwatch.registry.models import Document
from planwatch.registry.selectors import TaskFilter
from planwatch.reports.indicators import indicator_report
from planwatch.reports.judgements import disagreement_table
from planwatch.reports.layout import Heading, Report
from planwatch.reports.periods import ReportError, parse_report_period, period_label, report_date
from planwatch.reports.tasks import task_report
from planwatch.textnorm import fold

APPENDICES = ("all", "indicators", "tasks")
KIND_TITLES = {
    "resolution": "NGHỊ QUYẾT", "programme": "CHƯƠNG TRÌNH", "plan": "KẾ HOẠCH", "decision": "QUYẾT ĐỊNH",
    "report": "BÁO CÁO", "letter": "CÔNG VĂN", "conclusion": "KẾT LUẬN", "directive": "CHỈ THỊ",
}
KIND_CODES = {"resolution": "NQ", "programme": "CTr", "plan": "KH", "decision": "QĐ", "report": "BC", "letter": "CV",
              "conclusion": "KL", "directive": "CT"}


def _place(issuer: str) -> str:
    for place in ("Hà Nội",):
        if place in issuer:
            return place
    return ""


def document_heading(document: Document, *, lines: list[str]) -> Heading:
    """The document's own heading: issuer, number, place and date, kind and title."""
    if document.number:
        number = _("Số: %(number)s") % {"number": document.number}
    else:
        # A draft (`Số /KH-UBND`): the number is left blank as the draft leaves it.
        number = _("Số:      /%(code)s-UBND") % {"code": KIND_CODES.get(document.kind, "")}
    place = _place(document.issuer)
    if document.date:
        when = _("ngày %(day)s tháng %(month)s năm %(year)s") % {
            "day": document.date.day, "month": document.date.month, "year": document.date.year}
    elif document.year:
        when = _("ngày    tháng    năm %(year)s") % {"year": document.year}
    else:
        when = ""
    place_date = f"{place}, {when}" if place and when else (when[:1].upper() + when[1:] if when else "")
    kind = KIND_TITLES.get(document.kind, document.get_kind_display().upper())
    title = document.title
    # A title that begins with its own kind (`Kế hoạch thực hiện ...`) reads under the kind line without it,
    # as the document itself prints `KẾ HOẠCH` / `Thực hiện ...`.
    if fold(title).startswith(fold(kind) + " "):
        title = title[len(kind) + 1:]
        title = title[:1].upper() + title[1:]
    return Heading(
        issuer=document.issuer.upper(),
        number=number,
        place_date=place_date,
        kind=kind,
        title=title,
        lines=lines,
    )


def _filename(document: Document, period_code: str, appendix: str) -> str:
    stem = slugify(document.number.replace("/", "-")) if document.number else document.slug
    suffix = {"all": "phu-luc", "indicators": "chi-tieu", "tasks": "nhiem-vu"}[appendix]
    return f"{stem}-{suffix}-{period_code.lower()}"


def document_report(
    *, user, document: Document, period: str, appendix: str = "all", filters: TaskFilter = TaskFilter(),
    today: date | None = None,
) -> Report:
    """The plan's appendices for `period` (`2024`, `2024-H1`...), as far as `user` may see."""
    if appendix not in APPENDICES:
        raise ReportError(_("Phụ lục “%(name)s” không có: chọn indicators, tasks hoặc all.") % {"name": appendix})
    reporting_period = parse_report_period(period)
    on = report_date(reporting_period, today or timezone.localdate())
    tables, supplements = [], []
    if appendix in ("all", "indicators"):
        indicators = indicator_report(user=user, document=document, period=reporting_period, on=on)
        tables.append(indicators.table)
        disagreements = disagreement_table(indicators.computation, year=reporting_period.start_year)
        supplements += [disagreements] if disagreements is not None else []
    if appendix in ("all", "tasks"):
        tables.append(task_report(user=user, document=document, period=reporting_period, on=on, filters=filters).table)
    tables += supplements  # after the appendices, which keep their places
    lines = [
        _("Báo cáo tình hình thực hiện: %(period)s") % {"period": period_label(reporting_period)},
        _("Lập ngày %(date)s từ planwatch") % {"date": (today or timezone.localdate()).strftime("%d/%m/%Y")},
    ]
    heading = document_heading(document, lines=lines)
    return Report(heading=heading, tables=tables, filename=_filename(document, reporting_period.code, appendix))


class Administrator:
    """Who the console is: it prints the whole register, as an administrator would (accounts.access scopes)."""

    is_authenticated = True
    is_superuser = True
    is_active = True
    membership = None
    pk = None
    username = "planwatch"


def agency_by_text(text: str):
    """An agency by its name, short name or an alias as written (`Sở KHĐT`)."""
    from django.db.models import Q

    from planwatch import textnorm
    from planwatch.registry.models import Agency

    return (
        Agency.objects.filter(Q(name__iexact=text) | Q(short_name__iexact=text) | Q(aliases__key=textnorm.key(text)))
        .distinct().first()
    )


def position_by_text(text: str):
    """A leader's seat by its name (`PCT thường trực`) or by the person holding it (`Lê Hồng Sơn`)."""
    from django.db.models import Q

    from planwatch.registry.models import Position

    return (
        Position.objects.filter(Q(name__iexact=text) | Q(tenures__person__iexact=text)).distinct().first()
    )
