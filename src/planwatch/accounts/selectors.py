"""The register's page lists as the user sees them (issue 15): each reads through the user's scope
(accounts/access.py), so they live here, above the register, and not in registry/selectors.py, which reads the
register whatever the user.

List selectors prefetch what their pages show, so a page costs a fixed number of queries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, fields
from datetime import date
from decimal import Decimal

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from planwatch import textnorm
from planwatch.accounts.access import visible_documents, visible_indicators, visible_tasks
from planwatch.paging import PER_PAGE, page_of
from planwatch.registry.models import (
    Agency, Document, Indicator, IndicatorValue, Position, Target, Task, TaskDueDate,
)
from planwatch.registry.selectors import (
    TaskFilter,
    agency_task_condition,
    filter_by_tracking,
    groups_containing,
    in_bulk_ordered,
    position_prefetch,
    with_late_steps,
)


def document_list(*, user, tracked_only: bool = False) -> QuerySet[Document]:
    documents = visible_documents(user)
    if tracked_only:
        documents = documents.filter(is_tracked=True)
    return documents.order_by("-is_tracked", "-year", "-date", "number")


@dataclass(slots=True)
class TableQuantity:
    """The quantity fields of a target or a value, as the plan page's cells read them (registry/quantities.py)."""

    text: str
    op: str
    low: Decimal | None
    high: Decimal | None
    relative_direction: str
    relative_base: str


@dataclass(slots=True)
class TableValue(TableQuantity):
    """A value as the plan page's table shows it: the fields of IndicatorValue a cell and the latest-value column
    read. A plan's table holds a thousand values or more; building each as a model cost more than the rest of the
    page's reading (issue 14), and who recorded it, when and with what note is read on the indicator page."""

    period: str
    kind: str
    part: str


TABLE_VALUE_FIELDS = [field.name for field in fields(TableValue)]
REPORTED_KINDS = ("actual", "estimate")


@dataclass(slots=True)
class TableTarget(TableQuantity):
    """A target as the plan page's table shows it: its horizon and the quantity fields (registry/rows.py)."""

    horizon: str


TABLE_TARGET_FIELDS = [field.name for field in fields(TableTarget)]


@dataclass(frozen=True, slots=True)
class LeadName:
    """An agency or a group of agencies a row names as its lead: its id, for the address, and its names."""

    pk: int
    name: str
    short_name: str = ""


@dataclass(frozen=True, slots=True)
class DueDate:
    """A task's due date as a page's row reads it (TaskDueDate's `due`)."""

    due: date


def _attach_lists(objects: Iterable, name: str, rows: Callable[[list[int]], Iterable[tuple[int, object]]]) -> None:
    """Each object's list `name` of what `rows(ids)` gives for its pk, as (pk, row) pairs in the list's order: the
    plain rows a page reads instead of a prefetch (a queryset per object and relation cost more than the query).
    An object read twice (a task on two lines) gets the same rows."""
    owners: dict[int, list] = {}
    for obj in objects:
        setattr(obj, name, [])
        owners.setdefault(obj.pk, []).append(obj)
    for pk, row in rows(list(owners)):
        for obj in owners[pk]:
            getattr(obj, name).append(row)


def attach_target_lists(indicators: Iterable[Indicator]) -> None:
    """Each indicator's `target_list` (TableTarget, by horizon: registry/rows.py target_rows) from one query."""
    _attach_lists(indicators, "target_list", lambda ids: (
        (indicator_id, TableTarget(*row)) for indicator_id, *row in
        Target.objects.filter(indicator_id__in=ids).order_by("indicator_id", "horizon")
        .values_list("indicator_id", *TABLE_TARGET_FIELDS)
    ))


def attach_lead_agency_lists(objects: Iterable[Indicator | Task], model: type[Indicator | Task] = Task) -> None:
    """Each task's (or, with `model`, each indicator's) `lead_agency_list` (LeadName, by name: registry/rows.py
    lead_agency_rows) from one query."""
    owner = f"{model._meta.model_name}_id"
    _attach_lists(objects, "lead_agency_list", lambda ids: (
        (pk, LeadName(*names)) for pk, *names in
        model.lead_agencies.through.objects.filter(**{f"{owner}__in": ids}).order_by("agency__name")
        .values_list(owner, "agency_id", "agency__name", "agency__short_name")
    ))


def indicator_rows(*, user, document: Document) -> list[Indicator]:
    """The indicator table of a plan page, in document order, with everything a row shows, read as plain rows
    rather than prefetched models (a queryset per row and relation cost more than the queries, issue 14):
    `target_list` (registry/rows.py), `lead_agency_list`, each indicator's `table_values`, the document's own table
    (figures it repeats in a narrative part stay on the indicator page), and `reported_values`, the actuals and
    estimates of record from accepted reports (the latest is shown beside the targets, web/tables.py)."""
    indicators = list(visible_indicators(user, document.indicators.all()).order_by("order"))
    by_pk = {indicator.pk: indicator for indicator in indicators}
    for indicator in indicators:
        indicator.table_values, indicator.reported_values = [], []
    ids = list(by_pk)
    attach_target_lists(indicators)
    attach_lead_agency_lists(indicators, Indicator)
    values = IndicatorValue.objects.filter(indicator_id__in=ids, part="").filter(
        Q(source_document=document) | Q(source_document__isnull=True, kind__in=REPORTED_KINDS)
    ).order_by("indicator_id", "period", "kind", "pk")
    for indicator_id, source_id, *row in values.values_list("indicator_id", "source_document_id", *TABLE_VALUE_FIELDS):
        indicator = by_pk[indicator_id]
        (indicator.table_values if source_id == document.pk else indicator.reported_values).append(TableValue(*row))
    return indicators


def table_values(indicator: Indicator):
    """The values of the document's own table, as indicator_rows read them, else as prefetched by the caller."""
    values = getattr(indicator, "table_values", None)
    return indicator.values.all() if values is None else values


def _tasks_filtered(*, user, document: Document | None, filters: TaskFilter, today: date) -> QuerySet[Task]:
    tasks = visible_tasks(user, Task.objects.all() if document is None else document.tasks.all())
    if filters.agency:
        agency = Agency.objects.filter(pk=filters.agency).first()
        condition = agency_task_condition(agency, lead_only=True) if agency else Q(pk__in=[])
        tasks = tasks.filter(pk__in=Task.objects.filter(condition).values("pk"))
    if filters.leader:
        tasks = tasks.filter(Q(leader_id=filters.leader) | Q(leader_group__positions=filters.leader))
    if filters.status:
        tasks = tasks.filter(status=filters.status)
    if filters.due_from or filters.due_to:
        due = TaskDueDate.objects.all()
        if filters.due_from:
            due = due.filter(due__gte=filters.due_from)
        if filters.due_to:
            due = due.filter(due__lte=filters.due_to)
        tasks = tasks.filter(pk__in=due.values("task_id"))
    if filters.overdue_only:
        tasks = tasks.exclude(status__in=[Task.Status.DONE, Task.Status.DONE_LATE])
    if filters.tracking:
        tasks = filter_by_tracking(tasks, filters.tracking, today)
    if filters.query:
        for word in textnorm.fold(filters.query).split():
            tasks = tasks.filter(search_key__contains=word)
    return with_late_steps(tasks, today=today)


def task_list(
    *, user, document: Document | None = None, filters: TaskFilter = TaskFilter(), today: date | None = None,
) -> QuerySet[Task]:
    """The tasks the user may see, filtered, with what the task report shows: the lead agencies and groups, the due
    dates, each task's leader and who held the seat; the coordinating side as written."""
    tasks = _tasks_filtered(user=user, document=document, filters=filters, today=today or timezone.localdate())
    tasks = tasks.select_related("document", "leader", "leader_group").prefetch_related(
        "lead_agencies", "lead_groups", "due_dates", position_prefetch())
    return tasks.order_by("document", "order").distinct()


def task_rows(
    *, user, document: Document, filters: TaskFilter = TaskFilter(), today: date | None = None,
) -> list[Task]:
    """The task table of a plan page: the plan's tasks the user may see, filtered, in document order, with what a
    row shows read as plain rows (as indicator_rows): `lead_agency_list`, `lead_group_list` (LeadName) and
    `due_date_list` (registry/rows.py); the leader and the coordinating side as the document wrote them."""
    today = today or timezone.localdate()
    tasks = list(_tasks_filtered(user=user, document=document, filters=filters, today=today)
                 .order_by("order").distinct())
    attach_lead_agency_lists(tasks)
    _attach_lists(tasks, "lead_group_list", lambda ids: (
        (task_id, LeadName(*names)) for task_id, *names in
        Task.lead_groups.through.objects.filter(task_id__in=ids).order_by("agencygroup__name")
        .values_list("task_id", "agencygroup_id", "agencygroup__name")
    ))
    _attach_lists(tasks, "due_date_list", lambda ids: (
        (task_id, DueDate(due)) for task_id, due in
        TaskDueDate.objects.filter(task_id__in=ids).order_by("task_id", "due").values_list("task_id", "due")
    ))
    return tasks


def search(*, user, query: str, limit: int = 50) -> dict:
    """Documents, indicators, tasks and agencies whose text holds every word of the query, diacritics aside."""
    words = textnorm.fold(query).split()
    if not words:
        return {"documents": [], "indicators": [], "tasks": [], "agencies": []}

    def matching(queryset):
        for word in words:
            queryset = queryset.filter(search_key__contains=word)
        return queryset

    by_alias = Agency.objects.filter(aliases__key__contains=textnorm.key(query))
    agencies = matching(Agency.objects.all()) | by_alias
    return {
        "documents": list(matching(visible_documents(user))[:limit]),
        "indicators": list(matching(visible_indicators(user)).select_related("document")[:limit]),
        "tasks": list(matching(visible_tasks(user)).select_related("document")[:limit]),
        "agencies": list(agencies.distinct().order_by("name")[:limit]),
    }


def agency_portfolio(
    *, user, agency: Agency, today: date | None = None, indicator_page: str | None = None,
    led_page: str | None = None, coordinated_page: str | None = None, per_page: int = PER_PAGE,
) -> dict:
    """What the agency leads or coordinates, as far as the user may see: one page of each list (issue 14).

    The tasks' ids and roles come in one light query; the rows of both task pages, with what they show, in one more.
    """
    group_ids = groups_containing(agency)
    led = Task.objects.filter(agency_task_condition(agency, lead_only=True, group_ids=group_ids)).values("pk")
    roles = list(
        visible_tasks(user)
        .filter(pk__in=Task.objects.filter(agency_task_condition(agency, group_ids=group_ids)).values("pk"))
        .annotate(is_lead=Exists(led.filter(pk=OuterRef("pk"))))
        .order_by("document", "order", "pk")
        .values_list("pk", "is_lead")
    )
    led_ids = page_of([pk for pk, is_lead in roles if is_lead], led_page, per_page=per_page)
    coordinated_ids = page_of([pk for pk, is_lead in roles if not is_lead], coordinated_page, per_page=per_page)
    tasks = in_bulk_ordered(
        with_late_steps(Task.objects.all(), today=today or timezone.localdate()).select_related("document", "leader")
        .prefetch_related("due_dates", position_prefetch()),
        [*led_ids.object_list, *coordinated_ids.object_list],
    )
    led_ids.object_list = [tasks[pk] for pk in led_ids.object_list]
    coordinated_ids.object_list = [tasks[pk] for pk in coordinated_ids.object_list]
    indicators = (
        visible_indicators(user)
        .filter(Q(lead_agencies=agency) | Q(lead_groups__in=group_ids))
        .select_related("document")
        .prefetch_related("targets")
        .distinct()
        .order_by("document", "order", "pk")
    )
    return {
        "indicators": page_of(indicators, indicator_page, per_page=per_page),
        "led_tasks": led_ids,
        "coordinated_tasks": coordinated_ids,
    }



def position_portfolio(*, user, position: Position, today: date | None = None) -> dict:
    """The seat's tasks and indicators, as ordered querysets: the page reads one page of each (issue 14)."""
    tasks = (
        with_late_steps(visible_tasks(user), today=today or timezone.localdate())
        .filter(Q(leader=position) | Q(leader_group__positions=position))
        .select_related("document")
        .prefetch_related("lead_agencies", "due_dates")
        .order_by("document", "order", "pk")
        .distinct()
    )
    indicators = (
        visible_indicators(user).filter(leader=position).select_related("document").prefetch_related("lead_agencies")
        .order_by("document", "order", "pk")
    )
    return {"tasks": tasks, "indicators": indicators}
