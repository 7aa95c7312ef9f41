"""A round's reports as rows for a CSV export: the streamed download and the export job write the same rows."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from planwatch.reporting.access import visible_lines_of_reports, visible_reports
from planwatch.reporting.models import Report, Round

EXPORT_HEADER = [
    gettext_lazy("Đơn vị"), gettext_lazy("Tình trạng báo cáo"), gettext_lazy("Nộp lần đầu"), gettext_lazy("Muộn (ngày)"),
    gettext_lazy("Loại dòng"), gettext_lazy("Văn bản"), gettext_lazy("Số thứ tự"), gettext_lazy("Chỉ tiêu / nhiệm vụ"),
    gettext_lazy("Đơn vị tính"), gettext_lazy("Loại số liệu"), gettext_lazy("Giá trị"), gettext_lazy("Tình trạng"),
    gettext_lazy("Tỷ lệ (%)"), gettext_lazy("Kết quả / nội dung phối hợp"), gettext_lazy("Khó khăn"), gettext_lazy("Đề xuất"),
    gettext_lazy("Ghi chú"), gettext_lazy("Nguồn"),
]


def export_csv_rows(*, user, round: Round, progress=None):
    """The round's CSV as rows: the header, then export_rows. The streamed download and the export job write the
    same rows, through the one CSV writer (spreadsheets.csv_lines), which makes every cell safe for a spreadsheet."""
    yield list(EXPORT_HEADER)
    yield from export_rows(user=user, round=round, progress=progress)


EXPORT_CHUNK = 100  # reports whose lines are read together: two queries a chunk, a chunk's lines in memory


def export_rows(*, user, round: Round, progress=None):
    """One row per line of every report of the round the user may see (an agency: its own only), read a chunk of
    reports at a time; `progress(done, total)` is told after each chunk (a job's progress bar)."""
    reports = list(visible_reports(user, round.reports.all()).select_related("agency").order_by("agency__name"))
    for start in range(0, len(reports), EXPORT_CHUNK):
        if progress is not None:
            progress(start, len(reports))
        chunk = reports[start:start + EXPORT_CHUNK]
        indicator_lines, task_lines = visible_lines_of_reports(user, chunk)
        by_report: dict[int, tuple[list, list]] = {report.pk: ([], []) for report in chunk}
        for line in indicator_lines.select_related("indicator__document").order_by("report_id", "order"):
            by_report[line.report_id][0].append(line)
        for line in task_lines.select_related("task__document").order_by("report_id", "role", "order"):
            by_report[line.report_id][1].append(line)
        for report in chunk:
            yield from _export_rows_of(report, round, *by_report[report.pk])


def _export_rows_of(report: Report, round: Round, indicator_lines: list, task_lines: list):
    report.round = round
    submitted = timezone.localtime(report.first_submitted_at).strftime("%d/%m/%Y %H:%M") if report.first_submitted_at else ""
    head = [report.agency.name, report.get_status_display(), submitted, str(report.days_late()) if report.is_late else ""]
    for line in indicator_lines:
        yield head + [
            _("Chỉ tiêu"), str(line.indicator.document), line.indicator.code, line.indicator.name, line.indicator.unit,
            line.get_kind_display() if line.value_text else "", line.value_text, "", "", "", "", "", line.note, line.source,
        ]
    for line in task_lines:
        yield head + [
            line.get_role_display(), str(line.task.document), line.task.key, line.task.title, "", "", "",
            line.get_status_display() if line.status else "", "" if line.percent is None else str(line.percent),
            line.done_text or line.contribution, line.difficulties, line.proposals, "", "",
        ]
