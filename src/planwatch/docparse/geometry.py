"""Words with positions → text lines and grids, for the PDF text layer and for OCR alike.

A page is a bag of words with boxes. Ruled tables come with their cells' boxes (from the PDF's table finder);
everything else is grouped into visual lines, and a run of lines whose words leave the same vertical gutters free
is an unruled table: the gutters are the column boundaries, and rows are told apart by the extra space between
them (cell padding) or, when there is none, by a new row number or list marker. Every threshold is relative to
the height of the page's words, so the same code works on PDF points and on scanned pixels.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from planwatch.textnorm import nfc

from .errors import ParseError
from .model import Grid, GridCell

MAX_ROWS = 20000  # the same bounds as a spreadsheet (readers.MAX_SHEET_ROWS / MAX_SHEET_COLUMNS)
MAX_COLUMNS = 200

# A line that starts a new paragraph inside a cell, or a new row in an unruled table.
_MARKER = re.compile(r"^(?:[-+•–*]\s|[-+•–]\S|Trong đó|Tr\.\s?đó|[a-zđ]\)\s)", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^[-–\s]*(?:trang\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?[-–\s]*$", re.IGNORECASE)


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    conf: float | None = None  # OCR confidence, 0-1

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class Line:
    words: list[Word] = field(default_factory=list)
    top: float = 0.0
    bottom: float = 0.0

    def add(self, word: Word) -> None:
        if not self.words:
            self.top, self.bottom = word.top, word.bottom
        else:
            self.top, self.bottom = min(self.top, word.top), max(self.bottom, word.bottom)
        self.words.append(word)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def text(self) -> str:
        return " ".join(w.text for w in sorted(self.words, key=lambda w: w.x0))


@dataclass
class RuledTable:
    """A table the PDF draws with ruling lines: its outer box and the box of every cell."""

    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom
    cells: list[tuple[float, float, float, float]]


@dataclass
class PageItem:
    """A text line or a grid of one page, at its vertical position."""

    top: float
    text: str | None = None
    grid: Grid | None = None


def word_height(words: list[Word]) -> float:
    heights = [w.height for w in words if w.height > 0]
    return statistics.median(heights) if heights else 10.0


def group_lines(words: list[Word]) -> list[Line]:
    """Visual lines: words whose vertical extents overlap by at least 40 % of the smaller height."""
    lines: list[Line] = []
    for w in sorted(words, key=lambda w: (w.top, w.x0)):
        if lines:
            line = lines[-1]
            overlap = line.bottom - w.top
            if overlap >= 0.4 * max(min(w.height, line.bottom - line.top), 0.01):
                line.add(w)
                continue
        line = Line()
        line.add(w)
        lines.append(line)
    return lines


def join_lines(lines: list[Line]) -> str:
    """A cell's visual lines: a wrapped line goes on with a space, a list marker starts a paragraph (`\\n`)."""
    out = ""
    for line in lines:
        text = line.text.strip()
        if not text:
            continue
        if not out:
            out = text
        elif _MARKER.match(text):
            out += "\n" + text
        else:
            out += " " + text
    return nfc(out)


def cell_text(words: list[Word]) -> str:
    return join_lines(group_lines(words))


def layout_page(words: list[Word], ruled: list[RuledTable], page: int) -> list[PageItem]:
    """The page's text lines and grids in reading order (top to bottom)."""
    h = word_height(words)
    items: list[PageItem] = []
    free = list(words)
    for table in ruled:
        x0, top, x1, bottom = table.bbox
        inside = [w for w in free if x0 <= (w.x0 + w.x1) / 2 <= x1 and top <= (w.top + w.bottom) / 2 <= bottom]
        rows = grid_from_cells(table.cells, inside, h)
        if rows is None:
            continue  # not a data table (a box around a paragraph): its words stay in the text flow
        ids = {id(w) for w in inside}
        free = [w for w in free if id(w) not in ids]
        items.append(PageItem(top, grid=Grid(rows, page=page, confidence=_confidence(inside))))
    lines = group_lines(free)
    items.extend(_flow_items(lines, h, page))
    items.sort(key=lambda item: item.top)
    _drop_page_number(items)
    return items


def _drop_page_number(items: list[PageItem]) -> None:
    texts = [i for i, item in enumerate(items) if item.text is not None]
    for i in {texts[0], texts[-1]} if texts else ():
        if _PAGE_NUMBER.match(items[i].text or ""):
            items[i].text = None
    items[:] = [item for item in items if item.text is not None or item.grid is not None]


def _confidence(words: list[Word]) -> float | None:
    confs = [w.conf for w in words if w.conf is not None]
    return round(sum(confs) / len(confs), 3) if confs else None


# --- ruled tables ----------------------------------------------------------------------------------------


def _cluster(values: list[float], tolerance: float) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tolerance:
            continue
        out.append(v)
    return out


def _index(edges: list[float], value: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - value))


def grid_from_cells(cells: list[tuple[float, float, float, float]], words: list[Word], h: float) -> list[list[GridCell]] | None:
    """Rows of GridCells from the cell boxes of a ruled table: a box spanning several column edges leaves
    `spanned` cells after it, one spanning several row edges leaves `merged_from_above` cells below it."""
    if not cells:
        return None
    tolerance = max(h * 0.25, 1.0)
    xs = _cluster([c[0] for c in cells] + [c[2] for c in cells], tolerance)
    ys = _cluster([c[1] for c in cells] + [c[3] for c in cells], tolerance)
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    if n_rows > MAX_ROWS or n_cols > MAX_COLUMNS:
        raise _too_big(n_rows, n_cols)
    if n_rows < 2 or n_cols < 3:
        return None
    grid: list[list[GridCell | None]] = [[None] * n_cols for _ in range(n_rows)]
    placed: list[tuple[int, int, int, int, tuple]] = []
    for box in cells:
        c0, c1 = _index(xs, box[0]), _index(xs, box[2])
        r0, r1 = _index(ys, box[1]), _index(ys, box[3])
        if c1 <= c0 or r1 <= r0:
            continue
        placed.append((r0, c0, r1, c1, box))
    by_cell: dict[int, list[Word]] = {i: [] for i in range(len(placed))}
    for w in words:
        cx, cy = (w.x0 + w.x1) / 2, (w.top + w.bottom) / 2
        for i, (_, _, _, _, box) in enumerate(placed):
            if box[0] <= cx <= box[2] and box[1] <= cy <= box[3]:
                by_cell[i].append(w)
                break
    for i, (r0, c0, r1, c1, _) in enumerate(placed):
        if grid[r0][c0] is not None:
            continue
        grid[r0][c0] = GridCell(cell_text(by_cell[i]))
        for r in range(r0, r1):
            for c in range(c0, c1):
                if (r, c) != (r0, c0) and grid[r][c] is None:
                    grid[r][c] = GridCell("", merged_from_above=r > r0 and c == c0, spanned=c > c0)
                    if c > c0 and r > r0:
                        grid[r][c].merged_from_above = True
    return [[cell if cell is not None else GridCell("") for cell in row] for row in grid]


def _too_big(rows: int, cols: int) -> ParseError:
    return ParseError(
        f"Bảng trong tệp quá lớn ({rows} dòng, {cols} cột).",
        expected=f"bảng không quá {MAX_ROWS} dòng và {MAX_COLUMNS} cột",
    )


# --- unruled tables and the text flow ------------------------------------------------------------------


def _segments(words: list[Word], gap: float) -> list[list[Word]]:
    """A line's words cut where the space between two words is at least `gap`."""
    out: list[list[Word]] = []
    for w in sorted(words, key=lambda w: w.x0):
        if out and w.x0 - max(x.x1 for x in out[-1]) < gap:
            out[-1].append(w)
        else:
            out.append([w])
    return out


def _bands(lines: list[Line], h: float) -> list[tuple[float, float]]:
    """Column bands of a run of lines: the x ranges between gutters that (almost) no word of the run crosses.
    A few crossings are allowed so that a header cell spanning two columns does not merge them."""
    allowed = int(0.15 * len(lines))
    events: list[tuple[float, int]] = []
    for line in lines:
        for w in line.words:
            events.append((w.x0, 1))
            events.append((w.x1, -1))
    events.sort()
    left = events[0][0]
    right = max(x for x, _ in events)
    count = 0
    gutters: list[tuple[float, float]] = []
    gap_start: float | None = None
    for x, delta in events:
        before = count
        count += delta
        if before > allowed >= count:
            gap_start = x
        elif before <= allowed < count and gap_start is not None:
            if x - gap_start >= 0.6 * h:
                gutters.append((gap_start, x))
            gap_start = None
    bands: list[tuple[float, float]] = []
    start = left
    for g0, g1 in gutters:
        bands.append((start, g0))
        start = g1
    bands.append((start, right))
    return bands


def _band_of(bands: list[tuple[float, float]], x: float) -> int:
    for i, (b0, b1) in enumerate(bands):
        if x < b1 or i == len(bands) - 1:
            if x >= b0 or i == 0:
                return i
            # in a gutter: the nearer band
            return i if b0 - x < x - bands[i - 1][1] else i - 1
    return len(bands) - 1


def _flow_items(lines: list[Line], h: float, page: int) -> list[PageItem]:
    """Text lines, with runs of aligned multi-column lines turned into grids (3 columns or more) or read column
    by column (2 columns: the issuer beside the motto, the number beside the date, as a Word layout table)."""
    seg_gap = 1.0 * h
    multi = [len(_segments(line.words, seg_gap)) >= 2 for line in lines]
    items: list[PageItem] = []
    i, n = 0, len(lines)
    while i < n:
        if not multi[i]:
            items.append(PageItem(lines[i].top, text=nfc(lines[i].text)))
            i += 1
            continue
        # The run: multi-column lines and the wrapped cell lines between them. A one-piece line that starts in
        # the first column and goes past it is a title or a paragraph between two tables: the run ends there.
        firsts = [_first_segment(lines[i], seg_gap)]
        first_x1 = _first_column_end(firsts, h)
        last_multi, j = i, i + 1
        while j < n and lines[j].top - lines[j - 1].bottom <= 2.5 * h:
            if multi[j]:
                last_multi = j
                firsts.append(_first_segment(lines[j], seg_gap))
                first_x1 = _first_column_end(firsts, h)
            elif j - last_multi > 3 or (lines[j].x0 <= first_x1 and lines[j].x1 > first_x1 + h):
                break
            j += 1
        run = list(range(i, last_multi + 1))
        run_multi = [lines[k] for k in run if multi[k]]
        bands = _bands([lines[k] for k in run], h) if len(run_multi) >= 2 else []
        if len(bands) >= 3:
            # Wrapped cell lines just before and after the run (they sit inside one band).
            while run[0] > 0 and not multi[run[0] - 1] and _over_a_band(lines[run[0] - 1], bands, h) and (
                lines[run[0]].top - lines[run[0] - 1].bottom <= 0.8 * h
            ) and items and items[-1].text is not None and items[-1].top == lines[run[0] - 1].top:
                run.insert(0, run[0] - 1)
                items.pop()
            end = run[-1] + 1
            while end < n and not multi[end] and _inside_one_band(lines[end], bands, h) and (
                lines[end].top - lines[end - 1].bottom <= 1.5 * h
            ):
                run.append(end)
                end += 1
            run_lines = [lines[k] for k in run]
            rows = _unruled_rows(run_lines, bands, h)
            words = [w for line in run_lines for w in line.words]
            items.append(PageItem(run_lines[0].top, grid=Grid(rows, page=page, confidence=_confidence(words))))
            i = run[-1] + 1
        elif len(bands) == 2:
            for b in range(2):
                for k in run:
                    in_band = [w for w in lines[k].words if _band_of(bands, w.x0) == b]
                    if in_band:
                        items.append(PageItem(lines[run[0]].top + 0.001 * (b * n + k), text=cell_text(in_band)))
            i = run[-1] + 1
        else:
            items.append(PageItem(lines[i].top, text=nfc(lines[i].text)))
            i += 1
    return items


def _first_segment(line: Line, gap: float) -> tuple[float, float]:
    first = _segments(line.words, gap)[0]
    return first[0].x0, max(w.x1 for w in first)


def _first_column_end(firsts: list[tuple[float, float]], h: float) -> float:
    """Where the run's first column ends: only the segments that start at its left edge say how wide it is."""
    left = min(x0 for x0, _ in firsts)
    return max(x1 for x0, x1 in firsts if x0 <= left + h)


def _inside_one_band(line: Line, bands: list[tuple[float, float]], h: float) -> bool:
    x0, x1 = line.x0, line.x1
    return any(b0 - 0.5 * h <= x0 and x1 <= b1 + 0.5 * h for b0, b1 in bands[1:])


def _over_a_band(line: Line, bands: list[tuple[float, float]], h: float) -> bool:
    """A wrapped cell line, or a short header centred over columns (`Năm 2024` over its kinds), above a run."""
    if _inside_one_band(line, bands, h):
        return True
    middle = (line.x0 + line.x1) / 2
    return len(line.text) <= 30 and len(line.words) <= 4 and any(a <= middle <= b for a, b in bands[1:])


def _unruled_rows(lines: list[Line], bands: list[tuple[float, float]], h: float) -> list[list[GridCell]]:
    if len(bands) > MAX_COLUMNS or len(lines) > MAX_ROWS:
        raise _too_big(len(lines), len(bands))
    # Each line's segments (cut at the bands' gutters), placed in the band where they start.
    placed: list[dict[int, list[Word]]] = []
    spans: list[dict[int, int]] = []
    for line in lines:
        cells: dict[int, list[Word]] = {}
        span: dict[int, int] = {}
        for seg in _segments(line.words, 0.6 * h):
            x0, x1 = seg[0].x0, max(w.x1 for w in seg)
            b0 = _band_of(bands, x0)
            b1 = _band_of(bands, x1 - 0.3 * h)
            if not any(a <= x0 <= b for a, b in bands):
                # Starting in a gutter: a centred header wider than its column's figures (`Thực hiện năm` over
                # `8,9`). Its middle says which column it heads.
                middle = [k for k, (a, b) in enumerate(bands) if a <= (x0 + x1) / 2 <= b]
                if middle:
                    b0 = b1 = middle[0]
            cells.setdefault(b0, []).extend(seg)
            if b1 > b0:
                span[b0] = max(span.get(b0, b0), b1)
        placed.append(cells)
        spans.append(span)
    # Rows: with cell padding, the space between rows is larger than between the lines of a cell.
    gaps = [lines[k].top - lines[k - 1].bottom for k in range(1, len(lines))]
    padded = bool(gaps) and max(gaps) - min(gaps) >= 0.35 * h
    threshold = (max(gaps) + min(gaps)) / 2 if padded else 0.0
    groups: list[list[int]] = [[0]]
    for k in range(1, len(lines)):
        if padded:
            new_row = gaps[k - 1] >= threshold
        else:
            texts = [" ".join(w.text for w in sorted(ws, key=lambda w: w.x0)) for _, ws in sorted(placed[k].items())]
            new_row = 0 in placed[k] or any(_MARKER.match(t) for t in texts)
        if new_row:
            groups.append([k])
        else:
            groups[-1].append(k)
    rows: list[list[GridCell]] = []
    for group in groups:
        row = [GridCell("") for _ in bands]
        covered: set[int] = set()
        for b in range(len(bands)):
            words = [w for k in group for w in placed[k].get(b, [])]
            if words:
                row[b] = GridCell(cell_text(words))
        for k in group:
            for b0, b1 in spans[k].items():
                for b in range(b0 + 1, b1 + 1):
                    if not row[b].text:
                        covered.add(b)
        for b in covered:
            row[b].spanned = True
        rows.append(row)
    return rows
