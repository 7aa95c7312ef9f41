"""Writers: one report (reports.layout.Report) in each file format, with the same content."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from planwatch.reports.layout import Report
from planwatch.reports.periods import ReportError

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
}
FORMATS = tuple(CONTENT_TYPES)


@dataclass(frozen=True)
class RenderedFile:
    content: bytes
    content_type: str
    filename: str


def render(report: Report, fmt: str) -> RenderedFile:
    if fmt == "xlsx":
        from planwatch.reports.writers.xlsx import write_xlsx as write
    elif fmt == "docx":
        from planwatch.reports.writers.docx import write_docx as write
    elif fmt == "pdf":
        from planwatch.reports.writers.pdf import write_pdf as write
    elif fmt == "csv":
        appendices = [table for table in report.tables if not table.supplementary]
        if len(appendices) != 1:
            raise ReportError(_("CSV chứa một bảng: chọn phụ lục chỉ tiêu hoặc nhiệm vụ (--appendix tasks)."))
        from planwatch.reports.writers.csv import write_csv

        return RenderedFile(write_csv(appendices[0]), CONTENT_TYPES["csv"], f"{report.filename}.csv")
    else:
        raise ReportError(_("Định dạng “%(fmt)s” không có: chọn xlsx, docx, pdf hoặc csv.") % {"fmt": fmt})
    return RenderedFile(write(report), CONTENT_TYPES[fmt], f"{report.filename}.{fmt}")
