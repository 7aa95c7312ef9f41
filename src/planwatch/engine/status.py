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
from .kinds import GROWTH_AVERAGE, LEVEL_MEASURES, QUALITATIVE_MEASURE, SUM_OVER_PERIOD
from .numbers import computing, vn_short
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
    ACHIEVED_EARLY: "Đạt sớm",
    ON_TRACK: "Dự kiến hoàn thành",
    DIFFICULT: "Khó khăn",
    VERY_CHALLENGING: "Rất thách thức",
    UNKNOWN: "Chưa xác định",
}
EXPECTED_EARLY_VI = "Dự kiến đạt sớm"
# From best to worst; a group takes the worst known status of its rows.
SEVERITY = {ACHIEVED_EARLY: 0, ON_TRACK: 1, DIFFICULT: 2, VERY_CHALLENGING: 3}

KIND_VI = {"actual": "thực hiện", "estimate": "ước thực hiện", "plan": "kế hoạch"}


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
    reason: str
    need: Decimal | None = None  # the required pace, oriented (larger = more needed)
    pace: Pace | None = None
    # Achieved early judged from a plan value (`KH 2024 ... vượt chỉ tiêu sớm 1 năm`), not from an actual or an
    # estimate: "dự kiến đạt sớm" until the year's actual arrives and the same call says "đạt sớm" or not.
    expected: bool = False

    @property
    def label(self) -> str:
        return EXPECTED_EARLY_VI if self.expected and self.status == ACHIEVED_EARLY else LABELS_VI[self.status]


def _unit_text(unit: str | None, growth: bool = False) -> str:
    if growth:
        return "%/năm"
    if unit in (None, ""):
        return ""
    if unit == "%":
        return " điểm %"
    # `1.000 tỷ đ.` after a number would read as a second number
    return f" × {unit}" if unit[0].isdigit() else f" {unit}"


def _years_text(period: Period) -> str:
    return f"năm {period.code}" if period.kind == "year" else f"{period.length_years} năm {period.code}"


def _value_text(q: Quantity, unit: str | None) -> str:
    if q.op == QUALITATIVE:
        return f"“{q.text}”"
    lo, hi = bounds(q)
    n = lo if lo is not None else hi
    if q.op == "range":
        s = f"{vn_short(q.low)}-{vn_short(q.high)}"
    else:
        s = {GE: "≥ ", GT: "> ", LE: "≤ ", LT: "< "}.get(q.op, "") + vn_short(n)
    return s + ("%" if unit == "%" else (f" {unit}" if unit else ""))


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
    return Status(cap, status.reason + f"; chỉ tiêu tỷ lệ (%): theo quy tắc xếp tối đa “{LABELS_VI[cap]}”",
                  status.need, status.pace)


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
        return Status(UNKNOWN, f"Chưa có mục tiêu cho kỳ {plan.code}")
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
        said = f"{KIND_VI[v.kind].capitalize()} năm {v.year} ({_value_text(v.quantity, series.unit)})"
        if target.op in (LT, LE) and rule.ceiling_met_is_on_track:
            return Status(ON_TRACK, f"{said} đang đạt mục tiêu {end_text}; cần giữ đến năm {plan.end_year}")
        expected = v.kind == PLAN
        if v.year >= plan.end_year:
            return Status(ACHIEVED_EARLY, f"{said} đạt mục tiêu {end_text}", expected=expected)
        verb = "dự kiến đạt" if expected else "đã đạt"
        return Status(ACHIEVED_EARLY, f"{said} {verb} mục tiêu cuối kỳ {end_text}, sớm {plan.end_year - v.year} năm",
                      expected=expected)
    return None


def _status(series, plan, target, req: Required, as_of_year, direction, rule: StatusRule) -> Status:
    measure = series.measure
    if measure == QUALITATIVE_MEASURE or target.op == QUALITATIVE:
        early = _early(series, plan, target, as_of_year, direction, rule)
        if early:
            return early
        return Status(UNKNOWN, f"Mục tiêu “{target.text}”: chưa có giá trị so sánh được")
    if measure in LEVEL_MEASURES:
        early = _early(series, plan, target, as_of_year, direction, rule)
        if early:
            return early
    if req.low is None and req.high is None:
        return Status(UNKNOWN, req.reason or "Không tính được giá trị cần đạt")

    years = yearly(series, plan, direction)
    latest = [v for y, v in years.items() if y <= as_of_year and v.number is not None]
    current_number = latest[-1].number if latest else None
    sign = orientation(direction, current_number, target)
    p = pace(series, plan, as_of_year, direction, sign)
    s = Decimal(sign)
    bound = binding_bound(target, sign)
    low = binds_low(target, sign)
    if bound is None:
        return Status(UNKNOWN, "Mục tiêu không có ngưỡng theo hướng cần đạt")
    unit = series.unit

    with computing():
        if measure == GROWTH_AVERAGE:
            need_raw = req.low if low else req.high
            if need_raw is None:
                return Status(UNKNOWN, req.reason or "Không tính được tốc độ cần đạt")
            need = s * need_raw
            need_text = f"Cần đạt {vn_short(need_raw)}%/năm trong {_years_text(req.period)}"
            avg_text = f"bình quân đã đạt ({vn_short(s * p.average)}%)" if p.average is not None else ""
            best_text = (f"mức tốt nhất đã đạt ({vn_short(s * p.best)}% năm {p.best_year})"
                         if p.best is not None else "")
            return _compare(need, p, rule.on_track_factor, rule.difficult_factor, need_text, avg_text, best_text)
        if measure == SUM_OVER_PERIOD:
            total = req.low if low else req.high
            per_year = req.per_year_low if low else req.per_year_high
            if total is None:
                return Status(UNKNOWN, req.reason or "Không tính được tổng cần đạt")
            need_text = (f"Cần thêm {vn_short(total)}{_unit_text(unit)} trong {_years_text(req.period)}"
                         + (f" ({vn_short(per_year)}/năm)" if len(req.remaining) > 1 else ""))
            if total <= 0:
                return Status(ACHIEVED_EARLY, f"Tổng đã đạt mục tiêu {_value_text(target, unit)}")
            if p.latest is None:
                return Status(UNKNOWN, need_text + "; chưa có số liệu năm nào để so sánh")
            ratio = per_year / p.latest if p.latest > 0 else None
            latest_text = f"mức năm {p.latest_year} ({vn_short(p.latest)}, {KIND_VI[p.latest_kind]})"
            if per_year <= p.latest * rule.sum_on_track_factor:
                return Status(ON_TRACK, f"{need_text}, không cao hơn {latest_text}", per_year, p)
            times = f"gấp {vn_short(ratio)} lần " if ratio is not None else "cao hơn "
            if per_year <= p.latest * rule.sum_difficult_factor:
                return Status(DIFFICULT, f"{need_text}, {times}{latest_text}", per_year, p)
            return Status(VERY_CHALLENGING, f"{need_text}, {times}{latest_text}", per_year, p)
        # levels
        base = req.base
        if base is None:
            return Status(UNKNOWN, "Chưa có giá trị nào để tính mức cần tăng")
        per_year = req.per_year_low if low else req.per_year_high
        if per_year is None:
            return Status(UNKNOWN, "Không tính được mức thay đổi cần đạt")
        need = s * per_year
        if need <= 0:
            return Status(ON_TRACK, f"{KIND_VI[base.kind].capitalize()} năm {base.year} ({vn_short(base.number)}) đã "
                                    f"đủ so với mục tiêu {vn_short(bound)} năm {plan.end_year}", need, p)
        verb = "tăng" if sign > 0 else "giảm"
        u = _unit_text(unit)
        need_text = (f"Cần {verb} {vn_short(abs(per_year))}{u}/năm (từ {vn_short(base.number)} theo "
                     f"{KIND_VI[base.kind]} năm {base.year} lên mục tiêu {vn_short(bound)} năm {plan.end_year})")
        if sign < 0:
            need_text = need_text.replace(" lên mục tiêu", " xuống mục tiêu")
        avg_text = f"bình quân đã đạt ({vn_short(p.average)}{u}/năm)" if p.average is not None else ""
        best_text = f"mức tốt nhất đã đạt ({vn_short(p.best)}{u} năm {p.best_year})" if p.best is not None else ""
        return _compare(need, p, rule.on_track_factor, rule.difficult_factor, need_text, avg_text, best_text)


def _compare(need, p: Pace, on_track_factor, difficult_factor, need_text, avg_text, best_text) -> Status:
    if need <= 0:
        return Status(ON_TRACK, f"{need_text}: đã đủ với kết quả hiện có", need, p)
    if p.average is None or p.best is None:
        return Status(UNKNOWN, f"{need_text}; chưa đủ số liệu thực hiện để so sánh", need, p)
    if need <= p.average * on_track_factor:
        return Status(ON_TRACK, f"{need_text}, không cao hơn mức {avg_text}", need, p)
    if need <= p.best * difficult_factor:
        return Status(DIFFICULT, f"{need_text}, cao hơn mức {avg_text}, không cao hơn {best_text}", need, p)
    return Status(VERY_CHALLENGING, f"{need_text}, cao hơn {best_text}", need, p)
