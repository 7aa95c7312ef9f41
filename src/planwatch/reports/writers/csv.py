"""CSV of a table (the task appendix, a scorecard), for spreadsheets and scripts.

UTF-8 with a byte order mark so that Excel reads the Vietnamese letters; one header line of flat column labels.
A field that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with an apostrophe, so that a
spreadsheet opening the file shows it as text instead of running it as a formula (OWASP, "CSV injection").
Numbers are written as the reader sees them in vi-VN (`6,73`).
"""

from __future__ import annotations

import csv
import io

from planwatch.reports.layout import Table
from planwatch.spreadsheets import safe_field


def write_csv(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_field(label) for label in table.column_labels()])
    for row in table.rows:
        fields = []
        for cell in row.cells:
            fields.append(safe_field(cell.text) if cell is not None else "")
        writer.writerow(fields)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
