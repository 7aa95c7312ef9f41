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
"""

from __future__ import annotations

import csv
import itertools
import re
from dataclasses import dataclass, field

from planwatch.textnorm import key

from .cells import GROUP, NUMBERED, TT_PATTERN, assessment_like, is_tt, score
from .celltext import clean, one_line
from .columns import TT_KEYS, classify, kind_word, map_header, period_of
from .alignment import align
from .layouts import (
    PAGE_NUMBER,
    PIPE_ONLY,
    STOP,
    STOP_LINES,
    ExplicitRegion,
    Item,
    columns_by_position,
    line_items,
    markdown_regions,
    numeric_tail_regions,
    paragraph_items,
    spaced_regions,
)
from .model import UNCERTAIN, Cell, Column, Grid, GridCell, ParseWarning, Row, Source, SourceDocument, Table

MAX_OMITTED = 3  # cells a flattened row may lack (merged with the row above)

_STOP = STOP


@dataclass
class _Found:
    table: Table
    end_line: int  # the first line after the table (text layouts)
    warnings: list[ParseWarning] = field(default_factory=list)  # kept only if the table is
    start: int = -1  # 0-based line where the table (its header) starts
    score: float = 0.0  # how well the cut fits: competing cuts of the same lines keep the best

    def __post_init__(self) -> None:
        if self.start < 0 and self.table.header_source and self.table.header_source.line:
            self.start = self.table.header_source.line - 1
        if not self.score:
            self.score = fit(self.table)


# Layouts fitted to one convention each win a tie against the general cuts that also read them.
_LAYOUT_BONUS = {"pipe": 1.0, "tab": 1.0, "blocks": 0.5, "markdown": 1.0, "spaces": 0.2, "numeric": 0.2}


def fit(table: Table) -> float:
    """How well a cut reads: its rows' confidences and its recognised columns."""
    known = sum(1 for c in table.columns if c.role != "other")
    return sum(r.confidence for r in table.rows) + 0.5 * known + _LAYOUT_BONUS.get(table.layout, 0.0)


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
        out.append(Row(cells, row.source, confidence=row.confidence, reasons=list(row.reasons)))
    warnings.append(
        ParseWarning(
            "row_split",
            f"Ô tên có {k} dòng gạch đầu dòng bên cạnh {k} số liệu: đã tách thành {k} chỉ tiêu con.",
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
            f"Mọi dòng của bảng {table.index} đều đánh số '{written}' (số tự động "
            f"của Word mất khi sao chép): đã đánh số lại 1 đến {number} theo thứ tự. Hãy kiểm tra.",
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
        out.append(Row(cells, row.source, confidence=row.confidence, reasons=list(row.reasons)))
    warnings.append(
        ParseWarning("row_split", f"Ô tên có {k} dòng gạch đầu dòng bên cạnh {k} số liệu: đã tách thành {k} chỉ tiêu.",
                     row.source, lines[0][:200])
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
                f"Tìm thấy dòng tiêu đề của một bảng ({_where_text(where)}) nhưng không đọc được dòng nào của bảng. "
                "Hãy kiểm tra văn bản nguồn hoặc dán lại bảng.",
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
                f"Bảng {table.index} ({_where_text(where)}) có nhiều cột cùng nghĩa ({'; '.join(alike)}): "
                "hãy chọn lại nghĩa từng cột để giá trị không bị ghi nhầm.",
                where,
                " | ".join(c.header for c in table.columns)[:200],
            )
        )
    if table.confidence < UNCERTAIN:
        warnings.append(
            ParseWarning(
                "table_uncertain",
                f"Bảng {table.index} ({_where_text(where)}) đọc được nhưng không chắc chắn (độ tin cậy "
                f"{_percent(table.confidence)}): hãy kiểm tra nghĩa các cột và các dòng được đánh dấu.",
                where,
                " | ".join(c.header for c in table.columns)[:200],
            )
        )
    for row in rows:
        if row.confidence < UNCERTAIN:
            warnings.append(
                ParseWarning(
                    "row_uncertain",
                    f"Dòng này đọc không chắc chắn ({_percent(row.confidence)}): " + "; ".join(row.reasons[:4]) + ".",
                    row.source,
                    " | ".join(c.text for c in row.cells if c.text)[:200],
                )
            )


def _where_text(source: Source) -> str:
    if source.line is not None:
        return f"dòng {source.line}"
    if source.table is not None:
        return f"bảng {source.table}, hàng {source.row}"
    return "không rõ vị trí"


def _percent(value: float) -> str:
    return f"{round(value * 100)}%"


def table_lines(doc: SourceDocument, tables: list[Table]) -> set[int]:
    """0-based indexes of the text lines that belong to tables (prose parsing skips them)."""
    out: set[int] = set()
    for t in tables:
        if t.header_source and t.header_source.line and t.end_line:
            first = t.header_source.line - 1
            out.update(range(first, t.end_line))
    return out


# --- explicit rows in text (markdown pipe tables, columns separated by spaces) ---------------------------


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
            f"Dòng chỉ có {len(texts)} ô, ít hơn {len(columns)} cột của tiêu đề: các cột cuối ({', '.join(missing)}) "
            "để trống. Hãy kiểm tra xem số liệu có bị lệch cột không.",
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
            row.reasons.append(f"ô '{col.header or col.role}' không giống nội dung cột")
    row.confidence = max(0.05, round(confidence, 2))


# --- cell streams: one cell per line or per paragraph ------------------------------------------------------

_PARENT = re.compile(
    r"^(?:ket qua(?: thuc hien)?|thuc hien|uoc thuc hien|uoc th|uth|ke hoach|kh|giai doan|so lieu|chi tieu|"
    r"muc tieu|nam|th|tinh hinh thuc hien|ket qua dat duoc|nhiem vu)$"
)
_SUB = re.compile(r"^(?:(?:nam|th|kh|uth|uoc|uoc th|nv|ke hoach|thuc hien)\s+)?(?:19|20)\d\d(?:\s*(?:19|20)\d\d)?$")
def _caps_title(text: str) -> bool:
    """`CHỈ TIÊU KINH TẾ`: a group's title in capitals, as a table without a number column writes it."""
    return len(text.split()) >= 2 and text.isupper() and not re.search(r"\d", text)


def _is_parent(text: str) -> bool:
    """A header cell that heads the years below it (`Kết quả thực hiện`, `Kế hoạch`), not a column of its own."""
    column = classify(text)
    return bool(_PARENT.match(key(text))) and column.role not in ("tt", "name", "unit") and not column.period


_BARE_PERIOD = re.compile(r"^(?:nam\s+)?(?:19|20)\d\d(?:\s*(?:19|20)\d\d)?$")  # `Năm 2024`, `2021-2025`
_BARE_YEAR = re.compile(r"^(?:19|20)\d\d(?:\s*(?:19|20)\d\d)?$")
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
            rows.append(Row(cells, Source(line=first), confidence=a.confidence, reasons=a.reasons))
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


# --- the pipe layout --------------------------------------------------------------------------------


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


def _header_continues(text: str) -> bool:
    """An unrecognised header cell between recognised ones (`Căn cứ`, `Mã số`): short and not a value."""
    return len(text) <= 40 and not re.search(r"\d", text) and not text.startswith(("-", "+"))


def _title_before(lines: list[str], start: int) -> str | None:
    """The caption above a table (`PHỤ LỤC 1 ...`), up to a blank line or a `|`."""
    out: list[str] = []
    j = start - 1
    while j >= 0 and len(out) < 8:
        line = lines[j].strip()
        if not line or "|" in line or "\t" in line:
            if out:
                break
            j -= 1
            continue
        out.append(line)
        j -= 1
    return one_line(" ".join(reversed(out))) or None


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
                "Không khôi phục được ranh giới các dòng của bảng; các ô được chia đều theo số cột của tiêu đề.",
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
                    "Dòng cuối của bảng thiếu ô (văn bản có thể bị cắt); các ô thiếu để trống.",
                    Source(line=first.line),
                )
            )
        if omitted and restore and previous is not None:
            for j in omitted:
                if row_cells[j].text:
                    warnings.append(
                        ParseWarning(
                            "cell_restored",
                            f"Ô '{columns[j].header}' bị gộp với dòng trên (mất khi chuyển văn bản); đã lấy lại nội dung từ dòng trên.",
                            Source(line=first.line),
                            row_cells[j].text,
                        )
                    )
        previous = row_cells  # type: ignore[assignment]
        i += k
    return rows


# --- the tab layout ---------------------------------------------------------------------------------


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


def _same_header(texts: list[str], columns: list[Column]) -> bool:
    """The header again on a new page, written a little differently (`STT` for `TT`)."""
    again = map_header(texts)
    return again is not None and [c.role for c in again] == [c.role for c in columns][: len(again)]


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
                        f"Dòng có {len(parts)} ô, nhiều hơn {n} cột của tiêu đề; các ô thừa được ghép vào ô cuối.",
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
            "Dòng này là phần tiếp theo (sang trang) của dòng trên; đã ghép vào dòng trên.",
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


# --- the blocks layout ------------------------------------------------------------------------------


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
                f"Dòng có {len(cells)} ô, nhiều hơn {n} cột; các dòng thừa được coi là phần tiếp của ô tên.",
                Source(line=line),
            )
        )
        return [Row(cells[:name] + [merged] + cells[name + extra + 1 :], Source(line=line))]
    rows = _recover_rows(cells, columns, warnings, restore=False, layout="blocks")
    return rows[:1] if len(rows) == 1 else rows


# --- real tables (DOCX, XLSX) -----------------------------------------------------------------------


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


def _grid_header(rows: list[list], r: int) -> tuple[list[Column] | None, int]:
    """The header at row r: one row, or two (a parent spanning columns over their own headers)."""
    if r >= len(rows):
        return None, 0
    first = _glued_period_spread(_spread_spans(rows[r]))
    columns = map_header(first)
    if r + 1 < len(rows):
        second = rows[r + 1]
        texts = [c.text for c in second]
        sub = [(j, t) for j, t in enumerate(texts) if t.strip() and not second[j].merged_from_above]
        first_known = [t for t in first if t.strip()]
        header_like = first_known and sum(1 for t in first_known if classify(t).role != "other") * 2 >= len(first_known)
        if (
            header_like
            and len(sub) >= 2
            and all(len(t) <= 40 and (classify(t).role != "other" or kind_word(t) or re.search(r"\d{4}", t)) for _, t in sub)
            and not any(TT_PATTERN.match(t.strip()) and not re.search(r"\d{4}", t) for _, t in sub)
        ):
            combined, parent = [], ""
            for j in range(len(first)):
                # An empty top cell over a sub-header: the parent's span lost in a text copy (markdown, HTML).
                parent = first[j] or (parent if texts[j].strip() else "")
                below = texts[j] if texts[j].strip() and not second[j].merged_from_above else ""
                combined.append(_combined_header(parent, below) if below else first[j])
            two = map_header(combined)
            # Kinds under a spanning period (`Năm 2024` over `Kế hoạch | Ước TH | So sánh`) name fewer periods than
            # the period repeated over its span, yet say what each column holds: they win whenever they are all kinds.
            kinds_below = any(kind_word(t) for _, t in sub) and all(
                kind_word(t) or classify(t).role != "other" or re.search(r"\d{4}", t) for _, t in sub)
            if two is not None and (columns is None or _better(two, columns) or (kinds_below and _roles(two) >= _roles(columns))):
                return two, 2
    if columns is None:
        return None, 0
    return columns, 1


_PERIOD_THEN_KIND = re.compile(r"^((?:[Nn]ăm\s+)?(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?)\s+(.+)$")


def _glued_period_spread(texts: list[str]) -> list[str]:
    """A PDF header without rules puts a year spanning its kinds on the line above them, and the reader joins it
    to the kind under its middle: `Kế hoạch | Năm 2024 Ước thực hiện | So sánh (%)`. The year goes back over each
    kind beside it."""
    out = list(texts)
    for j, text in enumerate(texts):
        m = _PERIOD_THEN_KIND.match(text.strip())
        if not m or not kind_word(m.group(2)):
            continue
        period = m.group(1)
        lo = j
        while lo > 0 and kind_word(texts[lo - 1]):
            lo -= 1
        hi = j
        while hi + 1 < len(texts) and kind_word(texts[hi + 1]):
            hi += 1
        if hi == lo:
            continue
        for k in range(lo, hi + 1):
            out[k] = _combined_header(period, m.group(2) if k == j else texts[k])
    return out


def _combined_header(parent: str, below: str) -> str:
    """A two-row header's cell: `Thực hiện` over `2022` reads `Thực hiện 2022`; a period over the kinds of its
    values (`Năm 2024` over `Kế hoạch`, `Ước thực hiện`, `So sánh (%)`) reads `Kế hoạch Năm 2024`, ..."""
    parent, below = parent.strip(), below.strip()
    if parent and kind_word(below) and period_of(key(parent)) and not period_of(key(below)):
        return f"{below} {parent}"
    return f"{parent} {below}".strip()


def _roles(columns: list[Column]) -> int:
    return sum(1 for c in columns if c.role != "other")


def _better(a: list[Column], b: list[Column]) -> bool:
    known = lambda cols: sum(1 for c in cols if c.role != "other") + sum(1 for c in cols if c.period)  # noqa: E731
    return known(a) > known(b)


def _spread_spans(row: list) -> list[str]:
    """Header texts with a horizontally merged header repeated over the columns it spans."""
    out: list[str] = []
    for cell in row:
        if cell.spanned and out:
            out.append(out[-1])
        else:
            out.append(clean(cell.text, breaks=False))
    return out


def _is_numbering_row(texts: list[str]) -> bool:
    """`(1) | (2) | (3)` or `1 | 2 | 3 | 4=3/2` under a header."""
    filled = [t.strip() for t in texts if t.strip()]
    if len(filled) < 3:
        return False
    nums = []
    for t in filled:
        m = re.fullmatch(r"\(?(\d{1,2})\)?(?:\s*=.*)?|([A-Z])", t)
        if not m:
            return False
        nums.append(int(m.group(1)) if m.group(1) else None)
    ints = [x for x in nums if x is not None]
    return len(ints) >= 3 and ints == sorted(ints) and ints[0] <= 2

