"""The indicator table of a plan page: columns from what the document holds, rows in document order."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from django.utils.translation import gettext_lazy

from planwatch import engine
from planwatch.accounts.selectors import table_values
from planwatch.registry.explanations import reason_text
from planwatch.registry.models import Indicator
from planwatch.registry.vocabulary import KIND_ABBREVIATIONS
from planwatch.registry.rows import target_rows



@lru_cache(maxsize=4096)
def _period_key(period: str) -> tuple[int, int]:
    """First and last year of a period code, as the engine reads it; an unreadable code sorts first. A plan's
    table asks for the same few codes a thousand times."""
    try:
        parsed = engine.Period.parse(period)
    except engine.PeriodError:
        return 0, 0
    return parsed.start_year, parsed.end_year


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    sort: tuple


@dataclass
class Row:
    indicator: Indicator
    cells: dict[str, object] = field(default_factory=dict)
    group_heading: str = ""
    status: str = ""  # the engine's status: a numbered row's is its group's (the worst of its rows)
    status_reason: str = ""
    expected_early: bool = False  # achieved early by a plan value only: shown "Dự kiến đạt sớm"
    latest_label: str = ""  # the kind and year of the latest value reached ("TH 2023")


def _value_column(period: str, kind: str) -> Column:
    start, end = _period_key(period)
    # A span before the plan (the baseline) reads on its own; a span inside it is the average so far.
    label = period if kind == "actual" and end > start else f"{KIND_ABBREVIATIONS.get(kind, kind)} {period}"
    order = {"actual": 0, "estimate": 1, "plan": 3, "required": 4}.get(kind, 5)
    return Column(key=f"value:{kind}:{period}", label=label, sort=(end, order, -start))


def _target_column(horizon: str) -> Column:
    start, end = _period_key(horizon)
    if end > start:
        # A plan-period target reads right after the baseline, before the yearly actuals.
        return Column(key=f"target:{horizon}", label=f"KH {horizon}", sort=(start - 1, 9, 0))
    return Column(key=f"target:{horizon}", label=gettext_lazy("Mục tiêu %(horizon)s") % {"horizon": horizon}, sort=(end, 2, 0))


def build_indicator_table(
    indicators: list[Indicator], computation=None, *, status_filter: str = ""
) -> tuple[list[Column], list[Row]]:
    """Columns and rows; with `status_filter`, only the numbered rows of that status and their sub-rows."""
    columns: dict[str, Column] = {}
    rows: list[Row] = []
    previous_group = None
    top_status: dict[int, str] = computation.group_status if computation else {}
    current_top = None
    for indicator in indicators:
        if indicator.parent_id is None:
            current_top = indicator.pk
        if status_filter and top_status.get(current_top) != status_filter:
            continue
        row = Row(indicator=indicator)
        if computation is not None:
            computed = computation.by_indicator.get(indicator.pk)
            if indicator.parent_id is None:
                row.status = top_status.get(indicator.pk, "")
                row.expected_early = indicator.pk in computation.expected_early
            elif computed is not None and target_rows(indicator):
                row.status = computed.status
                row.expected_early = computed.expected_early
            row.status_reason = reason_text(computed) if computed is not None else ""
        if indicator.group and indicator.group != previous_group and indicator.depth == 0:
            row.group_heading = f"{indicator.group}. {indicator.group_title}".rstrip(". ")
            previous_group = indicator.group
        for target in target_rows(indicator):
            column = _target_column(target.horizon)
            columns.setdefault(column.key, column)
            row.cells[column.key] = target
        for value in table_values(indicator):
            column = _value_column(value.period, value.kind)
            columns.setdefault(column.key, column)
            row.cells[column.key] = value
        latest = _latest_reached(indicator)
        if latest is not None:
            row.cells[LATEST] = latest
            row.latest_label = f"{KIND_ABBREVIATIONS.get(latest.kind, latest.kind)} {latest.period}"
        rows.append(row)
    targets = [column for column in columns.values() if column.key.startswith("target:")]
    if targets and any(LATEST in row.cells for row in rows):
        # Right after the first target, whatever the document's own column order: what was reached, beside what is aimed at.
        first = min(targets, key=lambda c: c.sort)
        columns[LATEST] = Column(key=LATEST, label=_LATEST_LABEL, sort=(*first.sort, 1))
    return sorted(columns.values(), key=lambda c: c.sort), rows


LATEST = "latest"
_LATEST_LABEL = gettext_lazy("Số thực hiện gần nhất")


def _latest_reached(indicator: Indicator):
    """The value of the latest year with an actual, else an estimate (one year, not a span): from the document's
    table or from an accepted report (`reported_values`, read by indicator_rows)."""
    best = None
    for value in [*table_values(indicator), *getattr(indicator, "reported_values", ())]:
        if value.kind not in ("actual", "estimate") or value.part or value.low is None:
            continue
        start, end = _period_key(value.period)
        if not start or end != start:
            continue
        rank = (end, value.kind == "actual")
        if best is None or rank > best[0]:
            best = (rank, value)
    return best[1] if best else None
