"""What makes a text safe in a spreadsheet cell: one rule for every CSV and XLSX planwatch writes; and the one CSV
writer (issue 15).

A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a formula by Excel and
LibreOffice (OWASP, "CSV injection"): CSV fields get an apostrophe in front, XLSX cells the quote prefix.
No Django here: the writers of reports, reporting rounds and exports all import it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import TextIO

BOM = "\ufeff"  # Excel reads a CSV as UTF-8 only with the mark

RISKY = ("=", "+", "-", "@", "\t", "\r")


def is_risky(text: str) -> bool:
    return text.startswith(RISKY)


def safe_field(value) -> str:
    """A CSV field: the text, with an apostrophe in front when a spreadsheet would run it."""
    text = "" if value is None else str(value)
    return "'" + text if is_risky(text) else text


def set_text(cell, text: str) -> None:
    """An openpyxl cell holding `text` as a string, never a formula (openpyxl reads a leading `=` as one), with
    the quote prefix that keeps Excel from running it once someone edits the cell."""
    cell.value = text
    cell.data_type = "s"
    if is_risky(text):
        cell.quotePrefix = True


# CSV ---------------------------------------------------------------------------------------------


class _Line:
    """Where csv.writer writes one row, to be handed on as a line of text."""

    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text


def csv_lines(rows: Iterable[Iterable], *, safe: bool = True, bom: bool = False,
              lineterminator: str = "\r\n") -> Iterator[str]:
    """Each row as one line of CSV text, as the rows come (a streamed download sends them on at once).

    `safe`: every field made safe for a spreadsheet (`safe_field`), for files people open in Excel; machine
    formats (DHIS2, SDMX) keep their fields as they are: a negative value is a number there, not a formula.
    `bom`: the byte order mark first, for Excel. The line ends as the spreadsheet convention has it (RFC 4180) unless
    a format says otherwise.
    """
    line = _Line()
    writer = csv.writer(line, lineterminator=lineterminator)
    if bom:
        yield BOM
    for row in rows:
        line.text = ""
        writer.writerow([safe_field(field) for field in row] if safe else row)
        yield line.text


def write_csv(file: TextIO, rows: Iterable[Iterable], *, bom: bool = False, **options) -> int:
    """Write the rows into a text file opened with `newline=""`; how many rows (a header counts). Options as
    `csv_lines`."""
    if bom:
        file.write(BOM)
    count = 0
    for count, text in enumerate(csv_lines(rows, **options), start=1):
        file.write(text)
    return count


def csv_text(rows: Iterable[Iterable], **options) -> str:
    """The whole CSV as one text (small files); options as `csv_lines`."""
    return "".join(csv_lines(rows, **options))
