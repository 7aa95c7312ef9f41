"""The periods a round is opened for: the engine's period codes (docs/format.md) minus spans of years.

Parsing is the engine's (`engine.periods`); what rounds add is a Vietnamese refusal, the Vietnamese label (which
the reports app's appendices print too), the period a recurring deadline's report covers, and the periods the
planning department picks from when it opens a round (`periods_to_open`, `suggested_period`).
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from planwatch import engine
from planwatch.engine.periods import HALF, NINE_MONTHS, QUARTER, SPAN, YEAR

__all__ = [
    "PeriodError", "parse_period", "period_label", "period_for_due_date", "periods_to_open", "suggested_period",
]


class PeriodError(ValueError):
    """A period code that is not one of the forms a round can be opened for."""


def parse_period(code: str, *, years: tuple[int, int] | None = (2000, 2100)) -> engine.Period:
    """A quarter, a half, nine months or a year, in `years` (a round's plausible years; None: any, for a caller
    that says itself what is wrong with a year); PeriodError in Vietnamese otherwise."""
    try:
        period = engine.parse_period(str(code or "").strip())
    except engine.PeriodError:
        period = None
    if period is None or period.kind == SPAN or (years and not years[0] <= period.start_year <= years[1]):
        raise PeriodError(
            _("Kỳ báo cáo “%(code)s” không hợp lệ: cần dạng 2024-Q2 (quý), 2024-H1 (6 tháng), "
              "2024-9M (9 tháng) hoặc 2024 (năm).") % {"code": code}
        )
    return period


ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def period_label(period: engine.Period) -> str:
    year = period.start_year
    if period.kind == QUARTER:
        return _("Quý %(quarter)s/%(year)s") % {"quarter": ROMAN[period.last_month // 3], "year": year}
    if period.kind == HALF:
        if period.first_month == 1:
            return _("6 tháng đầu năm %(year)s") % {"year": year}
        return _("6 tháng cuối năm %(year)s") % {"year": year}
    if period.kind == NINE_MONTHS:
        return _("9 tháng năm %(year)s") % {"year": year}
    if period.kind == YEAR:
        return _("Năm %(year)s") % {"year": year}
    return period.code


def period_for_due_date(day: date) -> str:
    """The period a report due on `day` covers: the year to date at the last quarter's end in or before its month.

    `Tháng 6 hàng năm` is the six-month report (2024-H1), `tháng 10` the nine-month report (2024-9M),
    `tháng 12` the year; a report due in January or February covers the year before.
    """
    if day.month == 12:
        return str(day.year)
    if day.month >= 9:
        return f"{day.year}-9M"
    if day.month >= 6:
        return f"{day.year}-H1"
    if day.month >= 3:
        return f"{day.year}-Q1"
    return str(day.year - 1)


def _quarter_of(day: date) -> int:
    return (day.month - 1) // 3 + 1


def _reporting_order(period: engine.Period) -> tuple:
    """As reports fall due: by the period's end, a quarter before the longer period ending with it (Q2, then H1)."""
    return (period.end, period.kind != QUARTER, period.start)


def periods_to_open(today: date) -> list[engine.Period]:
    """The periods a planner opens a round for around `today`: last year's quarters, first half, nine months and
    year; this year's quarters up to the current one, and its first half, nine months and year.

    In reporting order (`_reporting_order`), this year's first. Other periods (the second half, older years) can
    still be opened by code: the list is what the page offers, not what a round accepts.
    """
    periods = []
    for year, quarters in ((today.year, _quarter_of(today)), (today.year - 1, 4)):
        codes = [f"{year}-Q{n}" for n in range(1, quarters + 1)] + [f"{year}-H1", f"{year}-9M", str(year)]
        periods += sorted((parse_period(code) for code in codes), key=_reporting_order)
    return periods


# The periods of the city's socio-economic reports (quý I, 6 tháng, 9 tháng, cả năm): the cadence a round follows.
_CADENCE = ("{year}-Q1", "{year}-H1", "{year}-9M", "{year}")


def suggested_period(today: date, *, opened: set[str] | frozenset[str] = frozenset()) -> str:
    """The period the round page proposes: of the reporting cadence (Q1, six months, nine months, year) of this
    year and last, the one whose end is nearest to `today`, past or coming; a period in `opened` (a round exists
    already) is passed over for the next nearest. On 8/7/2024: 2024-H1; once H1 is opened: 2024-9M.

    A report is due around its period's end (the nine-month report is written in September with estimates, the
    year's in December or January), so the nearest end is the report the planner is about to ask for.
    """
    cadence = [
        parse_period(pattern.format(year=year)) for year in (today.year - 1, today.year) for pattern in _CADENCE
    ]
    candidates = [period for period in cadence if period.code not in opened] or cadence
    # Ties (equally far before and after) go to the period already over: its figures exist.
    nearest = min(candidates, key=lambda period: (abs((period.end - today).days), period.end > today))
    return nearest.code
