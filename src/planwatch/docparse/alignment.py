"""Rows recovered from a stream of cells whose row boundaries were lost (one cell per line or per paragraph).

Between the header and the end of the table every cell of the stream belongs to exactly one row, in column order;
a row may lack any cell but its name (an empty cell leaves no line when a web page is copied; a merged cell leaves
none either), and a cell may span several lines (a long name wrapped by the page). Which cut fits best is found by
dynamic programming over (position in the stream, column): each cell is scored by how well its text fits its
column (`cells.score`), a missing cell and a cell of several lines cost a little, and every row pays a fixed cost,
so that prose after a table, read as rows, scores below zero and the table ends where its rows stop fitting.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .cells import GROUP, NUMBERED, TT_PATTERN, score
from .layouts import EMPTY_MARKS, Item
from planwatch.engine.explain import Phrase, gettext_noop, phrase

from .model import Column, add_reason

NEG = float("-inf")
ROW_COST = 1.0
MISSING = 0.5  # a cell that left no line
# Columns often left empty cost less to miss: where one of two agency cells vanished, it was the coordinating one.
MISSING_BY_ROLE = {"coord": 0.3, "note": 0.3, "product": 0.35, "progress": 0.3, "leader": 0.35, "assessment": 0.35,
                   "extra": 0.45, "other": 0.3, "lead": 0.6}
TT_MISSING = 0.1  # sub-rows have no number: a missing TT cell is ordinary
EXTRA_LINE = 0.35  # each further line of a cell
MAX_LINES = {"progress": 8, "name": 8, "lead": 4, "coord": 6, "note": 6, "product": 4, "leader": 3, "deadline": 3, "other": 4,
             "assessment": 2}
SHORT_ROLES = ("lead", "coord", "leader", "deadline", "unit", "target", "value", "assessment")
MAX_ITEM_CHARS = 1500  # a paragraph longer than this is prose, never a cell


@dataclass
class AlignedRow:
    cells: list[Item | None]  # one per column; None where the row has no cell
    spans: list[int]  # lines of the stream each cell took
    confidence: float = 1.0
    reasons: list[str] = field(default_factory=list)  # in Vietnamese
    reason_phrases: list[Phrase] = field(default_factory=list)  # the same as phrases (`model.add_reason`)


def _numbers_in_sequence(items: list[Item]) -> list[bool]:
    """Whether a whole number could be the next row number: `1`, the last one again (numbering lost in the copy),
    or one or two more. `100` after row 7 is a figure, not row 100."""
    out = [True] * len(items)
    last = 0
    for i, item in enumerate(items):
        m = NUMBERED.match(item.text.strip())
        if not m:
            continue
        if "." in (m.group(1) or ""):
            # `1.2` numbers a sub-row; `52.000` is a figure with a thousands dot.
            out[i] = not any(len(part) == 3 for part in m.group(1).split(".")[1:])
            continue
        value = int(m.group(1) or m.group(2))
        if value in (1, last, last + 1, last + 2):
            last = value
        else:
            out[i] = False
    return out


def _anchor(text: str) -> bool:
    """Text that opens a row and never continues a cell: a row number or a group letter."""
    t = text.strip()
    return bool(NUMBERED.match(t) or GROUP.match(t)) and len(t) <= 6


def align(items: list[Item], columns: list[Column]) -> tuple[list[AlignedRow], int]:
    """The rows of the stream and how many of its items they take (the rest is not part of the table)."""
    n = len(columns)
    roles = [c.role for c in columns]
    name_col = roles.index("name")
    N = len(items)
    if N == 0:
        return [], 0
    cache: dict[tuple[int, int, int], float] = {}
    in_sequence = _numbers_in_sequence(items)
    # Where blank lines are rare between cells, a row that opens after one has crossed out of the table (the
    # page's footer) unless it fits well.
    gaps_rare = sum(1 for it in items if it.gap) * 10 < len(items)

    def cell_score(i: int, k: int, j: int) -> float:
        role = roles[j]
        if k == 0:
            # Of two columns alike, a vanished cell is more likely the later one: cells are read left to right.
            return -TT_MISSING if role == "tt" else -MISSING_BY_ROLE.get(role, MISSING) - 0.01 * (n - j)
        key_ = (i, k, j)
        if key_ in cache:
            return cache[key_]
        if i + k > N:
            return NEG
        parts = items[i : i + k]
        if any(len(p.text) > MAX_ITEM_CHARS for p in parts):
            value = NEG
        elif k > 1 and any(_anchor(p.text) for p in parts[1:]):
            value = NEG  # a row number never continues a cell
        elif role in SHORT_ROLES and sum(len(p.text) for p in parts) > 300:
            value = NEG  # a paragraph of prose is not a list of agencies or a deadline
        else:
            text = " ".join(p.text for p in parts if p.text)
            if role in ("target", "value", "unit") and EMPTY_MARKS.match(text):
                value = 0.2
            elif role == "tt" and not text:
                value = 0.0
            elif role == "tt":
                value = (2.0 if in_sequence[i] else 0.5) if TT_PATTERN.match(text.strip()) else NEG
            elif role in ("target", "value") and GROUP.match(text.strip()):
                value = -1.5  # `C`, `II`: a group's letter, not a figure
            elif role in ("lead", "coord") and text.isupper() and len(text) > 12:
                value = -0.5  # a heading in capitals, not an agency
            else:
                value = score(text, role)
                if role == "name" and parts[0].text[:1].islower():
                    value -= 1.0  # a name opens with a capital; a line in lower case goes on the cell above
            if value != NEG and k > 1:
                value -= EXTRA_LINE * (k - 1)
                # A cell goes on over lines of the page, not over a blank line between two cells.
                value -= 0.6 * sum(1 for p in parts[1:] if p.gap)
        cache[key_] = value
        return value

    def choices(j: int) -> range:
        role = roles[j]
        if role in ("tt", "unit", "target", "value"):
            return range(0, 2)
        if j == name_col:
            return range(1, MAX_LINES["name"] + 1)
        return range(0, MAX_LINES.get(role, 2) + 1)

    # V[i][j]: the best score of the rest when the current row is about to fill column j at item i;
    # V[i][n] closes the row; R[i]: the best of ending the table at i (0) or starting a row there.
    V = [[NEG] * (n + 1) for _ in range(N + 1)]
    R = [0.0] * (N + 1)
    pick: list[list[int]] = [[-1] * (n + 1) for _ in range(N + 1)]
    start_row = [False] * (N + 1)
    order = [name_col] + list(range(name_col - 1, -1, -1))
    after = list(range(n - 1, name_col, -1))
    for i in range(N, -1, -1):
        def fill(j: int) -> None:
            best, best_k = NEG, -1
            for k in choices(j):
                if i + k > N:
                    break
                s = cell_score(i, k, j)
                if s == NEG:
                    if k > 1:
                        break  # a longer cell only takes in the same row number or prose
                    continue
                rest = V[i + k][j + 1]
                if rest == NEG:
                    continue
                if s + rest > best:
                    best, best_k = s + rest, k
            V[i][j], pick[i][j] = best, best_k

        for j in order:
            fill(j)
        # The table cannot end just before a line in lower case: that line goes on the cell above.
        end_here = -1.0 if i < N and items[i].text[:1].islower() and not items[i].gap else 0.0
        opening = V[i][0] - (1.0 if gaps_rare and i < N and items[i].gap else 0.0)
        R[i] = max(end_here, opening)
        start_row[i] = opening > end_here
        V[i][n] = -ROW_COST + R[i]
        # The name takes at least one item, so the start of a row at i never depends on a row ending at i.
        for j in after:
            fill(j)
    rows: list[AlignedRow] = []
    i = 0
    while i < N and start_row[i]:
        cells: list[Item | None] = [None] * n
        spans = [0] * n
        for j in range(n):
            k = pick[i][j]
            if k < 0:
                break
            if k:
                parts = items[i : i + k]
                text = " ".join(p.text for p in parts if p.text)
                cells[j] = Item(text, parts[0].line, parts[0].gap, sum(p.lines for p in parts))
            spans[j] = k
            i += k
        rows.append(_judged(AlignedRow(cells, spans), columns, cell_score))
    return rows, i


def _judged(row: AlignedRow, columns: list[Column], _score) -> AlignedRow:
    """A row's confidence and the reasons that lower it."""
    confidence = 1.0
    filled = [j for j, c in enumerate(row.cells) if c is not None and c.text]
    tt = next((j for j, c in enumerate(columns) if c.role == "tt"), None)
    if tt is not None and row.cells[tt] is not None and GROUP.match(row.cells[tt].text.strip()) and len(filled) <= 2:
        return row  # a group heading: nothing but its letter and title is expected
    for j, col in enumerate(columns):
        cell = row.cells[j]
        label = col.header or col.role
        if cell is None:
            if col.role not in ("tt", "note", "coord", "other"):
                confidence -= 0.08
                add_reason(row, phrase(gettext_noop("thiếu ô '%(column)s'"), column=label))
            continue
        if row.spans[j] > 1:
            confidence -= 0.04 * (row.spans[j] - 1)
            add_reason(
                row, phrase(gettext_noop("ô '%(column)s' ghép từ %(lines)s dòng"), column=label, lines=row.spans[j])
            )
        if cell.text and col.role not in ("tt",) and score(cell.text, col.role) < 0:
            confidence -= 0.2
            add_reason(row, phrase(gettext_noop("ô '%(column)s' không giống nội dung cột"), column=label))
    row.confidence = max(0.05, round(confidence, 2))
    return row
