"""Agency scorecards for a year: how each lead agency did with its tasks and its reports, and a ranking for the
yearly evaluation, scored as docs/scorecards.md writes it down.

A task counts for each agency answerable for it: an agency it names as lead, and every member of a closed group it
names as lead (`UBND các quận, huyện` counts for each district); an open group (`các đơn vị liên quan`) names no
one, and such tasks are given in a note. The evaluation date is the end of the year once the year is over, today
while it runs. On that date a task with a due date in the year is:

- done on time: status `done`;           - done late: status `done_late`;
- overdue (not done by its date): not done, and a due date of the year is on or before the evaluation date; a task
  due 31/12 and not done by the end of the year is overdue, as is one never started;
- not started / in progress: not done, its date still ahead (only while the year runs; these are not judged yet).

Reports are counted from the reporting rounds whose deadline falls in the year: on time (first submitted by the
deadline), late, and missing (deadline passed, nothing submitted).

Score, out of 100: tasks weigh 70 and reports 30. The task part is (on time + half of late) / tasks judged (done or
overdue); the report part is (on time + half of late) / reports due. An agency with only one of the two parts is
scored on that part alone; one with neither (nothing judged yet, no report due) is listed without a rank. Ranking:
higher score, then fewer overdue tasks, then fewer missing reports, then the agency's name.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.paginator import Page
from django.utils import timezone
from django.utils.translation import gettext as _

from planwatch.accounts.access import scope_of, visible_tasks
from planwatch.accounts.keeping import kept_until_changed
from planwatch.paging import page_of
from planwatch.registry.models import Agency, Document, Task, TaskDueDate
from planwatch.registry.selectors import closed_group_member_ids
from planwatch.reports.layout import FILLS, HEADER_FILL, Cell, Column, Heading, Report, Row, Table
from planwatch.reports.numbers import vn_text
from planwatch.reports.progress import ReportTimeliness, report_timeliness
from planwatch.textnorm import fold

DONE, DONE_LATE, NOT_STARTED = Task.Status.DONE, Task.Status.DONE_LATE, Task.Status.NOT_STARTED


TASK_WEIGHT, REPORT_WEIGHT = Decimal(70), Decimal(30)
HALF = Decimal("0.5")


@dataclass(frozen=True)
class AgencyName:
    """An agency as the scorecards page shows it (scorecards_page)."""

    pk: int
    name: str


@dataclass
class Scorecard:
    agency: Agency | AgencyName
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
    def judged(self) -> int:
        """Tasks whose outcome is settled on the evaluation date: done (on time or late) or overdue."""
        return self.done_on_time + self.done_late + self.overdue

    @property
    def on_time_rate(self) -> Decimal | None:
        return Decimal(self.done_on_time) / Decimal(self.total) if self.total else None

    @property
    def task_part(self) -> Decimal | None:
        if not self.judged:
            return None
        return (self.done_on_time + HALF * self.done_late) / Decimal(self.judged)

    @property
    def report_part(self) -> Decimal | None:
        if self.reports is None:
            return None
        due = self.reports.on_time + self.reports.late + self.reports.missing
        if not due:
            return None
        return (self.reports.on_time + HALF * self.reports.late) / Decimal(due)

    @property
    def score(self) -> Decimal | None:
        """Out of 100 (docs/scorecards.md); None when there is nothing to judge yet."""
        tasks, reports = self.task_part, self.report_part
        if tasks is None and reports is None:
            return None
        if tasks is None:
            return 100 * reports
        if reports is None:
            return 100 * tasks
        return (TASK_WEIGHT * tasks + REPORT_WEIGHT * reports).quantize(Decimal("0.0001"))

    def sort_key(self):
        missing = self.reports.missing if self.reports else 0
        return (self.score is None, -(self.score or 0), self.overdue, missing, self.agency.name)


def _outcome(status: str, dues, year: int, on: date) -> str:
    """A task's outcome on the evaluation date `on` (the year's last day once the year is over), from its status
    and due dates."""
    if status == DONE:
        return "done_on_time"
    if status == DONE_LATE:
        return "done_late"
    if any(due.year == year and due <= on for due in dues):
        return "overdue"
    if status == NOT_STARTED:
        return "not_started"
    return "in_progress"


@dataclass
class ScorecardResult:
    year: int
    on: date
    cards: list[Scorecard]
    group_led: int  # tasks of the year led only by open groups, counted for no agency
    rounds: bool  # whether report timeliness is known


def closed_group_members() -> dict[int, list[Agency]]:
    """The agencies each closed group names (registry.selectors.closed_group_member_ids), as agencies by name."""
    ids = closed_group_member_ids()
    agencies = Agency.objects.in_bulk({pk for members in ids.values() for pk in members})
    return {
        group_id: sorted((agencies[pk] for pk in members), key=lambda agency: agency.name)
        for group_id, members in ids.items()
    }


# The register-wide scorecards page reads every task due in the year (tens of thousands at national scale): what it
# computed is kept for the same scope, year and day until the register changes, so fifty people opening it cost one
# computation.
SCORECARDS_SECONDS = 300
SCORECARDS_PER_PAGE = 100


def _kept_packed(*, user, year: int) -> tuple:
    today = timezone.localdate()
    # The name changes with the shape of what _packed writes: a cache shared with processes of the previous
    # release (Redis, through an upgrade) would otherwise hand this one tuples it cannot read.
    return kept_until_changed(
        "scorecards-packed-2", user=user, today=today, parts=(year,), seconds=SCORECARDS_SECONDS,
        compute=lambda: _packed(agency_scorecards(user=user, year=year, today=today)),
    )


FOLDED_NAME = -1  # where a packed card keeps its agency's name folded for the search (textnorm.fold)


def scorecards_page(*, user, year: int, query: str, number: str | None) -> tuple[ScorecardResult, Page]:
    """One page of agency_scorecards of the whole register, as computed for anyone of this user's scope since the
    register last changed (at most SCORECARDS_SECONDS ago), narrowed to the agencies whose name holds `query`
    whatever its case, diacritics or spacing (`so khcn`): the result holds the page's cards alone, the page counts
    every card found. Only the page's cards are built: at national scale the ranking holds tens of thousands, and
    building them all at each view cost more than the rest of the page."""
    year, on, group_led, rounds, rows = _kept_packed(user=user, year=year)
    wanted = fold(query)
    if wanted:
        rows = [row for row in rows if wanted in row[FOLDED_NAME]]
    page = page_of(rows, number, per_page=SCORECARDS_PER_PAGE)
    return _unpacked((year, on, group_led, rounds, list(page.object_list))), page


def _packed(result: ScorecardResult) -> tuple:
    """What the page shows of the result, as plain tuples: thousands of cards kept as dataclasses (and the models
    behind them) took a tenth of a second to read back at each view; tuples unpickle in C. No task keys: the page
    does not list them. Each card ends with its agency's name folded, so a search folds the query alone."""
    return (result.year, result.on, result.group_led, result.rounds, [
        (card.agency.pk, card.agency.name, card.done_on_time, card.done_late, card.overdue, card.not_started,
         card.in_progress, card.rank,
         None if card.reports is None else (card.reports.on_time, card.reports.late, card.reports.missing),
         fold(card.agency.name))
        for card in result.cards
    ])


def _unpacked(packed: tuple) -> ScorecardResult:
    year, on, group_led, rounds, cards = packed
    return ScorecardResult(year, on, [
        Scorecard(AgencyName(pk, name), done_on_time, done_late, overdue, not_started, in_progress,
                  None if reports is None else ReportTimeliness(*reports), rank, {})
        for pk, name, done_on_time, done_late, overdue, not_started, in_progress, rank, reports, _folded in cards
    ], group_led, rounds)


def agency_scorecards(*, user, year: int, document=None, today: date | None = None) -> ScorecardResult:
    """Scorecards of the lead agencies of the tasks the user may see, for tasks due in `year`."""
    today = today or timezone.localdate()
    # While the year runs, what is due today is not late yet; once it is over, the last day is judged too.
    on = date(year, 12, 31) if today > date(year, 12, 31) else today - timedelta(days=1)
    tasks = visible_tasks(user, Task.objects.all() if document is None else document.tasks.all())
    tasks = tasks.filter(pk__in=TaskDueDate.objects.filter(due__year=year).values("task_id"))
    # Plain rows, not model instances: at national scale the year holds tens of thousands of tasks, and building
    # them with three prefetches cost more than everything else on the page.
    rows = list(tasks.order_by("document", "order").values_list("pk", "key", "status"))
    chosen = tasks.values("pk")
    dues, leads, groups = defaultdict(list), defaultdict(list), defaultdict(list)
    for task_id, due in TaskDueDate.objects.filter(task_id__in=chosen).values_list("task_id", "due"):
        dues[task_id].append(due)
    for task_id, agency_id in Task.lead_agencies.through.objects.filter(task_id__in=chosen).values_list(
        "task_id", "agency_id",
    ):
        leads[task_id].append(agency_id)
    for task_id, group_id in Task.lead_groups.through.objects.filter(task_id__in=chosen).values_list(
        "task_id", "agencygroup_id",
    ):
        groups[task_id].append(group_id)
    scope = scope_of(user)
    members = closed_group_members()
    by_pk = {agency.pk: agency for group in members.values() for agency in group}
    missing = {pk for ids in leads.values() for pk in ids} - set(by_pk)
    by_pk.update({agency.pk: agency for agency in Agency.objects.filter(pk__in=missing)})
    cards: dict[int, Scorecard] = {}
    group_led = 0
    for task_id, key, status in rows:
        agencies = {pk: by_pk[pk] for pk in leads.get(task_id, ())}
        for group_id in groups.get(task_id, ()):
            for agency in members.get(group_id, []):
                agencies.setdefault(agency.pk, agency)
        agencies = sorted(agencies.values(), key=lambda agency: agency.name)
        if not agencies:
            group_led += 1
            continue
        outcome = _outcome(status, dues.get(task_id, ()), year, on)
        for agency in agencies:
            if scope.agency_id is not None and agency.pk != scope.agency_id:
                continue
            card = cards.setdefault(agency.pk, Scorecard(agency))
            setattr(card, outcome, getattr(card, outcome) + 1)
            card.task_keys[outcome].append(key)
    timeliness = report_timeliness(user, year, set(cards), today)
    for card in cards.values():
        card.reports = timeliness.get(card.agency.pk) if timeliness is not None else None
    ordered = sorted(cards.values(), key=Scorecard.sort_key)
    rank = 0
    for card in ordered:
        if card.score is not None:
            rank += 1
            card.rank = rank
    return ScorecardResult(year, on, ordered, group_led, timeliness is not None)


COLUMNS = [  # key, width, align
    ("rank", 7, "center"), ("agency", 34, "left"), ("total", 8, "right"), ("done_on_time", 11, "right"),
    ("done_late", 11, "right"), ("overdue", 9, "right"), ("not_started", 10, "right"), ("in_progress", 10, "right"),
    ("rate", 12, "right"), ("reports_on_time", 9, "right"), ("reports_late", 9, "right"),
    ("reports_missing", 10, "right"), ("score", 9, "right"),
]


def _count(n: int, fill: str | None = None) -> Cell:
    return Cell(text=str(n), number=Decimal(n), align="right", fill=fill if n else None)


def scorecard_table(result: ScorecardResult) -> Table:
    labels = {
        "rank": _("Xếp hạng"), "agency": _("Cơ quan, đơn vị chủ trì"), "total": _("Tổng số"),
        "done_on_time": _("Hoàn thành đúng hạn"), "done_late": _("Hoàn thành muộn"), "overdue": _("Quá hạn"),
        "not_started": _("Chưa triển khai"), "in_progress": _("Đang thực hiện"),
        "rate": _("Tỷ lệ hoàn thành đúng hạn"), "reports_on_time": _("Đúng hạn"), "reports_late": _("Muộn"),
        "reports_missing": _("Chưa nộp (quá hạn)"), "score": _("Điểm (trên 100)"),
    }
    tasks_label = _("Nhiệm vụ có thời hạn trong năm %(year)s") % {"year": result.year}
    reports_label = _("Báo cáo định kỳ")
    first: list[Cell | None] = [
        Cell(text=labels["rank"], bold=True, align="center", fill=HEADER_FILL, rowspan=2),
        Cell(text=labels["agency"], bold=True, align="center", fill=HEADER_FILL, rowspan=2),
        Cell(text=tasks_label, bold=True, align="center", fill=HEADER_FILL, colspan=7),
        None, None, None, None, None, None,
        Cell(text=reports_label, bold=True, align="center", fill=HEADER_FILL, colspan=3), None, None,
        Cell(text=labels["score"], bold=True, align="center", fill=HEADER_FILL, rowspan=2),
    ]
    second: list[Cell | None] = [None, None] + [
        Cell(text=labels[key], bold=True, align="center", fill=HEADER_FILL) for key, _width, _align in COLUMNS[2:-1]
    ] + [None]
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
        score = card.score
        cells.append(Cell(text=vn_text(score, 1), number=score, places=1, align="right") if score is not None
                     else Cell(text="—", align="center"))
        rows.append(Row(cells, key=card.agency.name))
    notes = [
        _("Tính đến ngày %(date)s. Nhiệm vụ được tính cho từng cơ quan chủ trì được ghi tên và cho từng thành viên "
          "của nhóm chủ trì (ví dụ UBND các quận, huyện); chưa hoàn thành khi đến hạn là quá hạn; tình trạng theo danh "
          "mục nhiệm vụ (cập nhật khi báo cáo định kỳ được chấp nhận).") % {"date": result.on.strftime("%d/%m/%Y")},
        _("Điểm trên 100: nhiệm vụ 70 điểm (đúng hạn cả điểm, muộn nửa điểm, quá hạn không điểm), báo cáo định kỳ "
          "30 điểm (đúng hạn cả điểm, muộn nửa điểm, chưa nộp không điểm). Xếp hạng theo điểm, rồi ít nhiệm vụ quá "
          "hạn hơn, ít báo cáo chưa nộp hơn."),
    ]
    if result.group_led:
        notes.append(_("%(n)s nhiệm vụ do một nhóm mở (ví dụ “các đơn vị liên quan”) chủ trì không được tính cho "
                       "cơ quan nào.") % {"n": result.group_led})
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
