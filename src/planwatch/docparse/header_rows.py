"""Header cells as the layouts share them: the parent cells that head the years or the kinds below them
(`Kết quả thực hiện` over `2021 2022`, `Năm 2024` over `Kế hoạch | Ước thực hiện`), a header repeated on a new
page, and a real table's header on one row or two: two-row header combination (`_combined_header`), a spanning
period spread over its columns (`_spread_spans`, `_glued_period_spread`), which reading names more columns, and the
numbering row (`1 | 2 | 3 ...`) under a header.
"""

from __future__ import annotations

import re

from planwatch.textnorm import key

from .cells import TT_PATTERN
from .celltext import clean
from .columns import classify, kind_word, map_header, period_of
from .model import Column

_PARENT = re.compile(
    r"^(?:ket qua(?: thuc hien)?|thuc hien|uoc thuc hien|uoc th|uth|ke hoach|kh|giai doan|so lieu|chi tieu|"
    r"muc tieu|nam|th|tinh hinh thuc hien|ket qua dat duoc|nhiem vu)$"
)
_SUB = re.compile(r"^(?:(?:nam|th|kh|uth|uoc|uoc th|nv|ke hoach|thuc hien)\s+)?(?:19|20)\d\d(?:\s*(?:19|20)\d\d)?$")


def _is_parent(text: str) -> bool:
    """A header cell that heads the years below it (`Kết quả thực hiện`, `Kế hoạch`), not a column of its own."""
    column = classify(text)
    return bool(_PARENT.match(key(text))) and column.role not in ("tt", "name", "unit") and not column.period


_BARE_PERIOD = re.compile(r"^(?:nam\s+)?(?:19|20)\d\d(?:\s*(?:19|20)\d\d)?$")  # `Năm 2024`, `2021-2025`
_BARE_YEAR = re.compile(r"^(?:19|20)\d\d(?:\s*(?:19|20)\d\d)?$")


def _header_continues(text: str) -> bool:
    """An unrecognised header cell between recognised ones (`Căn cứ`, `Mã số`): short and not a value."""
    return len(text) <= 40 and not re.search(r"\d", text) and not text.startswith(("-", "+"))


def _same_header(texts: list[str], columns: list[Column]) -> bool:
    """The header again on a new page, written a little differently (`STT` for `TT`)."""
    again = map_header(texts)
    return again is not None and [c.role for c in again] == [c.role for c in columns][: len(again)]


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
