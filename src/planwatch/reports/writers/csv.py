"""CSV of a table (the task appendix, a scorecard), for spreadsheets and scripts.

UTF-8 with a byte order mark so that Excel reads the Vietnamese letters; one header line of flat column labels.
A field that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with an apostrophe, so that a
spreadsheet opening the file shows it as text instead of running it as a formula (OWASP, "CSV injection").
Numbers are written as the reader sees them in vi-VN (`6,73`).
"""

from __future__ import annotations

from planwatch.reports.layout import Table
from planwatch.spreadsheets import csv_text


def write_csv(table: Table) -> bytes:
    cells = ([cell.text if cell is not None else "" for cell in row.cells] for row in table.rows)
    return csv_text([table.column_labels(), *cells], bom=True).encode("utf-8")
