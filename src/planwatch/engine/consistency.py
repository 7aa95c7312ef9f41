"""Consistency checks: figures that disagree with their own inputs, parts that do not add up, sources that differ.

Each check takes plain inputs and returns a list of `ConsistencyWarning` (code, Vietnamese message, the figures).

How a printed figure is compared with the one computed from its inputs:

- equal once the computed figure is rounded (ROUND_HALF_UP) to the printed precision: no warning;
- else, if some choice of true inputs within half a unit of their printed last digit gives the printed figure
  (the inputs shown in the table are themselves rounded): `printed_rounding`, a note;
- else `printed_mismatch`: the figure cannot come from the rule and its printed inputs.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import cache
from typing import Iterable, Mapping, Sequence

from .explain import Phrase, Shown, gettext_noop, pgettext_noop, phrase, settle
from .kinds import GROWTH_AVERAGE, HIGHER_BETTER, LOWER_BETTER, SUM_OVER_PERIOD
from .numbers import computing, display, half_unit, places_of, vn
from .periods import YEAR, Period
from .progress import default_as_of, so_far, yearly
from .quantity import ABOUT, GE, GT, LE, LT, QUALITATIVE, RANGE, Quantity
from .required import Required, bounds, required
from .series import ACTUAL, ESTIMATE, PLAN, REQUIRED, IndicatorSeries, Observation

PRINTED_MISMATCH = "printed_mismatch"
PRINTED_ROUNDING = "printed_rounding"
PARTS_DO_NOT_ADD_UP = "parts_do_not_add_up"
SOURCES_DISAGREE = "sources_disagree"
VALUES_SWAPPED = "values_swapped"

KIND_VI = {ACTUAL: "thực hiện", ESTIMATE: "ước thực hiện", PLAN: "kế hoạch", REQUIRED: "nhiệm vụ"}
KIND_WORDS = {
    ACTUAL: pgettext_noop("kind of value", "thực hiện"),
    ESTIMATE: pgettext_noop("kind of value", "ước thực hiện"),
    PLAN: pgettext_noop("kind of value", "kế hoạch"),
    REQUIRED: pgettext_noop("kind of value", "nhiệm vụ"),
}
KIND_CAPITALISED = {
    ACTUAL: pgettext_noop("kind of value", "Thực hiện"),
    ESTIMATE: pgettext_noop("kind of value", "Ước thực hiện"),
    PLAN: pgettext_noop("kind of value", "Kế hoạch"),
    REQUIRED: pgettext_noop("kind of value", "Nhiệm vụ"),
}


@dataclass(frozen=True)
class ConsistencyWarning:
    code: str
    message: str  # Vietnamese; given a Phrase, which moves to `explanation` (engine/explain.py)
    figures: Mapping[str, object] = field(default_factory=dict)
    key: str = ""  # the indicator (or parent) the warning is about
    explanation: Phrase | None = None

    def __post_init__(self) -> None:
        settle(self, "message")

    def to_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "key": self.key, "figures": dict(self.figures)}


# --- a printed figure against its own inputs -------------------------------------------------------------------


def _shift(q: Quantity, sign: int) -> Quantity:
    with computing():  # once for both bounds: entering a context costs more than the sum
        low = None if q.low is None else q.low + sign * half_unit(q.low)
        high = None if q.high is None else q.high + sign * half_unit(q.high)
    return replace(q, low=low, high=high)


def _shifted(series: IndicatorSeries, sign: int) -> IndicatorSeries:
    """The series with every yearly actual, estimate and plan moved by half a unit of its last digit."""
    values = tuple(
        replace(v, quantity=_shift(v.quantity, sign))
        if v.kind in (ACTUAL, ESTIMATE, PLAN) and v.period.kind == YEAR and v.quantity.op != QUALITATIVE
        else v
        for v in series.values
    )
    return replace(series, values=values)


def _compare(printed: Decimal, computed: Decimal, lo: Decimal, hi: Decimal) -> str | None:
    places = places_of(printed)
    if display(computed, places) == printed:
        return None
    a, b = sorted((display(lo, places), display(hi, places)))
    return PRINTED_ROUNDING if a <= printed <= b else PRINTED_MISMATCH


def _printed_number(q: Quantity) -> Decimal | None:
    lo, hi = bounds(q)
    return lo if lo is not None else hi


def check_printed(
    series: IndicatorSeries, plan: Period, *, as_of_year: int | None = None, direction: str | None = None,
) -> list[ConsistencyWarning]:
    """Compare the series' printed averages/sums over a span (an `actual` of `2021-2023`) and its printed
    required values (`required`) with what the engine computes from the same series' yearly values."""
    direction = direction or series.effective_direction(plan)
    target_obj = series.target_for(plan)
    target = target_obj.quantity if target_obj else None
    out: list[ConsistencyWarning] = []
    # The series moved half a unit down and up: built only for a series that prints a span or a required value,
    # which most do not; building them was a fifth of the engine's time on a plan page (issue 14).
    moved = cache(lambda: (_shifted(series, -1), _shifted(series, 1)))

    name = series.name or series.key

    for obs in series.values:
        p = obs.period
        if obs.kind in (ACTUAL, ESTIMATE) and p.kind == "span" and plan.contains(p) and \
                series.measure in (GROWTH_AVERAGE, SUM_OVER_PERIOD):
            printed = _printed_number(obs.quantity)
            if printed is None:
                continue
            calc = [so_far(s, plan, p.end_year + 1, direction).value for s in (series, *moved())]
            if any(c is None for c in calc):
                continue
            what = (phrase(gettext_noop("bình quân %(period)s"), period=p.code) if series.measure == GROWTH_AVERAGE
                    else phrase(gettext_noop("tổng %(period)s"), period=p.code))
            code = _compare(printed, *calc)
            if code:
                out.append(_printed_warning(code, series.key, name, what, obs, printed, calc))
        if obs.kind == REQUIRED:
            printed = _printed_number(obs.quantity)
            if printed is None or target is None:
                continue
            as_of = as_of_year or default_as_of(series, plan)
            results = [required(s, plan, target, as_of, direction) for s in (series, *moved())]
            rel = obs.quantity.relative
            if rel is not None:
                calc = [_change_from(r, s, plan, direction, Period.parse(rel.base)) for r, s in
                        zip(results, (series, *moved()))]
            else:
                calc = [_required_number(r, target, direction) for r in results]
            if any(c is None for c in calc):
                continue
            code = _compare(printed, *calc)
            if code:
                what = phrase(gettext_noop("nhiệm vụ %(period)s"), period=p.code)
                w = _printed_warning(code, series.key, name, what, obs, printed, calc)
                hint = _other_bound_hint(series, plan, target, as_of, direction, obs, printed)
                if hint:
                    w = replace(w, message=w.explanation + hint, explanation=None)
                out.append(w)
    return out


def _required_number(r: Required, target: Quantity, direction: str) -> Decimal | None:
    if target.op in (LE, LT) or (direction == LOWER_BETTER and target.op not in (GE, GT)):
        return r.high if r.high is not None else r.low
    return r.low if r.low is not None else r.high


def _change_from(r: Required, series, plan, direction, base: Period) -> Decimal | None:
    if r.base is None or r.low is None:
        return None
    if r.base.year != base.start_year:
        years = yearly(series, plan, direction)
        b = years.get(base.start_year)
        if b is None or b.number is None:
            return None
        with computing():
            return r.low - b.number
    return r.change_low


def _other_bound_hint(series, plan, target, as_of, direction, obs, printed) -> Phrase | None:
    """When the current year's plan is a range, say whether its other bound gives the printed figure."""
    years = yearly(series, plan, direction)
    ranges = [v for v in years.values() if v.kind == PLAN and v.quantity.op == RANGE]
    if not ranges:
        return None
    other = HIGHER_BETTER if direction == LOWER_BETTER else LOWER_BETTER
    r = required(series, plan, target, as_of, other)
    rel = obs.quantity.relative
    n = _change_from(r, series, plan, other, Period.parse(rel.base)) if rel else _required_number(r, target, direction)
    if n is not None and display(n, places_of(printed)) == printed:
        v = ranges[-1]
        bound = v.quantity.high if direction != LOWER_BETTER else v.quantity.low
        if direction != LOWER_BETTER:
            return phrase(gettext_noop("số in khớp nếu lấy cận trên %(bound)s của kế hoạch năm %(year)s"),
                          bound=bound, year=v.year)
        return phrase(gettext_noop("số in khớp nếu lấy cận dưới %(bound)s của kế hoạch năm %(year)s"),
                      bound=bound, year=v.year)
    return None


def _printed_warning(code, key, name, what, obs: Observation, printed, calc) -> ConsistencyWarning:
    computed, lo, hi = calc
    places = places_of(printed)
    lo, hi = sorted((lo, hi))
    src = f" ({obs.source})" if obs.source else ""
    if code == PRINTED_MISMATCH:
        msg = phrase(gettext_noop("“%(name)s”: số in %(what)s%(source)s là %(printed)s, tính lại từ số liệu của chính "
                                  "bảng được %(computed)s"),
                     name=name, what=what, source=src, printed=printed, computed=display(computed, places))
    else:
        msg = phrase(gettext_noop("“%(name)s”: số in %(what)s%(source)s là %(printed)s, tính lại được %(computed)s; "
                                  "chênh lệch nằm trong sai số làm tròn của số liệu đầu vào (%(low)s–%(high)s)"),
                     name=name, what=what, source=src, printed=printed, computed=display(computed, places),
                     low=display(lo, places), high=display(hi, places))
    figures = {"period": obs.period.code, "printed": printed, "computed": computed, "computed_display":
               display(computed, places), "input_rounding_low": lo, "input_rounding_high": hi,
               "source": obs.source}
    return ConsistencyWarning(code, msg, figures, key)


# --- parts of a whole ------------------------------------------------------------------------------------------


def check_parts(
    parent: str, period: str | Period, parts: Sequence[tuple[str, Quantity]], total: Decimal = Decimal(100),
) -> list[ConsistencyWarning]:
    """Sub-indicators that should add up to `total` (the shares of a structure row add up to 100).

    Values: the sum must be within the rounding of the parts (half a unit of each last digit). Ranges (targets):
    `total` must lie between the sum of the low bounds and the sum of the high bounds."""
    p = Period.parse(period)
    numbers = [(k, q) for k, q in parts if q.op != QUALITATIVE and bounds(q) != (None, None)]
    if not numbers:
        return []
    with computing():
        if all(q.op == RANGE for _, q in numbers):
            lo = sum((q.low for _, q in numbers), Decimal(0))
            hi = sum((q.high for _, q in numbers), Decimal(0))
            if lo <= total <= hi:
                return []
            msg = phrase(gettext_noop("“%(parent)s” năm %(period)s: các chỉ tiêu thành phần cộng lại được "
                                      "%(low)s-%(high)s, không chứa %(total)s"),
                         parent=parent, period=p.code, low=lo, high=hi, total=total)
            return [ConsistencyWarning(PARTS_DO_NOT_ADD_UP, msg,
                                       {"period": p.code, "sum_low": lo, "sum_high": hi, "total": total}, parent)]
        nums = []
        for _, q in numbers:
            lo_, hi_ = bounds(q)
            nums.append(lo_ if lo_ is not None else hi_)
        s = sum(nums, Decimal(0))
        slack = sum((half_unit(n) for n in nums), Decimal(0))
        if abs(s - total) <= slack:
            return []
    msg = phrase(gettext_noop("“%(parent)s” năm %(period)s: các chỉ tiêu thành phần cộng lại được %(sum)s, không "
                              "bằng %(total)s (lệch %(difference)s)"),
                 parent=parent, period=p.code, sum=s, total=total, difference=s - total)
    return [ConsistencyWarning(PARTS_DO_NOT_ADD_UP, msg,
                               {"period": p.code, "sum": s, "total": total, "parts": {k: q.text for k, q in numbers}},
                               parent)]


# --- two sources for the same indicator and period ---------------------------------------------------------------

SourceValue = tuple[str, "str | Period", str, Quantity]  # (source, period, kind, quantity)


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _numbers(q: Quantity) -> list[Decimal]:
    lo, hi = bounds(q)
    if q.op == RANGE:
        return [lo, hi]
    return [lo if lo is not None else hi]


def same_value(a: Quantity, b: Quantity) -> bool:
    """The same figures once both are rounded to the coarser of their printed precisions (36,44 and 36,4 agree).

    The words around a number are not compared: prose writes `từ 13,06% trở lên` where a table writes `> 13,07`,
    and it is the number that differs there."""
    if a.op == QUALITATIVE or b.op == QUALITATIVE:
        return a.op == b.op and _fold(a.text) == _fold(b.text)
    na, nb = _numbers(a), _numbers(b)
    if len(na) != len(nb):
        return False
    for x, y in zip(na, nb):
        places = min(places_of(x), places_of(y))
        if display(x, places) != display(y, places):
            return False
    return True


def _shown(q: Quantity) -> Shown:
    return Shown(_show(q), q)


def _show(q: Quantity) -> str:
    if q.op == QUALITATIVE:
        return f"“{q.text}”"
    lo, hi = bounds(q)
    if q.op == RANGE:
        return f"{vn(lo)}-{vn(hi)}"
    sym = {GE: "≥ ", GT: "> ", LE: "≤ ", LT: "< ", ABOUT: "~"}.get(q.op, "")
    return sym + vn(lo if lo is not None else hi)


def check_sources(entries: Iterable[SourceValue], *, key: str = "", name: str = "") -> list[ConsistencyWarning]:
    """One indicator: values of the same period and kind that differ between sources."""
    groups: dict[tuple[Period, str], list[tuple[str, Quantity]]] = defaultdict(list)
    for source, period, kind, q in entries:
        groups[(Period.parse(period), kind)].append((source, q))
    out = []
    label = name or key
    # Only a period and kind stated more than once can disagree: most are stated once, and are not sorted.
    stated_twice = [(slot, items) for slot, items in groups.items() if len(items) > 1]
    for (period, kind), items in sorted(stated_twice, key=lambda kv: (kv[0][0], kv[0][1])):
        for i, (s1, q1) in enumerate(items):
            for s2, q2 in items[i + 1:]:
                if s1 != s2 and not same_value(q1, q2):
                    msg = phrase(gettext_noop("“%(name)s”, %(kind)s %(period)s: %(source)s ghi %(value)s, "
                                              "%(other_source)s ghi %(other_value)s"),
                                 name=label, kind=KIND_WORDS.get(kind, kind), period=period.code, source=s1,
                                 value=_shown(q1), other_source=s2, other_value=_shown(q2))
                    out.append(ConsistencyWarning(
                        SOURCES_DISAGREE, msg,
                        {"period": period.code, "kind": kind, "sources": {s1: q1.text or _show(q1),
                                                                          s2: q2.text or _show(q2)}},
                        key))
    return out


def check_sources_many(
    entries: Mapping[str, Iterable[SourceValue]], *, names: Mapping[str, str] | None = None,
) -> list[ConsistencyWarning]:
    """Several indicators: each one's disagreements, and a pair of indicators whose values for the same period
    are swapped between two sources (A in one source = B in the other, and the other way round) reported once as
    `values_swapped` instead of two `sources_disagree`."""
    names = names or {}
    lists = {k: [(s, Period.parse(p), kind, q) for s, p, kind, q in v] for k, v in entries.items()}
    per_key = {k: check_sources(v, key=k, name=names.get(k, "")) for k, v in lists.items()}

    # Each indicator's first value per (source, period, kind), looked up for every pair of indicators below: a
    # scan of the list each time made this check quadratic in the plan's values.
    first_values: dict[str, dict[tuple, Quantity]] = {}
    for k, values in lists.items():
        found = first_values[k] = {}
        for s, p, kd, q in values:
            found.setdefault((s, p, kd), q)

    def value(k, source, period, kind):
        return first_values[k].get((source, period, kind))

    swapped: list[ConsistencyWarning] = []
    consumed: set[tuple[str, str, str]] = set()  # (key, period, kind)
    keys = list(lists)
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            for w in per_key[a]:
                period, kind = Period.parse(w.figures["period"]), w.figures["kind"]
                sources = list(w.figures["sources"])
                if len(sources) != 2 or (a, period.code, kind) in consumed or (b, period.code, kind) in consumed:
                    continue
                s1, s2 = sources
                a1, a2 = value(a, s1, period, kind), value(a, s2, period, kind)
                b1, b2 = value(b, s1, period, kind), value(b, s2, period, kind)
                if None in (a1, a2, b1, b2):
                    continue
                if same_value(a1, b2) and same_value(a2, b1) and not same_value(b1, b2):
                    na, nb = names.get(a, a), names.get(b, b)
                    msg = phrase(gettext_noop("%(kind)s %(period)s: %(source)s ghi “%(name)s” %(value)s và "
                                              "“%(other_name)s” %(other_value)s; %(other_source)s ghi ngược lại "
                                              "(%(value_there)s và %(other_value_there)s): có thể hai giá trị bị "
                                              "đổi chỗ"),
                                 kind=KIND_CAPITALISED.get(kind, kind), period=period.code, source=s1, name=na,
                                 value=_shown(a1), other_name=nb, other_value=_shown(b1), other_source=s2,
                                 value_there=_shown(a2), other_value_there=_shown(b2))
                    swapped.append(ConsistencyWarning(
                        VALUES_SWAPPED, msg,
                        {"period": period.code, "kind": kind, "indicators": [a, b],
                         "values": {s1: {a: a1.text or _show(a1), b: b1.text or _show(b1)},
                                    s2: {a: a2.text or _show(a2), b: b2.text or _show(b2)}}},
                        a))
                    consumed |= {(a, period.code, kind), (b, period.code, kind)}
    out = list(swapped)
    for k in keys:
        out += [w for w in per_key[k] if (k, w.figures["period"], w.figures["kind"]) not in consumed]
    return out


def kind_vi(kind: str) -> str:
    return KIND_VI.get(kind, kind).capitalize()
