"""XLSX with openpyxl: one sheet per table, the document heading on top, merged header cells, a frozen header,
print titles repeating the header rows on every page, landscape A4 fitted to the page width.

Numbers are real number cells with formats such as `#,##0.00`: the file stores `6.73`, and Excel or LibreOffice
show `6,73` to a reader whose locale is Vietnamese (the separators of a format are the reader's). Ranges and
bounds (`7,5-8,0`, `> 13,07`) are text. Every text cell is written as a string, never as a formula, whatever it
begins with (`=`, `+`, `-`, `@`).
"""

from __future__ import annotations

import io
import re

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from planwatch.reports.layout import MOTTO, NATION, Cell, Report, Table
from planwatch.reports.numbers import number_format
from planwatch.spreadsheets import set_text

FONT_NAME = "Times New Roman"
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


class _Styles:
    """Style objects shared between cells (openpyxl keeps one copy of each distinct style)."""

    def __init__(self):
        self.fonts = {}
        self.alignments = {}
        self.fills = {}

    def font(self, bold=False, italic=False, size=10, underline=None):
        key = (bold, italic, size, underline)
        if key not in self.fonts:
            self.fonts[key] = Font(name=FONT_NAME, bold=bold, italic=italic, size=size, underline=underline)
        return self.fonts[key]

    def alignment(self, horizontal="left", indent=0, wrap=True, vertical="center"):
        key = (horizontal, indent, wrap, vertical)
        if key not in self.alignments:
            self.alignments[key] = Alignment(horizontal=horizontal, vertical=vertical, wrap_text=wrap, indent=indent)
        return self.alignments[key]

    def fill(self, colour):
        if colour not in self.fills:
            self.fills[colour] = PatternFill("solid", start_color=colour, end_color=colour)
        return self.fills[colour]


def sheet_title(name: str, taken: set[str]) -> str:
    title = re.sub(r"[\[\]:*?/\\]", " ", name).strip()[:31] or "Sheet"
    base, n = title, 2
    while title in taken:
        title = f"{base[:28]} {n}"
        n += 1
    taken.add(title)
    return title


write_text = set_text  # a string cell, never a formula (planwatch.spreadsheets)


def _write_cell(ws: Worksheet, row: int, column: int, cell: Cell, styles: _Styles, *, bordered: bool) -> None:
    target = ws.cell(row=row, column=column)
    if cell.is_number:
        target.value = cell.number
        target.number_format = number_format(cell.places, cell.prefix, cell.suffix, cell.percent)
    elif cell.text:
        write_text(target, cell.text)
    target.font = styles.font(bold=cell.bold, italic=cell.italic)
    target.alignment = styles.alignment(cell.align, min(cell.indent * 2, 15))
    if cell.fill:
        target.fill = styles.fill(cell.fill)
    if cell.comment:
        target.comment = Comment(cell.comment, "planwatch", width=320, height=110)
    if bordered:
        target.border = BORDER
    if cell.colspan > 1 or cell.rowspan > 1:
        last_row, last_column = row + cell.rowspan - 1, column + cell.colspan - 1
        ws.merge_cells(start_row=row, start_column=column, end_row=last_row, end_column=last_column)
        if bordered:
            # A merged range draws the borders of its own cells: give every covered cell one.
            for r in range(row, last_row + 1):
                for c in range(column, last_column + 1):
                    ws.cell(row=r, column=c).border = BORDER


def _lines(text: str, width: float, indent: int = 0) -> int:
    """How many lines `text` takes in a column `width` characters wide (Times New Roman 10 pt fits about
    1,2 characters a width unit)."""
    per_line = max(4, int(width * 1.2) - 2 * indent)
    return sum(max(1, -(-len(part) // per_line)) for part in (text or "").split("\n"))


def _fit_heights(ws: Worksheet, first_row: int, grid: list[list[Cell | None]], widths: list[float]) -> None:
    """Row heights for wrapped text: LibreOffice keeps the default height of a row it is not told about, and a
    row of clipped text is unreadable on paper."""
    for offset, cells in enumerate(grid):
        lines = 1
        for index, cell in enumerate(cells):
            if cell is None or cell.rowspan > 1 or not cell.text:
                continue
            width = sum(widths[index:index + cell.colspan])
            lines = max(lines, _lines(cell.text, width, cell.indent))
        ws.row_dimensions[first_row + offset].height = 13.5 * lines + 2


def _merged_line(ws, row, first, last, text, styles, *, bold=False, italic=False, size=10, align="center",
                 underline=None):
    target = ws.cell(row=row, column=first)
    write_text(target, text)
    target.font = styles.font(bold=bold, italic=italic, size=size, underline=underline)
    target.alignment = styles.alignment(align, wrap=True)
    if last > first:
        ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)


def _write_table(ws: Worksheet, report: Report, table: Table, styles: _Styles) -> None:
    width = len(table.columns)
    heading = report.heading
    half = max(2, width // 2 - 1)
    # The document heading: issuer and number on the left, the national motto and place-date on the right.
    _merged_line(ws, 1, 1, half, heading.issuer, styles, bold=True)
    _merged_line(ws, 1, half + 1, width, NATION, styles, bold=True)
    _merged_line(ws, 2, 1, half, heading.number, styles)
    _merged_line(ws, 2, half + 1, width, MOTTO, styles, bold=True, underline="single")
    _merged_line(ws, 3, half + 1, width, heading.place_date, styles, italic=True)
    _merged_line(ws, 5, 1, width, f"{heading.kind}: {heading.title}", styles, bold=True, size=12)
    _merged_line(ws, 6, 1, width, table.title, styles, bold=True, size=12)
    subtitle = " · ".join([table.subtitle, *heading.lines[1:]]) if table.subtitle else " · ".join(heading.lines)
    _merged_line(ws, 7, 1, width, subtitle, styles, italic=True)
    ws.row_dimensions[5].height = 32

    first_header = 9
    for offset, header_row in enumerate(table.header):
        for index, cell in enumerate(header_row):
            if cell is not None:
                _write_cell(ws, first_header + offset, index + 1, cell, styles, bordered=True)
    first_data = first_header + len(table.header)
    for offset, row in enumerate(table.rows):
        for index, cell in enumerate(row.cells):
            if cell is not None:
                _write_cell(ws, first_data + offset, index + 1, cell, styles, bordered=True)
    notes_row = first_data + len(table.rows) + 1
    for offset, note in enumerate(table.notes):
        _merged_line(ws, notes_row + offset, 1, width, note, styles, italic=True, align="left")
        ws.row_dimensions[notes_row + offset].height = 15 * (1 + len(note) // 180)

    widths = [column.width for column in table.columns]
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    _fit_heights(ws, first_header, table.header, widths)
    _fit_heights(ws, first_data, [row.cells for row in table.rows], widths)
    last_header = first_data - 1
    ws.freeze_panes = f"C{first_data}"
    ws.print_title_rows = f"{first_header}:{last_header}"
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = "Trang &P/&N"


def write_xlsx(report: Report) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    styles = _Styles()
    taken: set[str] = set()
    for table in report.tables:
        ws = workbook.create_sheet(sheet_title(table.sheet_name, taken))
        _write_table(ws, report, table, styles)
    workbook.properties.title = report.heading.title[:250]
    workbook.properties.creator = "planwatch"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
