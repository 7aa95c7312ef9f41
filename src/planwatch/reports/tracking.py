"""The Government Office's four-way task tracking as a report: per lead agency, the tasks done on time, done late,
still in time and overdue on a date, with totals and the share done on time.

The four ways are registry.selectors.tracking_of, the rule of the task list's filter, so the page, the files and
the filter agree. A task counts for each agency answerable for it, as in the scorecards (docs/scorecards.md): each
agency named as lead and every member of a closed group named as lead (`UBND các quận, huyện` counts for each
district); a task led only by an open group (`các đơn vị liên quan`) counts for no agency and is given in a note.
The total row counts each task once, so with group-led tasks the agency rows add up to more than the total.

Statuses are the register's today: it keeps no completion date, so the date decides only whether an unfinished
task is overdue or still in time.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from planwatch.accounts.access import scope_of, visible_tasks
from planwatch.registry.models import Agency, Document, Task
from planwatch.registry.selectors import DONE_LATE, DONE_ON_TIME, IN_TIME, OVERDUE, TRACKING, tracking_of
from planwatch.reports.layout import FILLS, HEADER_FILL, Cell, Column, Heading, Report, Row, Table
from planwatch.reports.numbers import vn_text
from planwatch.reports.scorecards import closed_group_members

LABELS = {
    DONE_ON_TIME: gettext_lazy("Hoàn thành đúng hạn"),
    DONE_LATE: gettext_lazy("Hoàn thành quá hạn"),
    IN_TIME: gettext_lazy("Đang thực hiện, trong hạn"),
    OVERDUE: gettext_lazy("Quá hạn chưa hoàn thành"),
}
STATUS_FILLS = {DONE_ON_TIME: FILLS["done"], DONE_LATE: FILLS["done_late"], IN_TIME: None, OVERDUE: FILLS["overdue"]}


@dataclass
class TrackingCounts:
    agency: Agency | None  # None: the total row
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TRACKING, 0))
    task_keys: dict[str, list[str]] = field(default_factory=lambda: {way: [] for way in TRACKING})

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def on_time_share(self) -> Decimal | None:
        return Decimal(self.counts[DONE_ON_TIME]) / Decimal(self.total) if self.total else None

    def add(self, way: str, key: str) -> None:
        self.counts[way] += 1
        self.task_keys[way].append(key)


@dataclass
class TrackingResult:
    on: date
    document: Document | None  # None: every tracked document
    rows: list[TrackingCounts]
    total: TrackingCounts
    open_group_led: int  # tasks led only by open groups: in the total, for no agency
    limited: bool  # the user sees part of the register


def task_tracking(*, user, document: Document | None = None, on: date | None = None) -> TrackingResult:
    """The four-way counts per lead agency of the tasks the user may see, of `document` or of every tracked one."""
    on = on or timezone.localdate()
    queryset = document.tasks.all() if document is not None else Task.objects.filter(document__is_tracked=True)
    tasks = (
        visible_tasks(user, queryset)
        .prefetch_related("due_dates", "lead_groups", Prefetch("lead_agencies", queryset=Agency.objects.order_by("name")))
        .order_by("document", "order")
    )
    scope = scope_of(user)
    members = closed_group_members()
    rows: dict[int, TrackingCounts] = {}
    total = TrackingCounts(None)
    open_group_led = 0
    for task in tasks:
        way = tracking_of(task, today=on)
        key = task.key if document is not None else f"{task.document_id}:{task.key}"
        agencies = {agency.pk: agency for agency in task.lead_agencies.all()}
        for group in task.lead_groups.all():
            for agency in members.get(group.pk, []):
                agencies.setdefault(agency.pk, agency)
        if not agencies:
            open_group_led += 1
        # An officer sees tasks their agency only coordinates too: those are counted for their lead agency,
        # which is not theirs, so they count in no row the officer is shown but stay out of the total as well.
        if scope.agency_id is not None:
            if scope.agency_id not in agencies:
                continue
            agencies = {scope.agency_id: agencies[scope.agency_id]}
        total.add(way, key)
        for agency in agencies.values():
            rows.setdefault(agency.pk, TrackingCounts(agency)).add(way, key)
    ordered = sorted(rows.values(), key=lambda row: row.agency.name)
    return TrackingResult(on, document, ordered, total, open_group_led, not scope.everything)


COLUMNS = [  # key, width, align
    ("tt", 6, "center"), ("agency", 38, "left"), ("total", 10, "right"),
    (DONE_ON_TIME, 12, "right"), (DONE_LATE, 12, "right"), (IN_TIME, 12, "right"), (OVERDUE, 12, "right"),
    ("share", 13, "right"),
]


def _count(n: int, fill: str | None = None, bold: bool = False) -> Cell:
    return Cell(text=str(n), number=Decimal(n), align="right", fill=fill if n else None, bold=bold)


def _cells(tt: str, name: str, counts: TrackingCounts, *, bold: bool = False) -> list[Cell | None]:
    share = counts.on_time_share
    return [
        Cell(text=tt, align="center", bold=bold),
        Cell(text=name, bold=bold),
        _count(counts.total, bold=bold),
        *[_count(counts.counts[way], STATUS_FILLS[way], bold) for way in TRACKING],
        Cell(text=f"{vn_text(share * 100, 1)}%", number=share, places=1, percent=True, align="right", bold=bold)
        if share is not None else Cell(text="—", align="center"),
    ]


def tracking_title(document: Document | None) -> str:
    if document is None:
        return _("Tình hình thực hiện nhiệm vụ được giao của các văn bản đang theo dõi")
    return _("Tình hình thực hiện nhiệm vụ được giao: %(document)s") % {"document": document.number or document.title}


def tracking_table(result: TrackingResult) -> Table:
    header = lambda text, **span: Cell(text=text, bold=True, align="center", fill=HEADER_FILL, **span)  # noqa: E731
    first: list[Cell | None] = [
        header(_("TT"), rowspan=2), header(_("Cơ quan, đơn vị chủ trì"), rowspan=2),
        header(_("Tổng số nhiệm vụ"), rowspan=2),
        header(_("Đã hoàn thành"), colspan=2), None,
        header(_("Chưa hoàn thành"), colspan=2), None,
        header(_("Tỷ lệ hoàn thành đúng hạn"), rowspan=2),
    ]
    second: list[Cell | None] = [None, None, None, header(_("Đúng hạn")), header(_("Quá hạn")),
                                 header(_("Trong hạn")), header(_("Quá hạn")), None]
    rows = [Row(_cells(str(n), row.agency.name, row), key=row.agency.name) for n, row in enumerate(result.rows, 1)]
    rows.append(Row(_cells("", _("Tổng cộng (mỗi nhiệm vụ tính một lần)"), result.total, bold=True), key="total"))
    date_text = result.on.strftime("%d/%m/%Y")
    notes = [
        _("Tính đến ngày %(date)s. Quá hạn: chưa hoàn thành và đã qua một thời hạn trước ngày này; trong hạn: chưa "
          "hoàn thành và chưa qua thời hạn nào (kể cả nhiệm vụ không ghi thời hạn). Tình trạng hoàn thành theo danh "
          "mục nhiệm vụ hiện tại (cập nhật khi báo cáo định kỳ được chấp nhận).") % {"date": date_text},
        _("Nhiệm vụ do một nhóm chủ trì (ví dụ UBND các quận, huyện) được tính cho từng cơ quan thành viên, nên "
          "tổng các dòng có thể lớn hơn dòng tổng cộng."),
    ]
    if result.open_group_led:
        notes.append(_("%(n)s nhiệm vụ do một nhóm mở (ví dụ “các đơn vị liên quan”) chủ trì chỉ được tính ở dòng "
                       "tổng cộng.") % {"n": result.open_group_led})
    if result.limited:
        notes.append(_("Bảng chỉ gồm các nhiệm vụ trong phạm vi tài khoản được xem."))
    return Table(
        sheet_name=_("Theo dõi nhiệm vụ"),
        title=tracking_title(result.document),
        subtitle=_("Số liệu đến ngày %(date)s") % {"date": date_text},
        columns=[Column(key, width, align) for key, width, align in COLUMNS],
        header=[first, second],
        rows=rows,
        notes=notes,
    )


def tracking_report(*, user, document: Document | None = None, on: date | None = None,
                    today: date | None = None) -> Report:
    today = today or timezone.localdate()
    result = task_tracking(user=user, document=document, on=on or today)
    lines = [_("Lập ngày %(date)s từ planwatch") % {"date": today.strftime("%d/%m/%Y")}]
    if document is not None:
        from planwatch.reports.selectors import document_heading

        heading = document_heading(document, lines=lines)
        stem = document.slug
    else:
        issuers = Counter(Document.objects.filter(is_tracked=True).values_list("issuer", flat=True))
        issuer = issuers.most_common(1)[0][0] if issuers else ""
        heading = Heading(issuer=issuer.upper(), number="", place_date="", kind=_("BÁO CÁO"),
                          title=tracking_title(None), lines=lines)
        stem = "tat-ca"
    return Report(heading=heading, tables=[tracking_table(result)],
                  filename=f"{stem}-theo-doi-nhiem-vu-{result.on.strftime('%Y-%m-%d')}")
