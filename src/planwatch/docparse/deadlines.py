"""Deadlines as plans write them (DOMAIN.md, docs/format.md) → due dates or a recurrence.

| written | kind | due dates |
| --- | --- | --- |
| `Tháng 9/2021` | date | 2021-09-30 (the end of the month) |
| `2024`, `Năm 2024` | date | 2024-12-31 |
| `Quý III/2024` | date | 2024-09-30 |
| `6 tháng đầu năm 2024` | date | 2024-06-30 |
| `Trước 30/6/2024`, `30/6/2024` | date | 2024-06-30 |
| `2024, 2025`, `2024-2025` | dates | the end of each year |
| `Tháng 6, tháng 10 hàng năm` | recurring | June and October of every year from the document's year to the end of its period |
| `Hàng quý`, `Hằng năm` | recurring | every quarter end, every year end |
| `trước ngày 15/12 hằng năm`, `trước ngày 15 hằng tháng` | recurring | that day of December every year; the 15th of every month |
| `Đã ban hành Kế hoạch` | done | none |
| `Theo quy định của Trung ương`, `Theo tiến độ của Bộ` | external | none |
| `Thường xuyên`, `Nhiệm vụ thường xuyên`, `Liên tục` | ongoing | none: an ongoing duty has no due date |
| `Quý I hằng năm` | recurring | the end of that quarter every year |
| anything else | unknown | none (the caller warns) |

A part without a year (`Tháng 9`, `Quý II`) takes the year of the next part that has one
(`Quý II, quý IV/2024`), else the document's year.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from planwatch.textnorm import fold

from .celltext import one_line
from .model import Deadline, Recurrence

ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
_YEAR = r"((?:19|20)\d\d)"
_DONE = re.compile(r"^(?:da|da duoc)\s+(?:ban hanh|hoan thanh|phe duyet|thuc hien xong|trinh|ky|xong)")
_EXTERNAL = re.compile(
    r"^(?:theo\s+(?:quy dinh|ke hoach|tien do|lo trinh|chi dao|yeu cau|huong dan|thoi gian)|sau khi)"
)
_RECURRING = re.compile(r"\b(?:hang|hang)\s+(nam|quy|thang)\b|\bdinh ky\b|\bnam tiep theo\b")
_ONGOING = re.compile(r"^(?:(?:la\s+)?nhiem vu\s+)?(?:thuong xuyen|lien tuc|hang ngay)\b")
_QUARTER = re.compile(r"\bquy\s+(iv|iii|ii|i|[1-4])\b")
_SEPARATORS = re.compile(r"\s*(?:,|;|\bva\b|\+)\s*")


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_deadline(
    text: str | None, *, year: int | None = None, period_end: int | None = None
) -> Deadline | None:
    """`None` for an empty cell; otherwise a `Deadline` (kind `unknown` when the text is none of the forms)."""
    written = one_line(text)
    if not written or re.fullmatch(r"[-–—.…\s]*", written):
        return None
    f = fold(written).rstrip(". ")

    if _DONE.match(f):
        return Deadline(written, "done")
    if _EXTERNAL.match(f):
        return Deadline(written, "external")

    rec = _RECURRING.search(f)
    if rec:
        return _recurring(written, f, year, period_end)

    dates = _dates(f, year)
    if dates:
        dates = sorted(set(dates))
        return Deadline(written, "date" if len(dates) == 1 else "dates", dates)
    if _ONGOING.match(f):
        return Deadline(written, "ongoing")
    return Deadline(written, "unknown")


def _recurring(written: str, f: str, year: int | None, period_end: int | None) -> Deadline:
    months = sorted({int(m) for m in re.findall(r"\bthang\s+(\d{1,2})\b", f) if 1 <= int(m) <= 12})
    # `trước ngày 15/12 hằng năm`, `trước ngày 05/6 và 05/12 hàng năm`: a day and month without a year.
    day_months = [(int(d), int(m)) for d, m in re.findall(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})(?![\d/])", f)
                  if 1 <= int(m) <= 12 and 1 <= int(d) <= 31]
    days: dict[int, int] = {}
    if day_months:
        months = sorted({m for _d, m in day_months})
        days = {m: d for d, m in day_months}
    # `trước ngày 15 hằng tháng`: the same day of every month.
    monthly_day = re.search(r"\bngay\s+(\d{1,2})\s+(?:hang|hang)\s+thang\b", f)
    named_quarters = sorted({int(q) if q.isdigit() else ROMAN[q] for q in _QUARTER.findall(f)})
    if not months and named_quarters and "hang quy" not in f:
        months = [3 * q for q in named_quarters]  # `Quý I hằng năm`: that quarter's end, every year
    if not months:
        if re.search(r"\bhang quy\b|\bquy\b", f):
            months = [3, 6, 9, 12]
        elif re.search(r"\b6 thang\b|\bnua nam\b", f):
            months = [6, 12]
        elif re.search(r"\bhang thang\b", f):
            months = list(range(1, 13))
        else:
            months = [12]
    explicit = [int(y) for y in re.findall(_YEAR, f)]
    start = year if year is not None else (min(explicit) if explicit else None)
    if "tiep theo" in f and explicit:
        start = min(explicit)  # `2025 và những năm tiếp theo`: from the year it names, every year after
    until = period_end if period_end is not None else (max(explicit) if explicit else start)
    if start is None or until is None:
        return Deadline(written, "unknown")
    if until < start:
        until = start
    if monthly_day and 1 <= int(monthly_day.group(1)) <= 28:
        days = {m: int(monthly_day.group(1)) for m in months}
    due = [_day_or_end(y, m, days.get(m)) for y in range(start, until + 1) for m in months]
    return Deadline(written, "recurring", due, Recurrence(months, start, until))


def _day_or_end(year: int, month: int, day: int | None) -> date:
    end = month_end(year, month)
    return end if day is None or day > end.day else date(year, month, day)


def _dates(f: str, doc_year: int | None) -> list[date]:
    """Every due date the text names; [] when some part is not a date form."""
    before = re.fullmatch(r"truoc\s+nam\s+" + _YEAR, f)
    if before:
        return [date(int(before.group(1)) - 1, 12, 31)]
    # A span of years `2024-2025` or `2021 - 2025`: the end of every year.
    span = re.fullmatch(rf"(?:nam\s+|giai doan\s+)?{_YEAR}\s*[-–—]\s*{_YEAR}", f)
    if span:
        a, b = int(span.group(1)), int(span.group(2))
        if a <= b and b - a <= 10:
            return [date(y, 12, 31) for y in range(a, b + 1)]
        return []
    # Numeric dates first: their slashes are not separators.
    parts = [p for p in _SEPARATORS.split(f) if p]
    if not parts:
        return []
    parsed: list[tuple[str, int | None, int | None]] = []  # (kind, value, year)
    for part in parts:
        item = _part(part.strip())
        if item is None:
            return []
        parsed.append(item)
    out: list[date] = []
    next_year: int | None = None
    for kind, value, y in reversed(parsed):
        if y is not None:
            next_year = y
        y = y if y is not None else (next_year if next_year is not None else doc_year)
        if y is None:
            return []
        if kind == "day":
            out.append(value)  # type: ignore[arg-type]
        elif kind == "month":
            out.append(month_end(y, value))
        elif kind == "quarter":
            out.append(month_end(y, value * 3))
        elif kind == "upto":
            out.append(month_end(y, value))
        elif kind == "year":
            out.append(date(y, 12, 31))
        elif kind == "before_year":
            out.append(date(y - 1, 12, 31))
    return list(reversed(out))


_LEADING = re.compile(r"^(?:truoc ngay|truoc|cham nhat|han|hoan thanh trong|hoan thanh|trong|cuoi|den het|den|vao)\s+")


def _part(p: str):
    while True:
        stripped = _LEADING.sub("", p)
        if stripped == p:
            break
        p = stripped
    m = re.fullmatch(r"(?:ngay\s+)?(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*" + _YEAR, p)
    if m:
        return _day(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = re.fullmatch(r"(?:ngay\s+)?(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+" + _YEAR, p)
    if m:
        return _day(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    m = re.fullmatch(r"(?:thang|t)\s*(\d{1,2})(?:\s*[/.-]\s*|\s+nam\s+)" + _YEAR, p)
    if m and 1 <= int(m.group(1)) <= 12:
        return ("month", int(m.group(1)), int(m.group(2)))
    m = re.fullmatch(r"thang\s+(\d{1,2})", p)
    if m and 1 <= int(m.group(1)) <= 12:
        return ("month", int(m.group(1)), None)
    m = re.fullmatch(r"(\d{1,2})\s*/\s*" + _YEAR, p)  # `9/2021`
    if m and 1 <= int(m.group(1)) <= 12:
        return ("month", int(m.group(1)), int(m.group(2)))
    m = re.fullmatch(r"(?:quy\s+)?(i{1,3}|iv|[1-4])(?:\s*[/.-]\s*|\s+nam\s+)" + _YEAR, p)
    if m and (p.startswith("quy") or m.group(1) in ROMAN):
        return ("quarter", _quarter(m.group(1)), int(m.group(2)))
    m = re.fullmatch(r"quy\s+(i{1,3}|iv|[1-4])", p)
    if m:
        return ("quarter", _quarter(m.group(1)), None)
    m = re.fullmatch(r"(6|9)\s+thang(?:\s+dau)?(?:\s+nam)?(?:\s+|\s*/\s*)" + _YEAR, p)
    if m:
        return ("upto", int(m.group(1)), int(m.group(2)))
    m = re.fullmatch(r"6\s+thang\s+cuoi(?:\s+nam)?\s+" + _YEAR, p)
    if m:
        return ("upto", 12, int(m.group(1)))
    m = re.fullmatch(r"(?:nam\s+)?" + _YEAR, p)
    if m:
        return ("year", None, int(m.group(1)))
    return None


def _day(d: int, m: int, y: int):
    try:
        return ("day", date(y, m, d), y)
    except ValueError:
        return None


def _quarter(q: str) -> int:
    return ROMAN.get(q) or int(q)
