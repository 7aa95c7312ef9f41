"""Task progress and report timeliness, from the reporting rounds when that app is installed, else the register.

The one place the reports app reads the rounds app (planwatch.reporting), and only through what a round leaves
once it is accepted: the lead agency's task line (status, percent, what was done, difficulties, proposals) and the
dates a report was first submitted. Without the rounds app a task's progress is its status in the register
(Task.status) and its deadlines; remarks are empty and report timeliness is unknown.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.utils import timezone
from django.utils.translation import gettext as _

from planwatch import engine


@dataclass(frozen=True)
class TaskProgress:
    status: str  # a Task.Status value
    percent: int | None = None
    remarks: str = ""
    source: str = ""  # the round the line comes from; "" for the register


@dataclass(frozen=True)
class ReportTimeliness:
    """One agency's reports in the rounds whose deadline falls in a year."""

    on_time: int = 0
    late: int = 0
    missing: int = 0  # deadline passed, nothing submitted


def rounds_available() -> bool:
    return apps.is_installed("planwatch.reporting")


def _period(code: str) -> engine.Period | None:
    try:
        return engine.parse_period(code)
    except engine.PeriodError:
        return None


def task_progress(tasks, period: engine.Period) -> dict[int, TaskProgress]:
    """For each task, the lead agency's line of the latest accepted round whose period ends by the end of
    `period`; a task with no such line has its register status."""
    result = {task.pk: TaskProgress(task.status) for task in tasks}
    if not rounds_available() or not result:
        return result
    from planwatch.reporting.models import Report, TaskLine

    lines = (
        TaskLine.objects.filter(
            task_id__in=list(result), role=TaskLine.Role.LEAD, report__status=Report.Status.ACCEPTED,
        )
        .exclude(status="")
        .select_related("report__round")
    )
    best: dict[int, tuple] = {}
    for line in lines:
        round_period = _period(line.report.round.period)
        if round_period is None or round_period.end > period.end:
            continue
        rank = (round_period.end, line.report.accepted_at or timezone.now())
        if line.task_id not in best or rank > best[line.task_id][0]:
            best[line.task_id] = (rank, line)
    for task_id, (_rank, line) in best.items():
        parts = [
            (_("Kết quả đã thực hiện"), line.done_text), (_("Khó khăn"), line.difficulties),
            (_("Đề xuất"), line.proposals),
        ]
        remarks = "\n".join(f"{label}: {text.strip()}" for label, text in parts if text and text.strip())
        result[task_id] = TaskProgress(line.status, line.percent, remarks, line.report.round.title)
    return result


def report_timeliness(user, year: int, agency_ids: set[int], today: date) -> dict[int, ReportTimeliness] | None:
    """Per agency, its reports (those the user may see) in the rounds whose deadline falls in `year`;
    None without the rounds app."""
    if not rounds_available():
        return None
    from planwatch.reporting.access import visible_reports
    from planwatch.reporting.models import Report

    counts: dict[int, list[int]] = {agency_id: [0, 0, 0] for agency_id in agency_ids}
    reports = visible_reports(user, Report.objects.filter(agency_id__in=agency_ids, round__deadline__year=year))
    reports = reports.select_related("round")
    for report in reports:
        row = counts[report.agency_id]
        if report.first_submitted_at is not None:
            submitted = timezone.localtime(report.first_submitted_at).date()
            row[0 if submitted <= report.round.deadline else 1] += 1
        elif report.round.deadline < today:
            row[2] += 1
    return {agency_id: ReportTimeliness(*row) for agency_id, row in counts.items()}
