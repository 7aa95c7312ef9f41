"""The blocks layout: one cell per line, rows separated by blank lines, under a header block that starts with
the TT column. A short block is aligned like a pipe row (pipe_tables.py), its missing cells left empty (nothing
tells a merged cell from an empty one there); a long one has its extra lines joined to the name.
"""

from __future__ import annotations

from planwatch.engine.explain import gettext_noop, phrase
from planwatch.textnorm import key

from .cells import is_tt
from .celltext import one_line
from .columns import TT_KEYS, map_header
from .layouts import STOP as _STOP
from .model import Cell, Column, ParseWarning, Row, Source, Table
from .pipe_tables import _recover_rows
from .table_cut import _Found, _title_before

def _block_tables(lines: list[str]) -> list[_Found]:
    found: list[_Found] = []
    blocks = _blocks(lines)
    b = 0
    while b < len(blocks):
        first, block = blocks[b]
        if len(block) >= 3 and key(block[0]) in TT_KEYS and all("|" not in x and "\t" not in x for x in block):
            columns = map_header([one_line(x) for x in block])
            if columns is not None:
                warnings: list[ParseWarning] = []
                rows: list[Row] = []
                end = first + len(block)
                b += 1
                while b < len(blocks):
                    line_no, row_lines = blocks[b]
                    if _STOP.match(row_lines[0]) or not is_tt(one_line(row_lines[0])) or len(row_lines) > 2 * len(columns):
                        break
                    cells = [Cell(one_line(x), line=line_no + k + 1) for k, x in enumerate(row_lines)]
                    rows.extend(_block_row(cells, columns, warnings, line_no + 1))
                    end = line_no + len(row_lines)
                    b += 1
                table = Table(0, columns, rows, "blocks", title=_title_before(lines, first), header_source=Source(line=first + 1))
                table.end_line = end
                found.append(_Found(table, end, warnings))
                continue
        b += 1
    return found


def _blocks(lines: list[str]) -> list[tuple[int, list[str]]]:
    out: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for i, line in enumerate(lines):
        if line.strip():
            if not current:
                start = i
            current.append(line)
        elif current:
            out.append((start, current))
            current = []
    if current:
        out.append((start, current))
    return out


def _block_row(cells: list[Cell], columns: list[Column], warnings: list[ParseWarning], line: int) -> list[Row]:
    n = len(columns)
    if len(cells) == n:
        return [Row(cells, Source(line=line))]
    if len(cells) > n:
        name = next((j for j, c in enumerate(columns) if c.role == "name"), 1)
        extra = len(cells) - n
        merged = Cell(" ".join(c.text for c in cells[name : name + extra + 1]), line=cells[name].line)
        warnings.append(
            ParseWarning(
                "extra_cells",
                phrase(
                    gettext_noop(
                        "Dòng có %(cells)s ô, nhiều hơn %(columns)s cột; các dòng thừa được coi là phần tiếp của ô tên."
                    ),
                    cells=len(cells),
                    columns=n,
                ),
                Source(line=line),
            )
        )
        return [Row(cells[:name] + [merged] + cells[name + extra + 1 :], Source(line=line))]
    rows = _recover_rows(cells, columns, warnings, restore=False, layout="blocks")
    return rows[:1] if len(rows) == 1 else rows
