"""DOCX with python-docx: a landscape A4 section, the document heading (issuer and number on the left, the national
motto and place-date on the right, then kind and title), and each table as a real Word table whose header rows
repeat on every page."""

from __future__ import annotations

import io

from docx import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from planwatch.reports.layout import MOTTO, NATION, Cell, Report, Table

FONT_NAME = "Times New Roman"
PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Mm(297), Mm(210), Mm(12)
ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}


def _set_font(document) -> None:
    style = document.styles["Normal"]
    style.font.name = FONT_NAME
    style.font.size = Pt(11)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT_NAME)
    style.paragraph_format.space_after = Pt(0)


def _paragraph(container, text: str, *, bold=False, italic=False, size=None, align="center", underline=False):
    paragraph = container.add_paragraph() if hasattr(container, "add_paragraph") else container
    paragraph.alignment = ALIGN[align]
    _runs(paragraph, text, bold=bold, italic=italic, size=size, underline=underline)
    return paragraph


def _runs(paragraph, text: str, *, bold=False, italic=False, size=None, underline=False) -> None:
    for index, line in enumerate(text.split("\n")):
        run = paragraph.add_run()
        if index:
            run.add_break()
        run.add_text(line)
        run.bold, run.italic, run.underline = bold or None, italic or None, underline or None
        if size:
            run.font.size = Pt(size)


def _shade(cell, colour: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    properties.append(shading)


def _repeat_as_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    properties.append(flag)


def _fixed_layout(table) -> None:
    properties = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)


def _heading(document, report: Report) -> None:
    heading = report.heading
    block = document.add_table(rows=1, cols=2)
    block.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = block.rows[0].cells
    left.width, right.width = Mm(110), Mm(160)
    _paragraph(left.paragraphs[0], heading.issuer, bold=True, size=12)
    _paragraph(left, heading.number, size=12)
    _paragraph(right.paragraphs[0], NATION, bold=True, size=12)
    _paragraph(right, MOTTO, bold=True, size=12, underline=True)
    _paragraph(right, heading.place_date, italic=True, size=12)
    document.add_paragraph()
    _paragraph(document, heading.kind, bold=True, size=13)
    _paragraph(document, heading.title, bold=True, size=13)
    for line in heading.lines:
        _paragraph(document, line, italic=True)


def _write_cell(target, cell: Cell, size: float) -> None:
    paragraph = target.paragraphs[0]
    paragraph.alignment = ALIGN.get(cell.align, WD_ALIGN_PARAGRAPH.LEFT)
    if cell.indent:
        paragraph.paragraph_format.left_indent = Mm(3 * cell.indent)
    _runs(paragraph, cell.text, bold=cell.bold, italic=cell.italic, size=size)
    target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    if cell.fill:
        _shade(target, cell.fill)


def _table(document, table: Table) -> None:
    _paragraph(document, table.title, bold=True, size=12)
    if table.subtitle:
        _paragraph(document, table.subtitle, italic=True)
    grid = table.header + [row.cells for row in table.rows]
    columns = len(table.columns)
    word = document.add_table(rows=len(grid), cols=columns)
    word.style = "Table Grid"
    word.alignment = WD_TABLE_ALIGNMENT.CENTER
    word.autofit = False
    _fixed_layout(word)
    available = PAGE_WIDTH - 2 * MARGIN
    total = sum(c.width for c in table.columns)
    widths = [int(available * c.width / total) for c in table.columns]
    for index, column in enumerate(word.columns):
        column.width = widths[index]  # the table grid: LibreOffice lays a fixed table out by it, Word by the cells
    rows = list(word.rows)
    cells = [row.cells for row in rows]  # once: python-docx rebuilds the grid on each lookup
    for row_cells in cells:
        for index, target in enumerate(row_cells):
            target.width = widths[index]
    for index in range(len(table.header)):
        _repeat_as_header(rows[index])
    size = 8 if columns > 11 else 9
    merges = []
    for r, row in enumerate(grid):
        for c, cell in enumerate(row):
            if cell is None:
                continue
            _write_cell(cells[r][c], cell, size)
            if cell.colspan > 1 or cell.rowspan > 1:
                merges.append((r, c, r + cell.rowspan - 1, c + cell.colspan - 1))
    for r, c, last_r, last_c in merges:
        cells[r][c].merge(cells[last_r][last_c])
    for note in table.notes:
        _paragraph(document, note, italic=True, size=9, align="left")


def write_docx(report: Report) -> bytes:
    document = WordDocument()
    _set_font(document)
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = MARGIN
    section.top_margin = section.bottom_margin = Mm(15)
    _heading(document, report)
    for index, table in enumerate(report.tables):
        if index:
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        else:
            document.add_paragraph()
        _table(document, table)
    document.core_properties.title = report.heading.title[:250]
    document.core_properties.author = "planwatch"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
