"""Rows cut by a page break: a row after a break (or after a repeated header) that carries on the row above
(empty TT, no marker, an unfinished look) is joined to it cell by cell, and the planner is told. Used by the tab
layout, the explicit rows, the cell streams and real tables alike.
"""

from __future__ import annotations

import re

from planwatch.engine.explain import gettext_noop, phrase

from .model import Cell, Column, ParseWarning, Row, Source

def _join_continuations(
    raw: list[tuple[list[Cell], int, bool]], columns: list[Column], warnings: list[ParseWarning], *, table: int | None = None
) -> list[Row]:
    rows: list[Row] = []
    tt = next((i for i, c in enumerate(columns) if c.role == "tt"), None)
    for cells, where, after_break in raw:
        if rows and after_break and _continues(rows[-1].cells, cells, columns, tt):
            _join_row(rows[-1], cells, tt, _where(where, table), warnings)
            continue
        rows.append(Row(cells, _where(where, table)))
    return rows


def _join_row(row: Row, cells: list[Cell], tt: int | None, source: Source, warnings: list[ParseWarning]) -> None:
    """A row cut by a page break: what goes on below is joined to it, cell by cell, and said so."""
    for j, cell in enumerate(cells):
        if cell.text and j != tt:
            row.cells[j] = _join_cell(row.cells[j], cell)
    row.joined += 1
    warnings.append(
        ParseWarning(
            "row_continued",
            phrase(gettext_noop("Dòng này là phần tiếp theo (sang trang) của dòng trên; đã ghép vào dòng trên.")),
            source,
            " | ".join(c.text for c in cells if c.text)[:200],
        )
    )


def _where(where, table: int | None) -> Source:
    """A text line, or (grid, row) of a real table."""
    if table is None:
        return Source(line=where)
    if isinstance(where, tuple):
        return Source(table=where[0], row=where[1])
    return Source(table=table, row=where)


def _join_cell(a: Cell, b: Cell) -> Cell:
    if not a.text:
        return Cell(b.text, b.number, line=a.line or b.line)
    # The break of a page is whitespace: one space, except that a paragraph break stays one.
    return Cell(a.text + " " + b.text, line=a.line)


_MARKER_START = re.compile(r"^(?:[-+•*]\s|tr\.\s?đó\b|trong đó\b)", re.IGNORECASE)


def _continues(prev: list[Cell], cells: list[Cell], columns: list[Column], tt: int | None) -> bool:
    """A row after a page break that carries on the row above: empty TT, no marker, and an unfinished look."""
    if tt is None or cells[tt].text:
        return False
    name = next((i for i, c in enumerate(columns) if c.role == "name"), None)
    filled = [j for j, c in enumerate(cells) if c.text]
    if not filled:
        return False
    if name is not None and cells[name].text and _MARKER_START.match(cells[name].text):
        return False
    for j in filled:
        text = cells[j].text
        if text[:1].islower():
            return True
        before = prev[j].text.rstrip()
        if before.endswith((",", ";", ":", "-", "–", " và", " các")):
            return True
    if name is not None and not cells[name].text:
        return True  # only other cells go on: the name was finished on the page before
    # A name that does not start a sentence after a cell left without a full stop.
    if name is not None and prev[name].text and not prev[name].text.rstrip().endswith((".", "!", "?", ")", "”", '"')):
        roles_filled = {columns[j].role for j in filled}
        if roles_filled <= {"name", "lead", "coord", "note", "product"}:
            return True
    return False
