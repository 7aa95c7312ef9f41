"""Cell streams: a table whose cells come one per line or one per paragraph (a Word table pasted as text). The
header is found cell by cell (a header cell may be broken over lines; a second header row follows the first in the
stream: the years under `Kết quả thực hiện`, the kinds under a bare period, `Chủ trì` / `Phối hợp` under
`Trách nhiệm thực hiện`), then the body is aligned to its columns (alignment.py); a header repeated on a new page
goes on with the same table.
"""

from __future__ import annotations

import re

from planwatch.textnorm import key

from .alignment import align
from .cells import TT_PATTERN
from .columns import classify, kind_word, map_header
from .header_rows import _BARE_PERIOD, _BARE_YEAR, _PARENT, _SUB, _combined_header, _header_continues, _is_parent
from .layouts import PIPE_ONLY, Item, line_items, paragraph_items
from .layouts import STOP as _STOP
from .model import Cell, Column, Row, Source, Table
from .page_breaks import _continues, _join_row
from .table_cut import _Found, _title_before, fit

MAX_HEADER_CELLS = 24


def _stream_tables(lines: list[str], cut: str) -> list[_Found]:
    skip = _cells_of_other_cuts(lines)
    items = line_items(lines, skip) if cut == "lines" else paragraph_items(lines, skip)
    headers: list[tuple[int, int, list[Column]]] = []
    i = 0
    while i < len(items):
        found = _stream_header_at(items, i)
        if found is None:
            i += 1
            continue
        headers.append((i, found[0], found[1]))
        i = found[0]
    out: list[_Found] = []
    for h, (start, end, columns) in enumerate(headers):
        stop = headers[h + 1][0] if h + 1 < len(headers) else len(items)
        end += _numbering_cells(items[end:stop], len(columns))
        body = items[end:stop][:MAX_BODY_ITEMS]
        for k, item in enumerate(body):
            if _STOP.match(item.text):
                body = body[:k]
                break
        aligned, used = align(body, columns)
        rows: list[Row] = []
        for a in aligned:
            cells = [Cell(c.text, line=c.line) if c is not None else Cell("") for c in a.cells]
            first = next((c.line for c in a.cells if c is not None), items[start].line)
            rows.append(Row(cells, Source(line=first), confidence=a.confidence, reasons=a.reasons,
                            reason_phrases=a.reason_phrases))
        header_line = items[start].line
        last_item = body[used - 1] if used else items[end - 1]
        end_line = last_item.line - 1 + last_item.lines
        previous = out[-1] if out else None
        if (
            previous is not None
            and previous.end_line >= header_line - 3  # the table before ran up to this header, which repeats it
            and [c.role for c in previous.table.columns] == [c.role for c in columns]
        ):
            _go_on(previous, rows, end_line)  # the header repeated on a new page: the same table goes on
            continue
        table = Table(0, columns, rows, cut, title=_title_before(lines, header_line - 1),
                      header_source=Source(line=header_line), end_line=end_line)
        out.append(_Found(table, end_line, [], start=header_line - 1))
    return out


def _go_on(found: _Found, rows: list[Row], end_line: int) -> None:
    """Rows after a repeated header join the table; the first goes on the last row when it looks unfinished."""
    table = found.table
    tt = table.column_index("tt")
    if rows and table.rows and _continues(table.rows[-1].cells, rows[0].cells, table.columns, tt):
        _join_row(table.rows[-1], rows[0].cells, tt, rows[0].source, found.warnings)
        rows = rows[1:]
    table.rows.extend(rows)
    table.end_line = found.end_line = end_line
    found.score = fit(table)


MAX_BODY_ITEMS = 20000  # a table's cells in a stream; the alignment's cost grows with them


def _numbering_cells(items: list[Item], n: int) -> int:
    """`(1)`, `(2)` ... `(n)` under the header numbers its columns: not a row."""
    k = 0
    while k < min(n, len(items)):
        m = re.fullmatch(r"\(?(\d{1,2})\)?", items[k].text.strip())
        if not m or int(m.group(1)) != k + 1:
            break
        k += 1
    return k if k == n else 0


def _cells_of_other_cuts(lines: list[str]) -> set[int]:
    """Lines the stream cuts leave alone: tab and pipe rows, and the cells between the `|` lines of a flattened
    table (read as lines they would lose the boundaries the `|` gives)."""
    skip = {i for i, line in enumerate(lines) if "|" in line or "\t" in line}
    pipes = [i for i, line in enumerate(lines) if PIPE_ONLY.match(line)]
    for a, b in zip(pipes, pipes[1:]):
        if b - a <= 15:
            skip.update(range(a, b + 1))
    for p in pipes:
        skip.update(range(max(0, p - 3), p))
    return skip


def _header_cell(items: list[Item], j: int) -> tuple[str, int] | None:
    """The header cell at item j and how many items it takes: a header cell may be broken over lines
    (`Đơn` / `vị tính`, `Chỉ tiêu đến` / `năm 2025`); a line that starts in lower case goes on the cell above."""
    t = items[j].text
    if not t or len(t) > 70 or items[j].lines > 3 or _STOP.match(t):
        return None
    if TT_PATTERN.match(t) and classify(t).role != "tt":
        return t, 1  # a row number: never the start of a header cell
    taken = 1
    while j + taken < len(items) and taken < 4:
        nxt = items[j + taken].text
        if not nxt or len(nxt) > 60 or not nxt[:1].islower():
            break
        t, taken = t + " " + nxt, taken + 1
    if classify(t).role == "other" and j + taken < len(items) and len(t) <= 30:
        joined = t + " " + items[j + taken].text
        if len(joined) <= 80 and classify(joined).role != "other":
            return joined, taken + 1
    return t, taken


def _stream_header_at(items: list[Item], i: int) -> tuple[int, list[Column]] | None:
    first = _header_cell(items, i)
    # A header opens with the number or the name column: a title line that names a year is not a header cell.
    if first is None or classify(first[0]).role not in ("tt", "name"):
        return None
    texts: list[str] = []
    ends: list[int] = []
    seen: set = set()
    j = i
    while j < len(items) and len(texts) < MAX_HEADER_CELLS:
        cell = _header_cell(items, j)
        if cell is None and not items[j].text and texts and j + 1 < len(items):
            after = _header_cell(items, j + 1)
            if after is not None and classify(after[0]).role != "other":
                texts.append("")  # an empty header cell (a column headed by nothing, or by the cell above)
                j += 1
                ends.append(j)
                continue
        if cell is None:
            break
        text, taken = cell
        if texts and TT_PATTERN.match(text) and classify(text).role != "tt":
            break  # the first row's number
        if _BARE_YEAR.match(key(text)) and any(_is_parent(t) for t in texts):
            break  # the second header row: the years under `Kết quả thực hiện`
        column = classify(text)
        if column.role == "other":
            nxt = _header_cell(items, j + taken) if j + taken < len(items) else None
            if not (_header_continues(text) and len(text) <= 30 and nxt and classify(nxt[0]).role != "other"):
                if not _PARENT.match(key(text)):
                    break
        sig = (column.role, column.period, column.kind) if column.role in ("target", "value") else column.role
        if column.role == "extra":
            sig = (column.role, key(text))
        if column.role != "other" and sig in seen:
            break
        seen.add(sig)
        texts.append(text)
        j += taken
        ends.append(j)
    while texts and classify(texts[-1]).role == "other" and not _PARENT.match(key(texts[-1])):
        texts.pop()
        ends.pop()
    if len(texts) < 3:
        return None
    end = ends[-1]
    texts = _kinds_under_period(texts)
    texts, end = _labels_under_parents(items, texts, end)
    texts, end = _two_row_header(items, texts, end)
    columns = map_header(texts)
    if columns is None:
        return None
    # Three cells without a number column could be any three lines of a table's body (`Đề án`, `2023-2025`,
    # `Ghi chú`): such a header stands only after a blank line.
    if len(columns) < 4 and all(c.role != "tt" for c in columns) and not items[i].gap:
        return None
    return end, columns


def _kinds_under_period(texts: list[str]) -> list[str]:
    """`... | Năm 2024 | Kế hoạch năm 2025 | Ghi chú | Kế hoạch | Ước thực hiện | So sánh (%)`: a stream of cells
    that lost the empty ones puts the second header row (the kinds of a year's values) after the whole first one.
    The kinds go back under the bare period(s) they belong to, shared in order."""
    run = 0
    while run < len(texts) and kind_word(texts[len(texts) - 1 - run]):
        run += 1
    parents = [k for k, t in enumerate(texts[: len(texts) - run]) if _BARE_PERIOD.match(key(t))]
    if run < 2 or not parents or run % len(parents):
        return texts
    kinds = texts[len(texts) - run :]
    share = run // len(parents)
    out: list[str] = []
    for k, t in enumerate(texts[: len(texts) - run]):
        if k in parents:
            mine = kinds[parents.index(k) * share : (parents.index(k) + 1) * share]
            out.extend(_combined_header(t, kind) for kind in mine)
        else:
            out.append(t)
    return out


# Which sub-headers a parent cell spans: `Trách nhiệm thực hiện` the lead and the coordinating bodies, `Thời gian`
# the start and the end.
_PARENT_FAMILIES = {"lead": ("lead", "coord"), "deadline": ("deadline", "extra")}


def _labels_under_parents(items: list[Item], texts: list[str], end: int) -> tuple[list[str], int]:
    """`... | Trách nhiệm thực hiện | Thời gian | Sản phẩm` then `Chủ trì`, `Phối hợp`, `Bắt đầu`, `Kết thúc`: one
    cell per line, the second header row follows the first; each label goes under the parent of its family, in
    order. Only when every label finds a parent and every such parent gets at least two."""
    subs: list[tuple[str, str]] = []
    j = end
    while j < len(items) and len(subs) < 8:
        text = items[j].text.strip()
        role = classify(text).role
        if role == "other" or TT_PATTERN.match(text) or len(text) > 40:
            break
        subs.append((text, role))
        j += 1
    if len(subs) < 2:
        return texts, end
    taken: set[int] = set()
    shares: dict[int, list[str]] = {}
    for k, text in enumerate(texts):
        family = _PARENT_FAMILIES.get(classify(text).role)
        if not family:
            continue
        mine = [n for n, (_t, role) in enumerate(subs) if n not in taken and role in family]
        if len(mine) >= 2:
            shares[k] = [subs[n][0] for n in mine]
            taken.update(mine)
    if len(taken) != len(subs):
        return texts, end
    out: list[str] = []
    for k, text in enumerate(texts):
        out.extend(_combined_header(text, sub) for sub in shares[k]) if k in shares else out.append(text)
    return out, j


def _two_row_header(items: list[Item], texts: list[str], end: int) -> tuple[list[str], int]:
    """`Kết quả thực hiện` over `2021`, `2022`, `2023`: the second header row follows the first in the stream;
    its cells are given to the parent cells that name no period, in order."""
    parents = [k for k, t in enumerate(texts) if _is_parent(t)]
    if not parents:
        return texts, end
    subs: list[str] = []
    j = end
    while j < len(items) and _SUB.match(key(items[j].text)) and len(subs) < 12:
        subs.append(items[j].text)
        j += 1
    if not subs:
        return texts, end
    share, extra = divmod(len(subs), len(parents))
    out: list[str] = []
    taken = 0
    for k, t in enumerate(texts):
        if k not in parents:
            out.append(t)
            continue
        n = share + (1 if parents.index(k) < extra else 0)
        mine = subs[taken : taken + n]
        taken += n
        out.extend(f"{t} {s}" for s in mine) if mine else out.append(t)
    return out, j
