"""Reading the register, whatever the user: the format of docs/format.md (`document_to_format`, the JSON of
`planwatch show`), the four-way task tracking, and the conditions the page lists build on. The lists as a user sees
them read through the user's scope and live above the register, in accounts/selectors.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet, Value

from planwatch.engine.numbers import plain
from planwatch.registry import hooks
from planwatch.registry.judgements import judgement_to_format
from planwatch.registry.rows import due_date_rows
from planwatch.registry.models import (
    Agency,
    AgencyGroup,
    Document,
    Indicator,
    IndicatorValue,
    Task,
    TaskDueDate,
    Tenure,
)

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


def position_prefetch() -> Prefetch:
    return Prefetch("leader__tenures", queryset=Tenure.objects.order_by("start"))


def document_to_format(document: Document, *, computed: bool = False) -> dict:
    """The document with its indicators, values and tasks, whole (the format is the register's, not a user's view).

    With `computed`, each indicator carries the engine's `computed` object and the document the
    warnings that concern several indicators (docs/format.md, "Computed").
    """
    on = document.effective_date
    indicators = (
        Indicator.objects.filter(document=document).select_related("parent", "leader")
        .prefetch_related(
            "lead_agencies", "lead_groups", "targets", position_prefetch(),
            Prefetch("values", queryset=IndicatorValue.objects.filter(source_document=document)),
        )
        .order_by("order")
    )
    tasks = (
        Task.objects.filter(document=document).select_related("leader", "leader_group")
        .prefetch_related(
            "lead_agencies", "lead_groups", "coordinating_agencies", "coordinating_groups", "due_dates",
            "references", position_prefetch(),
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
    return OVERDUE if any(due.due < today for due in due_date_rows(task)) else IN_TIME


def with_late_steps(tasks: QuerySet[Task], *, today: date) -> QuerySet[Task]:
    """The flag beside the four values: each task annotated with `late_steps`, how many steps of its approved
    framework plan are past their end and not done. Such a task is behind its plan ("Chậm tiến độ theo kế hoạch
    khung") even while its own deadline is ahead; the four values stay as the Government Office counts them."""
    counts = [count(today=today) for count in hooks.late_steps]  # frameworks fills the hook (registry/hooks.py)
    if not counts:  # the register stands without framework plans
        return tasks.annotate(late_steps=Value(0))
    total = counts[0]
    for count in counts[1:]:
        total = total + count
    return tasks.annotate(late_steps=total)


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


def groups_containing(agency: Agency) -> frozenset[int]:
    """The closed groups that include the agency, by its kind or by name ("các đơn vị liên quan" and other open
    groups name no one in particular, so they don't count)."""
    closed = AgencyGroup.objects.filter(is_open=False).only("id", "member_kinds")
    by_kind = {group.id for group in closed if agency.kind in (group.member_kinds or [])}
    named = set(agency.named_groups.filter(is_open=False).values_list("id", flat=True))
    return frozenset(by_kind | named)


def closed_group_member_ids() -> dict[int, set[int]]:
    """The agencies each closed group names, by kind (`UBND các quận, huyện`) and by name: the one reading of
    group membership for rounds, scorecards and task tracking (open groups name no one and are left out)."""
    by_kind: dict[str, set[int]] = {}
    for pk, kind in Agency.objects.values_list("pk", "kind"):
        by_kind.setdefault(kind, set()).add(pk)
    members: dict[int, set[int]] = {}
    for group_id, kinds in AgencyGroup.objects.filter(is_open=False).values_list("pk", "member_kinds"):
        members[group_id] = set().union(*(by_kind.get(kind, set()) for kind in kinds or []))
    for group_id, agency_id in AgencyGroup.members.through.objects.filter(agencygroup__is_open=False).values_list(
        "agencygroup_id", "agency_id",
    ):
        members[group_id].add(agency_id)
    return members


def agency_task_condition(agency: Agency, *, lead_only: bool = False, group_ids=None) -> Q:
    """Tasks the agency leads (and coordinates, unless lead_only), directly or through a closed group."""
    group_ids = groups_containing(agency) if group_ids is None else group_ids
    condition = Q(lead_agencies=agency) | Q(lead_groups__in=group_ids)
    if not lead_only:
        condition |= Q(coordinating_agencies=agency) | Q(coordinating_groups__in=group_ids)
    return condition


def in_bulk_ordered(queryset: QuerySet, ids: list[int]) -> dict:
    """The rows of `ids` by id, read in one query (and the queryset's prefetches), none when there are no ids."""
    return {row.pk: row for row in queryset.filter(pk__in=ids)} if ids else {}


def due_window(days: int, *, today: date | None = None) -> tuple[date, date]:
    today = today or date.today()
    return today, today + timedelta(days=days)
