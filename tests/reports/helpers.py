"""Opening generated files back, as a person's spreadsheet, word processor or PDF reader would."""

from __future__ import annotations

import csv
import io
import zipfile

import docx
from openpyxl import load_workbook
from pypdf import PdfReader

INDICATOR_SHEET = "Chỉ tiêu"
TASK_SHEET = "Nhiệm vụ"
HEADER_ROWS = (9, 10)


def workbook(content: bytes):
    return load_workbook(io.BytesIO(content))


def header_columns(ws) -> dict[str, int]:
    """Column number of every header label (the group label of merged header cells included)."""
    found = {}
    for row in HEADER_ROWS:
        for cell in ws[row]:
            if isinstance(cell.value, str) and cell.value:
                found.setdefault(cell.value, cell.column)
    return found


def row_with(ws, column: int, text: str) -> int:
    for row in range(1, ws.max_row + 1):
        if ws.cell(row=row, column=column).value == text:
            return row
    raise AssertionError(f"no row with {text!r} in column {column}")


def sheet_xml(content: bytes, index: int = 1) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read(f"xl/worksheets/sheet{index}.xml").decode()


def csv_rows(content: bytes) -> list[list[str]]:
    text = content.decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the byte order mark to read UTF-8"
    return list(csv.reader(io.StringIO(text[1:])))


def word(content: bytes):
    return docx.Document(io.BytesIO(content))


def word_row(table, column: int, text: str):
    for row in table.rows:
        cells = row.cells
        if len(cells) > column and cells[column].text == text:
            return [cell.text for cell in cells]
    raise AssertionError(f"no Word table row with {text!r}")


def pdf_pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def pdf_line(pages: list[str], start: str) -> str:
    for page in pages:
        for line in page.splitlines():
            if line.startswith(start):
                return line
    raise AssertionError(f"no line starting with {start!r} in the PDF")
