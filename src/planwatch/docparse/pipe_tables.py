"""The pipe layout (flattened, plan 183): one cell on one or several lines, `|` ending each cell, row boundaries
and row-spanning (merged) cells lost. Rows are recovered from the header's column count, the TT column's pattern
and the cells' content types (`cells.score`) by dynamic programming over the cell stream (`_recover_rows`): a row
may lack cells other than TT and name, and a lacking cell was merged with the cell above, so it is restored from
above. The blocks layout recovers its short rows the same way.
"""

from __future__ import annotations

import itertools
import re

from planwatch.engine.explain import gettext_noop, phrase
from planwatch.textnorm import key

from .cells import GROUP, NUMBERED, TT_PATTERN, score
from .celltext import one_line
from .columns import TT_KEYS, classify, map_header
from .header_rows import _header_continues
from .layouts import PIPE_ONLY
from .layouts import STOP as _STOP
from .model import Cell, Column, ParseWarning, Row, Source, Table
from .table_cut import _Found, _title_before

MAX_OMITTED = 3  # cells a flattened row may lack (merged with the row above)


def _caps_title(text: str) -> bool:
    """`CHỈ TIÊU KINH TẾ`: a group's title in capitals, as a table without a number column writes it."""
    return len(text.split()) >= 2 and text.isupper() and not re.search(r"\d", text)


def _pipe_cells(lines: list[str], start: int, end: int) -> list[Cell]:
    """Cells of lines[start:end]: every `|` ends a cell; text after the last `|` is not part of the table."""
    cells: list[Cell] = []
    parts: list[str] = []
    first_line: int | None = None
    for i in range(start, end):
        pieces = lines[i].split("|")
        for p_index, piece in enumerate(pieces):
            if piece.strip():
                parts.append(piece)
                if first_line is None:
                    first_line = i + 1
            if p_index < len(pieces) - 1:  # a `|` follows this piece
                cells.append(Cell(one_line(" ".join(parts)), line=first_line if first_line else i + 1))
                parts, first_line = [], None
    return cells


def _is_pipe_line(line: str) -> bool:
    return "|" in line


def _pipe_tables(lines: list[str]) -> list[_Found]:
    found: list[_Found] = []
    starts = _pipe_starts(lines)
    for k, start in enumerate(starts):
        if found and start < found[-1].end_line:
            continue
        limit = next((s for s in starts[k + 1 :] if s > start + 1), len(lines))
        result = _pipe_table_at(lines, start, limit)
        if result is not None:
            found.append(result)
    return found


def _pipe_starts(lines: list[str]) -> list[int]:
    """Lines where a flattened table's header may start: `TT` before a `|`, or the first cell of a run of `|`
    cells that names a column. A first cell follows its caption (or a blank line), never another `|` within a few
    lines; of its lines, the longest ending run that names a column is the cell (the rest is the caption)."""
    starts: set[int] = set()
    for i, line in enumerate(lines):
        if line.strip() and len(line) <= 40 and "|" not in line and key(line) in TT_KEYS and _next_nonblank_is_pipe(lines, i):
            starts.add(i)
    for p, line in enumerate(lines):
        if not PIPE_ONLY.match(line):
            continue
        cell: list[int] = []
        j = p - 1
        while j >= 0 and len(cell) < 4 and lines[j].strip() and "|" not in lines[j]:
            cell.append(j)
            j -= 1
        if not cell or (j >= 0 and "|" in lines[j] and len(cell) < 4):
            continue  # an inner cell: another `|` ends the cell before it
        cell.reverse()
        for k in range(1, min(3, len(cell)) + 1):  # the shortest: caption lines above are not the header
            text = one_line(" ".join(lines[x] for x in cell[-k:]))
            if len(text) <= 80 and classify(text).role != "other":
                starts.add(cell[-k])
                break
    return sorted(starts)


def _next_nonblank_is_pipe(lines: list[str], i: int) -> bool:
    for j in range(i + 1, min(i + 3, len(lines))):
        if lines[j].strip():
            return lines[j].strip().startswith("|")
    return False


def _pipe_table_at(lines: list[str], start: int, limit: int) -> _Found | None:
    # The region: up to the last `|` before a stop line (an appendix title, the signature) or the next header.
    last_pipe = start
    j = start + 1
    while j < limit:
        line = lines[j]
        if _STOP.match(line):
            break
        if _is_pipe_line(line):
            last_pipe = j
        j += 1
    cells = _pipe_cells(lines, start, last_pipe + 1)
    header_cells: list[Cell] = []
    seen: set[str] = set()
    for c in cells:
        role = classify(c.text).role if c.text else "other"
        if header_cells and (_caps_title(c.text) or (role in ("tt", "name", "unit", "lead") and role in seen)):
            break  # a group's title or the first row's name: the header has ended
        if c.text and (not header_cells or not TT_PATTERN.match(c.text)) and role != "other":
            header_cells.append(c)
            seen.add(role)
        elif c.text and header_cells and not TT_PATTERN.match(c.text) and _header_continues(c.text):
            header_cells.append(c)
        else:
            break
    while header_cells and classify(header_cells[-1].text).role == "other":
        header_cells.pop()  # words after the last column's name belong to the first row
    columns = map_header([c.text for c in header_cells])
    if columns is None:
        return None
    data = cells[len(header_cells) :]
    warnings: list[ParseWarning] = []
    rows = _recover_rows(data, columns, warnings, restore=True, layout="pipe")
    table = Table(0, columns, rows, "pipe", title=_title_before(lines, start), header_source=Source(line=start + 1))
    table.end_line = last_pipe + 1
    return _Found(table, last_pipe + 1, warnings)


def _recover_rows(
    cells: list[Cell], columns: list[Column], warnings: list[ParseWarning], *, restore: bool, layout: str
) -> list[Row]:
    """Rows from a stream of cells whose row boundaries were lost (dynamic programming, see module doc)."""
    n = len(columns)
    N = len(cells)
    if N == 0:
        return []
    roles = [c.role for c in columns]
    spannable = [j for j in range(n) if roles[j] not in ("tt", "name")]
    options: list[tuple[int, ...]] = [()]
    for size in range(1, len(spannable) + 1):
        options.extend(itertools.combinations(spannable, size))
    cache: dict[tuple[int, int], float] = {}

    def s(i: int, j: int) -> float:
        k = (i, j)
        if k not in cache:
            cache[k] = score(cells[i].text, roles[j])
        return cache[k]

    def penalty(omitted: tuple[int, ...]) -> float:
        return sum(1.0 + 0.01 * (n - j) for j in omitted)

    NEG = float("-inf")
    best = [NEG] * (N + 1)
    choice: list[tuple[tuple[int, ...], int] | None] = [None] * (N + 1)
    best[N] = 0.0
    for i in range(N - 1, -1, -1):
        # A group's heading (`I | CÔNG TÁC TUYÊN TRUYỀN`) spans the table: it alone may lack every other cell.
        first = cells[i].text.strip()
        heading = (roles[0] == "tt" and bool(GROUP.match(first)) and not NUMBERED.match(first)) or (
            roles[0] != "tt" and _caps_title(first)
        )
        for omitted in options:
            if len(omitted) > MAX_OMITTED and not heading:
                continue
            k = n - len(omitted)
            cols = [j for j in range(n) if j not in omitted]
            truncated = 0
            if i + k > N:
                # The last row of the stream may end early: its missing cells are empty, not merged.
                if omitted:
                    continue
                truncated = i + k - N
                cols = cols[: N - i]
                k = N - i
            total = -penalty(omitted) - 0.3 * truncated
            for t in range(k):
                total += s(i + t, cols[t])
                if total == NEG:
                    break
            if total == NEG or best[i + k] == NEG:
                continue
            total += best[i + k]
            if total > best[i]:
                best[i] = total
                choice[i] = (omitted, k)
    if best[0] == NEG:
        # No alignment satisfies the TT pattern: cut rows at the header's width and say so.
        warnings.append(
            ParseWarning(
                "rows_not_recovered",
                phrase(
                    gettext_noop(
                        "Không khôi phục được ranh giới các dòng của bảng; các ô được chia đều theo số cột của tiêu đề."
                    )
                ),
                Source(line=cells[0].line),
            )
        )
        return [
            Row(cells[i : i + n] + [Cell("") for _ in range(max(0, i + n - N))], Source(line=cells[i].line))
            for i in range(0, N, n)
        ]
    rows: list[Row] = []
    i = 0
    previous: list[Cell] | None = None
    while i < N:
        omitted, k = choice[i]  # type: ignore[misc]
        cols = [j for j in range(n) if j not in omitted][:k]
        row_cells: list[Cell | None] = [None] * n
        for t, j in enumerate(cols):
            row_cells[j] = cells[i + t]
        tt_text = row_cells[0].text.strip() if roles[0] == "tt" and row_cells[0] is not None else ""
        group_row = (bool(GROUP.match(tt_text)) and not NUMBERED.match(tt_text)) or (
            roles[0] != "tt" and row_cells[0] is not None and _caps_title(row_cells[0].text.strip())
        )
        for j in range(n):
            if row_cells[j] is None:
                # A group's heading spans the table: nothing of it was merged with the row above.
                if j in omitted and restore and previous is not None and not group_row:
                    above = previous[j]
                    row_cells[j] = Cell(above.text, above.number, restored=True, line=above.line)
                else:
                    row_cells[j] = Cell("")
        first = next((c for c in row_cells if c and c.text and not c.restored), cells[i])
        if not any(c.text for c in row_cells):  # type: ignore[union-attr]
            i += k  # the empty cells that end a flattened table
            continue
        rows.append(Row(row_cells, Source(line=first.line)))  # type: ignore[arg-type]
        if len(cols) < n - len(omitted):
            warnings.append(
                ParseWarning(
                    "row_cut_short",
                    phrase(gettext_noop("Dòng cuối của bảng thiếu ô (văn bản có thể bị cắt); các ô thiếu để trống.")),
                    Source(line=first.line),
                )
            )
        if omitted and restore and previous is not None:
            for j in omitted:
                if row_cells[j].text:
                    warnings.append(
                        ParseWarning(
                            "cell_restored",
                            phrase(
                                gettext_noop(
                                    "Ô '%(column)s' bị gộp với dòng trên (mất khi chuyển văn bản); đã lấy lại nội dung "
                                    "từ dòng trên."
                                ),
                                column=columns[j].header,
                            ),
                            Source(line=first.line),
                            row_cells[j].text,
                        )
                    )
        previous = row_cells  # type: ignore[assignment]
        i += k
    return rows
