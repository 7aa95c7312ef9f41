"""Periods as the plan format writes them: `2021`, `2024-Q2`, `2024-H1`, `2024-9M`, `2021-2023`.

A span that starts and ends in the same year (`2025-2025`, how one-year plans often state their period) is that
year: its code is `2025`, so a one-year plan is one year everywhere it is compared.

One error type, `PeriodError`, says what was expected. Periods order by start date, then end date, so within a
year `2024-Q1 < 2024-H1 < 2024-9M < 2024`, and a span sorts before the years it starts with only when it ends
earlier (it never does: `2021 < 2021-2023`).
"""

from __future__ import annotations

from .errors import EngineError

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

YEAR = "year"
QUARTER = "quarter"
HALF = "half"
NINE_MONTHS = "nine_months"
SPAN = "span"

EXPECTED = (
    "a year (2021), a quarter (2024-Q2), a half (2024-H1), the first nine months (2024-9M) "
    "or a span of whole years (2021-2023)"
)

_CODE = re.compile(
    r"^(?P<year>\d{4})(?:-(?:(?P<q>Q[1-4])|(?P<h>H[12])|(?P<nine>9M)|(?P<end>\d{4})))?$"
)


class PeriodError(EngineError):
    """A period code that is none of the forms of docs/format.md."""


@dataclass(frozen=True)
class Period:
    """A stretch of time named by a code. `first_month`/`last_month` are within `start_year`/`end_year`."""

    kind: str
    start_year: int
    end_year: int
    first_month: int = 1
    last_month: int = 12

    # construction ----------------------------------------------------------------------------------------------

    @classmethod
    def parse(cls, code: str | int | Period) -> Period:
        if isinstance(code, Period):
            return code
        return _parsed(cls, str(code).strip())

    @classmethod
    def _from_text(cls, text: str) -> Period:
        m = _CODE.match(text.upper())
        if not m:
            raise PeriodError(f"expected {EXPECTED}; got {text!r}")
        year = int(m["year"])
        if m["q"]:
            n = int(m["q"][1])
            return cls(QUARTER, year, year, 3 * n - 2, 3 * n)
        if m["h"]:
            n = int(m["h"][1])
            return cls(HALF, year, year, 6 * n - 5, 6 * n)
        if m["nine"]:
            return cls(NINE_MONTHS, year, year, 1, 9)
        if m["end"]:
            end = int(m["end"])
            if end < year:
                raise PeriodError(
                    f"expected a span whose last year comes after its first (2021-2023); got {text!r}"
                )
            # Plans for one year are written `2025-2025` as often as `2025`: both are that year, as in `span()`.
            return cls.span(year, end)
        return cls(YEAR, year, year)

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(YEAR, year, year)

    @classmethod
    def span(cls, first: int, last: int) -> Period:
        """Whole years `first`..`last`; a one-year span is that year."""
        if last < first:
            raise PeriodError(f"expected a span whose last year is not before its first; got {first}-{last}")
        return cls.year(first) if first == last else cls(SPAN, first, last)

    # reading ---------------------------------------------------------------------------------------------------

    @property
    def code(self) -> str:
        if self.kind == YEAR:
            return str(self.start_year)
        if self.kind == SPAN:
            return f"{self.start_year}-{self.end_year}"
        if self.kind == QUARTER:
            return f"{self.start_year}-Q{self.last_month // 3}"
        if self.kind == HALF:
            return f"{self.start_year}-H{self.last_month // 6}"
        return f"{self.start_year}-9M"

    def __str__(self) -> str:
        return self.code

    @property
    def start(self) -> date:
        return date(self.start_year, self.first_month, 1)

    @property
    def end(self) -> date:
        return date(self.end_year, self.last_month, calendar.monthrange(self.end_year, self.last_month)[1])

    @property
    def years(self) -> tuple[int, ...]:
        """The calendar years this period touches."""
        return tuple(range(self.start_year, self.end_year + 1))

    @property
    def whole_years(self) -> bool:
        return self.kind in (YEAR, SPAN)

    @property
    def length_years(self) -> int:
        return self.end_year - self.start_year + 1

    def contains(self, other: Period | str | int) -> bool:
        o = Period.parse(other)
        # self.start <= o.start and o.end <= self.end, by year and month: a month's last day follows from them,
        # and building the dates was most of the cost of a check made for every value of a plan.
        return ((self.start_year, self.first_month) <= (o.start_year, o.first_month)
                and (o.end_year, o.last_month) <= (self.end_year, self.last_month))

    def __contains__(self, other: object) -> bool:
        if isinstance(other, (Period, str, int)):
            return self.contains(other)
        return False

    # ordering: by start, then end --------------------------------------------------------------------------------

    def _key(self) -> tuple[int, int, int, int]:
        # The months ordered as (self.start, self.end) are, without building two dates per comparison: a plan's
        # computation compares periods tens of thousands of times.
        return (self.start_year, self.first_month, self.end_year, self.last_month)

    def __lt__(self, other: Period) -> bool:
        return self._key() < other._key()

    def __le__(self, other: Period) -> bool:
        return self._key() <= other._key()

    def __gt__(self, other: Period) -> bool:
        return self._key() > other._key()

    def __ge__(self, other: Period) -> bool:
        return self._key() >= other._key()


def parse_period(code: str | int | Period) -> Period:
    return Period.parse(code)


def plan_period(code: str | Period) -> Period:
    """The span a plan covers (`2021-2025`): whole years only."""
    p = Period.parse(code)
    if not p.whole_years:
        raise PeriodError(f"expected a plan period of whole years (2021-2025 or 2024); got {p.code!r}")
    return p


@lru_cache(maxsize=4096)
def _parsed(cls: type[Period], text: str) -> Period:
    """A code read once: a plan's computation parses the same few dozen codes tens of thousands of times, and a
    Period is frozen, so one object serves every reader. A code that cannot be read is not kept (it raises)."""
    return cls._from_text(text)
