"""Writing framework plans. Every function runs in one transaction and leaves entries in the audit trail.

Content changes (steps, links) carry the version the page was read at: a change made from an older version is
refused (`StalePlan`), as for reports. Every content change is checked by the engine's scheduler, so a plan
never holds a circle of steps or a step that ends before it starts.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from planwatch.audit.services import record_change, record_deletion, snapshot
from planwatch.engine import schedule
from planwatch.frameworks import access
from planwatch.frameworks.models import Baseline, FrameworkPlan, Step, StepLink
from planwatch.frameworks.selectors import engine_inputs, scheduled
from planwatch.frameworks.signals import plan_moved
from planwatch.registry.models import Agency, Task
from planwatch.textnorm import key

Status = FrameworkPlan.Status


class FrameworkError(Exception):
    """A change the plan's rules refuse; the message is for the person who tried it."""


class StalePlan(FrameworkError):
    pass


def _schedule_message(error: schedule.ScheduleError, titles: dict[str, str]) -> str:
    named = ", ".join(titles.get(key, key) for key in error.steps)
    messages = {
        "cycle": _("Các bước phụ thuộc vòng tròn vào nhau: %(steps)s."),
        "end_before_start": _("Bước “%(steps)s” kết thúc trước khi bắt đầu."),
        "underdetermined": _("Bước “%(steps)s” cần hai trong ba thông tin: ngày bắt đầu, ngày kết thúc, số ngày."),
        "duration": _("Bước “%(steps)s” phải kéo dài ít nhất một ngày."),
        "unplaced": _("Bước “%(steps)s” cần ngày bắt đầu hoặc một bước đứng trước."),
        "progress": _("Tiến độ của bước “%(steps)s” phải từ 0 đến 100%%."),
        "unknown_step": _("Bước “%(steps)s” không thuộc kế hoạch này."),
    }
    if error.code == "cycle":
        named = " → ".join(titles.get(key, key) for key in error.steps)
    return messages.get(error.code, _("Không lập được lịch cho kế hoạch: %(steps)s.")) % {"steps": named}


def _check_schedule(plan: FrameworkPlan) -> None:
    steps, links = engine_inputs(plan)
    if not steps:
        return
    try:
        scheduled(steps, links)
    except schedule.ScheduleError as error:
        titles = {str(pk): title for pk, title in Step.objects.filter(plan=plan).values_list("pk", "title")}
        raise FrameworkError(_schedule_message(error, titles)) from error


def _locked(plan: FrameworkPlan) -> FrameworkPlan:
    return FrameworkPlan.objects.select_for_update().select_related("task").get(pk=plan.pk)


def _editable(plan: FrameworkPlan, *, actor, version: int) -> FrameworkPlan:
    locked = _locked(plan)
    if not access.can_draft(actor, locked.task):
        raise PermissionDenied
    if not locked.editable:
        raise FrameworkError(
            _("Kế hoạch khung đang ở trạng thái “%(status)s”: không sửa được.") % {"status": locked.get_status_display()}
        )
    if locked.version != version:
        raise StalePlan(_("Kế hoạch khung vừa được người khác sửa (phiên bản %(version)s) sau khi bạn mở trang; "
                          "hãy tải lại trang.") % {"version": locked.version})
    return locked


def _store_scheduled_ends(plan: FrameworkPlan) -> None:
    """Keep each step's scheduled end (Step.scheduled_end) as the engine places it now."""
    steps = list(Step.objects.filter(plan=plan))
    if not steps:
        return
    links = [link.as_engine_link() for link in StepLink.objects.filter(before__plan=plan)]
    try:
        timing = scheduled([step.as_engine_step() for step in steps], links)
    except schedule.ScheduleError:
        return  # refused before any change is kept (_check_schedule); never stored half-placed
    moved = []
    for step in steps:
        end = timing[str(step.pk)].early_end
        if step.scheduled_end != end:
            step.scheduled_end = end
            moved.append(step)
    Step.objects.bulk_update(moved, ["scheduled_end"])


def _bump(plan: FrameworkPlan) -> None:
    """After a change of the plan's content: the next version, and the steps' ends as now scheduled."""
    plan.version += 1
    plan.save(update_fields=["version"])
    _store_scheduled_ends(plan)


@transaction.atomic
def framework_plan_start(*, task: Task, actor, due: date | None = None) -> FrameworkPlan:
    """Open the framework plan of a task (one per task); the lead agency or the planning department may."""
    if not (access.can_draft(actor, task) or access.scope_of(actor).everything):
        raise PermissionDenied
    # The due date the document states for the framework plan, unless the caller sets one.
    plan, created = FrameworkPlan.objects.get_or_create(task=task, defaults={"due": due or task.framework_due})
    if created:
        record_change(plan, before=None, after=snapshot(plan), actor=actor)
    return plan


def _step_fields(*, title: str, start, end, duration, milestone, lead, product, budget, people) -> dict:
    title = " ".join((title or "").split())
    if not title:
        raise FrameworkError(_("Bước cần có tên."))
    if budget is not None and Decimal(budget) < 0:
        raise FrameworkError(_("Kinh phí không được âm."))
    return {
        "title": title[:500], "start": start, "end": end, "duration": duration, "milestone": milestone, "lead": lead,
        "product": (product or "")[:500], "budget": budget, "people": people,
    }


@transaction.atomic
def step_save(
    *, plan: FrameworkPlan, actor, version: int, title: str, start: date | None = None, end: date | None = None,
    duration: int | None = None, milestone: bool = False, lead: Agency | None = None,
    coordinating: Iterable[Agency] = (), product: str = "", budget: Decimal | None = None, people: int | None = None,
    step: Step | None = None,
) -> Step:
    """Add a step (step=None) or change one; the plan must still schedule."""
    plan = _editable(plan, actor=actor, version=version)
    fields = _step_fields(title=title, start=start, end=end, duration=duration, milestone=milestone, lead=lead,
                          product=product, budget=budget, people=people)
    coordinating = list(coordinating)
    if step is None:
        before = None
        order = (Step.objects.filter(plan=plan).order_by("-order").values_list("order", flat=True).first() or 0) + 1
        step = Step.objects.create(plan=plan, order=order, **fields)
    else:
        if step.plan_id != plan.pk:
            raise FrameworkError(_("Bước không thuộc kế hoạch này."))
        before = snapshot(step, m2m=["coordinating"])
        for name, value in fields.items():
            setattr(step, name, value)
        step.save()
    step.coordinating.set(coordinating)
    _check_schedule(plan)
    record_change(step, before=before, after=snapshot(step, m2m=["coordinating"]), actor=actor)
    _bump(plan)
    return step


@transaction.atomic
def step_delete(*, step: Step, actor, version: int) -> None:
    _editable(step.plan, actor=actor, version=version)
    record_deletion(step, actor=actor)
    plan = step.plan
    step.delete()
    _bump(FrameworkPlan.objects.get(pk=plan.pk))


@transaction.atomic
def link_save(
    *, plan: FrameworkPlan, actor, version: int, before: Step, after: Step, kind: str = schedule.FINISH_TO_START,
    lag: int = 0,
) -> StepLink:
    """Say that `after` follows `before`; a link that would close a circle is refused."""
    plan = _editable(plan, actor=actor, version=version)
    if before.plan_id != plan.pk or after.plan_id != plan.pk:
        raise FrameworkError(_("Bước không thuộc kế hoạch này."))
    if kind not in StepLink.Kind.values:
        raise FrameworkError(_("Loại quan hệ không hợp lệ."))
    link, created = StepLink.objects.get_or_create(before=before, after=after, defaults={"kind": kind, "lag": lag})
    old = None if created else snapshot(link)
    link.kind, link.lag = kind, lag
    link.save()
    _check_schedule(plan)
    record_change(link, before=old, after=snapshot(link), actor=actor)
    _bump(plan)
    return link


@transaction.atomic
def link_delete(*, link: StepLink, actor, version: int) -> None:
    plan = _editable(link.before.plan, actor=actor, version=version)
    record_deletion(link, actor=actor)
    link.delete()
    _bump(plan)


@transaction.atomic
def step_progress_set(*, step: Step, actor, progress: int) -> Step:
    """The lead agency reports one step's progress on the plan's page."""
    return step_progress_record(plan=step.plan, actor=actor, progress={step.pk: progress})[0]


@transaction.atomic
def step_progress_record(
    *, plan: FrameworkPlan, actor, progress: Mapping[int, int], reported_by: Agency | None = None, reason: str = "",
) -> list[Step]:
    """Record the progress (0-100) of some steps of one plan, by step id; all or nothing.

    Progress moves no date and opens no version, so an approved plan takes it too. It is written by the lead
    agency itself, or for it: `reported_by` is the agency whose report the planning department accepts
    (reporting/steps.py), and must lead the task. Returns the steps in the order given.
    """
    locked = _locked(plan)
    if not access.can_record_progress(actor, locked.task, reported_by=reported_by):
        raise PermissionDenied
    steps = Step.objects.select_for_update().filter(plan=locked).in_bulk(list(progress))
    for pk, value in progress.items():
        if pk not in steps:
            raise FrameworkError(_("Bước không thuộc kế hoạch này."))
        if not 0 <= value <= 100:
            raise FrameworkError(_("Tiến độ phải từ 0 đến 100%."))
    for pk, value in progress.items():
        step = steps[pk]
        if step.progress == value:
            continue
        before = snapshot(step)
        step.progress = value
        step.save(update_fields=["progress"])
        record_change(step, before=before, after=snapshot(step), actor=actor, reason=reason)
    return [steps[pk] for pk in progress]


def _move(plan: FrameworkPlan, *, actor, to: str, reason: str = "", **fields) -> FrameworkPlan:
    before = snapshot(plan)
    plan.status = to
    for name, value in fields.items():
        setattr(plan, name, value)
    plan.save()
    record_change(plan, before=before, after=snapshot(plan), actor=actor, reason=reason)
    plan_moved.send(sender=FrameworkPlan, plan=plan, to=to, actor=actor, reason=reason)
    return plan


def _require(plan: FrameworkPlan, *statuses: str) -> None:
    if plan.status not in statuses:
        raise FrameworkError(
            _("Kế hoạch khung đang ở trạng thái “%(status)s”: không thực hiện được thao tác này.")
            % {"status": plan.get_status_display()}
        )


@transaction.atomic
def plan_send(*, plan: FrameworkPlan, actor) -> FrameworkPlan:
    """An officer sends the draft to the agency's head; the head sends it on to the vice-chairman."""
    plan = _locked(plan)
    if not access.can_draft(actor, plan.task):
        raise PermissionDenied
    if not Step.objects.filter(plan=plan).exists():
        raise FrameworkError(_("Kế hoạch khung chưa có bước nào."))
    _check_schedule(plan)
    if access.can_send_on(actor, plan.task):
        _require(plan, Status.DRAFT, Status.RETURNED, Status.AWAITING_HEAD)
        return _move(plan, actor=actor, to=Status.SUBMITTED, submitted_at=timezone.now(), return_reason="")
    _require(plan, Status.DRAFT, Status.RETURNED)
    return _move(plan, actor=actor, to=Status.AWAITING_HEAD)


@transaction.atomic
def plan_return(*, plan: FrameworkPlan, actor, reason: str) -> FrameworkPlan:
    """The head returns a draft to the officers, or the vice-chairman returns a plan to the agency: with a reason."""
    plan = _locked(plan)
    reason = " ".join((reason or "").split())
    if not reason:
        raise FrameworkError(_("Cần ghi lý do trả lại."))
    if plan.status == Status.AWAITING_HEAD and access.can_send_on(actor, plan.task):
        return _move(plan, actor=actor, to=Status.RETURNED, reason=reason, return_reason=reason)
    if not access.can_decide(actor, plan.task):
        raise PermissionDenied
    _require(plan, Status.SUBMITTED)
    return _move(plan, actor=actor, to=Status.RETURNED, reason=reason, return_reason=reason)


def _baseline_data(plan: FrameworkPlan) -> dict:
    steps = [
        {"key": str(step.pk), "title": step.title, "start": step.start and step.start.isoformat(),
         "end": step.end and step.end.isoformat(), "duration": step.duration, "milestone": step.milestone}
        for step in Step.objects.filter(plan=plan)
    ]
    links = [
        {"before": str(link.before_id), "after": str(link.after_id), "kind": link.kind, "lag": link.lag}
        for link in StepLink.objects.filter(before__plan=plan)
    ]
    return {"steps": steps, "links": links}


@transaction.atomic
def plan_approve(*, plan: FrameworkPlan, actor) -> FrameworkPlan:
    """The vice-chairman approves: the steps' dates are frozen as the next baseline."""
    plan = _locked(plan)
    if not access.can_decide(actor, plan.task):
        raise PermissionDenied
    _require(plan, Status.SUBMITTED)
    now = timezone.now()
    number = plan.baseline_number + 1
    baseline = Baseline.objects.create(
        plan=plan, number=number, approved_at=now, approved_by=actor if actor.pk else None, data=_baseline_data(plan),
    )
    record_change(baseline, before=None, after=snapshot(baseline), actor=actor)
    return _move(plan, actor=actor, to=Status.APPROVED, approved_at=now, baseline_number=number, return_reason="")


@transaction.atomic
def plan_revise(*, plan: FrameworkPlan, actor, reason: str = "") -> FrameworkPlan:
    """Change an approved plan: it goes back to drafting; its baseline stays until the next approval."""
    plan = _locked(plan)
    if not access.can_draft(actor, plan.task):
        raise PermissionDenied
    _require(plan, Status.APPROVED)
    plan.version += 1
    return _move(plan, actor=actor, to=Status.DRAFT, reason=reason)


def _agencies_by_key() -> dict[str, Agency]:
    found = {}
    for agency in Agency.objects.all():
        for name in (agency.name, agency.short_name):
            if name:
                found.setdefault(key(name), agency)
    return found


@transaction.atomic
def plan_load(*, plan: FrameworkPlan, actor, version: int, read) -> FrameworkPlan:
    """Replace a draft's steps with those read from the XLSX template (`workbook.read_plan`); all or nothing."""
    plan = _editable(plan, actor=actor, version=version)
    errors = list(read.errors)
    if not read.rows and not errors:
        errors.append(_("Bảng không có bước nào."))
    agencies = _agencies_by_key()

    def agency(name: str, where: str) -> Agency | None:
        if not name:
            return None
        found = agencies.get(key(name))
        if found is None:
            errors.append(_("%(where)s: không biết cơ quan “%(name)s”.") % {"where": where, "name": name})
        return found

    resolved = []
    for row in read.rows:
        where = _("Bước %(number)s") % {"number": row.number}
        resolved.append((row, agency(row.lead, where), [agency(name, where) for name in row.coordinating]))
    if errors:
        raise FrameworkError(" ".join(errors))

    for step in Step.objects.filter(plan=plan):
        record_deletion(step, actor=actor, reason=_("Thay bằng bảng tải lên"))
    Step.objects.filter(plan=plan).delete()
    created: dict[int, Step] = {}
    for order, (row, lead, coordinating) in enumerate(resolved, start=1):
        step = Step.objects.create(
            plan=plan, order=order, **_step_fields(
                title=row.title, start=row.start, end=row.end, duration=row.duration, milestone=row.milestone,
                lead=lead, product=row.product, budget=row.budget, people=row.people,
            ), progress=row.progress,
        )
        step.coordinating.set([agency for agency in coordinating if agency is not None])
        created[row.number] = step
    for row in read.rows:
        for number, kind, lag in row.predecessors:
            StepLink.objects.create(before=created[number], after=created[row.number], kind=kind, lag=lag)
    _check_schedule(plan)
    for step in created.values():
        record_change(step, before=None, after=snapshot(step, m2m=["coordinating"]), actor=actor,
                      reason=_("Tải lên từ bảng tính"))
    _bump(plan)
    return plan


@transaction.atomic
def step_reschedule(*, step: Step, actor, version: int, start: date, end: date) -> Step:
    """Move a step (a bar dragged on the Gantt chart): new dates, the rest of the step unchanged."""
    return step_save(
        plan=step.plan, actor=actor, version=version, step=step, title=step.title,
        start=None if step.milestone else start, end=end, duration=None, milestone=step.milestone, lead=step.lead,
        coordinating=list(step.coordinating.all()), product=step.product, budget=step.budget, people=step.people,
    )
