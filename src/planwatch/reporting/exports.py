"""A round's reports as rows for a CSV export: the streamed download and the export job write the same rows."""

from __future__ import annotations

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from planwatch.reporting.access import visible_lines_of_reports, visible_reports
from planwatch.registry.models import Document
from planwatch.reporting.models import IndicatorLine, Report, Round, TaskLine

EXPORT_HEADER = [
    gettext_lazy("Đơn vị"), gettext_lazy("Tình trạng báo cáo"), gettext_lazy("Nộp lần đầu"), gettext_lazy("Muộn (ngày)"),
    gettext_lazy("Loại dòng"), gettext_lazy("Văn bản"), gettext_lazy("Số thứ tự"), gettext_lazy("Chỉ tiêu / nhiệm vụ"),
    gettext_lazy("Đơn vị tính"), gettext_lazy("Loại số liệu"), gettext_lazy("Giá trị"), gettext_lazy("Tình trạng"),
    gettext_lazy("Tỷ lệ (%)"), gettext_lazy("Kết quả / nội dung phối hợp"), gettext_lazy("Khó khăn"), gettext_lazy("Đề xuất"),
    gettext_lazy("Ghi chú"), gettext_lazy("Nguồn"),
]


def export_csv_rows(*, user, round: Round, progress=None):
    """The round's CSV as rows: the header, then export_rows. The streamed download and the export job write the
    same rows, through the one CSV writer (spreadsheets.csv_lines), which makes every cell safe for a spreadsheet.

    The rows are written in the language active when this is called: a streamed download is read after its view
    has returned, when the request's language is no longer active."""
    return _rows_in(translation.get_language(), user=user, round=round, progress=progress)


def _rows_in(language: str | None, **arguments):
    with translation.override(language):
        yield list(EXPORT_HEADER)
        yield from export_rows(**arguments)


EXPORT_CHUNK = 100  # reports whose lines are read together: two queries a chunk, a chunk's lines in memory

# A line is read as a tuple, not a model: a round of 180 000 lines spent most of its export building three model
# instances per line and asking each for its choice's label.
_INDICATOR_FIELDS = ("report_id", "indicator__document_id", "indicator__code", "indicator__name", "indicator__unit",
                     "kind", "value_text", "note", "source")
_TASK_FIELDS = ("report_id", "task__document_id", "task__key", "task__title", "role", "status", "percent",
                "done_text", "contribution", "difficulties", "proposals")


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def export_rows(*, user, round: Round, progress=None):
    """One row per line of every report of the round the user may see (an agency: its own only), read a chunk of
    reports at a time; `progress(done, total)` is told after each chunk (a job's progress bar)."""
    reports = list(visible_reports(user, round.reports.all()).select_related("agency").order_by("agency__name"))
    kinds, roles = _labels(IndicatorLine.Kind.choices), _labels(TaskLine.Role.choices)
    statuses = _labels(TaskLine._meta.get_field("status").choices)
    documents: dict[int, str] = {}  # a document's name as the export writes it, read once for the whole round
    for start in range(0, len(reports), EXPORT_CHUNK):
        if progress is not None:
            progress(start, len(reports))
        chunk = reports[start:start + EXPORT_CHUNK]
        indicator_lines, task_lines = visible_lines_of_reports(user, chunk)
        by_report: dict[int, tuple[list, list]] = {report.pk: ([], []) for report in chunk}
        for line in indicator_lines.order_by("report_id", "order").values_list(*_INDICATOR_FIELDS):
            by_report[line[0]][0].append(line)
        for line in task_lines.order_by("report_id", "role", "order").values_list(*_TASK_FIELDS):
            by_report[line[0]][1].append(line)
        wanted = {line[1] for lines in by_report.values() for kind in lines for line in kind} - documents.keys()
        documents.update((document.pk, str(document)) for document in Document.objects.filter(pk__in=wanted))
        for report in chunk:
            report.round = round
            indicators, tasks = by_report[report.pk]
            yield from _export_rows_of(report, indicators, tasks, documents=documents, kinds=kinds, roles=roles,
                                       statuses=statuses)


def _export_rows_of(report: Report, indicator_lines: list, task_lines: list, *, documents, kinds, roles, statuses):
    submitted = timezone.localtime(report.first_submitted_at).strftime("%d/%m/%Y %H:%M") if report.first_submitted_at else ""
    head = [report.agency.name, report.get_status_display(), submitted, str(report.days_late()) if report.is_late else ""]
    indicator_label = _("Chỉ tiêu")
    for _report, document_id, code, name, unit, kind, value_text, note, source in indicator_lines:
        yield head + [
            indicator_label, documents[document_id], code, name, unit,
            kinds.get(kind, kind) if value_text else "", value_text, "", "", "", "", "", note, source,
        ]
    for (_report, document_id, key, title, role, status, percent, done_text, contribution, difficulties,
         proposals) in task_lines:
        yield head + [
            roles.get(role, role), documents[document_id], key, title, "", "", "",
            statuses.get(status, status) if status else "", "" if percent is None else str(percent),
            done_text or contribution, difficulties, proposals, "", "",
        ]
