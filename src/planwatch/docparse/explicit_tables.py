"""Explicit rows in text: markdown pipe tables and columns separated by spaces (a PDF's text), one row per line.
A run of such lines is read as a grid, as a Word table is (two-row headers, repeated headers, numbering rows and
page continuations); a spaced layout is first put under its header's columns by position, a header written over
several lines joined, and a row with fewer cells than its header filled and said so (`short_row`).
"""

from __future__ import annotations

import re

from planwatch.engine.explain import gettext_noop, phrase

from .cells import GROUP, NUMBERED, TT_PATTERN, score
from .columns import map_header
from .grid_tables import _grid_parts
from .layouts import ExplicitRegion, columns_by_position
from .model import Column, Grid, GridCell, ParseWarning, Row, Source, Table, add_reason
from .page_breaks import _join_continuations
from .table_cut import _Found

def _explicit_tables(region: ExplicitRegion) -> list[_Found]:
    """The tables of a run of one-row-per-line text: read as a grid (two-row headers, repeated headers,
    numbering rows and page continuations as in a Word table), each row's source its line."""
    rows = [[GridCell(text) for text in row] for row in region.rows]
    width = max((len(r) for r in rows), default=0)
    row_lines = list(region.row_lines)
    if region.layout == "spaces":
        rows, row_lines = _by_header_position(region, rows)
        rows, row_lines = _spaced_rows(rows, row_lines)
        width = max((len(r) for r in rows), default=0)
    short: list[tuple[list[str], int]] = [([c.text for c in r], k) for k, r in enumerate(rows) if len(r) < width]
    rows = [r + [GridCell("") for _ in range(width - len(r))] for r in rows]
    found: list[_Found] = []
    for part in _grid_parts(Grid(rows), 0):
        header_line = row_lines[(part.header_source.row or 1) - 1]
        raw = [(cells, row_lines[k - 1], brk) for cells, k, brk in part.raw]
        warnings: list[ParseWarning] = []
        header_row = (part.header_source.row or 1) - 1
        for texts, k in short:
            if k > header_row:
                short_row(texts, part.columns, Source(line=row_lines[k]), warnings)
        table_rows = _join_continuations(raw, part.columns, warnings)
        for row in table_rows:
            _judge_row(row, part.columns)
        title = part.title
        table = Table(0, part.columns, table_rows, region.layout, title=title, header_source=Source(line=header_line))
        last = table_rows[-1].source.line if table_rows else header_line
        table.end_line = max(last, header_line)
        found.append(_Found(table, table.end_line, warnings, start=header_line - 1))
    if found:
        found[-1].end_line = found[-1].table.end_line = max(found[-1].end_line, region.end)
    return found


def _header_on_lines(region: ExplicitRegion, ks: list[int]) -> tuple[list[tuple[int, str]], list[str]]:
    """A header written over several lines of a PDF's text: its columns start wherever any of its lines starts
    a cell (the years under `---- Thực hiện ----` are columns of their own), and a cell of an upper line that
    spans several columns heads each of them."""
    starts: list[int] = []
    for k in ks:
        for x in region.offsets[k]:
            if all(abs(x - s) > 2 for s in starts):
                starts.append(x)
    starts.sort()
    texts = [""] * len(starts)
    for k in ks:
        for x, text in zip(region.offsets[k], region.rows[k]):
            covered = [j for j, s in enumerate(starts) if x - 2 <= s < x + len(text)]
            label = text.strip(" -–—_=")
            if len(covered) > 1 and label:
                for j in covered:
                    texts[j] = (texts[j] + " " + label).strip()
                continue
            j = max((j for j, s in enumerate(starts) if s <= x + 2), default=0)
            texts[j] = (texts[j] + " " + label).strip()
    return list(zip(starts, texts)), texts


def _by_header_position(region: ExplicitRegion, rows: list[list[GridCell]]) -> tuple[list[list[GridCell]], list[int]]:
    """Below a header whose cells map, every row is put under the columns by position. With a number column, a
    line with no number under it goes on the row above, cell by cell: a PDF's text wraps every long cell over
    several lines (the header's too, before the first number)."""
    header = next((k for k, r in enumerate(region.rows) if map_header(r) is not None), None)
    if header is None:
        # A header whose words are spread over two or three lines names its columns only once they are joined.
        for k in range(min(len(region.rows), 40)):
            # The lines that go on the header leave its first column empty; the first row's number stands there.
            ks = [k]
            while (
                len(ks) < 4 and k + len(ks) < len(region.rows)
                and region.offsets[k + len(ks)][0] > region.offsets[k][0] + 2
            ):
                ks.append(k + len(ks))
            if len(ks) > 1 and map_header(_header_on_lines(region, ks)[1]):
                header, spread = k, len(ks) - 1
                break
        if header is None:
            return rows, list(region.row_lines)
        head, texts = _header_on_lines(region, list(range(header, header + spread + 1)))
        region = ExplicitRegion(
            region.layout, region.start, region.end,
            region.rows[:header] + [texts] + region.rows[header + spread + 1 :],
            region.row_lines[: header + 1] + region.row_lines[header + spread + 1 :],
            region.offsets[:header] + [[x for x, _ in head]] + region.offsets[header + spread + 1 :],
        )
        rows = [[GridCell(t) for t in r] for r in region.rows]
    head = list(zip(region.offsets[header], region.rows[header]))
    lines = list(region.row_lines[: header + 1])
    columns = map_header(region.rows[header]) or []
    tt = next((j for j, c in enumerate(columns) if c.role == "tt"), None)
    placed_rows: list[list[str]] = []
    header_texts = list(region.rows[header])
    first_row = header + 1
    if tt is not None:
        below = []
        while first_row < len(rows):
            placed = columns_by_position(head, list(zip(region.offsets[first_row], region.rows[first_row])))
            if placed[tt].strip() and TT_PATTERN.match(placed[tt].strip()):
                break
            below.append(first_row)
            first_row += 1
        if below:
            head, header_texts = _header_on_lines(region, [header] + below)
    for k in range(first_row, len(rows)):
        cells = region.rows[k]
        placed = columns_by_position(head, list(zip(region.offsets[k], cells)))
        if tt is None:
            placed_rows.append(list(cells) if len(cells) < 2 and placed_rows else placed)  # a lone cell: joined below
            lines.append(region.row_lines[k])
            continue
        number = placed[tt].strip()
        opens = bool(number) and bool(TT_PATTERN.match(number))
        if opens:
            placed_rows.append(placed)
            lines.append(region.row_lines[k])
        elif not placed_rows:
            header_texts = [(h + " " + p).strip() for h, p in zip(header_texts, placed)]  # the header wraps too
        else:
            above = placed_rows[-1]
            placed_rows[-1] = [(a + " " + p).strip() if p else a for a, p in zip(above, placed)]
    out = rows[:header] + [[GridCell(t) for t in header_texts]] + [[GridCell(t) for t in r] for r in placed_rows]
    return out, lines


def short_row(texts: list[str], columns: list[Column], source: Source, warnings: list[ParseWarning]) -> None:
    """A row with fewer cells than its header is filled with empty cells, and said so: which figures are
    missing is not known, only that some are."""
    filled = [t for t in texts if t.strip()]
    first = texts[0].strip() if texts else ""
    if len(filled) <= 2 or (GROUP.match(first) and not NUMBERED.match(first)):
        return  # a group heading or a row that continues another
    missing = [c.header or c.role for c in columns[len(texts) :]]
    warnings.append(
        ParseWarning(
            "short_row",
            phrase(
                gettext_noop(
                    "Dòng chỉ có %(cells)s ô, ít hơn %(columns)s cột của tiêu đề: các cột cuối (%(missing)s) để trống. "
                    "Hãy kiểm tra xem số liệu có bị lệch cột không."
                ),
                cells=len(texts),
                columns=len(columns),
                missing=", ".join(missing),
            ),
            source,
            " | ".join(filled)[:200],
        )
    )


def _spaced_rows(rows: list[list[GridCell]], lines: list[int]) -> tuple[list[list[GridCell]], list[int]]:
    """A line with one cell alone is a name wrapped by the layout: it goes on in the row above."""
    out: list[list[GridCell]] = []
    out_lines: list[int] = []
    for row, line in zip(rows, lines):
        if len(row) == 1 and out and len(out[-1]) >= 3:
            above = out[-1]
            j = next((k for k, c in enumerate(above) if len(c.text) > 3 and not re.search(r"\d", c.text)), 0)
            above[j] = GridCell(above[j].text + " " + row[0].text)
            continue
        out.append(row)
        out_lines.append(line)
    return out, out_lines


def _judge_row(row: Row, columns: list[Column]) -> None:
    """Confidence of a row whose cells are known: lowered by each cell that does not look like its column."""
    confidence = 1.0
    for cell, col in zip(row.cells, columns):
        if col.role in ("tt", "other") or not cell.text or cell.number is not None:
            continue
        if score(cell.text, col.role) < 0:
            confidence -= 0.2
            label = col.header or col.role
            add_reason(row, phrase(gettext_noop("ô '%(column)s' không giống nội dung cột"), column=label))
    row.confidence = max(0.05, round(confidence, 2))
