"""Reading framework plans: their schedule as the engine computes it, slippage, progress, lateness."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from planwatch.engine import schedule
from planwatch.frameworks.models import Baseline, FrameworkPlan, Step, StepLink


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
    return schedule.progress_of(steps)


def late_plans(*, today: date) -> QuerySet[FrameworkPlan]:
    """Plans past their due date that have not reached the vice-chairman."""
    return FrameworkPlan.objects.filter(due__lt=today).exclude(
        status__in=[FrameworkPlan.Status.SUBMITTED, FrameworkPlan.Status.APPROVED],
    )
