"""Real tables (DOCX, XLSX, and the grids of PDF and web pages): a header row (or two, header_rows.py), then
rows until the next header; a vertically merged cell restored from its origin, a numbering row under the header
dropped, repeated headers and continuation rows handled as for the tab layout, and a Word table that repeats the
header of the one just before it (or has none and is as wide) joined to it as the same table over a page break.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planwatch.textnorm import key

from .celltext import clean, one_line
from .header_rows import _grid_header, _is_numbering_row, _same_header
from .layouts import STOP_LINES
from .model import Cell, Column, Grid, ParseWarning, Source, Table
from .page_breaks import _join_continuations

@dataclass
class _GridPart:
    """A table found in one grid, before its rows are joined: a Word table may go on in the next Word table."""

    columns: list[Column]
    header_key: list[str]
    raw: list[tuple[list[Cell], int, bool]]
    title: str | None
    header_source: Source
    grid: int
    first_in_grid: bool
    last_in_grid: bool


def _grid_tables(grids: list[Grid], lines: list[str], fmt: str, warnings: list[ParseWarning]) -> list[Table]:
    """The data tables of real tables (Word tables, sheets). A Word table that repeats the header of the table
    just before it, with nothing but empty paragraphs between, is the same table going on over a page break."""
    parts: list[_GridPart] = []
    for g_index, grid in enumerate(grids, start=1):
        found = _grid_parts(grid, g_index)
        if found:
            found[0].first_in_grid = True
            found[-1].last_in_grid = True
        elif parts and parts[-1].last_in_grid and parts[-1].grid == g_index - 1:
            _continue_headerless(parts[-1], grid, g_index)
        parts.extend(found)
    merged: list[_GridPart] = []
    for part in parts:
        prev = merged[-1] if merged else None
        if (
            fmt != "xlsx"  # a sheet is one table however long; Word, PDF and web pages cut tables at pages
            and prev is not None
            and prev.last_in_grid
            and part.first_in_grid
            and part.grid == prev.grid + 1
            and part.header_key == prev.header_key
            and not any(line.strip() for line in lines[grids[prev.grid - 1].after_line : grids[part.grid - 1].after_line])
        ):
            raw = list(part.raw)
            if raw:
                raw[0] = (raw[0][0], raw[0][1], True)  # a new page: its first row may go on from the last one
            prev.raw.extend((cells, row if isinstance(row, tuple) else (part.grid, row), brk) for cells, row, brk in raw)
            prev.last_in_grid = part.last_in_grid
            prev.grid = part.grid
            continue
        part.raw = [(cells, row if isinstance(row, tuple) else (part.grid, row), brk) for cells, row, brk in part.raw]
        merged.append(part)
    tables: list[Table] = []
    for part in merged:
        t_rows = _join_continuations(part.raw, part.columns, warnings, table=-1)
        tables.append(Table(0, part.columns, t_rows, fmt, title=part.title, header_source=part.header_source))
    return tables


_FILLER = re.compile(r"^(?:col(?:umn)?|cot|c)\s*\d{1,2}$")


def _continue_headerless(part: _GridPart, grid: Grid, g_index: int) -> None:
    """A table with no header of its own, as wide as the table just before it, is that table going on after a
    page break (a converted PDF: one table per page, the header repeated as `Col1 … Col7` or not at all)."""
    rows = _trim_columns(grid.rows)
    width = max((len(r) for r in rows), default=0)
    if width != len(part.columns):
        return
    part.raw = [(c, r if isinstance(r, tuple) else (part.grid, r), b) for c, r, b in part.raw]
    first = True
    for k, row in enumerate(rows):
        texts = [clean(c.text) for c in row]
        filled = [key(t) for t in texts if t]
        if not filled or all(_FILLER.match(t) for t in filled) or _is_numbering_row(texts):
            continue
        cells = _section_row([Cell(t, c.number) for t, c in zip(texts, row)])
        cells += [Cell("") for _ in range(len(part.columns) - len(cells))]
        # Sources are (grid, row) of the grid the row is in; the part keeps its own grid for the rows it read.
        part.raw.append((cells, (g_index, k + 1), first))
        first = False
    part.grid = g_index


def _section_row(cells: list[Cell]) -> list[Cell]:
    """A row spanning the table, converted with its title in every cell: the title once, in the name cell."""
    texts = [c.text for c in cells]
    filled = [t for t in texts if t]
    if len(filled) >= 3 and len(set(filled[1:])) == 1 and filled[-1] == texts[-1]:
        title = filled[-1]
        first = texts.index(title)
        return [c if j <= first else Cell("") for j, c in enumerate(cells)]
    return cells


def _grid_parts(grid: Grid, g_index: int) -> list[_GridPart]:
    """The tables of one grid: a header row, then rows until the next header."""
    parts: list[_GridPart] = []
    rows = _trim_columns(grid.rows)
    r = 0
    while r < len(rows):
        columns, used = _grid_header(rows, r)
        if columns is None:
            r += 1
            continue
        header_key = [key(c.text) for c in rows[r]]
        title_lines = [" ".join(c.text for c in row if c.text) for row in rows[max(0, r - 3) : r]]
        raw: list[tuple[list[Cell], int, bool]] = []
        after_break = False
        k = r + used
        while k < len(rows):
            row = rows[k]
            texts = [c.text for c in row]
            if [key(t) for t in texts] == header_key or _same_header(texts, columns):
                after_break = True
                k += 1
                continue
            if _is_numbering_row(texts):
                k += 1
                continue
            if _grid_header(rows, k)[0] is not None:
                break  # another table in the same grid
            first = next((t for t in texts if t.strip()), "")
            if STOP_LINES.match(first.strip()):
                break  # the signature under the table
            cells = []
            for j, gc in enumerate(row[: len(columns)]):
                cells.append(Cell(clean(gc.text), gc.number))
            cells += [Cell("") for _ in range(len(columns) - len(cells))]
            for j, gc in enumerate(row[: len(columns)]):
                if gc.merged_from_above and not gc.spanned and raw:
                    above = raw[-1][0][j]
                    cells[j] = Cell(above.text, above.number, restored=True)
            cells = _section_row(cells)
            if any(c.text for c in cells):
                raw.append((cells, k + 1, after_break))
                after_break = False
            k += 1
        parts.append(
            _GridPart(
                columns,
                header_key,
                raw,
                one_line(" ".join(title_lines)) or None,
                Source(table=g_index, row=r + 1),
                g_index,
                False,
                False,
            )
        )
        r = k
    return parts


def _trim_columns(rows: list[list]) -> list[list]:
    """Without the empty columns on the right (a sheet read up to a fixed width)."""
    width = 0
    for row in rows:
        for j in range(len(row) - 1, -1, -1):
            if row[j].text:
                width = max(width, j + 1)
                break
    return [row[:width] for row in rows]
