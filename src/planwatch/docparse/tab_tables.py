"""The tab layout (the 2024 plan, a sheet pasted as text): one row per line, cells separated by tabs, the header
on one line or two (a parent over its years, a period over its kinds, a parent over its labels), repeated on every
page; repeated headers are dropped, continuation rows (an empty TT cell after a break) joined to the row they
continue, and a cell Excel wrote in quotes over several lines read whole.
"""

from __future__ import annotations

import csv

from planwatch.engine.explain import gettext_noop, phrase
from planwatch.textnorm import key

from .cells import TT_PATTERN
from .celltext import clean
from .columns import classify, kind_word, map_header
from .explicit_tables import short_row
from .header_rows import _BARE_PERIOD, _SUB, _combined_header, _is_parent, _same_header
from .layouts import PAGE_NUMBER, STOP_LINES
from .model import Cell, Column, ParseWarning, Source, Table
from .page_breaks import _join_continuations
from .table_cut import _Found, _title_before

def _tab_tables(lines: list[str]) -> list[_Found]:
    found: list[_Found] = []
    i = 0
    n = len(lines)
    while i < n:
        line = lines[i]
        if "\t" in line:
            columns, used = _tab_header(lines, i)
            if columns is not None:
                result = _tab_table_at(lines, i, columns, used)
                found.append(result)
                i = result.end_line
                continue
        i += 1
    return found


def _quoted_lines(lines: list[str], j: int) -> int:
    """How many lines the tab row at line j takes: more than one when a cell opens a quote it does not close."""
    text = lines[j]
    if '"' not in text or not any(cell.startswith('"') for cell in text.split("\t")):
        return 1
    taken = 1
    while text.count('"') % 2 and j + taken < len(lines) and taken < 20:
        text += "\n" + lines[j + taken]
        taken += 1
    return taken if text.count('"') % 2 == 0 else 1


def _tab_header(lines: list[str], i: int) -> tuple[list[Column] | None, int]:
    """The header at line i: one line, or two when the second holds only the years under a parent cell
    (`Kết quả thực hiện` then `2021 2022 2023`, the parent's span left as empty cells to its right)."""
    first = [clean(c) for c in lines[i].split("\t")]
    if i + 1 < len(lines) and "\t" in lines[i + 1]:
        second = [clean(c) for c in lines[i + 1].split("\t")]
        subs = [t for t in second if t]
        years = all(_SUB.match(key(t)) for t in subs)
        # `Năm 2024` over `Kế hoạch | Ước thực hiện | So sánh (%)`: the kinds of one period's values.
        kinds = not years and all(kind_word(t) for t in subs)
        # `Trách nhiệm thực hiện` over `Chủ trì | Phối hợp`, `Thời gian` over `Bắt đầu | Kết thúc`: header words
        # under a parent whose span was left as empty cells.
        labels = (
            not years and not kinds and not second[0] and len(subs) <= 8
            and all(classify(t).role != "other" and not TT_PATTERN.match(t) and len(t) <= 40 for t in subs)
            and any(t and j < len(first) and not first[j] for j, t in enumerate(second))
        )
        if len(subs) >= 2 and (years or kinds or labels):
            if second[0]:
                # The sub-headers written without the tabs before them: they go under the parent they belong to.
                spans = _is_parent if years else (lambda t: bool(_BARE_PERIOD.match(key(t))))
                parent = next((k for k, t in enumerate(first) if t and spans(t)), None)
                if parent is None:
                    return map_header(first), 1
                if parent + 1 < len(first) and first[parent + 1]:
                    # The parent's span was lost too: it becomes as many columns as it has cells below it.
                    combined = first[:parent] + [_combined_header(first[parent], t) for t in subs] + first[parent + 1 :]
                    columns = map_header(combined)
                    return (columns, 2) if columns is not None else (map_header(first), 1)
                second = [""] * parent + second
            width = max(len(first), len(second))
            first += [""] * (width - len(first))
            second += [""] * (width - len(second))
            combined: list[str] = []
            parent = ""
            for top, below in zip(first, second):
                parent = top or (parent if below else "")
                combined.append(_combined_header(parent, below) if below else top)
            columns = map_header(combined)
            if columns is not None:
                return columns, 2
    return map_header(first), 1


def _tab_table_at(lines: list[str], start: int, columns: list[Column], used: int = 1) -> _Found:
    warnings: list[ParseWarning] = []
    header_key = [key(c) for c in lines[start].split("\t")]
    n = len(columns)
    raw: list[tuple[list[Cell], int, bool]] = []  # cells, line number, after a page break
    shorts: dict[int, list[str]] = {}  # rows with fewer cells than the header, by line
    after_break = False
    j = start + used
    end = j
    while j < len(lines):
        line = lines[j]
        if not line.strip() or PAGE_NUMBER.match(line):
            after_break = True
            j += 1
            continue
        if "\t" not in line or STOP_LINES.match(next((c for c in line.split("\t") if c.strip()), "").strip()):
            break  # prose, or the signature laid out with tabs
        taken = _quoted_lines(lines, j)
        if taken > 1:
            # Excel writes a cell holding a line break in quotes over several lines.
            line = "\n".join(lines[j : j + taken])
            parts = next(csv.reader([line], delimiter="\t", quotechar='"'))
            parts = [p.replace("\r", "") for p in parts]
            j += taken - 1
        else:
            parts = line.split("\t")
        if [key(p) for p in parts] == header_key or _same_header([clean(p) for p in parts], columns):
            after_break = True  # the header repeated on a new page
            j += 1
            end = j
            continue
        if len(parts) > n:
            extra = parts[n - 1 :]
            if any(p.strip() for p in extra[1:]):
                warnings.append(
                    ParseWarning(
                        "extra_cells",
                        phrase(
                            gettext_noop(
                                "Dòng có %(cells)s ô, nhiều hơn %(columns)s cột của tiêu đề; các ô thừa được ghép vào "
                                "ô cuối."
                            ),
                            cells=len(parts),
                            columns=n,
                        ),
                        Source(line=j + 1),
                    )
                )
            parts = parts[: n - 1] + [" ".join(p for p in extra if p.strip())]
        if len(parts) < n:
            shorts[j + 1] = list(parts)
        parts += [""] * (n - len(parts))
        raw.append(([Cell(clean(p), line=j + 1) for p in parts], j + 1, after_break))
        after_break = False
        j += 1
        end = j
    rows = _join_continuations(raw, columns, warnings)
    for row in rows:
        if row.source.line in shorts and not row.joined:  # a row cut by a page break is whole once joined
            short_row(shorts[row.source.line], columns, row.source, warnings)
    table = Table(0, columns, rows, "tab", title=_title_before(lines, start), header_source=Source(line=start + 1))
    table.end_line = end
    return _Found(table, end, warnings)
