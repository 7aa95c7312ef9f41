"""Reading the register. Selectors take the user and return only what the user may see.

`document_to_format` prints a document in the shape of docs/format.md (the JSON of `planwatch show`).
List selectors prefetch what their pages show, so a page costs a fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.apps import apps
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Value
from django.utils import timezone

from planwatch import textnorm
from planwatch.engine.numbers import plain
from planwatch.accounts.access import groups_containing, visible_documents, visible_indicators, visible_tasks
from planwatch.registry.judgements import judgement_to_format
from planwatch.registry.models import (
    Agency,
    Document,
    Indicator,
    IndicatorValue,
    Position,
    Task,
    TaskDueDate,
    Tenure,
)
from planwatch.paging import PER_PAGE, page_of

KIND_ORDER = {"actual": 0, "estimate": 1, "plan": 2, "required": 3}


# Format -----------------------------------------------------------------------------------------


def _number(value: Decimal | None) -> Decimal | None:
    """The stored decimal without trailing zeros and never in exponent form (100, not 1E+2)."""
    return None if value is None else Decimal(plain(value))


def quantity_to_format(obj) -> dict:
    data = {"text": obj.text, "op": obj.op, "low": _number(obj.low), "high": _number(obj.high)}
    if obj.relative_direction:
        data["relative"] = {"direction": obj.relative_direction, "base": obj.relative_base}
    return data


def _period_sort_key(period: str) -> tuple:
    start, _, rest = period.partition("-")
    return (int(start) if start.isascii() and start.isdigit() else 0, rest)


def _leader_to_format(owner, on: date | None) -> dict | None:
    if owner.leader_id:
        return {"text": owner.leader_text, "position": owner.leader.name, "person": owner.leader.holder_on(on)}
    group = getattr(owner, "leader_group", None)
    if group is not None:
        return {"text": owner.leader_text, "position": group.name, "person": ""}
    return {"text": owner.leader_text, "position": None, "person": ""} if owner.leader_text else None


def _date_text(document: Document) -> str | None:
    if document.date:
        return document.date.isoformat()
    return str(document.year) if document.year else None


def document_header_to_format(document: Document) -> dict:
    return {
        "id": document.slug,
        "number": document.number or None,
        "kind": document.kind,
        "issuer": document.issuer or None,
        "date": _date_text(document),
        "signer": document.signer or None,
        "signer_title": document.signer_title or None,
        "title": document.title,
        "period": document.period or None,
        "implements": [d.number or d.slug for d in document.implements.all()],
    }


def _position_prefetch() -> Prefetch:
    return Prefetch("leader__tenures", queryset=Tenure.objects.order_by("start"))


def document_to_format(document: Document, *, user=None, computed: bool = False) -> dict:
    """The document with its indicators, values and tasks; limited to what `user` may see when given.

    With `computed`, each indicator carries the engine's `computed` object and the document the
    warnings that concern several indicators (docs/format.md, "Computed").
    """
    on = document.effective_date
    indicators = Indicator.objects.filter(document=document)
    tasks = Task.objects.filter(document=document)
    if user is not None:
        indicators = visible_indicators(user, indicators)
        tasks = visible_tasks(user, tasks)
    indicators = (
        indicators.select_related("parent", "leader")
        .prefetch_related(
            "lead_agencies", "lead_groups", "targets", _position_prefetch(),
            Prefetch("values", queryset=IndicatorValue.objects.filter(source_document=document)),
        )
        .order_by("order")
    )
    tasks = (
        tasks.select_related("leader", "leader_group")
        .prefetch_related(
            "lead_agencies", "lead_groups", "coordinating_agencies", "coordinating_groups", "due_dates",
            "references", _position_prefetch(),
        )
        .order_by("order")
    )
    indicators = list(indicators)
    data = {
        "format": "planwatch/1",
        "document": document_header_to_format(document),
        "indicators": [indicator_to_format(indicator, on=on) for indicator in indicators],
        "tasks": [task_to_format(task, on=on) for task in tasks],
    }
    if computed:
        from planwatch.registry.computing import compute_document, computed_to_format, indicators_for_computing

        result = compute_document(document, indicators_for_computing(document, Indicator.objects.filter(
            pk__in=[indicator.pk for indicator in indicators])))
        by_pk = {indicator.pk: indicator for indicator in indicators}
        for indicator, item in zip(indicators, data["indicators"]):
            item["computed"] = computed_to_format(
                result.by_indicator.get(indicator.pk), result.warnings_for(by_pk[indicator.pk]),
            )
        data["warnings"] = [w.to_dict() for w in result.warnings]
        data["summary"] = dict(result.summary())
    return data


def indicator_to_format(indicator: Indicator, *, on: date | None) -> dict:
    values = sorted(indicator.values.all(), key=lambda v: (_period_sort_key(v.period), KIND_ORDER.get(v.kind, 9)))
    return {
        "key": indicator.key,
        "code": indicator.code,
        "group": indicator.group or None,
        "group_title": indicator.group_title or None,
        "parent": indicator.parent.key if indicator.parent_id else None,
        "name": indicator.name,
        "unit": indicator.unit or None,
        "measure": indicator.measure,
        "direction": indicator.direction,
        "targets": [
            {"horizon": t.horizon, **quantity_to_format(t)}
            for t in sorted(indicator.targets.all(), key=lambda t: _period_sort_key(t.horizon))
        ],
        "values": [
            {"period": v.period, "kind": v.kind, **quantity_to_format(v), "value": _number(v.value),
             **({"part": v.part} if v.part else {})}
            for v in values
        ],
        "lead_text": indicator.lead_text or None,
        "lead_agencies": [a.name for a in indicator.lead_agencies.all()],
        "lead_groups": [g.name for g in indicator.lead_groups.all()],
        "leader": _leader_to_format(indicator, on),
        "assessment": indicator.assessment or None,
        "judgement": judgement_to_format(indicator),
    }


def _deadline_to_format(task: Task) -> dict | None:
    due_dates = [d.due.isoformat() for d in sorted(task.due_dates.all(), key=lambda d: d.due)]
    if not task.deadline_text and task.deadline_kind == Task.DeadlineKind.UNKNOWN and not due_dates:
        return None  # the document gives the task no deadline (plan 183 dates only its framework plan)
    return {"text": task.deadline_text, "kind": task.deadline_kind, "due_dates": due_dates,
            "recurrence": task.recurrence}


def task_to_format(task: Task, *, on: date | None) -> dict:
    return {
        "key": task.key,
        "code": task.code,
        "section": task.section or None,
        "section_title": task.section_title or None,
        "title": task.title,
        "lead_text": task.lead_text or None,
        "lead_agencies": [a.name for a in task.lead_agencies.all()],
        "lead_groups": [g.name for g in task.lead_groups.all()],
        "coordinating_text": task.coordinating_text or None,
        "coordinating_agencies": [a.name for a in task.coordinating_agencies.all()],
        "coordinating_groups": [g.name for g in task.coordinating_groups.all()],
        "leader": _leader_to_format(task, on),
        "product": task.product or None,
        "deadline": _deadline_to_format(task),
        "framework_deadline": {
            "text": task.framework_deadline_text,
            "kind": task.framework_deadline_kind or Task.DeadlineKind.UNKNOWN,
            "due_dates": [task.framework_due.isoformat()] if task.framework_due else [],
            "recurrence": None,
        } if task.framework_deadline_text else None,
        "note": task.note or None,
        "references": [
            {"number": r.number or None, "date": r.date.isoformat() if r.date else None, "text": r.text}
            for r in task.references.all()
        ],
        "split_from": (
            {"task": task.split_from_task, "document": task.split_from_document, "text": task.split_from_text}
            if task.split_from_task or task.split_from_document else None
        ),
        "status": task.status,
    }


# Lists for pages --------------------------------------------------------------------------------


def document_list(*, user, tracked_only: bool = False) -> QuerySet[Document]:
    documents = visible_documents(user)
    if tracked_only:
        documents = documents.filter(is_tracked=True)
    return documents.order_by("-is_tracked", "-year", "-date", "number")


def indicator_rows(*, user, document: Document) -> list[Indicator]:
    """The indicator table of a plan page, in document order, with everything a row shows."""
    return list(
        visible_indicators(user, document.indicators.all())
        .select_related("leader")
        .prefetch_related(
            "lead_agencies", "targets", _position_prefetch(),
            # The document's own table; figures it repeats in a narrative part stay on the indicator page.
            Prefetch("values", queryset=IndicatorValue.objects.filter(source_document=document, part="")),
            # Values of record from accepted reports: the latest beside the targets (web/tables.py).
            Prefetch("values", to_attr="reported_values", queryset=IndicatorValue.objects.filter(
                source_document__isnull=True, part="", kind__in=["actual", "estimate"])),
        )
        .order_by("order")
    )


@dataclass(frozen=True)
class TaskFilter:
    agency: int | None = None
    leader: int | None = None
    status: str = ""
    due_from: date | None = None
    due_to: date | None = None
    query: str = ""
    overdue_only: bool = False  # due before today and not done
    tracking: str = ""  # one of TRACKING: the four-way status of the Government Office's task tracking


# The four ways the Government Office's task-tracking system counts an assigned task: done on time, done late,
# still in time, overdue. "Overdue" is not done with a due date already past; "in time", not done with none past.
DONE_ON_TIME, DONE_LATE, IN_TIME, OVERDUE = "done_on_time", "done_late", "in_time", "overdue"
TRACKING = [DONE_ON_TIME, DONE_LATE, IN_TIME, OVERDUE]


def tracking_of(task: Task, *, today: date) -> str:
    """The task's four-way status; reads its (prefetched) due dates."""
    if task.status == Task.Status.DONE:
        return DONE_ON_TIME
    if task.status == Task.Status.DONE_LATE:
        return DONE_LATE
    return OVERDUE if any(due.due < today for due in task.due_dates.all()) else IN_TIME


def with_late_steps(tasks: QuerySet[Task], *, today: date) -> QuerySet[Task]:
    """The flag beside the four values: each task annotated with `late_steps`, how many steps of its approved
    framework plan are past their end and not done. Such a task is behind its plan ("Chậm tiến độ theo kế hoạch
    khung") even while its own deadline is ahead; the four values stay as the Government Office counts them."""
    if not apps.is_installed("planwatch.frameworks"):  # the register stands without framework plans
        return tasks.annotate(late_steps=Value(0))
    from planwatch.frameworks.selectors import late_steps_count

    return tasks.annotate(late_steps=late_steps_count(today=today))


def filter_by_tracking(tasks: QuerySet[Task], tracking: str, today: date) -> QuerySet[Task]:
    """The tasks in one of the four ways of TRACKING, in the database: the same rule as `tracking_of`."""
    done = [Task.Status.DONE, Task.Status.DONE_LATE]
    past = TaskDueDate.objects.filter(due__lt=today).values("task_id")
    if tracking == DONE_ON_TIME:
        return tasks.filter(status=Task.Status.DONE)
    if tracking == DONE_LATE:
        return tasks.filter(status=Task.Status.DONE_LATE)
    if tracking == OVERDUE:
        return tasks.exclude(status__in=done).filter(pk__in=past)
    if tracking == IN_TIME:
        return tasks.exclude(status__in=done).exclude(pk__in=past)
    return tasks


def agency_task_condition(agency: Agency, *, lead_only: bool = False, group_ids=None) -> Q:
    """Tasks the agency leads (and coordinates, unless lead_only), directly or through a closed group."""
    group_ids = groups_containing(agency) if group_ids is None else group_ids
    condition = Q(lead_agencies=agency) | Q(lead_groups__in=group_ids)
    if not lead_only:
        condition |= Q(coordinating_agencies=agency) | Q(coordinating_groups__in=group_ids)
    return condition


def task_list(
    *, user, document: Document | None = None, filters: TaskFilter = TaskFilter(), today: date | None = None,
) -> QuerySet[Task]:
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
    today = today or timezone.localdate()
    if filters.tracking:
        tasks = filter_by_tracking(tasks, filters.tracking, today)
    if filters.query:
        for word in textnorm.fold(filters.query).split():
            tasks = tasks.filter(search_key__contains=word)
    return (
        with_late_steps(tasks, today=today).select_related("document", "leader", "leader_group")
        .prefetch_related("lead_agencies", "lead_groups", "coordinating_agencies", "coordinating_groups", "due_dates", _position_prefetch())
        .order_by("document", "order")
        .distinct()
    )


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
        .prefetch_related("due_dates", _position_prefetch()),
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


def in_bulk_ordered(queryset: QuerySet, ids: list[int]) -> dict:
    """The rows of `ids` by id, read in one query (and the queryset's prefetches), none when there are no ids."""
    return {row.pk: row for row in queryset.filter(pk__in=ids)} if ids else {}


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


def due_window(days: int, *, today: date | None = None) -> tuple[date, date]:
    today = today or date.today()
    return today, today + timedelta(days=days)
