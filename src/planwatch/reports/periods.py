"""The period a report is for: a year (`2024`), a quarter (`2024-Q2`), a half (`2024-H1`) or nine months
(`2024-9M`), read with the engine's period codes (docs/format.md, "Periods"); labelled as the reporting rounds
label theirs (reporting.periods.period_label)."""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from planwatch import engine
from planwatch.engine.periods import SPAN
from planwatch.reporting.periods import PeriodError, parse_period, period_label  # noqa: F401  the rounds' labels too


class ReportError(ValueError):
    """A report that cannot be made as asked; the message says why, in Vietnamese."""


def parse_report_period(code: str) -> engine.Period:
    """The reporting rounds' reading of a period code (reporting/periods.py): one parser and one message for a
    round, an appendix and the `report` command."""
    try:
        return parse_period(code, years=None)  # the `report` command names the years it takes
    except PeriodError as error:
        raise ReportError(str(error)) from error


def report_date(period: engine.Period, today: date | None = None) -> date:
    """The day the report speaks for: the end of the period, or today while the period runs."""
    today = today or timezone.localdate()
    return min(period.end, today)


def default_period(document, today: date | None = None, *, years: list[int] | None = None) -> str:
    """The current year of the plan's data: the year after its latest actual or estimate; with no such value,
    today's year kept inside the plan's period. `years` (the years having an actual or estimate) spares the
    query when the caller has the values at hand."""
    if years is None:
        from planwatch.registry.models import IndicatorValue

        years = [
            int(code) for code in IndicatorValue.objects.filter(
                indicator__document=document, kind__in=["actual", "estimate"], period__regex=r"^[0-9]{4}$",
            ).values_list("period", flat=True).distinct()
        ]
    if years:
        year = max(years) + 1
        if document.period_end:
            year = min(year, document.period_end)
        return str(year)
    year = (today or timezone.localdate()).year
    if document.period_end:
        year = min(year, document.period_end)
    if document.period_start:
        year = max(year, document.period_start)
    return str(year)
