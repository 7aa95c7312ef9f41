"""Status at the end of the plan period, by a stated rule with configurable thresholds.

The rule (`StatusRule`, defaults in brackets):

1. No target for the plan period -> `unknown`.
2. Level kinds (level_at_end, share, ratio_per_population, count) and qualitative ones: when the latest achieved
   value (actual, else estimate) already meets the end target -> `achieved_early`; so does the current year's plan
   when `early_from_current_plan` [True] (the planners count a plan: schools 84 % planned for 2024 against 80-85 %).
   A ceiling (`< 3`, `≤ 3`) met today must still hold at the end: -> `on_track` when `ceiling_met_is_on_track` [True].
3. Otherwise compare the required pace with the pace so far, both oriented so that larger is better:
   growth: the yearly rate the remaining years need vs. the yearly rates achieved; levels: the change a year needed
   from the latest known value (the current year's plan included) to the binding bound vs. the yearly changes
   achieved since the baseline; sums: the amount a remaining year needs vs. the latest yearly amount.
   - need ≤ 0 (sums: the total is reached) -> `on_track` (sums: `achieved_early`);
   - need ≤ average × `on_track_factor` [1] -> `on_track`;
   - need ≤ best × `difficult_factor` [1] -> `difficult`;
   - else `very_challenging`.
   For sums: need ≤ latest × `sum_on_track_factor` [1] -> `on_track`; ≤ latest × `sum_difficult_factor` [1,2] ->
   `difficult`; else `very_challenging`.
4. `percent_level_cap` [difficult] bounds the status of a level measured in % (a share or a rate: households with
   clean water, wastewater treated, public transport share, urbanisation): such a level moves in steps that past
   years do not predict (a treatment plant opens, a metro line starts), and the 2024 plan calls every such
   indicator it does not expect to complete "difficult", never "very challenging". This is the one threshold
   chosen to match the planners; `None` removes it.
5. No pace to compare with -> `unknown`.

The binding bound of the target is its low bound when higher is better, its high bound when lower is better, and for
a band the bound on the side of the current value.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .assessment import EXCEEDED, MET, AssessmentRule, assess
from .explain import Phrase, Shown, gettext_noop, pgettext_noop, phrase, settle
from .kinds import GROWTH_AVERAGE, LEVEL_MEASURES, QUALITATIVE_MEASURE, SUM_OVER_PERIOD
from .numbers import computing, short, vn_short
from .periods import Period
from .progress import ACHIEVED_KINDS, Pace, YearValue, orientation, pace, yearly
from .quantity import GE, GT, LE, LT, QUALITATIVE, Quantity
from .required import Required, bounds
from .series import IndicatorSeries, PLAN

ACHIEVED_EARLY = "achieved_early"
ON_TRACK = "on_track"
DIFFICULT = "difficult"
VERY_CHALLENGING = "very_challenging"
UNKNOWN = "unknown"
STATUSES = (ACHIEVED_EARLY, ON_TRACK, DIFFICULT, VERY_CHALLENGING, UNKNOWN)
LABELS_VI = {
    ACHIEVED_EARLY: gettext_noop("Đạt sớm"),
    ON_TRACK: gettext_noop("Dự kiến hoàn thành"),
    DIFFICULT: gettext_noop("Khó khăn"),
    VERY_CHALLENGING: gettext_noop("Rất thách thức"),
    UNKNOWN: gettext_noop("Chưa xác định"),
}
EXPECTED_EARLY_VI = gettext_noop("Dự kiến đạt sớm")
# From best to worst; a group takes the worst known status of its rows.
SEVERITY = {ACHIEVED_EARLY: 0, ON_TRACK: 1, DIFFICULT: 2, VERY_CHALLENGING: 3}

KIND_VI = {"actual": "thực hiện", "estimate": "ước thực hiện", "plan": "kế hoạch"}
# The same words inside an explanation: translated by their use as the kind of a value.
KIND_WORDS = {
    "actual": pgettext_noop("kind of value", "thực hiện"),
    "estimate": pgettext_noop("kind of value", "ước thực hiện"),
    "plan": pgettext_noop("kind of value", "kế hoạch"),
}
# A value said at the start of an explanation ("Thực hiện năm 2024 (26,9%)").
VALUE_SAID = {
    "actual": gettext_noop("Thực hiện năm %(year)s (%(value)s)"),
    "estimate": gettext_noop("Ước thực hiện năm %(year)s (%(value)s)"),
    "plan": gettext_noop("Kế hoạch năm %(year)s (%(value)s)"),
}


@dataclass(frozen=True)
class StatusRule:
    on_track_factor: Decimal = Decimal(1)
    difficult_factor: Decimal = Decimal(1)
    sum_on_track_factor: Decimal = Decimal(1)
    sum_difficult_factor: Decimal = Decimal("1.2")
    early_from_current_plan: bool = True
    ceiling_met_is_on_track: bool = True
    percent_level_cap: str | None = DIFFICULT
    assessment: AssessmentRule = AssessmentRule()


@dataclass(frozen=True)
class Status:
    status: str
    reason: str  # Vietnamese; given a Phrase, which moves to `explanation` (engine/explain.py)
    need: Decimal | None = None  # the required pace, oriented (larger = more needed)
    pace: Pace | None = None
    # Achieved early judged from a plan value (`KH 2024 ... vượt chỉ tiêu sớm 1 năm`), not from an actual or an
    # estimate: "dự kiến đạt sớm" until the year's actual arrives and the same call says "đạt sớm" or not.
    expected: bool = False
    explanation: Phrase | None = None

    def __post_init__(self) -> None:
        settle(self)

    @property
    def label(self) -> str:
        return EXPECTED_EARLY_VI if self.expected and self.status == ACHIEVED_EARLY else LABELS_VI[self.status]


def _unit_text(unit: str | None) -> Phrase | str:
    """The unit after an amount or a change; a change of a percentage is in percentage points."""
    if unit in (None, ""):
        return ""
    if unit == "%":
        return phrase(gettext_noop(" điểm %%"))
    # `1.000 tỷ đ.` after a number would read as a second number
    return f" × {unit}" if unit[0].isdigit() else f" {unit}"


def _years_text(period: Period) -> Phrase:
    if period.kind == "year":
        return phrase(gettext_noop("năm %(period)s"), period=period.code)
    return phrase(gettext_noop("%(count)s năm %(period)s"), count=period.length_years, period=period.code)


def _value_text(q: Quantity, unit: str | None) -> Shown:
    if q.op == QUALITATIVE:
        return Shown(f"“{q.text}”", q)
    lo, hi = bounds(q)
    n = lo if lo is not None else hi
    if q.op == "range":
        s = f"{vn_short(q.low)}-{vn_short(q.high)}"
    else:
        s = {GE: "≥ ", GT: "> ", LE: "≤ ", LT: "< "}.get(q.op, "") + vn_short(n)
    return Shown(s + ("%" if unit == "%" else (f" {unit}" if unit else "")), q, unit or "")


def binds_low(target: Quantity, sign: int) -> bool:
    """Whether the low bound of the target is the one to reach (else the high one)."""
    if target.op in (GE, GT):
        return True
    if target.op in (LE, LT):
        return False
    return sign > 0


def binding_bound(target: Quantity, sign: int) -> Decimal | None:
    lo, hi = bounds(target)
    return lo if binds_low(target, sign) else hi


def combine(statuses: list[Status | str]) -> str:
    """A group's status: the worst known status of its rows; `unknown` when none is known."""
    names = [s.status if isinstance(s, Status) else s for s in statuses]
    known = [s for s in names if s in SEVERITY]
    return max(known, key=SEVERITY.__getitem__) if known else UNKNOWN


def _cap(status: Status, series: IndicatorSeries, rule: StatusRule) -> Status:
    cap = rule.percent_level_cap
    percent_level = series.measure in LEVEL_MEASURES and (series.unit or "").strip() == "%"
    if cap is None or not percent_level or status.status not in SEVERITY or SEVERITY[status.status] <= SEVERITY[cap]:
        return status
    capped = phrase(gettext_noop("%(reason)s; chỉ tiêu tỷ lệ (%%): theo quy tắc xếp tối đa “%(label)s”"),
                    reason=status.explanation, label=phrase(LABELS_VI[cap]))
    return Status(cap, capped, status.need, status.pace)


def status(
    series: IndicatorSeries,
    plan: Period,
    target: Quantity | None,
    req: Required,
    as_of_year: int,
    direction: str,
    rule: StatusRule = StatusRule(),
) -> Status:
    if target is None:
        return Status(UNKNOWN, phrase(gettext_noop("Chưa có mục tiêu cho kỳ %(period)s"), period=plan.code))
    result = _status(series, plan, target, req, as_of_year, direction, rule)
    return _cap(result, series, rule)


def _early(series, plan, target, as_of_year, direction, rule) -> Status | None:
    years = yearly(series, plan, direction)
    achieved = [v for y, v in years.items() if v.kind in ACHIEVED_KINDS and y <= as_of_year]
    candidates: list[YearValue] = achieved[-1:]
    current = years.get(as_of_year)
    if rule.early_from_current_plan and current is not None and current.kind == PLAN:
        candidates.append(current)
    end_text = _value_text(target, series.unit)
    for v in candidates:
        a = assess(v.quantity, target, direction, rule=rule.assessment)
        if a.result not in (MET, EXCEEDED):
            continue
        said = phrase(VALUE_SAID[v.kind], year=v.year, value=_value_text(v.quantity, series.unit))
        if target.op in (LT, LE) and rule.ceiling_met_is_on_track:
            return Status(ON_TRACK, phrase(gettext_noop("%(value)s đang đạt mục tiêu %(target)s; cần giữ đến năm "
                                                        "%(end)s"), value=said, target=end_text, end=plan.end_year))
        expected = v.kind == PLAN
        if v.year >= plan.end_year:
            return Status(ACHIEVED_EARLY, phrase(gettext_noop("%(value)s đạt mục tiêu %(target)s"), value=said,
                                                 target=end_text), expected=expected)
        early = (gettext_noop("%(value)s dự kiến đạt mục tiêu cuối kỳ %(target)s, sớm %(years)s năm") if expected
                 else gettext_noop("%(value)s đã đạt mục tiêu cuối kỳ %(target)s, sớm %(years)s năm"))
        return Status(ACHIEVED_EARLY, phrase(early, value=said, target=end_text, years=plan.end_year - v.year),
                      expected=expected)
    return None


def _status(series, plan, target, req: Required, as_of_year, direction, rule: StatusRule) -> Status:
    measure = series.measure
    if measure == QUALITATIVE_MEASURE or target.op == QUALITATIVE:
        early = _early(series, plan, target, as_of_year, direction, rule)
        if early:
            return early
        return Status(UNKNOWN, phrase(gettext_noop("Mục tiêu “%(target)s”: chưa có giá trị so sánh được"),
                                      target=target.text))
    if measure in LEVEL_MEASURES:
        early = _early(series, plan, target, as_of_year, direction, rule)
        if early:
            return early
    if req.low is None and req.high is None:
        return Status(UNKNOWN, _required_reason(req, gettext_noop("Không tính được giá trị cần đạt")))

    years = yearly(series, plan, direction)
    latest = [v for y, v in years.items() if y <= as_of_year and v.number is not None]
    current_number = latest[-1].number if latest else None
    sign = orientation(direction, current_number, target)
    p = pace(series, plan, as_of_year, direction, sign)
    s = Decimal(sign)
    bound = binding_bound(target, sign)
    low = binds_low(target, sign)
    if bound is None:
        return Status(UNKNOWN, phrase(gettext_noop("Mục tiêu không có ngưỡng theo hướng cần đạt")))
    unit = series.unit

    with computing():
        if measure == GROWTH_AVERAGE:
            return _growth_status(req, p, s, low, rule)
        if measure == SUM_OVER_PERIOD:
            return _sum_status(req, p, low, unit, target, rule)
        return _level_status(req, p, s, sign, low, bound, unit, plan, rule)


def _required_reason(req: Required, otherwise: str) -> Phrase:
    return req.explanation if req.reason else phrase(otherwise)


def _growth_status(req: Required, p: Pace, s: Decimal, low: bool, rule: StatusRule) -> Status:
    need_raw = req.low if low else req.high
    if need_raw is None:
        return Status(UNKNOWN, _required_reason(req, gettext_noop("Không tính được tốc độ cần đạt")))
    need = s * need_raw
    need_text = phrase(gettext_noop("Cần đạt %(rate)s%%/năm trong %(years)s"), rate=short(need_raw),
                       years=_years_text(req.period))
    avg_text = (phrase(gettext_noop("bình quân đã đạt (%(rate)s%%)"), rate=short(s * p.average))
                if p.average is not None else "")
    best_text = (phrase(gettext_noop("mức tốt nhất đã đạt (%(rate)s%% năm %(year)s)"), rate=short(s * p.best),
                        year=p.best_year) if p.best is not None else "")
    return _compare(need, p, rule.on_track_factor, rule.difficult_factor, need_text, avg_text, best_text)


def _sum_status(req: Required, p: Pace, low: bool, unit: str | None, target: Quantity, rule: StatusRule) -> Status:
    total = req.low if low else req.high
    per_year = req.per_year_low if low else req.per_year_high
    if total is None:
        return Status(UNKNOWN, _required_reason(req, gettext_noop("Không tính được tổng cần đạt")))
    if len(req.remaining) > 1:
        need_text = phrase(gettext_noop("Cần thêm %(total)s%(unit)s trong %(years)s (%(per_year)s/năm)"),
                           total=short(total), unit=_unit_text(unit), years=_years_text(req.period),
                           per_year=short(per_year))
    else:
        need_text = phrase(gettext_noop("Cần thêm %(total)s%(unit)s trong %(years)s"), total=short(total),
                           unit=_unit_text(unit), years=_years_text(req.period))
    if total <= 0:
        return Status(ACHIEVED_EARLY, phrase(gettext_noop("Tổng đã đạt mục tiêu %(target)s"),
                                             target=_value_text(target, unit)))
    if p.latest is None:
        return Status(UNKNOWN, phrase(gettext_noop("%(need)s; chưa có số liệu năm nào để so sánh"), need=need_text))
    ratio = per_year / p.latest if p.latest > 0 else None
    latest_text = phrase(gettext_noop("mức năm %(year)s (%(value)s, %(kind)s)"), year=p.latest_year,
                         value=short(p.latest), kind=KIND_WORDS[p.latest_kind])
    if per_year <= p.latest * rule.sum_on_track_factor:
        return Status(ON_TRACK, phrase(gettext_noop("%(need)s, không cao hơn %(latest)s"), need=need_text,
                                       latest=latest_text), per_year, p)
    if ratio is not None:
        above = phrase(gettext_noop("%(need)s, gấp %(times)s lần %(latest)s"), need=need_text, times=short(ratio),
                       latest=latest_text)
    else:
        above = phrase(gettext_noop("%(need)s, cao hơn %(latest)s"), need=need_text, latest=latest_text)
    if per_year <= p.latest * rule.sum_difficult_factor:
        return Status(DIFFICULT, above, per_year, p)
    return Status(VERY_CHALLENGING, above, per_year, p)


def _level_status(req: Required, p: Pace, s: Decimal, sign: int, low: bool, bound: Decimal, unit: str | None,
                  plan: Period, rule: StatusRule) -> Status:
    base = req.base
    if base is None:
        return Status(UNKNOWN, phrase(gettext_noop("Chưa có giá trị nào để tính mức cần tăng")))
    per_year = req.per_year_low if low else req.per_year_high
    if per_year is None:
        return Status(UNKNOWN, phrase(gettext_noop("Không tính được mức thay đổi cần đạt")))
    need = s * per_year
    if need <= 0:
        return Status(ON_TRACK, phrase(gettext_noop("%(value)s đã đủ so với mục tiêu %(target)s năm %(end)s"),
                                       value=phrase(VALUE_SAID[base.kind], year=base.year, value=short(base.number)),
                                       target=short(bound), end=plan.end_year), need, p)
    u = _unit_text(unit)
    template = (gettext_noop("Cần tăng %(change)s%(unit)s/năm (từ %(base)s theo %(kind)s năm %(year)s lên mục tiêu "
                             "%(target)s năm %(end)s)") if sign > 0 else
                gettext_noop("Cần giảm %(change)s%(unit)s/năm (từ %(base)s theo %(kind)s năm %(year)s xuống mục "
                             "tiêu %(target)s năm %(end)s)"))
    need_text = phrase(template, change=short(abs(per_year)), unit=u, base=short(base.number),
                       kind=KIND_WORDS[base.kind], year=base.year, target=short(bound), end=plan.end_year)
    avg_text = (phrase(gettext_noop("bình quân đã đạt (%(change)s%(unit)s/năm)"), change=short(p.average), unit=u)
                if p.average is not None else "")
    best_text = (phrase(gettext_noop("mức tốt nhất đã đạt (%(change)s%(unit)s năm %(year)s)"), change=short(p.best),
                        unit=u, year=p.best_year) if p.best is not None else "")
    return _compare(need, p, rule.on_track_factor, rule.difficult_factor, need_text, avg_text, best_text)


def _compare(need, p: Pace, on_track_factor, difficult_factor, need_text, avg_text, best_text) -> Status:
    if need <= 0:
        return Status(ON_TRACK, phrase(gettext_noop("%(need)s: đã đủ với kết quả hiện có"), need=need_text), need, p)
    if p.average is None or p.best is None:
        return Status(UNKNOWN, phrase(gettext_noop("%(need)s; chưa đủ số liệu thực hiện để so sánh"),
                                      need=need_text), need, p)
    if need <= p.average * on_track_factor:
        return Status(ON_TRACK, phrase(gettext_noop("%(need)s, không cao hơn mức %(average)s"), need=need_text,
                                       average=avg_text), need, p)
    if need <= p.best * difficult_factor:
        return Status(DIFFICULT, phrase(gettext_noop("%(need)s, cao hơn mức %(average)s, không cao hơn %(best)s"),
                                        need=need_text, average=avg_text, best=best_text), need, p)
    return Status(VERY_CHALLENGING, phrase(gettext_noop("%(need)s, cao hơn %(best)s"), need=need_text,
                                           best=best_text), need, p)
