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
    s = line.strip()
    return s.startswith("|") and s.count("|") >= 3


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
            if _MD_RULE.match(lines[i]):
                rules += 1
            else:
                region.rows.append(_md_cells(lines[i]))
                region.row_lines.append(i + 1)
            i += 1
        region.end = i
        # A lone line of pipes is prose that happens to use `|`; a table has a rule or several rows.
        if len(region.rows) >= 2 and (rules or len(region.rows) >= 3):
            out.append(region)
    return out


# --- columns separated by runs of spaces -------------------------------------------------------------------

_GAP = re.compile(r"(?:\s{2,}|\t)")


def _spaced_cells(line: str) -> list[str]:
    return [c for c in _GAP.split(line.strip()) if c]


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
        while i < n and "|" not in lines[i] and "\t" not in lines[i]:
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
            i += 1
        region.end = i
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
    """One cell per paragraph: lines joined until a blank line."""
    items: list[Item] = []
    current: list[str] = []
    first = 0
    for i, raw in enumerate(lines + [""]):
        if i in skip or is_truly_empty(raw) or i == len(lines):
            if current:
                items.append(Item(one_line(" ".join(current)), first + 1, True, len(current)))
                current = []
            continue
        if not current:
            first = i
        current.append("" if is_blank(raw) else raw)
    return items
