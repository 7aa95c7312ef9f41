"""PDF with fpdf2 (pure Python) and a TrueType font that covers Vietnamese: DejaVu Sans from Debian's fonts
(`/usr/share/fonts/truetype/dejavu/`, or the folder in PLANWATCH_PDF_FONT_DIR). The condensed faces and the
obliques come with `fonts-dejavu-extra`; with only `fonts-dejavu-core` the PDF uses DejaVu Sans, upright where it
would be oblique. The fonts are embedded in the file, so the PDF reads the same on any machine. Landscape A4, the
document heading, each table with its header rows repeated on every page, page numbers in the footer."""

from __future__ import annotations

import atexit
import hashlib
import os
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from fontTools import subset as font_subset
from fpdf import FPDF

from planwatch.reports.layout import MOTTO, NATION, Cell, Report, Table
from planwatch.reports.periods import ReportError

FONT_DIR = Path(os.environ.get("PLANWATCH_PDF_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))
# The condensed family fits a 15-column table on landscape A4; the plain one is the fallback.
FAMILIES = [
    {"": "DejaVuSansCondensed.ttf", "B": "DejaVuSansCondensed-Bold.ttf",
     "I": "DejaVuSansCondensed-Oblique.ttf", "BI": "DejaVuSansCondensed-BoldOblique.ttf"},
    {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf",
     "I": "DejaVuSans-Oblique.ttf", "BI": "DejaVuSans-BoldOblique.ttf"},
]
FAMILY = "DejaVu"
MARGIN = 10
ALIGN = {"left": "LEFT", "center": "CENTER", "right": "RIGHT"}


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


@lru_cache(maxsize=4)
def font_paths(folder: Path = FONT_DIR) -> dict[str, Path]:
    """The four styles' files: the first family whose regular and bold faces are there; a missing oblique face
    falls back to the upright one."""
    for family in FAMILIES:
        paths = {style: folder / name for style, name in family.items()}
        if paths[""].exists() and paths["B"].exists():
            if not paths["I"].exists():
                paths["I"] = paths[""]
            if not paths["BI"].exists():
                paths["BI"] = paths["B"]
            return paths
    raise ReportError(
        f"Không tìm thấy phông chữ DejaVu Sans cho PDF trong {folder}. Cài gói fonts-dejavu-core "
        "(apt-get install fonts-dejavu-core fonts-dejavu-extra) hoặc đặt PLANWATCH_PDF_FONT_DIR."
    )


# What a report's text draws from: Latin with every Vietnamese letter, a few combining marks, Greek, punctuation,
# super- and subscripts, đồng and euro, letter-like symbols (№), fractions and Roman numerals, a few arrows and
# comparison signs, squares and circles, ticks and crosses. DejaVu Sans holds about 6 000 glyphs, and fpdf2 reads
# every glyph of a face it loads: for a 48-row plan that took longer than drawing its tables.
KEPT_CODE_POINTS = frozenset(
    point
    for first, last in [
        (0x20, 0x7E), (0xA0, 0x17F), (0x1A0, 0x1B0), (0x300, 0x304), (0x306, 0x306), (0x309, 0x309),
        (0x323, 0x323), (0x391, 0x3C9), (0x1EA0, 0x1EF9), (0x2010, 0x205E), (0x2070, 0x209C), (0x20AB, 0x20AC),
        (0x2100, 0x2122), (0x2150, 0x216B), (0x2190, 0x2199), (0x21D2, 0x21D4), (0x2211, 0x221E), (0x2248, 0x2248),
        (0x2260, 0x2265), (0x25A0, 0x25CF), (0x2713, 0x2718),
    ]
    for point in range(first, last + 1)
)


TRIMMED_VERSION = 2  # raise when KEPT_CODE_POINTS or the cutting options change: older files are not reused


def _font_cache_folder() -> Path:
    """A folder of this user's only, shared by the server's processes so the faces are cut once per machine:
    `planwatch-fonts-<uid>` in the temp folder. Anything else there (another owner, a link) is not trusted, and a
    private folder of this process's is used instead."""
    folder = Path(tempfile.gettempdir()) / f"planwatch-fonts-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        facts = os.lstat(folder)
        if not folder.is_symlink() and facts.st_uid == os.getuid() and not facts.st_mode & 0o077:
            return folder
    except OSError:
        pass
    private = Path(tempfile.mkdtemp(prefix="planwatch-fonts-"))
    atexit.register(shutil.rmtree, private, ignore_errors=True)
    return private


def _trim(source: Path, folder: Path) -> Path:
    facts = source.stat()
    key = hashlib.sha256(f"{source.resolve()}|{facts.st_size}|{facts.st_mtime_ns}|{TRIMMED_VERSION}".encode())
    target = folder / f"{source.stem}-{key.hexdigest()[:16]}.ttf"
    if target.exists():
        return target
    options = font_subset.Options(notdef_outline=True, recommended_glyphs=True, name_IDs=["*"], name_languages=["*"])
    options.drop_tables += ["FFTM"]  # FontForge's timestamp, which fontTools cannot cut and would warn about
    font = font_subset.load_font(str(source), options)
    subsetter = font_subset.Subsetter(options)
    subsetter.populate(unicodes=KEPT_CODE_POINTS)
    subsetter.subset(font)
    # Written beside the target and renamed: a process reading it never sees half a file.
    handle, partial = tempfile.mkstemp(dir=folder, suffix=".part")
    os.close(handle)
    try:
        font_subset.save_font(font, partial, options)
        os.replace(partial, target)
    finally:
        Path(partial).unlink(missing_ok=True)
    return target


@lru_cache(maxsize=4)
def trimmed_font_paths(folder: Path = FONT_DIR) -> dict[str, Path]:
    """The four styles' faces cut down to KEPT_CODE_POINTS, made once per machine (see _font_cache_folder).
    A report holding any other character is written with the whole faces (write_pdf checks)."""
    cache = _font_cache_folder()
    return {style: _trim(source, cache) for style, source in font_paths(folder).items()}


def _report_characters(report: Report) -> set[str]:
    heading = report.heading
    texts = [heading.issuer, heading.number, heading.place_date, heading.kind, heading.title, *heading.lines]
    for table in report.tables:
        texts += [table.title, table.subtitle, *table.notes]
        for cells in [*table.header, *(row.cells for row in table.rows)]:
            texts += [cell.text for cell in cells if cell is not None]
    return set("".join(_text(text) for text in texts))


def _text(text: str) -> str:
    # Precomposed letters (ệ, not e + two combining marks): fpdf2 places them without a text shaper.
    return unicodedata.normalize("NFC", text or "")


class _PDF(FPDF):
    def footer(self):
        self.set_y(-9)
        self.set_font(FAMILY, "I", 7)
        self.cell(0, 5, f"Trang {self.page_no()}/{{nb}}", align="C")


class _Measure:
    """Text widths at one font size, from each style's advance widths (thousandths of the font size, by code
    point) read straight from the fonts fpdf2 loaded: summing them is what get_string_width does, without switching
    fonts for every word. Each text is measured once."""

    def __init__(self, pdf: _PDF, size: float):
        self.advances = {style: pdf.fonts[key].cw for style in ("", "B", "I", "BI")
                         if (key := f"{FAMILY.lower()}{style}") in pdf.fonts}
        self.to_user_units = size * 0.001 / pdf.k
        self.measured: dict[tuple[str, str], float] = {}

    def width(self, text: str, style: str) -> float:
        known = self.measured.get((style, text))
        if known is None:
            advances = self.advances[style]
            known = sum(advances[ord(char)] for char in text) * self.to_user_units
            self.measured[(style, text)] = known
        return known

    def lines(self, text: str, width: float, style: str) -> list[str]:
        """Greedy breaking at spaces, as a word processor does; a word wider than the cell is cut by letters.
        Widths add up word by word (fpdf2 applies no kerning without a text shaper), so each word is measured once."""
        space = self.width(" ", style)
        lines: list[str] = []
        for paragraph in text.split("\n"):
            indent = paragraph[:len(paragraph) - len(paragraph.lstrip(" "))]
            words, used = [], self.width(indent, style) if indent else 0.0
            for word in paragraph.split():
                size = self.width(word, style)
                if not words or used + space + size <= width:
                    if words or used + size <= width:
                        used += (space if words else 0.0) + size
                        words.append(word)
                        continue
                if words:
                    lines.append(indent + " ".join(words))
                    indent = ""
                words, used = [], 0.0
                while size > width and len(word) > 1:
                    cut, taken = 0, 0.0
                    while cut < len(word) - 1 and taken + self.width(word[cut], style) <= width:
                        taken += self.width(word[cut], style)
                        cut += 1
                    cut = max(cut, 1)
                    lines.append(word[:cut])
                    word = word[cut:]
                    size = self.width(word, style)
                words, used = [word], size
            lines.append(indent + " ".join(words))
        return lines or [""]


def _paragraph(pdf: _PDF, text: str, *, style: str, size: float, height: float, align: str = "L",
               width: float = 0) -> None:
    """Text broken at spaces to `width` (0: to the right margin), one cell per line, each starting where the first
    did. It does what fpdf2's multi_cell does, but measures each word once: multi_cell measures a line again for
    every letter it adds, and a table's long notes cost more than the table. Lines are not justified."""
    pdf.set_font(FAMILY, style, size)
    width = width or pdf.w - pdf.r_margin - pdf.get_x()
    text, measure, room = _text(text), _Measure(pdf, size), width - 2 * pdf.c_margin
    # A line that fits is drawn as written: a draft's number keeps the blank it leaves ("Số:      /KH-UBND").
    lines = [text] if "\n" not in text and measure.width(text, style) <= room else measure.lines(text, room, style)
    for line in lines:
        pdf.cell(width, height, line, align=align, new_x="LEFT", new_y="NEXT")


def _heading(pdf: _PDF, report: Report) -> None:
    heading = report.heading
    width = pdf.epw
    left, right = width * 0.42, width * 0.58
    y = pdf.get_y()
    _paragraph(pdf, heading.issuer, style="B", size=11, height=5.5, align="C", width=left)
    _paragraph(pdf, heading.number, style="", size=11, height=5.5, align="C", width=left)
    pdf.set_xy(MARGIN + left, y)
    pdf.set_font(FAMILY, "B", 11)
    pdf.cell(right, 5.5, NATION, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FAMILY, "BU", 11)
    pdf.cell(right, 5.5, _text(MOTTO), align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FAMILY, "I", 11)
    pdf.cell(right, 5.5, _text(heading.place_date), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    _paragraph(pdf, heading.kind, style="B", size=13, height=6.5, align="C")
    _paragraph(pdf, heading.title, style="B", size=13, height=6.5, align="C")
    for line in heading.lines:
        _paragraph(pdf, line, style="I", size=10, height=5, align="C")
    pdf.ln(3)


def _cell_text(cell: Cell) -> str:
    text = _text(cell.text)
    if cell.indent:
        text = "   " * cell.indent + text
    return text


def _table(pdf: _PDF, table: Table) -> None:
    _paragraph(pdf, table.title, style="B", size=11, height=6, align="C")
    if table.subtitle:
        _paragraph(pdf, table.subtitle, style="I", size=9, height=5, align="C")
    pdf.ln(2)
    size = 6.5 if len(table.columns) > 13 else 7.5
    _Grid(pdf, table, size).draw()
    if table.notes:
        pdf.ln(2)
        for note in table.notes:
            _paragraph(pdf, note, style="I", size=7.5, height=4)


HEADING_FILL = (217, 225, 242)
PADDING = 0.8


@dataclass
class _Placed:
    """A cell laid out: where it starts in the grid, its lines of text and its look."""

    row: int
    column: int
    cell: Cell
    lines: list[str]
    style: str
    align: str
    fill: tuple[int, int, int] | None


class _Grid:
    """The table drawn with fpdf2's low-level calls: each cell's text is broken into lines once, measured with the
    font's glyph widths, rows are as tall as their tallest cell, rows a cell spans down stay on one page, and the
    header rows are drawn again at the top of every page. fpdf2's own table breaks every cell's text twice through
    its general-purpose line breaker, which made a 200-row appendix take seconds."""

    def __init__(self, pdf: _PDF, table: Table, size: float):
        self.pdf, self.size = pdf, size
        scale = pdf.epw / sum(column.width for column in table.columns)
        self.widths = [column.width * scale for column in table.columns]
        self.line_height = size * 0.5
        self.measure = _Measure(pdf, size)
        self.header = self._place(table.header, heading=True)
        self.body = self._place([row.cells for row in table.rows], heading=False)

    def _place(self, rows: list[list[Cell | None]], *, heading: bool) -> list[list[_Placed]]:
        placed = []
        for row_index, cells in enumerate(rows):
            row = []
            for column, cell in enumerate(cells):
                if cell is None:
                    continue
                style = "B" if heading else ("B" if cell.bold else "") + ("I" if cell.italic else "")
                width = sum(self.widths[column:column + cell.colspan]) - 2 * PADDING
                row.append(_Placed(
                    row_index, column, cell, self.measure.lines(_cell_text(cell), width, style), style,
                    "C" if heading else ALIGN.get(cell.align, "LEFT")[0],
                    HEADING_FILL if heading else (_rgb(cell.fill) if cell.fill else None),
                ))
            placed.append(row)
        return placed

    def _heights(self, rows: list[list[_Placed]]) -> list[float]:
        """Each row as tall as its tallest single-row cell; a cell spanning rows down makes its last row taller
        when the rows it spans are not tall enough for it."""
        heights = [self.line_height + 2 * PADDING] * len(rows)
        for row in rows:
            for placed in row:
                if placed.cell.rowspan == 1:
                    need = len(placed.lines) * self.line_height + 2 * PADDING
                    heights[placed.row] = max(heights[placed.row], need)
        for row in rows:
            for placed in row:
                span = min(placed.cell.rowspan, len(rows) - placed.row)
                if span > 1:
                    need = len(placed.lines) * self.line_height + 2 * PADDING
                    last = placed.row + span - 1
                    short = need - sum(heights[placed.row:last + 1])
                    if short > 0:
                        heights[last] += short
        return heights

    @staticmethod
    def _blocks(rows: list[list[_Placed]]) -> list[tuple[int, int]]:
        """Runs of rows tied together by cells spanning down: each run stays on one page."""
        blocks, start, reach = [], 0, 0
        for index, row in enumerate(rows):
            reach = max([reach, index, *(p.row + p.cell.rowspan - 1 for p in row)])
            if reach == index:
                blocks.append((start, index + 1))
                start, reach = index + 1, index + 1
        if start < len(rows):
            blocks.append((start, len(rows)))
        return blocks

    def draw(self) -> None:
        pdf = self.pdf
        header_heights, body_heights = self._heights(self.header), self._heights(self.body)
        header_height = sum(header_heights)
        bottom = pdf.page_break_trigger
        if pdf.get_y() + header_height + (body_heights[0] if body_heights else 0) > bottom:
            pdf.add_page()
        self._draw_rows(self.header, header_heights, 0, len(self.header))
        for start, end in self._blocks(self.body):
            block = sum(body_heights[start:end])
            if pdf.get_y() + block > bottom and pdf.get_y() > pdf.t_margin + header_height + 0.01:
                pdf.add_page()
                self._draw_rows(self.header, header_heights, 0, len(self.header))
            self._draw_rows(self.body, body_heights, start, end)
        pdf.set_x(pdf.l_margin)

    def _draw_rows(self, rows: list[list[_Placed]], heights: list[float], start: int, end: int) -> None:
        pdf = self.pdf
        top = pdf.get_y()
        tops = [top]
        for height in heights[start:end]:
            tops.append(tops[-1] + height)
        lefts = [pdf.l_margin]
        for width in self.widths:
            lefts.append(lefts[-1] + width)
        for row in rows[start:end]:
            for placed in row:
                last_row = min(placed.row + placed.cell.rowspan, end) - start
                last_column = min(placed.column + placed.cell.colspan, len(self.widths))
                x, y = lefts[placed.column], tops[placed.row - start]
                width, height = lefts[last_column] - x, tops[last_row] - y
                if placed.fill is not None:
                    pdf.set_fill_color(*placed.fill)
                    pdf.rect(x, y, width, height, style="DF")
                else:
                    pdf.rect(x, y, width, height)
                self._draw_text(placed, x, y, width, height)
        pdf.set_y(tops[-1])

    def _draw_text(self, placed: _Placed, x: float, y: float, width: float, height: float) -> None:
        pdf = self.pdf
        if (pdf.font_style, pdf.font_size_pt) != (placed.style, self.size):
            pdf.set_font(FAMILY, placed.style, self.size)
        block = len(placed.lines) * self.line_height
        line_top = y + (height - block) / 2
        # fpdf2's own baseline within a line: half the line down and 0.3 of the font size below that.
        drop = self.line_height / 2 + 0.3 * self.size / pdf.k
        for line in placed.lines:
            if line:
                text_width = self.measure.width(line, placed.style)
                if placed.align == "R":
                    left = x + width - PADDING - text_width
                elif placed.align == "C":
                    left = x + (width - text_width) / 2
                else:
                    left = x + PADDING
                pdf.text(left, line_top + drop, line)
            line_top += self.line_height


def write_pdf(report: Report, *, font_dir: Path | None = None) -> bytes:
    pdf = _PDF(orientation="L", unit="mm", format="A4")
    folder = font_dir or FONT_DIR
    # Line breaks and other control characters are never drawn, so they need no glyph.
    fits_trimmed = all(ord(char) in KEPT_CODE_POINTS or ord(char) < 0x20 for char in _report_characters(report))
    faces = None
    if fits_trimmed:
        try:
            faces = trimmed_font_paths(folder)
        except OSError:  # no temp folder to write the cut faces to: the whole faces do the same, more slowly
            pass
    faces = faces or font_paths(folder)
    # Each face loaded is read and embedded: the bold oblique only when a cell is both bold and italic.
    bold_italic = any(cell is not None and cell.bold and cell.italic
                      for table in report.tables for row in table.rows for cell in row.cells)
    for style, path in faces.items():
        if style != "BI" or bold_italic:
            pdf.add_font(FAMILY, style, str(path))
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=12)
    pdf.set_title(_text(report.heading.title))
    pdf.set_creator("planwatch")
    pdf.add_page()
    _heading(pdf, report)
    for index, table in enumerate(report.tables):
        if index:
            pdf.add_page()
        _table(pdf, table)
    return bytes(pdf.output())
