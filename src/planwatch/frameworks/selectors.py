"""Reading framework plans: their schedule as the engine computes it, slippage, progress, lateness."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from planwatch.engine import schedule
from planwatch.frameworks.models import Baseline, FrameworkPlan, Step, StepLink, measured
from planwatch.registry.models import Task


def engine_inputs(plan: FrameworkPlan) -> tuple[list[schedule.Step], list[schedule.Link]]:
    steps = [step.as_engine_step() for step in Step.objects.filter(plan=plan)]
    links = [link.as_engine_link() for link in StepLink.objects.filter(before__plan=plan)]
    return steps, links


def scheduled(steps: list[schedule.Step], links: list[schedule.Link], *, finish_by: date | None = None):
    """The engine's schedule; a step with no date and nothing before it starts with the plan's first date."""
    dates = [day for step in steps for day in (step.start, step.end) if day is not None]
    return schedule.plan(steps, links, start=min(dates) if dates else None, finish_by=finish_by)


def plan_schedule(plan: FrameworkPlan, *, finish_by: date | None = None) -> schedule.Schedule | None:
    """The plan's schedule, or None while it has no step."""
    steps, links = engine_inputs(plan)
    if not steps:
        return None
    return scheduled(steps, links, finish_by=finish_by)


def baseline_schedule(baseline: Baseline) -> schedule.Schedule:
    data = baseline.data
    steps = [
        schedule.Step(
            key=item["key"],
            start=date.fromisoformat(item["start"]) if item.get("start") else None,
            end=date.fromisoformat(item["end"]) if item.get("end") else None,
            duration=item.get("duration"),
            milestone=item.get("milestone", False),
        )
        for item in data["steps"]
    ]
    links = [schedule.Link(item["before"], item["after"], item["kind"], item["lag"]) for item in data["links"]]
    return scheduled(steps, links)


def plan_slippage(plan: FrameworkPlan) -> tuple[schedule.StepSlip, ...]:
    """Each step's days late against the latest approved baseline; empty before the first approval."""
    baseline = Baseline.objects.filter(plan=plan).order_by("-number").first()
    current = plan_schedule(plan)
    if baseline is None or current is None:
        return ()
    return schedule.slippage(baseline_schedule(baseline), current)


def plan_progress(plan: FrameworkPlan) -> int:
    steps, _links = engine_inputs(plan)
    return schedule.derived_progress(steps)


def _late_steps(today: date) -> QuerySet[Step]:
    """Steps of measured plans (approved at least once) past their scheduled end and not done, of tasks not done.

    The same steps the plan's page marks late (the engine's `late_steps`), read from the stored scheduled ends.
    """
    return (
        Step.objects.filter(measured("plan__"), progress__lt=100, scheduled_end__lt=today)
        .exclude(plan__task__status__in=[Task.Status.DONE, Task.Status.DONE_LATE])
    )


def late_steps_count(*, today: date, task_ref: str = "pk"):
    """An expression counting a task's late steps, to annotate a task query with (`task_ref`: the task's id there).

    Task lists show it beside the four-way tracking status: a task can be in time on its deadline and still late on
    its framework plan. Part of the list's own query, so a list page costs no query more.
    """
    late = (
        _late_steps(today).filter(plan__task=OuterRef(task_ref))
        .order_by().values("plan__task").annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(late, output_field=IntegerField()), 0)


def late_step_count(task: Task, *, today: date) -> int:
    """How many steps of the task's measured framework plan are late (0 without one)."""
    return _late_steps(today).filter(plan__task=task).count()


def late_plans(*, today: date) -> QuerySet[FrameworkPlan]:
    """Plans past their due date that have not reached the vice-chairman."""
    return FrameworkPlan.objects.filter(due__lt=today).exclude(
        status__in=[FrameworkPlan.Status.SUBMITTED, FrameworkPlan.Status.APPROVED],
    )


@dataclass(frozen=True)
class StepView:
    number: int
    step: Step
    timing: schedule.Timing | None
    after: str  # predecessors in the sheet's notation
    days_late: int | None  # against the baseline; None before the first approval
    late: bool


def plan_page(plan: FrameworkPlan, *, today: date) -> dict:
    """Everything the framework-plan page shows, read in a fixed number of queries."""
    steps = list(Step.objects.filter(plan=plan).select_related("lead").prefetch_related("coordinating"))
    links = list(StepLink.objects.filter(before__plan=plan).order_by("after", "before"))
    numbers = {step.pk: index for index, step in enumerate(steps, start=1)}
    engine_steps = [step.as_engine_step() for step in steps]
    engine_links = [link.as_engine_link() for link in links]
    timing = scheduled(engine_steps, engine_links, finish_by=plan.task_due) if steps else None
    baseline = Baseline.objects.filter(plan=plan).order_by("-number").first()
    base = baseline_schedule(baseline) if baseline and steps else None
    slips = {slip.key: slip for slip in schedule.slippage(base, timing)} if base and timing else {}
    late = set(schedule.late_steps(timing, engine_steps, today=today)) if timing else set()
    from planwatch.frameworks.workbook import predecessors_text

    by_after: dict[int, list[StepLink]] = {}
    for link in links:
        by_after.setdefault(link.after_id, []).append(link)
    views = [
        StepView(
            number=numbers[step.pk], step=step, timing=timing[str(step.pk)] if timing else None,
            after=predecessors_text(by_after.get(step.pk, []), numbers),
            days_late=None if str(step.pk) not in slips or slips[str(step.pk)].new else slips[str(step.pk)].days_late,
            late=str(step.pk) in late,
        )
        for step in steps
    ]
    return {
        "steps": views, "links": links, "schedule": timing, "baseline": baseline, "base_schedule": base,
        "outside": outside_window(plan, views),
        "progress": schedule.derived_progress(engine_steps), "numbers": numbers,
        "forecast_late": timing.days_late if timing else 0,
    }


def outside_window(plan: FrameworkPlan, views: list[StepView]) -> list[str]:
    """Warnings for steps outside the task's window: before the plan was issued, or after the task's deadline.

    Allowed (a preparatory step may precede the plan; a deadline may be extended) but said, so it is a choice.
    """
    from django.utils.translation import gettext as _

    issued = plan.task.document.effective_date
    due = plan.task_due
    warnings = []
    for view in views:
        if view.timing is None:
            continue
        if issued and view.timing.early_start < issued:
            warnings.append(_("Bước %(n)s bắt đầu %(start)s, trước ngày ban hành kế hoạch (%(issued)s).") % {
                "n": view.number, "start": f"{view.timing.early_start:%d/%m/%Y}", "issued": f"{issued:%d/%m/%Y}"})
        if due and view.timing.early_end > due:
            warnings.append(_("Bước %(n)s kết thúc %(end)s, sau hạn hoàn thành nhiệm vụ (%(due)s).") % {
                "n": view.number, "end": f"{view.timing.early_end:%d/%m/%Y}", "due": f"{due:%d/%m/%Y}"})
    return warnings


def gantt_rows(page: dict, *, editable: bool) -> tuple[list, list]:
    from planwatch.frameworks.gantt import GanttLink, GanttRow

    base = page["base_schedule"]
    rows = []
    for view in page["steps"]:
        key = str(view.step.pk)
        timing = view.timing
        rows.append(GanttRow(
            key=key, label=f"{view.number}. {view.step.title}", start=timing.early_start, end=timing.early_end,
            milestone=view.step.milestone, critical=timing.critical, progress=view.step.progress,
            baseline_start=base[key].early_start if base and key in base.timings else None,
            baseline_end=base[key].early_end if base and key in base.timings else None,
            late=view.late, step_id=view.step.pk if editable else None,
        ))
    links = [GanttLink(str(link.before_id), str(link.after_id), link.kind) for link in page["links"]]
    return rows, links


def document_gantt(tasks: QuerySet, *, group_by: str, today: date) -> list:
    """One heading per agency or leader, a row per task with a framework plan: its forecast span and progress."""
    from planwatch.frameworks.gantt import GanttRow

    plans = (FrameworkPlan.objects.filter(task__in=tasks).select_related("task__leader")
             .prefetch_related("task__lead_agencies", "steps", "steps__links_out"))
    groups: dict[str, list] = {}
    for plan in plans:
        steps = list(plan.steps.all())
        if not steps:
            continue
        engine_steps = [step.as_engine_step() for step in steps]
        engine_links = [link.as_engine_link() for step in steps for link in step.links_out.all()]
        try:
            timing = scheduled(engine_steps, engine_links, finish_by=plan.task_due)
        except schedule.ScheduleError:
            continue
        task = plan.task
        if group_by == "leader":
            names = [str(task.leader)] if task.leader_id else [task.leader_text or "—"]
        else:
            names = [agency.name for agency in task.lead_agencies.all()] or [task.lead_text or "—"]
        row = GanttRow(
            key=f"t{task.pk}", label=f"{task.key}. {task.title}", start=timing.start, end=timing.end,
            critical=timing.days_late > 0, progress=schedule.derived_progress(engine_steps),
            late=bool(schedule.late_steps(timing, engine_steps, today=today)),
            href=reverse("frameworks:plan", kwargs={"task_pk": task.pk}),
        )
        for name in names:
            groups.setdefault(name, []).append(row)
    rows = []
    for name in sorted(groups):
        rows.append(GanttRow(key=f"g{name}", label=name, heading=True))
        rows += groups[name]
    return rows


def framework_plans_to_format(document) -> dict[str, dict]:
    """Each task's framework plan in the plan format (docs/format.md), by task key: every task that has one or
    whose framework plan the document dates. Steps are keyed by their number in the plan."""
    tasks = document.tasks.all().select_related("framework_plan").prefetch_related(
        "framework_plan__steps__lead", "framework_plan__steps__links_in", "framework_plan__baselines")
    found = {}
    for task in tasks:
        plan = getattr(task, "framework_plan", None)
        if plan is None:
            if task.framework_due or task.framework_deadline_text:
                # "Đã ban hành Kế hoạch": the document says the framework plan exists already, with no date.
                done = task.framework_deadline_kind == "done"
                found[task.key] = {"due": task.framework_due.isoformat() if task.framework_due else None,
                                   "status": "done" if done else "not_started",
                                   "baseline_date": None, "steps": [], "critical_path": []}
            continue
        steps = sorted(plan.steps.all(), key=lambda step: (step.order, step.pk))
        numbers = {step.pk: str(index) for index, step in enumerate(steps, start=1)}
        timing = None
        if steps:
            try:
                timing = scheduled([step.as_engine_step() for step in steps],
                                   [link.as_engine_link() for step in steps for link in step.links_in.all()])
            except schedule.ScheduleError:
                timing = None
        baselines = sorted(plan.baselines.all(), key=lambda baseline: baseline.number)
        found[task.key] = {
            "due": (plan.due or task.framework_due).isoformat() if (plan.due or task.framework_due) else None,
            "status": plan.status,
            "baseline_date": baselines[-1].approved_at.date().isoformat() if baselines else None,
            "steps": [
                {
                    "key": numbers[step.pk], "title": step.title,
                    "start": timing[str(step.pk)].early_start.isoformat() if timing else None,
                    "end": timing[str(step.pk)].early_end.isoformat() if timing else None,
                    "depends_on": [numbers[link.before_id] for link in step.links_in.all()],
                    "lead": step.lead.name if step.lead else None,
                    "progress": step.progress,
                }
                for step in steps
            ],
            "critical_path": [numbers[int(key)] for key in timing.critical_path] if timing else [],
        }
    return found


def show_framework_plans(document, data: dict) -> None:
    """`planwatch show`: each task's framework plan beside it (registry/hooks.py calls it; docs/format.md)."""
    plans = framework_plans_to_format(document)
    for task in data["tasks"]:
        if task["key"] in plans:
            task["framework_plan"] = plans[task["key"]]
