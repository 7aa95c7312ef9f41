"""What the home page shows each role (issue 10). Selectors: they read, within the user's scope, in a fixed number
of queries whatever the size of the register.

- the planning department and administrators: indicators at risk across every tracked plan, the distribution of the
  engine's statuses, late reports and overdue tasks by agency, and what changed in the last seven days;
- an agency's officer: the tasks the agency leads by deadline, its indicators with their status and what they must
  reach next, its reports in the open rounds; the agency's head, besides, the reports waiting for their approval
  (with when an officer asked for it, if one did);
- a leader (a vice-chairman's seat): the seat's indicators with status and yearly trend, its overdue tasks by agency;
- anyone else: nothing (the page says why).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import ClassVar

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Prefetch, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from planwatch import engine
from planwatch.accounts.access import Role, scope_of, visible_indicators, visible_tasks
from planwatch.audit.models import AuditEntry
from planwatch.engine.progress import YearValue
from planwatch.engine.status import SEVERITY
from planwatch.registry.computing import (
    STATUS_ORDER,
    DocumentComputation,
    compute_documents,
    compute_register,
    load_values,
    plan_period_of,
    series_of,
    yearly_trend,
)
from planwatch.registry.judgements import status_label
from planwatch.registry.models import Agency, Indicator, Position, Task, TaskDueDate
from planwatch.registry.selectors import OVERDUE, agency_task_condition, filter_by_tracking, tracking_of
from planwatch.registry.warming import claimed, results_compute_later
from planwatch.reporting.access import visible_reports
from planwatch.reporting.approval import pending_approval_requests
from planwatch.reporting.models import IndicatorLine, Report, Round
from planwatch.reporting.selectors import late_from, report_state, state_label
from planwatch.reporting.services import TRANSITIONS
from planwatch.web.charts import SMALL, trajectory_svg
from planwatch.accounts.keeping import kept_until_changed

# "At risk": the engine's two statuses for a target the pace so far will not reach.
AT_RISK = (engine.VERY_CHALLENGING, engine.DIFFICULT)
AGENCY_ROWS = 12  # the home page shows the agencies furthest behind; the reporting dashboard has them all
CHANGE_WINDOW = timedelta(days=7)
LATEST_CHANGES = 10
DONE = (Task.Status.DONE, Task.Status.DONE_LATE)
# Tasks whose lead the register could not resolve to an agency or a group (only the text as written): one row.
NO_LEAD = ("none", 0)


@dataclass
class IndicatorRow:
    indicator: Indicator
    status: str
    expected_early: bool = False
    required: engine.Required | None = None  # what the rest of the plan period must reach
    trend: list[YearValue] = field(default_factory=list)
    report: Report | None = None  # an open report of the agency that asks for the indicator's value


def _rows(computations: list[DocumentComputation], *, trend: bool = False) -> list[IndicatorRow]:
    rows = []
    for computation in computations:
        for indicator in computation.indicators:
            status, expected_early = computation.row_status(indicator)
            computed = computation.by_indicator.get(indicator.pk)
            rows.append(IndicatorRow(
                indicator, status or engine.UNKNOWN, expected_early,
                required=computed.required if computed is not None else None,
                trend=yearly_trend(indicator, computation.document) if trend else [],
            ))
    return rows


# The planning department ------------------------------------------------------------------------


@dataclass
class AgencyLag:
    """An agency (or a group of agencies a plan names as a whole) behind on its reports or its tasks."""

    name: str
    agency_id: int | None = None
    late_report_ids: list[int] = field(default_factory=list)
    late_reports: list[Report] = field(default_factory=list)  # of the agencies shown: with `.state`, `.days_late_today`
    overdue_tasks: int = 0

    @property
    def weight(self) -> int:
        return len(self.late_report_ids) + self.overdue_tasks


@dataclass
class ChangeCount:
    kind: str
    created: int = 0
    updated: int = 0
    deleted: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.deleted


@dataclass
class PlanningHome:
    role: ClassVar[str] = "planning"
    status_counts: list[tuple[str, int]]
    at_risk: list[IndicatorRow]  # the first AT_RISK_SHOWN
    at_risk_total: int
    lagging: list[AgencyLag]
    lagging_more: int
    late_report_total: int
    overdue_task_total: int
    change_counts: list[ChangeCount]
    latest_changes: list[AuditEntry]  # each with `.url`: its object's page, or "" when it has none
    since: date
    trajectories: list[Trajectory] = field(default_factory=list)
    plans_pending: int = 0  # plans not computed yet, left out of every count (registry/warming.py)


@dataclass
class Trajectory:
    """A small trajectory chart of an indicator at risk, for the grid of the planning department's home."""

    indicator: Indicator
    status: str
    chart: SafeString


TRAJECTORIES = 12  # a grid a person takes in at a glance; the list above has them all


def _chart_order(status: str, plan_rank: int, position: int) -> tuple[int, int, int]:
    """The order the planning home charts rows at risk in: the most severe first, then plan by plan, then in the
    plan's order. _rows_shown picks the candidates by it before the full results are read, _trajectories draws
    them by it after: the two must agree, or a chart would miss its row's values."""
    return -SEVERITY[status], plan_rank, position


def _trajectories(computations: list[DocumentComputation]) -> list[Trajectory]:
    """The indicators whose own status is at risk (sub-rows too: a group heading has no series of its own), the
    most severe first, then plan by plan in document order; each with its chart. The home reads no values for plans
    whose results are kept, so the values of the charted rows are read here, a batch at a time."""
    candidates = []
    for rank, computation in enumerate(computations):
        for indicator in computation.indicators:
            computed = computation.by_indicator.get(indicator.pk)
            if computed is None or computed.status not in AT_RISK or not indicator.targets.all():
                continue
            candidates.append((*_chart_order(computed.status, rank, indicator.order), indicator, computed, computation))
    cards = []
    ordered = sorted(candidates, key=lambda c: c[:3])
    for index, (*_key, indicator, computed, computation) in enumerate(ordered):
        if index % (2 * TRAJECTORIES) == 0:
            batch = [c[3] for c in ordered[index:index + 2 * TRAJECTORIES]]
            load_values([row for row in batch if "values" not in getattr(row, "_prefetched_objects_cache", {})])
        label = _("%(name)s: %(status)s") % {"name": indicator.name, "status": status_label(computed.status)}
        chart = trajectory_svg(series_of(indicator), computed, plan_period_of(indicator, computation.document),
                               frame=SMALL, label=label)
        if chart:
            cards.append(Trajectory(indicator, computed.status, chart))
        if len(cards) == TRAJECTORIES:
            break
    return cards


def _late_report_ids(user, today: date) -> dict[int, tuple[str, list[int]]]:
    """The reports of the open rounds submitted late, or not submitted with the deadline passed: (agency name,
    report ids) by agency id. What report_state would say late or overdue is asked of the database, for every
    open round in one query, so a round of thousands of reports past its deadline costs no object."""
    late = Q(pk__in=[])
    for round in Round.objects.filter(status=Round.Status.OPEN).only("pk", "deadline", "status", "closed_at"):
        submitted_late = Q(first_submitted_at__gte=late_from(round))
        if round.is_past_deadline(today):
            submitted_late |= Q(first_submitted_at__isnull=True)
        late |= Q(round_id=round.pk) & submitted_late
    by_agency: dict[int, tuple[str, list[int]]] = {}
    rows = (visible_reports(user).filter(late).order_by("round", "agency__name")
            .values_list("pk", "agency_id", "agency__name"))
    for pk, agency_id, name in rows:
        by_agency.setdefault(agency_id, (name, []))[1].append(pk)
    return by_agency


def _late_reports_shown(ids: list[int], today: date) -> dict[int, Report]:
    """The late reports a page lists, read as objects, each with its `state`, `state_label` and `days_late_today`."""
    if not ids:
        return {}
    reports = Report.objects.filter(pk__in=ids).select_related("round", "agency").only(
        "pk", "status", "first_submitted_at", "last_saved_at", "round", "agency", "agency__name",
        "round__deadline", "round__status", "round__closed_at", "round__title",
    )
    shown = {}
    for report in reports:
        report.state = report_state(report, today)
        report.state_label = state_label(report.state)
        report.days_late_today = report.days_late(today)
        shown[report.pk] = report
    return shown


def _overdue_task_leads(tasks, today: date) -> dict[tuple[str, int], tuple[str, set[int]]]:
    """For each lead agency or lead group of the overdue tasks among `tasks`: its name and the tasks' ids; tasks
    the register names no lead for under NO_LEAD, with no name. One query: a task with several leads comes back once
    per lead, and is counted once for each."""
    overdue = filter_by_tracking(tasks.filter(document__is_tracked=True), OVERDUE, today)
    leads: dict[tuple[str, int], tuple[str, set[int]]] = {}
    for task_id, agency_id, agency_name, group_id, group_name in overdue.values_list(
        "pk", "lead_agencies__id", "lead_agencies__name", "lead_groups__id", "lead_groups__name",
    ):
        if agency_id is not None:
            leads.setdefault(("agency", agency_id), (agency_name, set()))[1].add(task_id)
        if group_id is not None:
            leads.setdefault(("group", group_id), (group_name, set()))[1].add(task_id)
        if agency_id is None and group_id is None:
            leads.setdefault(NO_LEAD, ("", set()))[1].add(task_id)
    return leads


# Where a trail entry's object is shown; every other kind of object is listed without a link.
OBJECT_PAGES = {
    ("registry", "document"): "document",
    ("registry", "indicator"): "indicator",
    ("registry", "task"): "task",
    ("registry", "agency"): "agency",
    ("registry", "position"): "position",
    ("reporting", "report"): "reporting:report",
    ("reporting", "round"): "reporting:round",
}


def _kind_label(app_label: str, model: str) -> str:
    try:
        label = str(apps.get_model(app_label, model)._meta.verbose_name_plural)
    except LookupError:  # a model removed since: the trail keeps its rows
        return model
    return label[:1].upper() + label[1:]


def _object_url(entry: AuditEntry) -> str:
    name = OBJECT_PAGES.get((entry.content_type.app_label, entry.content_type.model))
    if name is None or entry.action == AuditEntry.Action.DELETE or not entry.object_id.isdecimal():
        return ""
    return reverse(name, args=[entry.object_id])


# The week's counts of changes by kind, counted at most this often: after a round opens or plans are imported the
# trail holds a million entries for the week, and counting them takes over a second (the latest ten stay live).
CHANGE_COUNTS_SECONDS = 300


def _changes(since) -> tuple[list[ChangeCount], list[AuditEntry]]:
    entries = AuditEntry.objects.filter(at__gte=since)
    counted = cache.get("planwatch:home:change-counts")
    if counted is None:
        counted = list(entries.values_list("content_type__app_label", "content_type__model", "action")
                       .annotate(n=Count("id")).order_by())
        cache.set("planwatch:home:change-counts", counted, CHANGE_COUNTS_SECONDS)
    counts: dict[str, ChangeCount] = {}
    for app_label, model, action, n in counted:
        kind = _kind_label(app_label, model)
        count = counts.setdefault(kind, ChangeCount(kind))
        attribute = {"create": "created", "update": "updated", "delete": "deleted"}.get(action, "updated")
        setattr(count, attribute, getattr(count, attribute) + n)
    latest = list(entries.select_related("content_type").order_by("-at", "-id")[:LATEST_CHANGES])
    for entry in latest:
        entry.kind_label = _kind_label(entry.content_type.app_label, entry.content_type.model)
        entry.url = _object_url(entry)
    return sorted(counts.values(), key=lambda c: (-c.total, c.kind)), latest


AT_RISK_SHOWN = 100  # the register's worst first; each plan's page has all of its own


def _rows_shown(summaries: dict, order: dict[int, list[int]]) -> set[int]:
    """The rows the planning home reads of the plans whose results are kept, from the statuses kept beside them
    (registry/results.py ResultsSummary; the full results are then read only for the plans of these rows): the
    groups at risk it lists (plan by plan, the worst first, up to AT_RISK_SHOWN) and the candidates for its charts
    (rows at risk of their own, the most severe first); every other row is only counted."""
    listed: list[int] = []
    charted = []
    for rank, (document_id, ids) in enumerate(order.items()):
        summary = summaries.get(document_id)
        if summary is None:
            continue
        groups = [pk for pk in ids if summary.group_status.get(pk) in AT_RISK]
        listed += sorted(groups, key=lambda pk: -SEVERITY[summary.group_status[pk]])
        charted += [
            (*_chart_order(status, rank, index), pk) for index, pk in enumerate(ids)
            if (status := summary.statuses.get(pk)) in AT_RISK
        ]
    return set(listed[:AT_RISK_SHOWN]) | {pk for *_key, pk in sorted(charted)[:2 * TRAJECTORIES]}


def planning_home(*, user, today: date) -> PlanningHome:
    # Statuses, not values: a plan whose results are kept costs no value read (the charts read theirs). The plans
    # with no results kept are computed here up to a few; the rest in the background, the page saying so.
    computations, later = compute_register(
        visible_indicators(user).filter(document__is_tracked=True), only=_rows_shown,
        at_most=settings.PLANWATCH_HOME_PLANS_COMPUTED, claim=claimed,
    )
    if later:
        results_compute_later(later)
    status_counts = {status: 0 for status in STATUS_ORDER}
    at_risk, at_risk_total = [], 0
    for computation in computations:
        for status, count in computation.summary():
            status_counts[status] += count
        rows = [
            IndicatorRow(indicator, computation.group_status[indicator.pk]) for indicator in computation.indicators
            if computation.group_status.get(indicator.pk) in AT_RISK
        ]
        # Plan by plan (newest first, as compute_documents gives them), the worst first, then in document order.
        at_risk += sorted(rows, key=lambda row: -SEVERITY[row.status])
        at_risk_total += sum(1 for status in computation.group_status.values() if status in AT_RISK)

    lagging: dict[tuple[str, int], AgencyLag] = {}
    late_reports = _late_report_ids(user, today)
    for agency_id, (name, ids) in late_reports.items():
        lagging[("agency", agency_id)] = AgencyLag(name, agency_id, late_report_ids=ids)
    overdue = _overdue_task_leads(visible_tasks(user), today)
    for (kind, pk), (name, task_ids) in overdue.items():
        lag = lagging.setdefault((kind, pk), AgencyLag(name, pk if kind == "agency" else None))
        lag.overdue_tasks = len(task_ids)
    ranked = sorted(lagging.values(), key=lambda lag: (-lag.weight, lag.name))
    shown = _late_reports_shown([pk for lag in ranked[:AGENCY_ROWS] for pk in lag.late_report_ids], today)
    for lag in ranked[:AGENCY_ROWS]:
        lag.late_reports = [shown[pk] for pk in lag.late_report_ids]

    since = timezone.now() - CHANGE_WINDOW
    change_counts, latest_changes = _changes(since)
    return PlanningHome(
        status_counts=list(status_counts.items()),
        at_risk=at_risk[:AT_RISK_SHOWN],
        at_risk_total=at_risk_total,
        lagging=ranked[:AGENCY_ROWS],
        lagging_more=max(0, len(ranked) - AGENCY_ROWS),
        late_report_total=sum(len(ids) for _name, ids in late_reports.values()),
        overdue_task_total=len({task for _name, ids in overdue.values() for task in ids}),
        change_counts=change_counts,
        latest_changes=latest_changes,
        since=timezone.localtime(since).date(),
        trajectories=_trajectories(computations),
        plans_pending=len(later),
    )


# An agency's officer and head -------------------------------------------------------------------


@dataclass
class TaskDeadline:
    task: Task
    overdue: bool
    missed: date | None  # the latest due date already passed
    next_due: date | None  # the first due date from today on

    def sort_key(self) -> tuple:
        """Overdue first (the one whose last missed deadline is oldest first), then by the nearest deadline, then
        tasks with no date."""
        if self.overdue:
            return (0, self.missed, self.task.order)
        if self.next_due is not None:
            return (1, self.next_due, self.task.order)
        return (2, date.max, self.task.order)


@dataclass
class AgencyHome:
    agency: Agency
    is_head: bool
    tasks: list[TaskDeadline]
    indicators: list[IndicatorRow]
    reports: list[Report]  # the agency's reports in the open rounds, each with `.state_label`
    awaiting_approval: list[Report]  # each with `.approval_request`: the officer's pending request, or None
    role: ClassVar[str] = "agency"


def _task_deadlines(tasks, today: date) -> list[TaskDeadline]:
    rows = []
    for task in tasks:
        dues = sorted(due.due for due in task.due_dates.all())
        rows.append(TaskDeadline(
            task,
            overdue=tracking_of(task, today=today) == OVERDUE,
            missed=max((due for due in dues if due < today), default=None),
            next_due=min((due for due in dues if due >= today), default=None),
        ))
    return sorted(rows, key=TaskDeadline.sort_key)


def agency_home(*, user, today: date) -> AgencyHome:
    scope = scope_of(user)
    agency = Agency.objects.get(pk=scope.agency_id)
    led = Task.objects.filter(agency_task_condition(agency, lead_only=True, group_ids=scope.group_ids)).values("pk")
    tasks = (
        visible_tasks(user).filter(pk__in=led, document__is_tracked=True).exclude(status__in=DONE)
        .select_related("document").prefetch_related("due_dates")
    )
    reports = list(
        visible_reports(user).filter(round__status=Round.Status.OPEN).select_related("round")
        .order_by("round__deadline", "round_id")
    )
    for report in reports:
        report.state_label = state_label(report_state(report, today))
    # The status of each row, not its values: a plan whose results are kept costs no value read.
    indicators = _rows(compute_documents(visible_indicators(user).filter(document__is_tracked=True), values=False))
    editable = {report.pk: report for report in reports if report.is_editable}
    if editable:
        asked = dict(
            IndicatorLine.objects.filter(report_id__in=list(editable), indicator_id__in=[r.indicator.pk for r in indicators])
            .values_list("indicator_id", "report_id")
        )
        for row in indicators:
            row.report = editable.get(asked.get(row.indicator.pk))
    is_head = scope.role == Role.HEAD
    approvable = TRANSITIONS["approve"].sources
    awaiting = [report for report in reports if report.status in approvable] if is_head else []
    requests = pending_approval_requests(awaiting)  # no query when nothing waits
    for report in awaiting:
        report.approval_request = requests.get(report.pk)
    return AgencyHome(
        agency=agency,
        is_head=is_head,
        tasks=_task_deadlines(tasks, today),
        indicators=indicators,
        reports=reports,
        awaiting_approval=awaiting,
    )


# A leader ---------------------------------------------------------------------------------------


@dataclass
class OverdueByAgency:
    name: str
    agency_id: int | None
    tasks: list[Task]


@dataclass
class LeaderHome:
    position: Position
    holder: str  # who holds the seat today
    indicators: list[IndicatorRow]
    overdue: list[OverdueByAgency]
    role: ClassVar[str] = "leader"


def leader_home(*, user, today: date) -> LeaderHome:
    scope = scope_of(user)
    position = Position.objects.prefetch_related("tenures").get(pk=scope.position_id)
    indicators = _rows(compute_documents(visible_indicators(user).filter(document__is_tracked=True)), trend=True)
    overdue_tasks = (
        filter_by_tracking(visible_tasks(user).filter(document__is_tracked=True), OVERDUE, today)
        .select_related("document")
        .prefetch_related(
            "lead_agencies", "lead_groups", Prefetch("due_dates", queryset=TaskDueDate.objects.order_by("due")),
        )
        .order_by("document_id", "order")
    )
    by_lead: dict[tuple[str, int], OverdueByAgency] = {}
    for task in overdue_tasks:
        task.missed = max((due.due for due in task.due_dates.all() if due.due < today), default=None)
        leads = [("agency", a.pk, a.name) for a in task.lead_agencies.all()]
        leads += [("group", g.pk, g.name) for g in task.lead_groups.all()]
        for kind, pk, name in leads or [(*NO_LEAD, "")]:
            entry = by_lead.setdefault((kind, pk), OverdueByAgency(name, pk if kind == "agency" else None, []))
            entry.tasks.append(task)
    overdue = sorted(by_lead.values(), key=lambda entry: (-len(entry.tasks), entry.name))
    return LeaderHome(position=position, holder=position.holder_on(today), indicators=indicators, overdue=overdue)


# Every board is kept as its HTML (board_html), per scope, until the register changes (accounts/keeping.py): the
# planning board reads the whole register, and an officer or a leader opens the home page between every two tasks of
# the day, fifty of them at a deadline. The accounts of one scope share it (every planner sees every plan; an agency's
# officers, its heads, a seat's leaders each read only the scope's rows). Any change through a service or the admin
# renews it.
BOARD_SECONDS = 300
# A planning board still missing plans computed in the background is kept briefly: it is to be replaced soon, but
# after a restart fifty people opening it each recomputed it, and the box spent on boards what the plans needed.
PLANNING_HOME_PENDING_SECONDS = 15


def home_for(*, user, today: date | None = None) -> PlanningHome | AgencyHome | LeaderHome | None:
    """The home page's content for the user's role, computed; None for an account with no role."""
    today = today or timezone.localdate()
    scope = scope_of(user)
    if scope.everything:
        return planning_home(user=user, today=today)
    if scope.agency_id is not None:
        return agency_home(user=user, today=today)
    if scope.position_id is not None:
        return leader_home(user=user, today=today)
    return None


def board_seconds(board: PlanningHome | AgencyHome | LeaderHome | None) -> int:
    """How long a board's HTML is kept: briefly while the planning board counts only some plans."""
    if isinstance(board, PlanningHome) and board.plans_pending:
        return PLANNING_HOME_PENDING_SECONDS
    return BOARD_SECONDS


def board_html(*, user, today: date | None = None) -> str:
    """The user's board (home_for) written as HTML, the one thing kept of it (per scope, until the register
    changes): kept as objects it was read back by unpickling thousands of models (an agency's tasks and rows),
    several times the cost of its queries, on the page every person opens first. Empty for an account with no
    role."""
    today = today or timezone.localdate()

    def written() -> tuple[str, int]:
        board = home_for(user=user, today=today)
        if board is None:
            return "", 0
        return render_to_string(f"web/home/_{board.role}.html", {"board": board}), board_seconds(board)

    html, _seconds = kept_until_changed("home-board-html", user=user, today=today, parts=(), compute=written,
                                        seconds=lambda kept: kept[1])
    return mark_safe(html)
