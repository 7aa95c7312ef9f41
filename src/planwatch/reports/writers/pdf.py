"""PDF with fpdf2 (pure Python) and a TrueType font that covers Vietnamese: DejaVu Sans from Debian's fonts
(`/usr/share/fonts/truetype/dejavu/`, or the folder in PLANWATCH_PDF_FONT_DIR). The condensed faces and the
obliques come with `fonts-dejavu-extra`; with only `fonts-dejavu-core` the PDF uses DejaVu Sans, upright where it
would be oblique. The fonts are embedded in the file, so the PDF reads the same on any machine. Landscape A4, the
document heading, each table with its header rows repeated on every page, page numbers in the footer."""

from __future__ import annotations

import os
import unicodedata
from functools import lru_cache
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import TableCellFillMode
from fpdf.fonts import FontFace

from planwatch.reports.layout import MOTTO, NATION, Cell, Report, Table
from planwatch.reports.periods import ReportError

FONT_DIR = Path(os.environ.get("PLANWATCH_PDF_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))
# The condensed family fits a 15-column table on landscape A4; the plain one is the fallback.
FAMILIES = [
    {"": "DejaVuSansCondensed.ttf", "B": "DejaVuSansCondensed-Bold.ttf",
     "I": "DejaVuSansCondensed-Oblique.ttf", "BI": "DejaVuSansCondensed-BoldOblique.ttf"},
    {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf",
     "I": "DejaVuSans-Oblique.ttf", "BI": "DejaVuSans-BoldOblique.ttf"},
]
FAMILY = "DejaVu"
MARGIN = 10
ALIGN = {"left": "LEFT", "center": "CENTER", "right": "RIGHT"}


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


@lru_cache(maxsize=4)
def font_paths(folder: Path = FONT_DIR) -> dict[str, Path]:
    """The four styles' files: the first family whose regular and bold faces are there; a missing oblique face
    falls back to the upright one."""
    for family in FAMILIES:
        paths = {style: folder / name for style, name in family.items()}
        if paths[""].exists() and paths["B"].exists():
            if not paths["I"].exists():
                paths["I"] = paths[""]
            if not paths["BI"].exists():
                paths["BI"] = paths["B"]
            return paths
    raise ReportError(
        f"Không tìm thấy phông chữ DejaVu Sans cho PDF trong {folder}. Cài gói fonts-dejavu-core "
        "(apt-get install fonts-dejavu-core fonts-dejavu-extra) hoặc đặt PLANWATCH_PDF_FONT_DIR."
    )


def _text(text: str) -> str:
    # Precomposed letters (ệ, not e + two combining marks): fpdf2 places them without a text shaper.
    return unicodedata.normalize("NFC", text or "")


class _PDF(FPDF):
    def footer(self):
        self.set_y(-9)
        self.set_font(FAMILY, "I", 7)
        self.cell(0, 5, f"Trang {self.page_no()}/{{nb}}", align="C")


def _heading(pdf: _PDF, report: Report) -> None:
    heading = report.heading
    width = pdf.epw
    left, right = width * 0.42, width * 0.58
    y = pdf.get_y()
    pdf.set_font(FAMILY, "B", 11)
    pdf.multi_cell(left, 5.5, _text(heading.issuer), align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FAMILY, "", 11)
    pdf.multi_cell(left, 5.5, _text(heading.number), align="C")
    pdf.set_xy(MARGIN + left, y)
    pdf.set_font(FAMILY, "B", 11)
    pdf.cell(right, 5.5, NATION, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FAMILY, "BU", 11)
    pdf.cell(right, 5.5, _text(MOTTO), align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FAMILY, "I", 11)
    pdf.cell(right, 5.5, _text(heading.place_date), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(FAMILY, "B", 13)
    pdf.multi_cell(0, 6.5, _text(heading.kind), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 6.5, _text(heading.title), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(FAMILY, "I", 10)
    for line in heading.lines:
        pdf.multi_cell(0, 5, _text(line), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)


def _style(cell: Cell, size: float) -> FontFace:
    emphasis = ("B" if cell.bold else "") + ("I" if cell.italic else "")
    return FontFace(family=FAMILY, emphasis=emphasis or None, size_pt=size,
                    fill_color=_rgb(cell.fill) if cell.fill else (255, 255, 255))


def _cell_text(cell: Cell) -> str:
    text = _text(cell.text)
    if cell.indent:
        text = "   " * cell.indent + text
    return text


def _table(pdf: _PDF, table: Table) -> None:
    pdf.set_font(FAMILY, "B", 11)
    pdf.multi_cell(0, 6, _text(table.title), align="C", new_x="LMARGIN", new_y="NEXT")
    if table.subtitle:
        pdf.set_font(FAMILY, "I", 9)
        pdf.multi_cell(0, 5, _text(table.subtitle), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    columns = len(table.columns)
    size = 6.5 if columns > 13 else 7.5
    pdf.set_font(FAMILY, "", size)
    with pdf.table(
        col_widths=[c.width for c in table.columns],
        width=pdf.epw,
        num_heading_rows=len(table.header),
        repeat_headings=1,
        line_height=size * 0.5,
        text_align="LEFT",
        v_align="MIDDLE",
        cell_fill_mode=TableCellFillMode.NONE,
        padding=0.8,
        headings_style=FontFace(family=FAMILY, emphasis="B", size_pt=size, fill_color=(217, 225, 242)),
    ) as grid:
        for header_row in table.header:
            row = grid.row()
            for cell in header_row:
                if cell is not None:
                    row.cell(_cell_text(cell), align="CENTER", colspan=cell.colspan, rowspan=cell.rowspan)
        for data_row in table.rows:
            row = grid.row()
            for cell in data_row.cells:
                if cell is not None:
                    row.cell(_cell_text(cell), align=ALIGN.get(cell.align, "LEFT"), style=_style(cell, size),
                             colspan=cell.colspan, rowspan=cell.rowspan)
    if table.notes:
        pdf.ln(2)
        pdf.set_font(FAMILY, "I", 7.5)
        for note in table.notes:
            pdf.multi_cell(0, 4, _text(note), new_x="LMARGIN", new_y="NEXT")


def write_pdf(report: Report, *, font_dir: Path | None = None) -> bytes:
    pdf = _PDF(orientation="L", unit="mm", format="A4")
    for style, path in font_paths(font_dir or FONT_DIR).items():
        pdf.add_font(FAMILY, style, str(path))
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=12)
    pdf.set_title(_text(report.heading.title))
    pdf.set_creator("planwatch")
    pdf.add_page()
    _heading(pdf, report)
    for index, table in enumerate(report.tables):
        if index:
            pdf.add_page()
        _table(pdf, table)
    return bytes(pdf.output())
