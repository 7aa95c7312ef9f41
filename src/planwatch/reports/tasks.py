"""The task appendix, in the layout of appendix 02 of the 2024 plan, with the progress of the reporting period.

    TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Lãnh đạo chỉ đạo | Sản phẩm | Thời hạn | Ghi chú |
    Kết quả thực hiện: Tình trạng | Tiến độ | Kết quả, khó khăn, đề xuất

The first eight columns are the document's cells as written. Status, progress and remarks come from the lead
agency's accepted report of the latest round up to the period (reports/progress.py); without one, the status is
the register's and the progress says where the task stands against its deadlines on the report date.
Filters are the plan page's (registry.selectors.TaskFilter: lead agency, leader, status).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from planwatch import engine
from planwatch.accounts.access import scope_of
from planwatch.registry.models import Document, Task
from planwatch.accounts.selectors import task_list
from planwatch.registry.selectors import TaskFilter
from planwatch.reports.indicators import leader_text
from planwatch.reports.layout import FILLS, GROUP_FILL, HEADER_FILL, Cell, Column, Row, Table
from planwatch.reports.periods import period_label
from planwatch.reports.progress import TaskProgress, rounds_available, task_progress

DONE = (Task.Status.DONE, Task.Status.DONE_LATE)

COLUMNS = [
    # key, label, width, align
    ("tt", "TT", 6, "center"),
    ("title", gettext_noop("Nhiệm vụ"), 42, "left"),
    ("lead", gettext_noop("Cơ quan chủ trì"), 16, "left"),
    ("coordinating", gettext_noop("Cơ quan phối hợp"), 18, "left"),
    ("leader", gettext_noop("Lãnh đạo UBND TP chỉ đạo"), 14, "left"),
    ("product", gettext_noop("Sản phẩm"), 11, "left"),
    ("deadline", gettext_noop("Thời hạn"), 11, "center"),
    ("note", gettext_noop("Ghi chú"), 14, "left"),
    ("status", gettext_noop("Tình trạng"), 11, "center"),
    ("progress", gettext_noop("Tiến độ"), 16, "left"),
    ("remarks", gettext_noop("Kết quả, khó khăn, đề xuất"), 20, "left"),
]
SOURCE_COLUMNS = 8


@dataclass
class TaskReport:
    table: Table
    tasks: list[Task]
    progress: dict[int, TaskProgress]


def deadline_situation(task: Task, status: str, on: date) -> tuple[str, bool]:
    """Where the task stands against its deadlines on `on`: (text, overdue)."""
    dates = sorted(d.due for d in task.due_dates.all())
    if status in DONE:
        return "", False
    passed = [d for d in dates if d < on]
    coming = [d for d in dates if d >= on]
    parts = []
    overdue = bool(passed)
    if passed:
        last = passed[-1]
        parts.append(_("Quá hạn %(date)s (%(days)s ngày)") % {
            "date": last.strftime("%d/%m/%Y"), "days": (on - last).days})
    if coming:
        parts.append(_("Hạn tới: %(date)s") % {"date": coming[0].strftime("%d/%m/%Y")})
    if not dates:
        parts.append(str(Task.DeadlineKind(task.deadline_kind).label) if task.deadline_kind else "")
    return "\n".join(p for p in parts if p), overdue


def status_label(status: str) -> str:
    return str(Task.Status(status).label) if status in Task.Status.values else status


def task_report(*, user, document: Document, period: engine.Period, on: date,
                filters: TaskFilter = TaskFilter()) -> TaskReport:
    tasks = list(task_list(user=user, document=document, filters=filters))
    progress = task_progress(tasks, period)
    leader_label = _("Lãnh đạo UBND TP chỉ đạo") if "Thành phố" in document.issuer else _("Lãnh đạo chỉ đạo")
    labels = {key: _(label) for key, label, _w, _a in COLUMNS}
    labels["leader"] = leader_label
    results_label = _("Kết quả thực hiện đến %(period)s") % {"period": period_label(period).lower()}
    first: list[Cell | None] = []
    second: list[Cell | None] = []
    for index, (key, _label, _width, _align) in enumerate(COLUMNS):
        if index < SOURCE_COLUMNS:
            first.append(Cell(text=labels[key], bold=True, align="center", fill=HEADER_FILL, rowspan=2))
            second.append(None)
        else:
            if index == SOURCE_COLUMNS:
                first.append(Cell(text=results_label, bold=True, align="center", fill=HEADER_FILL,
                                  colspan=len(COLUMNS) - SOURCE_COLUMNS))
            else:
                first.append(None)
            second.append(Cell(text=labels[key], bold=True, align="center", fill=HEADER_FILL))

    rows: list[Row] = []
    width = len(COLUMNS)
    section = None
    for task in tasks:
        if task.section and task.section != section:
            section = task.section
            rows.append(Row(
                [Cell(text=task.section, bold=True, align="center", fill=GROUP_FILL),
                 Cell(text=task.section_title, bold=True, fill=GROUP_FILL, colspan=width - 1)]
                + [None] * (width - 2),
                kind="section", key=f"section:{task.section}",
            ))
        found = progress[task.pk]
        situation, overdue = deadline_situation(task, found.status, on)
        progress_text = "\n".join(p for p in [f"{found.percent}%" if found.percent is not None else "", situation] if p)
        status_fill = FILLS.get("overdue") if overdue else FILLS.get(found.status)
        rows.append(Row([
            Cell(text=task.code, align="center"),
            Cell(text=task.title),
            Cell(text=task.lead_text or "; ".join(a.name for a in task.lead_agencies.all())),
            Cell(text=task.coordinating_text),
            Cell(text=leader_text(task, on, document.effective_date)),
            Cell(text=task.product),
            Cell(text=task.deadline_text, align="center"),
            Cell(text=task.note),
            Cell(text=status_label(found.status), align="center", fill=status_fill),
            Cell(text=progress_text),
            Cell(text=found.remarks),
        ], key=task.key))

    notes = []
    if rounds_available():
        notes.append(_("Tình trạng, tiến độ và kết quả lấy từ báo cáo đã được chấp nhận của cơ quan chủ trì trong đợt "
                       "báo cáo gần nhất đến hết kỳ; nhiệm vụ chưa có báo cáo lấy tình trạng trong danh mục."))
    else:
        notes.append(_("Tình trạng lấy từ danh mục nhiệm vụ; chưa có dữ liệu đợt báo cáo nên cột kết quả để trống."))
    notes.append(_("Tiến độ tính đến ngày %(date)s theo các thời hạn của nhiệm vụ.") % {
        "date": on.strftime("%d/%m/%Y")})
    active = [name for name, value in (
        (_("đơn vị chủ trì"), filters.agency), (_("lãnh đạo"), filters.leader), (_("tình trạng"), filters.status),
    ) if value]
    if active:
        notes.append(_("Đã lọc theo: %(filters)s.") % {"filters": ", ".join(active)})
    if not scope_of(user).everything:
        notes.append(_("Chỉ gồm các nhiệm vụ thuộc phạm vi của người xuất báo cáo."))
    table = Table(
        sheet_name=_("Nhiệm vụ"),
        title=_("Phụ lục: Các nhiệm vụ trọng tâm — tình hình thực hiện %(period)s") % {
            "period": period_label(period).lower()},
        subtitle=_("Kỳ báo cáo %(period)s; số liệu đến ngày %(date)s") % {
            "period": period.code, "date": on.strftime("%d/%m/%Y")},
        columns=[Column(key, w, align) for key, _l, w, align in COLUMNS],
        header=[first, second],
        rows=rows,
        notes=notes,
    )
    return TaskReport(table, tasks, progress)
