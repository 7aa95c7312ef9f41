"""The table beside the indicator appendix: where the document's own judgement and planwatch's differ.

One row per disagreement (registry/judgements.py, `judgement_disagreements`), each with both labels and both
reasons as the plan page shows them, computed as of the report's year like the appendix itself.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from planwatch.registry.computing import DocumentComputation
from planwatch.registry.judgements import judgement_disagreements
from planwatch.reports.layout import HEADER_FILL, Cell, Column, Row, Table

COLUMNS = (
    # key, label, width, align
    ("tt", "TT", 6, "center"),
    ("name", "Chỉ tiêu", 34, "left"),
    ("document", "Văn bản đánh giá", 14, "center"),
    ("document_text", "Văn bản ghi", 40, "left"),
    ("planwatch", "planwatch đánh giá", 14, "center"),
    ("planwatch_reason", "Lý do của planwatch", 44, "left"),
)


def disagreement_table(computation: DocumentComputation, *, year: int) -> Table | None:
    """The disagreements of the computation as a report table; None when the two judge alike everywhere."""
    disagreements = judgement_disagreements(computation)
    if not disagreements:
        return None
    rows = [
        Row([
            Cell(text=d.indicator.code or d.indicator.key, align="center"),
            Cell(text=d.indicator.name, indent=d.indicator.depth),
            Cell(text=d.document_label, align="center"),
            Cell(text=d.document_text),
            Cell(text=d.planwatch_label, align="center"),
            Cell(text=d.planwatch_reason),
        ], key=d.indicator.key)
        for d in disagreements
    ]
    return Table(
        sheet_name=_("Khác biệt đánh giá"),
        title=_("Khác biệt giữa đánh giá của văn bản và của planwatch"),
        subtitle=_("planwatch tính đến năm %(year)s theo quy tắc ở docs/engine.md") % {"year": year},
        columns=[Column(key, width, align) for key, _label, width, align in COLUMNS],
        header=[[Cell(text=_(label), bold=True, align="center", fill=HEADER_FILL) for _key, label, _w, _a in COLUMNS]],
        rows=rows,
        notes=[_("Văn bản đánh giá: cách văn bản tự xếp loại chỉ tiêu (cột Đánh giá, hoặc lời văn như “rất thách "
                 "thức”, “sớm 2 năm”), đọc theo thang của planwatch (docs/judgements.md).")],
        supplementary=True,
    )
