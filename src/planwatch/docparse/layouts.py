"""The lexer of text tables: every way a text can carry a table, cut into cells.

A table pasted from a web page, exported from Word or copied out of a PDF reaches us as text in one of a handful
of shapes, and nothing in the text says which. So every cut is made and the table reader keeps the one whose
header and rows fit best (tables.py). Two families:

- *explicit rows*: one row per line, its cells separated by tabs, by `|` (markdown pipe tables), or by runs of
  two or more spaces (text laid out by a PDF converter). Rows and cells are known; only the header has to be
  found.
- *cell streams*: one cell per line, one cell per paragraph (blank lines between cells), rows separated by blank
  lines, or cells ended by a line holding `|` (legal web sites). The row boundaries are lost and are recovered
  by alignment against the header (alignment.py).

Each cut keeps the 1-based line where every cell starts, so that every row can point at its source.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .celltext import one_line

# Characters that make a line look blank to a reader but are not a blank line to the text: a cell left empty.
_INVISIBLE = "\u00a0\u200b\u200c\u200d\u2060\ufeff\u3000\u202f"
# `-`, `x`, `...` stand for "no value" in a cell.
EMPTY_MARKS = re.compile(r"^(?:[-–—x×]|\.{2,}|…|_+)$", re.IGNORECASE)


_CAPS_HEADING = re.compile(r"^\s*[IVX]{1,4}\.\s+(.{12,})$")


class _Stop:
    """`STOP.match(line)`: the stop lines above, or a heading of the body in capitals (`II. KẾ HOẠCH NĂM 2025`),
    which a table's group row never is on one line."""

    def match(self, text: str):
        found = STOP_LINES.match(text)
        if found:
            return found
        m = _CAPS_HEADING.match(text)
        return m if m and m.group(1).isupper() else None


STOP = _Stop()

# A page number left in the text between two pages of a table.
PAGE_NUMBER = re.compile(r"^\s*(?:-\s*\d{1,4}\s*-|(?:Trang|trang)\s+\d{1,4}(?:\s*/\s*\d{1,4})?|\d{1,3})\s*$")  # `2025` is a year
# Lines that end a table: an appendix title, the signature block, the recipients.
STOP_LINES = re.compile(
    r"^\s*(?:\*\*)?(?:PH[ỤU] L[ỤU]C\b|Ph[ụu] l[ụu]c\s+(?:s[ốo]\s*)?[0-9IVX]|N[ơo]i nh[ậa]n\b|TM\.|KT\.|K/T\b|T/M\b"
    r"|\(\*{1,3}\)\s|Ngu[ồo]n\s*(?:s[ốo] li[ệe]u)?\s*:|Ghi ch[úu]\s*:"
    # a web page's furniture after the table
    r"|L[ượ]+t xem\b|In b[àa]i vi[ếe]t|Chia s[ẻe]\b|B[ìi]nh lu[ậa]n\b|Tin li[êe]n quan|V[ăa]n b[ảa]n li[êe]n quan"
    r"|[ÝY] ki[ếe]n b[ạa]n [đd][ọo]c|T[ừu] kh[óo]a\s*:|Tags\s*:"
    # the signatures under a sheet
    r"|Ng[ưu][ờo]i l[ậa]p(?: bi[ểe]u)?\b|Th[ủu] tr[ưu][ởo]ng [đd][ơo]n v[ịi]\b)",
)


@dataclass
class Item:
    """One cell of a stream: its text, its first line (1-based), whether a blank line came before it."""

    text: str
    line: int
    gap: bool = False
    lines: int = 1  # how many source lines it covers


@dataclass
class ExplicitRegion:
    """Consecutive lines each holding one row of cells."""

    layout: str  # "markdown", "spaces"
    start: int  # 0-based index of the first line
    end: int  # 0-based index after the last line
    rows: list[list[str]] = field(default_factory=list)
    row_lines: list[int] = field(default_factory=list)  # 1-based line of each row
    offsets: list[list[int]] = field(default_factory=list)  # spaced layout: where each cell starts on its line


def is_blank(line: str) -> bool:
    return not line.strip(" \t\r\n" + _INVISIBLE)


def is_truly_empty(line: str) -> bool:
    """Nothing at all, not even an invisible space: a separator, not an empty cell."""
    return not line.strip(" \t\r\n")


# --- markdown pipe tables ----------------------------------------------------------------------------

_MD_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)+\|?\s*$")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def _md_cells(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    return [c.replace("\\|", "|").strip() for c in _UNESCAPED_PIPE.split(s)]


def _is_md_row(line: str) -> bool:
    """`| a | b |` (markdown), or `a | b |` (legal sites that end every cell of a row with a bar)."""
    s = line.strip()
    return (s.startswith("|") and s.count("|") >= 3) or (s.endswith("|") and s.count("|") >= 2 and len(s) > 3)


def markdown_regions(lines: list[str]) -> list[ExplicitRegion]:
    """Markdown pipe tables: `| a | b |` rows, with or without the `|---|` rule; a rule line is dropped."""
    out: list[ExplicitRegion] = []
    i, n = 0, len(lines)
    while i < n:
        if not (_is_md_row(lines[i]) or (_MD_RULE.match(lines[i]) and "|" in lines[i])):
            i += 1
            continue
        start = i
        region = ExplicitRegion("markdown", start, start)
        rules = 0
        while i < n and (_is_md_row(lines[i]) or _MD_RULE.match(lines[i])):
            if STOP_LINES.match(lines[i].strip().lstrip("|").strip()):
                break
            if _MD_RULE.match(lines[i]):
                rules += 1
            else:
                region.rows.append(_md_cells(lines[i]))
                region.row_lines.append(i + 1)
            i += 1
        region.end = i
        if i == start:
            i += 1  # a stop line written as a row: not a table
            continue
        # A lone line of pipes is prose that happens to use `|`; a table has a rule or several rows.
        if len(region.rows) >= 2 and (rules or len(region.rows) >= 3):
            out.append(region)
    return out


# --- columns separated by runs of spaces -------------------------------------------------------------------

_GAP = re.compile(r"(?:\s{2,}|\t)")


def _spaced_cells(line: str) -> list[str]:
    return [c for c in _GAP.split(line.strip()) if c]


def _spaced_offsets(line: str) -> list[tuple[int, str]]:
    """Cells and the column each starts at (runs of two or more spaces part them)."""
    return [(m.start(), m.group(0)) for m in re.finditer(r"\S+(?: \S+)*", line.expandtabs(8))]


def columns_by_position(header: list[tuple[int, str]], row: list[tuple[int, str]]) -> list[str]:
    """A row of a spaced layout put under the header's columns by where its text stands: a cell written over the
    start of the next column (one space left between them) is cut there, at the nearest space."""
    starts = [x for x, _ in header]
    pieces: list[tuple[int, str]] = []
    for x, text in row:
        end = x + len(text)
        cuts = [c for c in starts if x + 2 < c < end - 2]
        last = x
        for c in cuts:
            gap = text.rfind(" ", 0, c - x + 2)
            if gap <= last - x:
                continue
            pieces.append((last, text[last - x : gap].strip()))
            last = x + gap + 1
        pieces.append((last, text[last - x :].strip()))
    out = [""] * len(starts)
    for x, text in pieces:
        j = min(range(len(starts)), key=lambda k: abs(starts[k] - x) if starts[k] <= x + 3 else 10**6 + starts[k])
        out[j] = (out[j] + " " + text).strip()
    return out


def spaced_regions(lines: list[str]) -> list[ExplicitRegion]:
    """Runs of lines whose cells are separated by two or more spaces (a PDF converter's layout text)."""
    out: list[ExplicitRegion] = []
    i, n = 0, len(lines)
    while i < n:
        if "|" in lines[i] or "\t" in lines[i] or len(_spaced_cells(lines[i])) < 3:
            i += 1
            continue
        start = i
        region = ExplicitRegion("spaces", start, start)
        misses = 0
        while i < n and "|" not in lines[i] and "\t" not in lines[i] and not STOP_LINES.match(lines[i].strip()):
            if PAGE_NUMBER.match(lines[i]):
                i += 1
                continue
            cells = _spaced_cells(lines[i])
            if len(cells) >= 2:
                misses = 0
            elif cells:
                misses += 1  # a wrapped name: one cell alone on its line, kept for the row above
                if misses > 3:
                    break
            else:
                misses += 1
                if misses > 2:
                    break
                i += 1
                continue
            region.rows.append(cells)
            region.row_lines.append(i + 1)
            region.offsets.append([x for x, _ in _spaced_offsets(lines[i])])
            i += 1
        region.end = i
        if i == start:
            i += 1  # a stop line laid out in columns (the signature): not a table
            continue
        if sum(1 for r in region.rows if len(r) >= 3) >= 2:
            out.append(region)
    return out


# --- cell streams -----------------------------------------------------------------------------------

PIPE_ONLY = re.compile(r"^\s*\|\s*$")


def pipe_line(line: str) -> bool:
    return "|" in line and not _is_md_row(line)


def line_items(lines: list[str], skip: set[int]) -> list[Item]:
    """One cell per line. A blank line is a separator (remembered as a gap); a line holding only an invisible
    space is an empty cell, as a browser copies one."""
    items: list[Item] = []
    gap = False
    for i, raw in enumerate(lines):
        if i in skip:
            gap = True
            continue
        if is_truly_empty(raw):
            gap = True
            continue
        text = "" if is_blank(raw) else one_line(raw)
        items.append(Item(text, i + 1, gap))
        gap = False
    return items


def paragraph_items(lines: list[str], skip: set[int]) -> list[Item]:
    """One cell per paragraph: lines joined until a blank line. Where cells are parted by one blank line, a run
    of three is an empty cell between them (Word writes an empty cell as an empty paragraph)."""
    items: list[Item] = []
    current: list[str] = []
    first = 0
    blanks = 0
    for i, raw in enumerate(lines + [""]):
        if i in skip or is_truly_empty(raw) or i == len(lines):
            if current:
                items.append(Item(one_line(" ".join(current)), first + 1, True, len(current)))
                current = []
            blanks += 1
            continue
        if blanks >= 3 and items:
            items.extend(Item("", i - blanks + 2, True) for _ in range((blanks - 1) // 2))
        blanks = 0
        if not current:
            first = i
        current.append("" if is_blank(raw) else raw)
    return items


# --- a name, a unit, then figures, separated by single spaces (text taken out of a PDF or a web widget) ---------

_NUMBER_TOKEN = re.compile(r"^[<>≤≥~]?\(?[-+]?\d[\d.,]*(?:\s*[-–]\s*\d[\d.,]*)?%?\)?\*?$|^[-–x]$|^\.{2,}$")


def _header_segments(line: str) -> list[str] | None:
    """A header written on one line with single spaces, cut into the column headers the vocabulary knows
    (`Chỉ tiêu ĐV tính TH 2020 ƯTH 2023 KH 2024`), or None when some words name no column."""
    from .columns import classify  # the vocabulary; imported here to keep the lexer's import light

    words = line.split()
    if not 3 <= len(words) <= 40 or len(line) > 160 or not re.search(r"(?:19|20)\d\d", line):
        return None
    # A header opens with its number or name column.
    if not any(classify(" ".join(words[:k])).role in ("tt", "name") for k in (1, 2, 3)):
        return None
    best: list[tuple[float, list[str]] | None] = [None] * (len(words) + 1)
    best[0] = (0.0, [])
    for i in range(1, len(words) + 1):
        for j in range(max(0, i - 6), i):
            if best[j] is None:
                continue
            segment = " ".join(words[j:i])
            known = classify(segment).role != "other"
            gain = 1 + 0.05 * (i - j) if known else -1.0 * (i - j)
            if known and re.fullmatch(r"(?:19|20)\d\d", segment):
                gain = 0.6  # a bare year heads a column less often than `ƯTH 2023` does
            total = best[j][0] + gain
            if best[i] is None or total > best[i][0]:
                best[i] = (total, best[j][1] + [segment])
    result = best[len(words)]
    if result is None or any(classify(s).role == "other" for s in result[1]):
        return None
    return result[1]


_SCALE_WORDS = {"ty", "trieu", "nghin", "ngan", "tram", "van", "1.000", "giuong", "bac", "luot", "nghin ty"}


def _unit_suffix(words: list[str]) -> int:
    """How many of the last words are a unit: one unit word (`%`, `USD`, `người`), or a scale and its unit
    (`Tỷ đồng`, `nghìn tỷ đồng`), or words around a `/` (`giường bệnh/vạn dân`); 0 when none."""
    from planwatch.textnorm import fold

    from .cells import UNIT_WORDS

    found = 0
    for size in (1, 2, 3):
        if len(words) <= size:
            break
        tail = words[-size:]
        if any(re.search(r"\d", w) and w != "1.000" for w in tail):
            break
        first = fold(tail[0])
        if size == 1:
            ok = tail[0] in ("%", "‰") or first in UNIT_WORDS or "/" in tail[0] or tail[0].isupper() and len(tail[0]) <= 4
        else:
            ok = first in _SCALE_WORDS or any("/" in w for w in tail)
        if ok:
            found = size
    return found


def numeric_tail_regions(lines: list[str]) -> list[ExplicitRegion]:
    """A header line whose words cut into known columns ending in figures, and the lines below it that end in as
    many figures: each such line is a row (number, name, unit, figures)."""
    from .columns import classify

    out: list[ExplicitRegion] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if "|" in line or "\t" in line or len(line) > 200:
            i += 1
            continue
        segments = _header_segments(one_line(line))
        roles = [classify(s).role for s in segments] if segments else []
        figures = 0
        while figures < len(roles) and roles[len(roles) - 1 - figures] in ("value", "target"):
            figures += 1
        head = roles[: len(roles) - figures]
        if not segments or not figures or "name" not in head or set(head) - {"tt", "name", "unit"}:
            i += 1
            continue
        has_tt, has_unit = "tt" in head, "unit" in head
        region = ExplicitRegion("numeric", i, i + 1, [segments], [i + 1])
        j = i + 1
        while j < len(lines):
            row = _numeric_row(one_line(lines[j]), figures, has_tt, has_unit)
            if row is None:
                break
            region.rows.append(row)
            region.row_lines.append(j + 1)
            j += 1
        region.end = j
        if len(region.rows) >= 2:
            out.append(region)
        i = j
    return out


def _numeric_row(line: str, figures: int, has_tt: bool, has_unit: bool) -> list[str] | None:
    words = line.split()
    # `> 75`, `< 3`: an operator written apart belongs to its figure.
    merged: list[str] = []
    for w in words:
        if merged and merged[-1] in ("<", ">", "≤", "≥", "~", "<=", ">="):
            merged[-1] += " " + w
        else:
            merged.append(w)
    words = merged
    if len(words) < figures + 1 or not all(_NUMBER_TOKEN.match(w.replace(" ", "")) for w in words[-figures:]):
        return None
    rest = words[:-figures]
    values = words[-figures:]
    tt = ""
    if has_tt and rest and re.fullmatch(r"\d{1,3}(?:\.\d{1,3})*\.?|[IVX]{1,4}\.?|[A-D]\.?|[-+*]", rest[0]):
        tt, rest = rest[0], rest[1:]
    unit: list[str] = []
    if has_unit:
        size = _unit_suffix(rest)
        if size:
            rest, unit = rest[:-size], rest[-size:]
    if not rest:
        return None
    row = ([tt] if has_tt else []) + [" ".join(rest)] + ([" ".join(unit)] if has_unit else []) + values
    return row
