"""Progress by step: in a report, a lead agency gives the progress of each step of its task's framework plan, and
the task's percentage is derived from the steps (the engine's `derived_progress`: days weigh, milestones do not).

A lead line whose task has a measured framework plan (approved at least once: `FrameworkPlan.measures_progress`)
carries one field per step in the report's content, `step-<step id>`: a whole number from 0 to 100, 100 meaning
the step is done. Being content, the figures are versioned, compared on a stale save and audited like the line's
other fields. They stay on the report (`TaskLine.step_progress`, only the figures the agency changed) and the
line's percentage follows them at every save: the agency types no percentage for such a task.

The steps take the figures when the planning department accepts the report (`step_progress_accept`), as the task
takes its status then: a report still in draft or waiting for review changes nothing of record.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from datetime import date

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from planwatch.engine import schedule
from planwatch.frameworks.access import agency_leads
from planwatch.frameworks.models import Step, measured
from planwatch.frameworks.services import step_progress_record
from planwatch.registry.models import Task
from planwatch.reporting.models import Report, TaskLine

FIELD_PREFIX = "step-"
DONE = (Task.Status.DONE, Task.Status.DONE_LATE)


def field_of(step: Step) -> str:
    return f"{FIELD_PREFIX}{step.pk}"


def is_step_field(name: str) -> bool:
    return name.startswith(FIELD_PREFIX)


def with_steps(lines: QuerySet[TaskLine]) -> QuerySet[TaskLine]:
    """Task lines with their task's framework plan and its steps: two queries more, whatever the number of lines."""
    # As a list on each plan (`step_list`), not a queryset per plan, which cost more than the query on the report
    # page and on every save, where all of a report's lines are read (issue 14).
    return lines.select_related("task__framework_plan").prefetch_related(
        Prefetch("task__framework_plan__steps", queryset=Step.objects.order_by("order", "id"), to_attr="step_list"),
    )


# What steps_of reads of a line's framework plan, for a query of lines that names its columns (`only`).
PLAN_COLUMNS = ("task__framework_plan__id", "task__framework_plan__task", "task__framework_plan__baseline_number")


def steps_of(line: TaskLine) -> list[Step]:
    """The steps a line reports on: a lead line's, when its task's framework plan is measured; none otherwise."""
    if line.role != TaskLine.Role.LEAD:
        return []
    plan = getattr(line.task, "framework_plan", None)  # a task without a plan raises AttributeError's subclass
    if plan is None or not plan.measures_progress:
        return []
    read = plan.__dict__.get("step_list")  # with_steps's, when the line came through it
    return list(plan.steps.all() if read is None else read)


def reported(line: TaskLine, step: Step) -> int:
    """The step's figure in this report: what the agency reported, else the step's progress of record."""
    return line.step_progress.get(str(step.pk), step.progress)


def step_content(line: TaskLine) -> dict[str, str]:
    """The line's step fields, as the report's content holds them (text, like every field)."""
    return {field_of(step): str(reported(line, step)) for step in steps_of(line)}


def derived_percent(steps: list[Step], figures: Mapping[int, int]) -> int:
    """The task's percentage from the steps' figures (a step not in `figures` at its progress of record)."""
    return schedule.derived_progress(
        replace(step.as_engine_step(), progress=figures.get(step.pk, step.progress)) for step in steps
    )


def _figure(text: str | None) -> int | None:
    text = (text or "").strip().rstrip("%").strip()
    if not (text.isascii() and text.isdigit()) or int(text) > 100:  # `²` is isdigit(), `-1` is not a figure
        return None
    return int(text)


def percent_shown(line: TaskLine, steps: list[Step], values: Mapping[str, str]) -> int:
    """The percentage the page shows beside the steps as typed; a figure not yet valid counts as before."""
    figures = {}
    for step in steps:
        figure = _figure(values.get(field_of(step)))
        figures[step.pk] = reported(line, step) if figure is None else figure
    return derived_percent(steps, figures)


@dataclass(frozen=True)
class CleanSteps:
    step_progress: dict[str, int]  # what the line keeps: the figures that differ from the steps' of record
    percent: int


def clean_steps(line: TaskLine, steps: list[Step], values: Mapping[str, str], *, status: str, errors: dict,
                key: str) -> CleanSteps:
    """Check the step fields of a lead line and derive its percentage; one Vietnamese message per field in `errors`.

    A step field left out of `values` keeps the figure the report has. A field naming a step that is not in the
    task's plan is refused: a report writes only the steps of the tasks its agency leads.
    """
    by_field = {field_of(step): step for step in steps}
    refuse_step_fields(values, errors, key, allowed=set(by_field))
    figures: dict[int, int] = {}
    for name, step in by_field.items():
        if name not in values:
            figures[step.pk] = reported(line, step)
            continue
        figure = _figure(values[name])
        if figure is None:
            errors[(key, name)] = _("Tiến độ của bước là một số nguyên từ 0 đến 100 (100: bước đã xong).")
        else:
            figures[step.pk] = figure
    percent = derived_percent(steps, figures)
    typed = (values.get("percent") or "").strip().rstrip("%").strip()
    if typed and typed not in ("" if line.percent is None else str(line.percent), str(percent)):
        errors[(key, "percent")] = _(
            "Tỷ lệ hoàn thành của nhiệm vụ này tính từ tiến độ các bước của kế hoạch khung (%(percent)s%%), "
            "không nhập trực tiếp; hãy báo cáo tiến độ từng bước."
        ) % {"percent": percent}
    if len(figures) == len(steps):  # the status is judged only against figures that are all valid
        if status in DONE and percent != 100:
            errors.setdefault((key, "status"), _("Nhiệm vụ đã hoàn thành thì mọi bước của kế hoạch khung phải đạt 100%."))
        if status == Task.Status.NOT_STARTED and percent:
            errors.setdefault((key, "status"), _(
                "Các bước của kế hoạch khung đã có tiến độ: nhiệm vụ không còn là chưa triển khai."))
    # Only the figures the agency changed (or changed before, in this report): a figure equal to the step's own
    # is no news, and leaving it out lets a later change on the plan's page stand.
    kept = {
        str(step.pk): figures[step.pk] for step in steps
        if step.pk in figures and (str(step.pk) in line.step_progress or figures[step.pk] != step.progress)
    }
    return CleanSteps(step_progress=kept, percent=percent)


def refuse_step_fields(values: Mapping[str, str], errors: dict, key: str, *, allowed: Collection[str] = ()) -> None:
    """Step fields a line may not carry: steps of another task's plan, or any step of a task the agency does not
    lead, or whose plan is not measured yet."""
    for name in values:
        if is_step_field(name) and name not in allowed:
            errors[(key, name)] = _("Bước này không thuộc kế hoạch khung (đã phê duyệt) của nhiệm vụ do đơn vị chủ trì.")


def derived_percents(task_ids) -> dict[int, int]:
    """Each task's percentage from its measured framework plan's steps of record, by task id (one query)."""
    by_task: dict[int, list[Step]] = {}
    for step in Step.objects.filter(measured("plan__"), plan__task_id__in=list(task_ids)).select_related("plan"):
        by_task.setdefault(step.plan.task_id, []).append(step)
    return {task_id: derived_percent(steps, {}) for task_id, steps in by_task.items()}


@dataclass(frozen=True)
class StepRow:
    """One step as the report page shows it beneath its task."""

    number: int
    step: Step
    field: str  # the content field: `step-<step id>`
    late: bool  # past its scheduled end and, by the report's figure, not done


def step_rows(line: TaskLine, *, today: date) -> list[StepRow]:
    return [
        StepRow(
            number=number, step=step, field=field_of(step),
            late=step.scheduled_end is not None and step.scheduled_end < today and reported(line, step) < 100,
        )
        for number, step in enumerate(steps_of(line), start=1)
    ]


def step_progress_accept(report: Report, *, actor, reason: str) -> None:
    """On acceptance, each step the lead agency reported takes its figure, audited, through the frameworks service."""
    for line in with_steps(report.task_lines.filter(role=TaskLine.Role.LEAD)):
        figures = {step.pk: line.step_progress[str(step.pk)] for step in steps_of(line)
                   if str(step.pk) in line.step_progress}
        # A line whose agency no longer leads the task (reassigned since the round opened) reports for nobody.
        if figures and agency_leads(report.agency, line.task):
            step_progress_record(plan=line.task.framework_plan, actor=actor, progress=figures,
                                 reported_by=report.agency, reason=reason)
