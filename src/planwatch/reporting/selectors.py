"""Reading rounds and reports. Selectors take the user and return only what the user may see.

List selectors fetch what their pages show in a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page
from django.db.models import (
    BooleanField, Case, CharField, Count, Exists, ExpressionWrapper, IntegerField, OuterRef, Prefetch, Q, QuerySet,
    Subquery, Value, When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from planwatch import textnorm
from planwatch.accounts.access import scope_of, visible_tasks
from planwatch.accounts.selectors import attach_lead_agency_lists, attach_target_lists
from planwatch.audit.models import AuditEntry
from planwatch.registry.models import Agency, Task, TaskDueDate
from planwatch.registry.selectors import with_late_steps
from planwatch.reporting import steps as line_steps
from planwatch.reporting.access import (
    visible_indicator_lines, visible_reports, visible_rounds, visible_task_lines,
)
from planwatch.reporting.models import (
    Action,
    Evidence,
    IndicatorLine,
    Notification,
    Reminder,
    Report,
    Round,
    TaskLine,
    own_columns,
)
from planwatch.reporting.services import INDICATOR_FIELDS, TASK_FIELDS, content_of
from planwatch.reporting.shared import attach_shared_plans
from planwatch.paging import page_of

DONE = (Task.Status.DONE, Task.Status.DONE_LATE)


# States as the planning department reads them ---------------------------------------------------

ON_TIME = "on_time"
LATE = "late"
OVERDUE = "overdue"
IN_PROGRESS = "in_progress"
NOT_STARTED = "not_started"
PENDING = "pending"  # open round, before the deadline, nothing submitted: neither late nor on time yet
MISSING = "missing"  # the round was closed and the agency never submitted

STATE_LABELS = {
    ON_TIME: gettext_lazy("Nộp đúng hạn"),
    LATE: gettext_lazy("Nộp muộn"),
    OVERDUE: gettext_lazy("Quá hạn, chưa nộp"),
    IN_PROGRESS: gettext_lazy("Đang soạn"),
    NOT_STARTED: gettext_lazy("Chưa bắt đầu"),
    MISSING: gettext_lazy("Không nộp"),
}


def report_state(report: Report, today: date) -> str:
    """Submitted on time or late; else not submitted at all (closed round), overdue, in progress or not started."""
    if report.first_submitted_at is not None:
        return LATE if report.is_late else ON_TIME
    if not report.round.is_open:
        return MISSING
    if report.round.is_past_deadline(today):
        return OVERDUE
    return IN_PROGRESS if report.is_started else NOT_STARTED


def state_label(state: str) -> str:
    return str(STATE_LABELS[state]) if state in STATE_LABELS else str(gettext_lazy("Chưa đến hạn"))


# Lists ------------------------------------------------------------------------------------------


def round_list(*, user) -> QuerySet[Round]:
    """Rounds the user may see, newest first, with the counts of the reports the user may see (a queryset: the
    page pages it, and only the page's rounds are counted)."""
    reports = visible_reports(user)
    rounds = (
        visible_rounds(user)
        .annotate(
            n_reports=Count("reports", filter=Q(reports__in=reports), distinct=True),
            n_submitted=Count("reports", filter=Q(reports__in=reports, reports__first_submitted_at__isnull=False), distinct=True),
            n_accepted=Count("reports", filter=Q(reports__in=reports, reports__status=Report.Status.ACCEPTED), distinct=True),
        )
        .order_by("-deadline", "-id")
    )
    return rounds


def my_reports(*, user) -> QuerySet[Report]:
    """An agency's own reports, newest round first (none for the planning department)."""
    scope = scope_of(user)
    if scope.agency_id is None:
        return Report.objects.none()
    return visible_reports(user).select_related("round", "agency").order_by("-round__deadline", "-round_id")


@dataclass(frozen=True)
class ReportFilter:
    query: str = ""
    state: str = ""


def late_from(round: Round) -> datetime:
    """The first instant a submission to the round is late: midnight after its deadline, in the current time zone
    (what `Report.is_late` says of the local date of the submission)."""
    return timezone.make_aware(datetime.combine(round.deadline + timedelta(days=1), time.min))


def report_state_sql(round: Round, today: date) -> Case:
    """`report_state` as an SQL expression, for the reports of `round` (`today` as report_state takes it).

    What is the same for every report of the round (open or closed, past its deadline) is decided here; what
    differs from one report to the next is left to the database. Late is what `Report.is_late` says: the local
    date of the first submission after the deadline, that is, submitted at or after the first instant of the day
    after the deadline, in the time zone `timezone.localtime` uses (the current one).
    """
    whens = [
        When(first_submitted_at__gte=late_from(round), then=Value(LATE)),
        When(first_submitted_at__isnull=False, then=Value(ON_TIME)),
    ]
    if not round.is_open:
        default = MISSING
    elif round.is_past_deadline(today):
        default = OVERDUE
    else:  # Report.is_started
        whens.append(When(Q(last_saved_at__isnull=False) | ~Q(status=Report.Status.DRAFT), then=Value(IN_PROGRESS)))
        default = NOT_STARTED
    return Case(*whens, default=Value(default), output_field=CharField())


def _round_reports_seen(*, user, round: Round, today: date) -> QuerySet[Report]:
    """The reports of the round the user may see, each with its `state` computed by the database."""
    return visible_reports(user, round.reports.all()).annotate(state=report_state_sql(round, today))


def _with_agency_words(reports: QuerySet[Report], query: str) -> QuerySet[Report]:
    """Every word of the query in the agency's name, whatever the case and the diacritics."""
    for word in textnorm.fold(query).split():
        reports = reports.filter(agency__search_key__contains=word)
    return reports


def _for_rows(reports: QuerySet[Report]) -> QuerySet[Report]:
    """What a row of the round page or the dashboard shows besides the report: its agency, who submitted it, how
    many reminders were sent about it and whether it was escalated (subqueries, not joins: counting the rows a
    filter keeps does not read them)."""
    reminders = (
        Reminder.objects.filter(report=OuterRef("pk")).exclude(kind=Reminder.Kind.ESCALATION)
        .order_by().values("report").annotate(n=Count("pk")).values("n")
    )
    return reports.select_related("agency", "submitted_by").annotate(
        n_reminders=Coalesce(Subquery(reminders, output_field=IntegerField()), 0),
        escalated=Exists(Reminder.objects.filter(report=OuterRef("pk"), kind=Reminder.Kind.ESCALATION)),
    ).order_by("agency__name", "pk")


def _rows_of(reports: Iterable[Report], round: Round) -> list[Report]:
    rows = list(reports)
    for report in rows:
        report.round = round
    return rows


def report_rows(*, user, round: Round, filters: ReportFilter = ReportFilter(), today: date | None = None) -> list[Report]:
    """The reports of a round the user may see, each with its state, filtered by agency name and state."""
    today = today or timezone.localdate()
    reports = _with_agency_words(_round_reports_seen(user=user, round=round, today=today), filters.query)
    if filters.state:
        reports = reports.filter(Q(state=filters.state) | Q(status=filters.state))
    return _rows_of(_for_rows(reports), round)


def _state_counts(reports: QuerySet[Report]) -> dict[tuple[str, str], int]:
    """How many of the reports are in each (state, status), in one grouped query."""
    return {
        (state, status): n
        for state, status, n in reports.order_by().values("state", "status").annotate(n=Count("pk"))
        .values_list("state", "status", "n")
    }


ROUND_PER_PAGE = 50


@dataclass
class RoundReports:
    counts: dict[str, int]  # by state and by status, over every report of the round the user sees
    page: Page  # of those the filters keep


def round_reports(
    *, user, round: Round, filters: ReportFilter = ReportFilter(), page: str | None = None, today: date | None = None,
    per_page: int = ROUND_PER_PAGE,
) -> RoundReports:
    """The round page's reports: one page of those the filters keep; the counts stay those of the whole round.

    Counted, filtered and paged by the database: only the page's reports are read."""
    today = today or timezone.localdate()
    reports = _round_reports_seen(user=user, round=round, today=today)
    counts = {key: 0 for key in (*STATE_LABELS, *Report.Status.values)}
    by_state_and_status = _state_counts(reports)
    for (state, status), n in by_state_and_status.items():
        counts[state] += n
        counts[status] += n
    counts["total"] = sum(by_state_and_status.values())
    kept = _with_agency_words(reports, filters.query)
    if filters.state:
        kept = kept.filter(Q(state=filters.state) | Q(status=filters.state))
    shown = page_of(_for_rows(kept), page, per_page=per_page)
    shown.object_list = _rows_of(shown.object_list, round)
    return RoundReports(counts=counts, page=shown)


# One report -------------------------------------------------------------------------------------


def _only(queryset: QuerySet, pks: Iterable[int] | None) -> QuerySet:
    return queryset if pks is None else queryset.filter(pk__in=list(pks))


# What the report page writes of a line's indicator or task and of its plan, with all the line's own fields (the
# rest is not read: reporting/models.py own_columns). A field left out here and read later costs a query per line:
# tests/reporting/test_report_lines_html.py writes every kind of line without one.
def _line_columns(model, related: str, fields: Iterable[str]) -> list[str]:
    document = ("slug", "kind", "number", "title", "year", "date")
    return [*own_columns(model), *(f"{related}__{name}" for name in fields),
            *(f"{related}__document__{name}" for name in document)]


INDICATOR_LINE_COLUMNS = _line_columns(
    IndicatorLine, "indicator", ("document", "key", "code", "name", "unit", "measure"))
TASK_LINE_COLUMNS = [
    *_line_columns(TaskLine, "task", (
        "document", "key", "title", "lead_text", "leader", "leader_text", "product", "deadline_text")),
    "task__leader__name", *line_steps.PLAN_COLUMNS,
]


def indicator_lines_for(*, user, report: Report, pks: Iterable[int] | None = None) -> list[IndicatorLine]:
    """The lines the user sees (those of `pks` only, when given), each with `shared_plans`: the plans a line
    shared by a series counts for."""
    lines = list(
        _only(visible_indicator_lines(user, report), pks)
        .select_related("indicator__document").only(*INDICATOR_LINE_COLUMNS)
        .order_by("order")
    )
    # The targets as plain rows, not prefetched: a prefetch through the indicator built a queryset per line, which
    # cost more than the query, on the page every agency opens five times per submission (issue 14).
    attach_target_lists([line.indicator for line in lines])
    attach_shared_plans(lines)
    return lines


def task_lines_for(*, user, report: Report, pks: Iterable[int] | None = None) -> list[TaskLine]:
    """The task lines the user sees, with their tasks' lead agencies as plain rows (`lead_agency_list`, as
    indicator_lines_for reads targets), framework steps and evidence files (`evidence_list`)."""
    lines = list(
        line_steps.with_steps(_only(visible_task_lines(user, report), pks))
        .select_related("task__document", "task__leader").only(*TASK_LINE_COLUMNS)
        # Not the tasks' due dates: a line shows the deadline as the plan wrote it, and its steps their own dates.
        .prefetch_related(Prefetch("evidence", to_attr="evidence_list",  # a list, as with_steps's steps
                                   queryset=Evidence.objects.filter(removed_at__isnull=True).order_by("uploaded_at")))
        .order_by("role", "order")
    )
    attach_lead_agency_lists([line.task for line in lines])
    return lines


# The report's lines, a page at a time (issue 14) --------------------------------------------------

LINES_PER_PAGE = 100


# A line the agency has still to fill: an indicator without its value; a task it leads without its status or
# without what was done; a task it coordinates without its contribution. (The save service stores these texts
# stripped: empty means nothing written.)
INDICATOR_TO_FILL = Q(value_text="")
TASK_TO_FILL = Q(role=TaskLine.Role.LEAD) & (Q(status="") | Q(done_text="")) | Q(
    role=TaskLine.Role.COORDINATING, contribution="")


@dataclass
class LinePage:
    page: Page  # of the line keys (`i<id>`, `t<id>`) in the order the report shows them
    to_fill: list[str]  # the page's lines to fill ...
    filled: list[str]  # ... and those filled, each in report order
    n_to_fill: int  # in the whole report, as far as the user sees it
    n_lines: int

    def ids(self, prefix: str) -> list[int]:
        """The ids of the page's indicator lines (`i`) or task lines (`t`), to read them whole."""
        return [int(key[1:]) for key in (*self.to_fill, *self.filled) if key[0] == prefix]


def report_line_page(
    *, user, report: Report, number: str | None, flagged: set[str] = frozenset(), shown: set[str] | None = None,
    per_page: int = LINES_PER_PAGE,
) -> LinePage:
    """The lines to fill first, the lines filled after them; in each, indicators, tasks led, tasks coordinated.

    Two light queries (ids and whether each line is filled), whatever the report's size: the page then reads its
    own lines whole. `flagged`: lines with an error or a conflict after a refused save, shown among those to fill
    whatever they hold. `shown`: after a refused save the page shows again exactly the lines the person posted,
    with the input in them, though a save made meanwhile may have moved lines between pages.
    """
    def to_fill(condition: Q) -> ExpressionWrapper:
        return ExpressionWrapper(condition, output_field=BooleanField())

    indicators = visible_indicator_lines(user, report).annotate(to_fill=to_fill(INDICATOR_TO_FILL))
    tasks = visible_task_lines(user, report).annotate(to_fill=to_fill(TASK_TO_FILL))
    rows = [(f"i{pk}", empty) for pk, empty in indicators.order_by("order", "pk").values_list("pk", "to_fill")]
    task_rows = list(tasks.order_by("order", "pk").values_list("pk", "role", "to_fill"))
    for role in (TaskLine.Role.LEAD, TaskLine.Role.COORDINATING):
        rows += [(f"t{pk}", empty) for pk, line_role, empty in task_rows if line_role == role]
    needed = {key for key, empty in rows if empty or key in flagged}
    sequence = [key for key, _empty in rows if key in needed] + [key for key, _empty in rows if key not in needed]
    page = page_of(sequence, number, per_page=per_page)
    keys = list(page.object_list) if shown is None else [key for key in sequence if key in shown]
    return LinePage(
        page=page, to_fill=[key for key in keys if key in needed], filled=[key for key in keys if key not in needed],
        n_to_fill=len(needed), n_lines=len(sequence),
    )


def actions_for(report: Report) -> list[Action]:
    return list(report.actions.select_related("actor").order_by("at", "id"))


def last_acceptance(report: Report, actions: list[Action] | None = None) -> Action | None:
    """The report's latest acceptance; of `actions` (actions_for's, in its order) when the caller has them."""
    if actions is not None:
        return next((action for action in reversed(actions) if action.kind == Action.Kind.ACCEPT), None)
    return report.actions.filter(kind=Action.Kind.ACCEPT).order_by("-at", "-id").first()


@dataclass(frozen=True)
class Change:
    key: str
    line: object
    field: str
    label: str
    old: str
    new: str


FIELD_LABELS = {
    "kind": gettext_lazy("Loại số liệu"), "value": gettext_lazy("Giá trị"), "note": gettext_lazy("Ghi chú, đánh giá"),
    "source": gettext_lazy("Nguồn số liệu"), "status": gettext_lazy("Tình trạng"), "percent": gettext_lazy("Tỷ lệ hoàn thành (%)"),
    "done_text": gettext_lazy("Kết quả đã thực hiện"), "difficulties": gettext_lazy("Khó khăn, vướng mắc"),
    "proposals": gettext_lazy("Đề xuất, kiến nghị"), "contribution": gettext_lazy("Nội dung phối hợp"),
}


def _display(field_name: str, value: str) -> str:
    if field_name == "status" and value in Task.Status.values:
        return Task.Status(value).label
    if field_name == "kind" and value in IndicatorLine.Kind.values:
        return IndicatorLine.Kind(value).label
    return value


def _step_labels(line) -> dict[str, str]:
    return {row.field: _("Tiến độ bước %(n)s (%%)") % {"n": row.number}
            for row in line_steps.step_rows(line, today=timezone.localdate())}


def changes_since_acceptance(report: Report, *, user, accepted: Action | None) -> list[Change]:
    """Field by field, on every line the user sees, what differs from the content last accepted (`accepted`, the
    report's last acceptance: nothing if never accepted). Only the lines that differ are read whole."""
    if accepted is None or not accepted.data:
        return []
    current = {key: values for key, values in content_of(report).items() if values != accepted.data.get(key, {})}
    lines = {
        **{f"i{line.pk}": line for line in indicator_lines_for(
            user=user, report=report, pks=[int(key[1:]) for key in current if key[0] == "i"])},
        **{f"t{line.pk}": line for line in task_lines_for(
            user=user, report=report, pks=[int(key[1:]) for key in current if key[0] == "t"])},
    }
    changes = []
    for key, values in current.items():
        if key not in lines:
            continue
        before = accepted.data.get(key, {})
        labels = dict(FIELD_LABELS)
        names = list(INDICATOR_FIELDS if key.startswith("i") else TASK_FIELDS)
        if key.startswith("t"):  # and the steps of its framework plan, when it reports by step
            steps = _step_labels(lines[key])
            labels.update(steps)
            names += steps
        for name in names:
            old, new = before.get(name, ""), values.get(name, "")
            if old != new:
                changes.append(Change(key, lines[key], name, labels[name], _display(name, old), _display(name, new)))
    return changes


def previous_lines(report: Report, task_ids: Iterable[int] | None = None) -> dict[int, TaskLine]:
    """The agency's last accepted line for each task of this report (of `task_ids`, the tasks a page shows, when
    given), from an earlier round: the text to update. Only its status, percent, text and round's title are read."""
    task_ids = report.task_lines.values("task_id") if task_ids is None else list(task_ids)
    previous = {}
    for line in (
        TaskLine.objects.filter(report__agency_id=report.agency_id, report__status=Report.Status.ACCEPTED, task_id__in=task_ids)
        .exclude(report=report)
        .filter(report__round__deadline__lt=report.round.deadline)
        .select_related("report__round")
        # What the page writes of it: a page of 100 lines loads as many earlier lines on each opening.
        .only("task_id", "status", "percent", "done_text", "report__round__title")
        .order_by("report__round__deadline")
    ):
        previous[line.task_id] = line
    return previous


def report_history(report: Report) -> QuerySet[AuditEntry]:
    """Audit entries of the report, its lines and its evidence files, newest first."""
    types = ContentType.objects.get_for_models(Report, IndicatorLine, TaskLine, Evidence)

    def ids(queryset) -> list[str]:
        return [str(pk) for pk in queryset.values_list("pk", flat=True)]

    condition = (
        Q(content_type=types[Report], object_id=str(report.pk))
        | Q(content_type=types[IndicatorLine], object_id__in=ids(report.indicator_lines.all()))
        | Q(content_type=types[TaskLine], object_id__in=ids(report.task_lines.all()))
        | Q(content_type=types[Evidence], object_id__in=ids(Evidence.objects.filter(line__report=report)))
    )
    return AuditEntry.objects.filter(condition).select_related("actor").order_by("-at", "-id")


# Dashboard --------------------------------------------------------------------------------------


@dataclass
class Timeliness:
    round: Round
    state: str
    days_late: int = 0


@dataclass
class Dashboard:
    round: Round | None
    rows: list[Report]
    counts: dict[str, int]
    overdue_tasks: list[Task]
    due_soon_tasks: list[Task]
    behind_plan_tasks: list[Task]
    history_rounds: list[Round]
    history: dict[int, list[Timeliness | None]] = field(default_factory=dict)
    page: Page | None = None  # of the rows the state keeps; `rows` is this page's


def _timeliness(report: Report, today: date) -> Timeliness:
    if report.first_submitted_at is not None:
        late = report.days_late()
        return Timeliness(report.round, LATE if late else ON_TIME, late)
    if not report.round.is_open:
        return Timeliness(report.round, MISSING, report.days_late(today))
    if report.round.is_past_deadline(today):
        return Timeliness(report.round, OVERDUE, report.days_late(today))
    return Timeliness(report.round, PENDING)


def timeliness_history(*, agency_ids: list[int], rounds: list[Round], today: date) -> dict[int, list[Timeliness | None]]:
    """For each agency, its timeliness in each of the rounds (None where it had nothing to report)."""
    found: dict[tuple[int, int], Timeliness] = {}
    by_id = {round.pk: round for round in rounds}
    for report in Report.objects.filter(agency_id__in=agency_ids, round__in=rounds).only(
        "pk", "agency_id", "round_id", "first_submitted_at", "status", "last_saved_at",
    ):
        report.round = by_id[report.round_id]
        found[(report.agency_id, report.round_id)] = _timeliness(report, today)
    return {agency: [found.get((agency, round.pk)) for round in rounds] for agency in agency_ids}


def overdue_tasks(*, user_tasks: QuerySet[Task], today: date, limit: int = 200) -> list[Task]:
    """Tasks with a single or several fixed deadlines, one of them passed, not done.

    Recurring tasks are chased through their own rounds, not here.
    """
    past = TaskDueDate.objects.filter(due__lt=today).values("task_id")
    return list(
        with_late_steps(user_tasks, today=today)
        .filter(pk__in=past, document__is_tracked=True, deadline_kind__in=[Task.DeadlineKind.DATE, Task.DeadlineKind.DATES])
        .exclude(status__in=DONE)
        .select_related("document", "leader")
        .prefetch_related("lead_agencies", Prefetch("due_dates", queryset=TaskDueDate.objects.order_by("due")))
        .order_by("document_id", "order")[:limit]
    )


def due_soon_tasks(*, user_tasks: QuerySet[Task], today: date, days: int = 30, limit: int = 200) -> list[Task]:
    soon = TaskDueDate.objects.filter(due__gte=today, due__lte=today + timedelta(days=days)).values("task_id")
    return list(
        with_late_steps(user_tasks, today=today).filter(pk__in=soon, document__is_tracked=True)
        .exclude(status__in=DONE)
        .select_related("document", "leader")
        .prefetch_related("lead_agencies", Prefetch("due_dates", queryset=TaskDueDate.objects.order_by("due")))
        .order_by("document_id", "order")[:limit]
    )


def behind_plan_tasks(*, user_tasks: QuerySet[Task], today: date, limit: int = 200) -> list[Task]:
    """Tasks not done with a step of their approved framework plan past its end and not done, whatever their own
    deadline: a slipping step is seen before the task's deadline passes."""
    return list(
        with_late_steps(user_tasks.filter(document__is_tracked=True), today=today)
        .filter(late_steps__gt=0)
        .select_related("document", "leader")
        .prefetch_related("lead_agencies", Prefetch("due_dates", queryset=TaskDueDate.objects.order_by("due")))
        .order_by("document_id", "order")[:limit]
    )


def dashboard(
    *, user, round: Round | None, today: date | None = None, state: str = "", history_size: int = 6,
    page: str | None = None, per_page: int = ROUND_PER_PAGE,
) -> Dashboard:
    """The counts of the whole round, one page of its agencies (those in `state`) with their timeliness history."""
    today = today or timezone.localdate()
    counts = {key: 0 for key in (ON_TIME, LATE, OVERDUE, IN_PROGRESS, NOT_STARTED, MISSING)}
    if round is not None:  # counted, filtered and paged by the database: only the page's reports are read
        reports = _round_reports_seen(user=user, round=round, today=today)
        for (row_state, _status), n in _state_counts(reports).items():
            counts[row_state] += n
        if state:
            reports = reports.filter(state=state)
        shown = page_of(_for_rows(reports), page, per_page=per_page)
        shown.object_list = _rows_of(shown.object_list, round)
    else:
        shown = page_of([], page, per_page=per_page)
    counts["submitted"] = counts[ON_TIME] + counts[LATE]
    counts["total"] = sum(counts[key] for key in (ON_TIME, LATE, OVERDUE, IN_PROGRESS, NOT_STARTED, MISSING))
    rows = list(shown.object_list)
    history_rounds = list(visible_rounds(user).filter(deadline__lte=round.deadline if round else today).order_by("-deadline", "-id")[:history_size])
    history_rounds.reverse()
    tasks = visible_tasks(user)
    return Dashboard(
        round=round, rows=rows, counts=counts,
        overdue_tasks=overdue_tasks(user_tasks=tasks, today=today),
        due_soon_tasks=due_soon_tasks(user_tasks=tasks, today=today),
        behind_plan_tasks=behind_plan_tasks(user_tasks=tasks, today=today),
        history_rounds=history_rounds,
        history=timeliness_history(agency_ids=[row.agency_id for row in rows], rounds=history_rounds, today=today),
        page=shown,
    )


def agency_record(
    *, user, agency: Agency, today: date | None = None, page: str | None = None, per_page: int = ROUND_PER_PAGE,
) -> Page:
    """One page of an agency's reports across rounds, with timeliness and reminders, as far as the user may see."""
    today = today or timezone.localdate()
    shown = page_of(
        visible_reports(user, Report.objects.filter(agency=agency))
        .select_related("round")
        .annotate(n_reminders=Count("reminders", filter=~Q(reminders__kind=Reminder.Kind.ESCALATION), distinct=True))
        .order_by("-round__deadline", "-round_id"),
        page, per_page=per_page,
    )
    shown.object_list = list(shown.object_list)
    for report in shown.object_list:
        report.timeliness = _timeliness(report, today)
    return shown


# Notifications ----------------------------------------------------------------------------------


def notifications_for(*, user) -> QuerySet[Notification]:
    """The user's notifications, newest first (a queryset: the page reads one page of them)."""
    return Notification.objects.filter(user=user).select_related("report__agency", "round").order_by("-created_at", "-id")


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(user=user, read_at__isnull=True).count()

