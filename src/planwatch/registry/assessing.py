"""A parsed document computed without the database (`planwatch parse --assess`): each indicator of a plan in the
format (docs/format.md) through the engine, with the warnings that compare its sources."""

from __future__ import annotations

from decimal import Decimal

from planwatch import engine
from planwatch.registry.computing import computed_to_format


def _quantity(record: dict) -> engine.Quantity:
    relative = record.get("relative")
    return engine.Quantity(
        record["op"],
        None if record.get("low") is None else Decimal(str(record["low"])),
        None if record.get("high") is None else Decimal(str(record["high"])),
        record.get("text") or "",
        engine.Relative(relative["direction"], relative.get("base", "")) if relative else None,
    )


def series_from_format(indicator: dict) -> engine.IndicatorSeries:
    targets, values = [], []
    for target in indicator.get("targets", []):
        try:
            targets.append(engine.Target(target["horizon"], _quantity(target)))
        except engine.PeriodError:
            continue
    for value in indicator.get("values", []):
        try:
            values.append(engine.Observation(value["period"], value["kind"], _quantity(value), value.get("part") or ""))
        except engine.PeriodError:
            continue
    direction = indicator.get("direction")
    return engine.IndicatorSeries(
        key=indicator["key"], name=indicator.get("name", ""), unit=indicator.get("unit"),
        measure=indicator.get("measure") or engine.LEVEL_AT_END,
        direction=direction if direction and direction != engine.HIGHER_BETTER else None,
        targets=tuple(targets), values=tuple(values),
    )


def years_spanned(periods) -> str | None:
    """`2021-2023` for values of 2021 to 2023: the period a yearly report speaks of when it states no plan period."""
    years = set()
    for code in periods:
        try:
            period = engine.Period.parse(code)
        except engine.PeriodError:
            continue
        years.update((period.start_year, period.end_year))
    if not years:
        return None
    return str(min(years)) if min(years) == max(years) else f"{min(years)}-{max(years)}"


def assess_format(data: dict) -> dict:
    """Add the engine's `computed` object to each indicator of a plan in the format (docs/format.md)."""
    period = (data.get("document") or {}).get("period")
    indicators = data.get("indicators", [])
    sources = {}
    for indicator in indicators:
        series = series_from_format(indicator)
        plan = (
            next((t["horizon"] for t in indicator.get("targets", []) if "-" in t["horizon"]), None)
            or period
            or years_spanned(v["period"] for v in indicator.get("values", []))
        )
        computed = None
        if plan:
            try:
                computed = engine.compute_indicator(series, plan_period=plan)
            except (engine.PeriodError, ValueError):
                computed = None
        indicator["computed"] = computed_to_format(computed, list(computed.warnings) if computed else [])
        sources[indicator["key"]] = [(o.source or "bảng", o.period.code, o.kind, o.quantity) for o in series.values]
    data["consistency_warnings"] = [w.to_dict() for w in engine.check_sources_many(
        sources, names={i["key"]: i.get("name", "") for i in indicators})]
    return data
