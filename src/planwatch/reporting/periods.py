"""The periods a round is opened for: the engine's period codes (docs/format.md) minus spans of years.

Parsing is the engine's (`engine.periods`), the Vietnamese label the reports app's (`reports.periods`); what
rounds add is a Vietnamese refusal and the period a recurring deadline's report covers.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from planwatch import engine
from planwatch.engine.periods import SPAN
from planwatch.reports.periods import period_label

__all__ = ["PeriodError", "parse_period", "period_label", "period_for_due_date"]


class PeriodError(ValueError):
    """A period code that is not one of the forms a round can be opened for."""


def parse_period(code: str) -> engine.Period:
    """A quarter, a half, nine months or a year, with a plausible year; PeriodError in Vietnamese otherwise."""
    try:
        period = engine.parse_period(str(code or "").strip())
    except engine.PeriodError:
        period = None
    if period is None or period.kind == SPAN or not 2000 <= period.start_year <= 2100:
        raise PeriodError(
            _("Kỳ báo cáo “%(code)s” không hợp lệ: cần dạng 2024-Q2 (quý), 2024-H1 (6 tháng), "
              "2024-9M (9 tháng) hoặc 2024 (năm).") % {"code": code}
        )
    return period


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
