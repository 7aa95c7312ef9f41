"""Agency scorecards for a year: how each lead agency did with its tasks and its reports, and a ranking for the
yearly evaluation.

A task counts for an agency when the agency leads it by name (Task.lead_agencies) and one of its due dates falls in
the year. Tasks led by a named group (`Các Sở, Ban, ngành`) are not counted for each member: the plan names no one
agency answerable for them; their number is given in a note. On the scorecard date (the end of the year, or today
while the year runs) a task is, in this order:

- done on time: status `done`;           - done late: status `done_late`;
- overdue: not done and a due date of the year has passed;
- not started: status `not_started`;     - in progress: the rest (on schedule or behind, deadline still ahead).

Status is the register's (Task.status), which accepted round reports keep up to date. Reports are counted from the
reporting rounds whose deadline falls in the year: on time (first submitted by the deadline), late, and missing
(deadline passed, nothing submitted); without the rounds app these columns say so instead of showing zeros.

Ranking: by the share of the year's tasks done on time, then fewer overdue tasks, then fewer late or missing
reports, then more tasks done (late included). Agencies with no task due in the year are listed without a rank.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from planwatch.accounts.access import scope_of, visible_tasks
from planwatch.registry.models import Agency, Document, Task, TaskDueDate
from planwatch.reports.layout import FILLS, HEADER_FILL, Cell, Column, Heading, Report, Row, Table
from planwatch.reports.numbers import vn_text
from planwatch.reports.progress import ReportTimeliness, report_timeliness

DONE, DONE_LATE, NOT_STARTED = Task.Status.DONE, Task.Status.DONE_LATE, Task.Status.NOT_STARTED


@dataclass
class Scorecard:
    agency: Agency
    done_on_time: int = 0
    done_late: int = 0
    overdue: int = 0
    not_started: int = 0
    in_progress: int = 0
    reports: ReportTimeliness | None = None
    rank: int | None = None
    task_keys: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    @property
    def total(self) -> int:
        return self.done_on_time + self.done_late + self.overdue + self.not_started + self.in_progress

    @property
    def on_time_rate(self) -> Decimal | None:
        return Decimal(self.done_on_time) / Decimal(self.total) if self.total else None

    def sort_key(self):
        reports_bad = (self.reports.late + self.reports.missing) if self.reports else 0
        return (-(self.on_time_rate or 0), self.overdue, reports_bad, -(self.done_on_time + self.done_late),
                self.agency.name)


def task_outcome(task: Task, year: int, on: date) -> str:
    if task.status == DONE:
        return "done_on_time"
    if task.status == DONE_LATE:
        return "done_late"
    if any(d.due.year == year and d.due < on for d in task.due_dates.all()):
        return "overdue"
    if task.status == NOT_STARTED:
        return "not_started"
    return "in_progress"


@dataclass
class ScorecardResult:
    year: int
    on: date
    cards: list[Scorecard]
    group_led: int  # tasks of the year led only by named groups, not counted for any agency
    rounds: bool  # whether report timeliness is known


def agency_scorecards(*, user, year: int, document=None, today: date | None = None) -> ScorecardResult:
    """Scorecards of the lead agencies of the tasks the user may see, for tasks due in `year`."""
    today = today or timezone.localdate()
    on = min(date(year, 12, 31), today)
    tasks = visible_tasks(user, Task.objects.all() if document is None else document.tasks.all())
    tasks = (
        tasks.filter(pk__in=TaskDueDate.objects.filter(due__year=year).values("task_id"))
        .prefetch_related("due_dates", Prefetch("lead_agencies", queryset=Agency.objects.order_by("name")))
        .order_by("document", "order")
    )
    scope = scope_of(user)
    cards: dict[int, Scorecard] = {}
    group_led = 0
    for task in tasks:
        agencies = list(task.lead_agencies.all())
        if not agencies:
            group_led += 1
            continue
        outcome = task_outcome(task, year, on)
        for agency in agencies:
            if scope.agency_id is not None and agency.pk != scope.agency_id:
                continue
            card = cards.setdefault(agency.pk, Scorecard(agency))
            setattr(card, outcome, getattr(card, outcome) + 1)
            card.task_keys[outcome].append(task.key)
    timeliness = report_timeliness(user, year, set(cards), today)
    for card in cards.values():
        card.reports = timeliness.get(card.agency.pk) if timeliness is not None else None
    ordered = sorted(cards.values(), key=Scorecard.sort_key)
    rank = 0
    for card in ordered:
        if card.total:
            rank += 1
            card.rank = rank
    return ScorecardResult(year, on, ordered, group_led, timeliness is not None)


COLUMNS = [  # key, width, align
    ("rank", 7, "center"), ("agency", 34, "left"), ("total", 8, "right"), ("done_on_time", 11, "right"),
    ("done_late", 11, "right"), ("overdue", 9, "right"), ("not_started", 10, "right"), ("in_progress", 10, "right"),
    ("rate", 12, "right"), ("reports_on_time", 9, "right"), ("reports_late", 9, "right"),
    ("reports_missing", 10, "right"),
]


def _count(n: int, fill: str | None = None) -> Cell:
    return Cell(text=str(n), number=Decimal(n), align="right", fill=fill if n else None)


def scorecard_table(result: ScorecardResult) -> Table:
    labels = {
        "rank": _("Xếp hạng"), "agency": _("Cơ quan, đơn vị chủ trì"), "total": _("Tổng số"),
        "done_on_time": _("Hoàn thành đúng hạn"), "done_late": _("Hoàn thành muộn"), "overdue": _("Quá hạn"),
        "not_started": _("Chưa triển khai"), "in_progress": _("Đang thực hiện"),
        "rate": _("Tỷ lệ hoàn thành đúng hạn"), "reports_on_time": _("Đúng hạn"), "reports_late": _("Muộn"),
        "reports_missing": _("Chưa nộp (quá hạn)"),
    }
    tasks_label = _("Nhiệm vụ có thời hạn trong năm %(year)s") % {"year": result.year}
    reports_label = _("Báo cáo định kỳ")
    first: list[Cell | None] = [
        Cell(text=labels["rank"], bold=True, align="center", fill=HEADER_FILL, rowspan=2),
        Cell(text=labels["agency"], bold=True, align="center", fill=HEADER_FILL, rowspan=2),
        Cell(text=tasks_label, bold=True, align="center", fill=HEADER_FILL, colspan=7),
        None, None, None, None, None, None,
        Cell(text=reports_label, bold=True, align="center", fill=HEADER_FILL, colspan=3), None, None,
    ]
    second: list[Cell | None] = [None, None] + [
        Cell(text=labels[key], bold=True, align="center", fill=HEADER_FILL) for key, _width, _align in COLUMNS[2:]
    ]
    rows = []
    for card in result.cards:
        rate = card.on_time_rate
        cells: list[Cell | None] = [
            Cell(text=str(card.rank) if card.rank else "", number=Decimal(card.rank) if card.rank else None,
                 align="center"),
            Cell(text=card.agency.name),
            _count(card.total),
            _count(card.done_on_time, FILLS["done"]),
            _count(card.done_late, FILLS["done_late"]),
            _count(card.overdue, FILLS["overdue"]),
            _count(card.not_started),
            _count(card.in_progress),
            Cell(text=f"{vn_text(rate * 100, 1)}%", number=rate, places=1, percent=True, align="right")
            if rate is not None else Cell(),
        ]
        if card.reports is not None:
            cells += [_count(card.reports.on_time), _count(card.reports.late, FILLS["behind"]),
                      _count(card.reports.missing, FILLS["overdue"])]
        else:
            cells += [Cell(text="—", align="center")] * 3
        rows.append(Row(cells, key=card.agency.name))
    notes = [
        _("Tính đến ngày %(date)s. Nhiệm vụ được tính cho cơ quan chủ trì được ghi tên; tình trạng theo danh mục "
          "nhiệm vụ (cập nhật khi báo cáo định kỳ được chấp nhận).") % {"date": result.on.strftime("%d/%m/%Y")},
        _("Xếp hạng theo tỷ lệ hoàn thành đúng hạn, rồi số nhiệm vụ quá hạn ít hơn, số báo cáo muộn hoặc chưa nộp "
          "ít hơn, số nhiệm vụ đã hoàn thành nhiều hơn."),
    ]
    if result.group_led:
        notes.append(_("%(n)s nhiệm vụ do một nhóm cơ quan chủ trì (ví dụ “Các Sở, Ban, ngành”) không được tính "
                       "riêng cho cơ quan nào.") % {"n": result.group_led})
    if not result.rounds:
        notes.append(_("Chưa có dữ liệu đợt báo cáo: các cột báo cáo định kỳ để trống (—)."))
    return Table(
        sheet_name=_("Xếp hạng %(year)s") % {"year": result.year},
        title=_("Kết quả thực hiện nhiệm vụ và chế độ báo cáo của các cơ quan, đơn vị năm %(year)s") % {
            "year": result.year},
        subtitle=_("Số liệu đến ngày %(date)s") % {"date": result.on.strftime("%d/%m/%Y")},
        columns=[Column(key, width, align) for key, width, align in COLUMNS],
        header=[first, second],
        rows=rows,
        notes=notes,
    )


def scorecard_report(*, user, year: int, document=None, today: date | None = None) -> Report:
    today = today or timezone.localdate()
    result = agency_scorecards(user=user, year=year, document=document, today=today)
    if document is not None:
        from planwatch.reports.selectors import document_heading

        heading = document_heading(document, lines=[])
    else:
        issuers = Counter(Document.objects.filter(is_tracked=True).values_list("issuer", flat=True))
        issuer = issuers.most_common(1)[0][0] if issuers else ""
        heading = Heading(issuer=issuer.upper(), number="", place_date="", kind=_("BẢNG XẾP HẠNG"),
                          title=_("Đánh giá thực hiện nhiệm vụ năm %(year)s") % {"year": year})
    heading.lines = [_("Lập ngày %(date)s từ planwatch") % {"date": today.strftime("%d/%m/%Y")}]
    stem = f"{document.slug}-" if document is not None else ""
    return Report(heading=heading, tables=[scorecard_table(result)], filename=f"{stem}xep-hang-{year}")
