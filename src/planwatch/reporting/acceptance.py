"""What accepting a report writes into the register, shown to the planning department before it confirms.

Accepting is not undone by a click: the values become the indicator values of record, the lead agency's task
statuses the tasks', the step figures the framework plans' (`services.transitions._accept_effects`). The confirmation page
lists those writes from the report as it stands; this module reads only, by the same rules as the acceptance
(tests/reporting/test_accept_confirmation.py holds the two together).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from planwatch.frameworks.access import agency_leads
from planwatch.frameworks.models import Step
from planwatch.registry.models import Indicator, IndicatorValue, Task
from planwatch.reporting import steps as line_steps
from planwatch.reporting.models import IndicatorLine, Report, TaskLine
from planwatch.reporting.periods import parse_period, period_label
from planwatch.reporting.shared import shares_in_force

CREATE, UPDATE, SAME, DELETE = "create", "update", "same", "delete"


@dataclass(frozen=True)
class ValueOfRecord:
    """An indicator line and what acceptance does with its value of record for the round's period."""

    line: IndicatorLine
    change: str  # CREATE, UPDATE, SAME (provenance refreshed only) or DELETE (the line was emptied since)
    previous: IndicatorValue | None
    # The indicator written: the line's own, or another plan's row of its series the line stands for (shared.py).
    indicator: Indicator | None = None

    @property
    def shared(self) -> bool:
        return self.indicator is not None and self.indicator.pk != self.line.indicator_id


@dataclass(frozen=True)
class TaskStatusChange:
    task: Task
    before: str  # labels, as the page shows them
    after: str


@dataclass(frozen=True)
class StepChange:
    task: Task
    step: Step
    before: int
    after: int


@dataclass
class AcceptancePreview:
    report: Report
    period_label: str
    values: list[ValueOfRecord] = field(default_factory=list)
    blank_lines: int = 0  # indicator lines with no value and none of record: nothing is written for them
    statuses: list[TaskStatusChange] = field(default_factory=list)
    statuses_kept: int = 0  # lead tasks whose reported status is the status of record already
    steps: list[StepChange] = field(default_factory=list)

    @property
    def changed_values(self) -> list[ValueOfRecord]:
        return [value for value in self.values if value.change != SAME]

    @property
    def writes_nothing_new(self) -> bool:
        return not (self.changed_values or self.statuses or self.steps)


def acceptance_preview(report: Report) -> AcceptancePreview:
    preview = AcceptancePreview(report=report, period_label=period_label(parse_period(report.round.period)))
    lines = list(report.indicator_lines.select_related("indicator__document", "recorded_value").order_by("order"))
    shares = shares_in_force(lines)
    for line in lines:
        # As services.transitions._accept_effects: the line's own row, then each row of its series it stands for.
        holders = [(line.indicator, line.recorded_value), *((s.indicator, s.recorded_value) for s in shares[line.pk])]
        if not line.value_text and all(previous is None for _, previous in holders):
            preview.blank_lines += 1
            continue
        for indicator, previous in holders:
            if not line.value_text:
                if previous is not None:
                    preview.values.append(ValueOfRecord(line, DELETE, previous, indicator))
                continue
            if previous is None:
                change = CREATE
            elif (previous.text, previous.kind) == (line.value_text, line.kind):
                change = SAME
            else:
                change = UPDATE
            preview.values.append(ValueOfRecord(line, change, previous, indicator))

    lead_lines = line_steps.with_steps(report.task_lines.filter(role=TaskLine.Role.LEAD).order_by("order"))
    for line in lead_lines:
        task = line.task
        if line.status:
            if task.status == line.status:
                preview.statuses_kept += 1
            else:
                preview.statuses.append(TaskStatusChange(task, task.get_status_display(), line.get_status_display()))
        # As steps.step_progress_accept: the figures the line carries, for a task the agency still leads.
        figures = [(step, line.step_progress[str(step.pk)]) for step in line_steps.steps_of(line)
                   if str(step.pk) in line.step_progress]
        if figures and agency_leads(report.agency, task):
            preview.steps += [StepChange(task, step, step.progress, figure)
                              for step, figure in figures if figure != step.progress]
    return preview
