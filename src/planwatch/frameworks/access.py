"""Who may see and change a framework plan. The plan is seen by whoever sees its task.

- the lead agency's officers and head draft and change it; only the head sends it on to the vice-chairman;
- the responsible vice-chairman (the task's leader, or a member of its leader group) approves or returns it,
  and so may the planning department acting for the office;
- anyone may report progress on a step who may draft the plan; the planning department records the progress an
  accepted report of the lead agency gives.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from planwatch.accounts.access import Role, groups_containing, scope_of, task_get_for_user
from planwatch.frameworks.models import FrameworkPlan, Step
from planwatch.registry.models import Agency, Task


def _leads(user, task: Task) -> bool:
    scope = scope_of(user)
    if scope.agency_id is None or scope.role not in (Role.OFFICER, Role.HEAD):
        return False
    if task.lead_agencies.filter(pk=scope.agency_id).exists():
        return True
    return bool(scope.group_ids) and task.lead_groups.filter(pk__in=scope.group_ids).exists()


def can_draft(user, task: Task) -> bool:
    return _leads(user, task)


def agency_leads(agency: Agency, task: Task) -> bool:
    """The agency leads the task, directly or through a closed group it belongs to."""
    if task.lead_agencies.filter(pk=agency.pk).exists():
        return True
    groups = groups_containing(agency)
    return bool(groups) and task.lead_groups.filter(pk__in=groups).exists()


def can_record_progress(actor, task: Task, *, reported_by: Agency | None = None) -> bool:
    """Step progress comes from the lead agency: typed by its people, or from its report, recorded on acceptance
    by the planning department (or the system acting for it, an actor given as a text label)."""
    if reported_by is not None:
        recorder = isinstance(actor, str) or scope_of(actor).everything
        return recorder and agency_leads(reported_by, task)
    return not isinstance(actor, str) and can_draft(actor, task)


def can_send_on(user, task: Task) -> bool:
    """The head of the lead agency approves the draft and sends it to the vice-chairman."""
    return _leads(user, task) and scope_of(user).role == Role.HEAD


def can_decide(user, task: Task) -> bool:
    """Approve or return a plan sent on: the task's vice-chairman, or the planning department for the office."""
    scope = scope_of(user)
    if scope.everything:
        return True
    if scope.position_id is None:
        return False
    if task.leader_id == scope.position_id:
        return True
    return task.leader_group_id is not None and task.leader_group.positions.filter(pk=scope.position_id).exists()


def framework_plan_get_for_user(user, task_pk: int, *, write: bool = False) -> FrameworkPlan:
    """A task's framework plan; 404 when the task is not visible or has none, 403 for a write by a non-drafter."""
    task = task_get_for_user(user, task_pk)
    plan = FrameworkPlan.objects.filter(task=task).select_related("task").first()
    if plan is None:
        raise Http404
    if write and not can_draft(user, task):
        raise PermissionDenied
    return plan


def step_get_for_user(user, pk: int, *, write: bool = False) -> Step:
    step = Step.objects.select_related("plan__task").filter(pk=pk).first()
    if step is None:
        raise Http404
    framework_plan_get_for_user(user, step.plan.task_id, write=write)
    return step
