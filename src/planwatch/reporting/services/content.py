"""A report's content: its fields as text (what the page shows and the revisions keep), and the cleaning of what
an agency sends, field by field, into one Vietnamese message per field that cannot be saved.

The same cleaning serves the web form and the API (both save through `report_save`), so it lives here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from planwatch.registry.models import Indicator, Task
from planwatch.reporting import steps as line_steps
from planwatch.reporting.errors import ReportingError, ReportValidationError
from planwatch.reporting.evidence import check_evidence
from planwatch.reporting.models import IndicatorLine, Report, TaskLine, own_columns
from planwatch.reporting.services.common import DONE_STATUSES
from planwatch.reporting.values import ValueInputError, parse_value

INDICATOR_FIELDS = ("kind", "value", "note", "source")
TASK_FIELDS = ("status", "percent", "done_text", "difficulties", "proposals", "contribution")
TEXT_LIMIT = 5000


def indicator_content(line: IndicatorLine) -> dict[str, str]:
    return {"kind": line.kind, "value": line.value_text, "note": line.note, "source": line.source}


def task_content(line: TaskLine) -> dict[str, str]:
    """The line's fields and, for a task measured by its framework plan, one per step (reporting/steps.py)."""
    return {
        "status": line.status, "percent": "" if line.percent is None else str(line.percent),
        "done_text": line.done_text, "difficulties": line.difficulties, "proposals": line.proposals,
        "contribution": line.contribution, **line_steps.step_content(line),
    }


# What a save reads of a line beyond its own fields (reporting/models.py own_columns): an indicator's kind of
# measure, the indicator's or task's name by which the audit entries name a line (IndicatorLine and TaskLine
# __str__), and the framework plan a task's steps come from.
CONTENT_TASK_LINE = (*own_columns(TaskLine), *line_steps.PLAN_COLUMNS)
VALIDATED_INDICATOR_LINE = (*own_columns(IndicatorLine), "indicator__name", "indicator__measure")
VALIDATED_TASK_LINE = (*CONTENT_TASK_LINE, "task__key", "task__title")


def contents_of(reports: list[Report]) -> dict[int, dict[str, dict[str, str]]]:
    """Each report's editable content: `i<line id>` and `t<line id>` to field values as text."""
    data: dict[int, dict[str, dict[str, str]]] = {report.pk: {} for report in reports}
    for line in IndicatorLine.objects.filter(report__in=reports):
        data[line.report_id][f"i{line.pk}"] = indicator_content(line)
    for line in line_steps.with_steps(TaskLine.objects.filter(report__in=reports)).only(*CONTENT_TASK_LINE):
        data[line.report_id][f"t{line.pk}"] = task_content(line)
    return data


def content_of(report: Report) -> dict[str, dict[str, str]]:
    return contents_of([report])[report.pk]


@dataclass(frozen=True)
class CleanIndicator:
    kind: str
    value_text: str
    op: str
    low: object
    high: object
    note: str
    source: str


@dataclass(frozen=True)
class CleanTask:
    status: str
    percent: int | None
    done_text: str
    difficulties: str
    proposals: str
    contribution: str
    step_progress: dict[str, int]


def clean_indicator(line: IndicatorLine, values: dict[str, str], errors: dict, key: str) -> CleanIndicator | None:
    kind = (values.get("kind") or IndicatorLine.Kind.ESTIMATE).strip()
    if kind not in IndicatorLine.Kind.values:
        errors[(key, "kind")] = _("Chọn ước thực hiện hoặc thực hiện.")
    try:
        parsed = parse_value(values.get("value", ""), qualitative=line.indicator.measure == Indicator.Measure.QUALITATIVE)
    except ValueInputError as exc:
        errors[(key, "value")] = str(exc)
        parsed = None
    text = " ".join((values.get("value") or "").split())
    if len(text) > 200:
        errors[(key, "value")] = _("Giá trị dài quá 200 ký tự.")
    source = (values.get("source") or "").strip()
    if len(source) > 300:
        errors[(key, "source")] = _("Nguồn số liệu dài quá 300 ký tự.")
    note = (values.get("note") or "").strip()
    if len(note) > TEXT_LIMIT:
        errors[(key, "note")] = _("Ghi chú dài quá %(n)s ký tự.") % {"n": TEXT_LIMIT}
    if parsed is None:
        return CleanIndicator(kind, text, "", None, None, note, source)
    return CleanIndicator(kind, text, parsed.op, parsed.low, parsed.high, note, source)


def clean_task(line: TaskLine, values: dict[str, str], errors: dict, key: str) -> CleanTask:
    status = (values.get("status") or "").strip()
    if line.role == TaskLine.Role.LEAD and status not in Task.Status.values:
        errors[(key, "status")] = _("Chọn tình trạng thực hiện nhiệm vụ.")
    if line.role == TaskLine.Role.COORDINATING:
        status = ""
    steps = line_steps.steps_of(line)
    if steps:  # the percentage follows the steps of the task's framework plan
        by_steps = line_steps.clean_steps(line, steps, values, status=status, errors=errors, key=key)
        percent, step_progress = by_steps.percent, by_steps.step_progress
    else:
        line_steps.refuse_step_fields(values, errors, key)
        percent, step_progress = _clean_percent(line, values, status, errors, key), line.step_progress
    texts = {}
    for name in ("done_text", "difficulties", "proposals", "contribution"):
        texts[name] = (values.get(name) or "").strip().replace("\r\n", "\n")
        if len(texts[name]) > TEXT_LIMIT:
            errors[(key, name)] = _("Nội dung dài quá %(n)s ký tự.") % {"n": TEXT_LIMIT}
    # A coordinating agency writes its contribution; the lead agency what was done.
    texts["done_text" if line.role == TaskLine.Role.COORDINATING else "contribution"] = ""
    return CleanTask(status, percent, **texts, step_progress=step_progress)


def _clean_percent(line: TaskLine, values: dict[str, str], status: str, errors: dict, key: str) -> int | None:
    """The percentage a lead agency types for a task not measured by framework-plan steps."""
    percent_text = (values.get("percent") or "").strip().rstrip("%").strip()
    percent = None
    if percent_text and line.role == TaskLine.Role.LEAD:
        if not (percent_text.isascii() and percent_text.isdigit()) or int(percent_text) > 100:  # `²` is isdigit()
            errors[(key, "percent")] = _("Tỷ lệ hoàn thành là một số nguyên từ 0 đến 100.")
        else:
            percent = int(percent_text)
    if percent is not None and status in DONE_STATUSES and percent != 100:
        errors[(key, "percent")] = _("Nhiệm vụ đã hoàn thành thì tỷ lệ là 100%.")
    if percent and status == Task.Status.NOT_STARTED:
        errors[(key, "percent")] = _("Nhiệm vụ chưa triển khai thì chưa có tỷ lệ hoàn thành.")
    return percent


def report_validate(*, report: Report, content: dict[str, dict[str, str]], files: dict[str, list] | None = None):
    """Check content (and evidence files) against the report's lines without writing anything.

    Returns the cleaned lines; raises ReportValidationError with one Vietnamese message per field.
    """
    errors: dict[tuple[str, str], str] = {}
    indicator_lines = {
        f"i{line.pk}": line
        for line in report.indicator_lines.select_related("indicator").only(*VALIDATED_INDICATOR_LINE)
    }
    task_lines = {
        f"t{line.pk}": line for line in line_steps.with_steps(report.task_lines.all()).only(*VALIDATED_TASK_LINE)
    }
    cleaned: dict[str, object] = {}
    for key, values in content.items():
        if key in indicator_lines:
            cleaned[key] = clean_indicator(indicator_lines[key], values, errors, key)
        elif key in task_lines:
            cleaned[key] = clean_task(task_lines[key], values, errors, key)
        else:
            errors[(key, "")] = _("Dòng %(key)s không thuộc báo cáo này.") % {"key": key}
    for key, uploads in (files or {}).items():
        if key not in task_lines:
            errors[(key, "evidence")] = _("Dòng %(key)s không thuộc báo cáo này.") % {"key": key}
            continue
        for upload in uploads:
            try:
                check_evidence(upload)
            except ReportingError as exc:
                errors[(key, "evidence")] = str(exc)
    if errors:
        raise ReportValidationError(errors)
    return cleaned, indicator_lines, task_lines
