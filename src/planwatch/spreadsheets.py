"""What makes a text safe in a spreadsheet cell: one rule for every CSV and XLSX planwatch writes.

A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is run as a formula by Excel and
LibreOffice (OWASP, "CSV injection"): CSV fields get an apostrophe in front, XLSX cells the quote prefix.
No Django here: the writers of reports, reporting rounds and exports all import it.
"""

from __future__ import annotations

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
