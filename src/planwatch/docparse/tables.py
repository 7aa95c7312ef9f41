"""Every table layout → one intermediate model: `Table(columns, rows: [Row(cells, source)])`.

Layouts:

- `pipe` (flattened, plan 183): one cell on one or several lines, `|` ending each cell, row boundaries and
  row-spanning (merged) cells lost. Rows are recovered from the header's column count, the TT column's pattern and
  the cells' content types (`cells.score`) by dynamic programming over the cell stream: a row may lack cells
  other than TT and name, and a lacking cell was merged with the cell above, so it is restored from above.
- `tab` (the 2024 plan): one row per line, cells separated by tabs, the header repeated on every page, a row
  continued on the next page written as a new row with an empty TT cell; repeated headers are dropped and
  continuation rows joined to the row they continue.
- `blocks`: one cell per line, rows separated by blank lines; a short block is aligned like a pipe row, its missing
  cells left empty (nothing tells a merged cell from an empty one there).
- `docx` / `xlsx`: real tables with merged cells (gridSpan/vMerge, merged ranges); a vertically merged cell is
  restored from its origin, headers on two rows are combined (`Thực hiện` over `2022`), a numbering row
  (`1 | 2 | 3 ...`) under the header is dropped, repeated headers and continuation rows handled as for `tab`.

Each layout is read in its own module (pipe_tables, tab_tables, block_tables, explicit_tables for markdown and
spaced rows, stream_tables for one cell per line or paragraph, grid_tables for real tables), with the header rows
they share in header_rows, page-break continuations in page_breaks and the competing cuts in table_cut. This module
runs them all, keeps the best cut of each run of lines, and checks what the tables found mean.
"""

from __future__ import annotations

import re
from functools import reduce
from operator import add

from planwatch.engine.explain import Phrase, gettext_noop, literal, phrase

from .block_tables import _block_tables
from .cells import GROUP, NUMBERED, assessment_like
from .explicit_tables import _explicit_tables, short_row  # noqa: F401  (short_row re-exported)
from .grid_tables import _grid_tables
from .layouts import markdown_regions, numeric_tail_regions, spaced_regions
from .model import UNCERTAIN, Cell, Column, ParseWarning, Row, Source, SourceDocument, Table
from .pipe_tables import MAX_OMITTED, _pipe_tables  # noqa: F401  (MAX_OMITTED re-exported)
from .stream_tables import MAX_BODY_ITEMS, MAX_HEADER_CELLS, _stream_tables  # noqa: F401  (limits re-exported)
from .tab_tables import _tab_tables
from .table_cut import _Found, fit  # noqa: F401  (fit re-exported)


def find_tables(doc: SourceDocument, warnings: list[ParseWarning]) -> list[Table]:
    """Every data table of the document, in document order, numbered from 1."""
    placed: list[tuple[float, Table]] = []
    if doc.format != "xlsx":
        for f in text_tables(doc.lines):
            placed.append((f.start, f.table))
            warnings.extend(f.warnings)
    if doc.grids:
        for t in _grid_tables(doc.grids, doc.lines, "text" if doc.format == "text" else doc.format, warnings):
            grid = doc.grids[(t.header_source.table or 1) - 1]
            placed.append((grid.after_line - 0.5, t))
    placed.sort(key=lambda p: p[0])
    tables = [t for _, t in placed]
    for i, t in enumerate(tables, start=1):
        t.index = i
        check_meanings(t)
        t.rows = [part for row in t.rows for part in split_bulleted(row, t.columns, warnings)]
        renumber_lost(t, warnings)
        _report_confidence(t, warnings)
    return tables


def text_tables(lines: list[str]) -> list[_Found]:
    """Every cut of the text tried; where two cuts read the same lines, the better fit is kept."""
    candidates = (
        _pipe_tables(lines)
        + _tab_tables(lines)
        + _block_tables(lines)
        + [
            f
            for region in markdown_regions(lines) + spaced_regions(lines) + numeric_tail_regions(lines)
            for f in _explicit_tables(region)
        ]
        + _stream_tables(lines, "lines")
        + _stream_tables(lines, "paragraphs")
    )
    candidates.sort(key=lambda f: -f.score)
    kept: list[_Found] = []
    for f in candidates:
        if any(f.start < k.end_line and k.start < f.end_line for k in kept):
            continue
        kept.append(f)
    kept.sort(key=lambda f: f.start)
    return kept


_BULLET = re.compile(r"^\s*[-+•–*]\s+")


def split_bulleted(row: Row, columns: list[Column], warnings: list[ParseWarning]) -> list[Row]:
    """A name with k bullet lines beside figures written k to a cell (`Tỷ lệ nước sạch:` / `- Đô thị` / `- Nông
    thôn` beside `98,5` / `72,0`) is a row and its k sub-rows, as the table means it."""
    names = [j for j, c in enumerate(columns) if c.role == "name"]
    if not names:
        return [row]
    name = names[0]
    lines = row.cells[name].text.split("\n")
    bullets = lines[1:]
    if len(lines) >= 2 and all(_BULLET.match(b) for b in lines):
        return _split_parentless(row, columns, name, lines, warnings)
    if len(bullets) < 2 or not all(_BULLET.match(b) for b in bullets):
        return [row]
    k = len(bullets)
    split: dict[int, list[str]] = {}
    figures = False
    for j, col in enumerate(columns):
        if j == name or not row.cells[j].text or row.cells[j].number is not None:
            continue
        parts = row.cells[j].text.split("\n")
        if len(parts) == 1:
            continue  # one cell for all: the parent's (a lead, a note)
        if len(parts) not in (k, k + 1):
            return [row]
        split[j] = ([""] if len(parts) == k else []) + parts
        figures = figures or col.role in ("target", "value")
    if not figures:
        return [row]
    out: list[Row] = []
    for t, label in enumerate([lines[0]] + bullets):
        cells = []
        for j, cell in enumerate(row.cells):
            if j == name:
                cells.append(Cell(label, line=cell.line))
            elif j in split:
                cells.append(Cell(split[j][t], line=cell.line))
            elif t == 0 or columns[j].role in ("unit", "lead", "leader"):
                cells.append(Cell(cell.text, cell.number, cell.restored, cell.line))
            else:
                cells.append(Cell("", line=cell.line))
        if t > 0 and columns[0].role == "tt":
            cells[0] = Cell("")
        out.append(Row(cells, row.source, confidence=row.confidence, reasons=list(row.reasons),
                       reason_phrases=list(row.reason_phrases)))
    warnings.append(
        ParseWarning(
            "row_split",
            phrase(
                gettext_noop(
                    "Ô tên có %(count)s dòng gạch đầu dòng bên cạnh %(count)s số liệu: đã tách thành %(count)s chỉ "
                    "tiêu con."
                ),
                count=k,
            ),
            row.source,
            lines[0][:200],
        )
    )
    return out


def renumber_lost(table: Table, warnings: list[ParseWarning]) -> None:
    """Word's automatic numbering does not survive a copy: every row reads `1.`. Rows are numbered again in
    order (within each group), and the planner is told."""
    tt = table.column_index("tt")
    if tt is None:
        return
    plain = [r for r in table.rows if re.fullmatch(r"\d{1,3}\.?", r.cells[tt].text.strip())]
    if len(plain) < 3 or len({r.cells[tt].text.strip().rstrip(".") for r in plain}) != 1:
        return
    written = plain[0].cells[tt].text.strip()
    number = 0
    for row in table.rows:
        text = row.cells[tt].text.strip()
        if GROUP.match(text) and not NUMBERED.match(text):
            continue
        if row in plain:
            number += 1
            row.cells[tt] = Cell(f"{number}." if text.endswith(".") else str(number), line=row.cells[tt].line)
    warnings.append(
        ParseWarning(
            "renumbered",
            phrase(
                gettext_noop(
                    "Mọi dòng của bảng %(table)s đều đánh số '%(written)s' (số tự động của Word mất khi sao chép): "
                    "đã đánh số lại 1 đến %(last)s theo thứ tự. Hãy kiểm tra."
                ),
                table=table.index,
                written=written,
                last=number,
            ),
            table.header_source or Source(),
        )
    )


def _split_parentless(row: Row, columns: list[Column], name: int, lines: list[str], warnings) -> list[Row]:
    """Every line of the name a bullet, beside as many figures per cell: k rows, no parent row."""
    k = len(lines)
    split: dict[int, list[str]] = {}
    for j, col in enumerate(columns):
        if j == name or not row.cells[j].text:
            continue
        parts = row.cells[j].text.split("\n")
        if len(parts) == k and col.role in ("target", "value", "unit"):
            split[j] = [_BULLET.sub("", p) for p in parts]
    if not any(columns[j].role in ("target", "value") for j in split):
        return [row]
    out = []
    for t, label in enumerate(lines):
        cells = [
            Cell(label, line=c.line) if j == name else Cell(split[j][t], line=c.line) if j in split
            else Cell(c.text, c.number, c.restored, c.line)
            for j, c in enumerate(row.cells)
        ]
        out.append(Row(cells, row.source, confidence=row.confidence, reasons=list(row.reasons),
                       reason_phrases=list(row.reason_phrases)))
    warnings.append(
        ParseWarning(
            "row_split",
            phrase(
                gettext_noop(
                    "Ô tên có %(count)s dòng gạch đầu dòng bên cạnh %(count)s số liệu: đã tách thành %(count)s "
                    "chỉ tiêu."
                ),
                count=k,
            ),
            row.source,
            lines[0][:200],
        )
    )
    return out


def _figure(text: str) -> bool:
    from .numbers import parse_quantity

    q = parse_quantity(text).quantity
    return q is not None and q.op != "qualitative"


def check_meanings(table: Table) -> None:
    """A header's word checked against what the column holds: a `Ghi chú` column of `Đạt`, `Không đạt`, `Vượt`
    is the table's own assessment."""
    names = [j for j, c in enumerate(table.columns) if c.role == "name"]
    if len(names) > 1:
        # Several headers read as a name (`Chương trình`, `Nhiệm vụ của Chính phủ`): the name is the column of
        # the longest texts; the others are kept out.
        def length(j: int) -> float:
            texts = [r.cells[j].text for r in table.rows if j < len(r.cells)]
            return sum(len(t) for t in texts) / max(1, len(texts))

        best = max(names, key=length)
        for j in names:
            if j != best:
                table.columns[j] = Column("extra", table.columns[j].header)
    roles = {c.role for c in table.columns}
    for j, col in enumerate(table.columns):
        if col.role not in ("note", "other", "progress", "product", "extra"):
            continue
        texts = [r.cells[j].text for r in table.rows if j < len(r.cells) and r.cells[j].text.strip()]
        if len(texts) >= 2 and sum(1 for t in texts if assessment_like(t)) * 10 >= len(texts) * 6:
            table.columns[j] = Column("assessment", col.header)
        elif (
            "name" in roles and "unit" in roles and not roles & {"target", "value"} and col.role != "extra"
            and len(texts) >= 2 and sum(1 for t in texts if _figure(t)) * 10 >= len(texts) * 6
        ):
            # A column of figures in a table with no figure column (`Kết quả`: ≤ 40, ≥ 30) is its targets.
            table.columns[j] = Column("target", col.header)
            roles.add("target")


def _alike_value_columns(columns: list[Column]) -> list[str]:
    seen: dict[tuple, list[str]] = {}
    for c in columns:
        if c.role in ("value", "target") and c.period:
            seen.setdefault((c.role, c.period, c.kind), []).append(c.header)
    return [f"“{headers[0]}” ×{len(headers)}" for headers in seen.values() if len(headers) > 1]


def _report_confidence(table: Table, warnings: list[ParseWarning]) -> None:
    rows = table.rows
    where = table.header_source or Source()
    if not rows:
        table.confidence = 0.0
        warnings.append(
            ParseWarning(
                "table_rows_unread",
                phrase(
                    gettext_noop(
                        "Tìm thấy dòng tiêu đề của một bảng (%(where)s) nhưng không đọc được dòng nào của bảng. "
                        "Hãy kiểm tra văn bản nguồn hoặc dán lại bảng."
                    ),
                    where=_where_text(where),
                ),
                where,
                " | ".join(c.header for c in table.columns)[:200],
            )
        )
        return
    known = sum(1 for c in table.columns if c.role != "other") / max(1, len(table.columns))
    table.confidence = round(min(1.0, sum(r.confidence for r in rows) / len(rows)) * (0.5 + 0.5 * known), 2)
    alike = _alike_value_columns(table.columns)
    if alike:
        # Two columns that both hold "the actual of 2024" mean a header the reader did not fully understand.
        table.confidence = round(table.confidence * 0.7, 2)
        warnings.append(
            ParseWarning(
                "columns_alike",
                phrase(
                    gettext_noop(
                        "Bảng %(table)s (%(where)s) có nhiều cột cùng nghĩa (%(columns)s): hãy chọn lại nghĩa từng "
                        "cột để giá trị không bị ghi nhầm."
                    ),
                    table=table.index,
                    where=_where_text(where),
                    columns="; ".join(alike),  # the headers as written, each with its count
                ),
                where,
                " | ".join(c.header for c in table.columns)[:200],
            )
        )
    if table.confidence < UNCERTAIN:
        warnings.append(
            ParseWarning(
                "table_uncertain",
                phrase(
                    gettext_noop(
                        "Bảng %(table)s (%(where)s) đọc được nhưng không chắc chắn (độ tin cậy %(percent)s%%): hãy "
                        "kiểm tra nghĩa các cột và các dòng được đánh dấu."
                    ),
                    table=table.index,
                    where=_where_text(where),
                    percent=_percent(table.confidence),
                ),
                where,
                " | ".join(c.header for c in table.columns)[:200],
            )
        )
    for row in rows:
        if row.confidence < UNCERTAIN:
            warnings.append(
                ParseWarning(
                    "row_uncertain",
                    phrase(
                        gettext_noop("Dòng này đọc không chắc chắn (%(percent)s%%): %(reasons)s."),
                        percent=_percent(row.confidence),
                        reasons=_reasons(row, 4),
                    ),
                    row.source,
                    " | ".join(c.text for c in row.cells if c.text)[:200],
                )
            )


def _where_text(source: Source) -> Phrase:
    if source.line is not None:
        return phrase(gettext_noop("dòng %(line)s"), line=source.line)
    if source.table is not None:
        return phrase(gettext_noop("bảng %(table)s, hàng %(row)s"), table=source.table, row=source.row)
    return phrase(gettext_noop("không rõ vị trí"))


def _percent(value: float) -> int:
    """A confidence (0-1) as a whole percentage; the template writes the `%`."""
    return round(value * 100)


def _reasons(row: Row, most: int) -> Phrase:
    """The first `most` reasons that lowered a row's confidence, joined by "; " as phrases (`model.add_reason`);
    a reason kept as text only stays text."""
    phrases = row.reason_phrases if len(row.reason_phrases) == len(row.reasons) else [literal(r) for r in row.reasons]
    return reduce(add, phrases[:most]) if phrases else literal("")


def table_lines(doc: SourceDocument, tables: list[Table]) -> set[int]:
    """0-based indexes of the text lines that belong to tables (prose parsing skips them)."""
    out: set[int] = set()
    for t in tables:
        if t.header_source and t.header_source.line and t.end_line:
            first = t.header_source.line - 1
            out.update(range(first, t.end_line))
    return out
