"""One call per indicator: progress so far, what must still be reached, assessment, status, warnings."""

from __future__ import annotations

from dataclasses import dataclass

from .assessment import Assessment, assess
from .explain import Phrase, gettext_noop, phrase
from .consistency import ConsistencyWarning, check_printed
from .periods import YEAR, Period, plan_period as _plan_period
from .progress import ACHIEVED_KINDS, Pace, SoFar, default_as_of, orientation, pace, so_far, yearly
from .required import Required, required
from .series import PLAN, IndicatorSeries
from .status import ACHIEVED_EARLY, Status, StatusRule, status


@dataclass(frozen=True)
class Computed:
    key: str
    so_far: SoFar
    required: Required
    assessment: str | None
    assessment_reason: str
    status: str
    reason: str
    warnings: tuple[ConsistencyWarning, ...] = ()
    pace: Pace | None = None
    direction: str = ""
    as_of_year: int | None = None
    expected_early: bool = False  # achieved early by a plan value only: "dự kiến đạt sớm"
    # `reason` and `assessment_reason` as phrases, for readers of other languages (engine/explain.py)
    explanation: Phrase | None = None
    assessment_explanation: Phrase | None = None

    def to_dict(self) -> dict:
        return {
            "so_far": {
                "through": self.so_far.through.code if self.so_far.through else None,
                "value": self.so_far.value,
                "method": self.so_far.method,
            },
            "required": self.required.to_dict(),
            "assessment": self.assessment,
            "status": self.status,
            "expected_early": self.expected_early,
            "reason": self.reason,
            "warnings": [w.to_dict() for w in self.warnings],
        }


def _assessment(series: IndicatorSeries, plan: Period, target, direction: str, rule: StatusRule) -> Assessment:
    """The latest achieved value against a target for the same period: the plan for that year, or the end target
    when the value is for the end year (levels) or covers the whole plan period."""
    achieved = sorted(
        (v for v in series.values if v.kind in ACHIEVED_KINDS and plan.contains(v.period)),
        # the latest; at the same end a single year before a span, an actual before an estimate
        key=lambda v: (v.period.end, v.period.kind == YEAR, v.kind == "actual"),
    )
    if not achieved:
        return Assessment(None, phrase(gettext_noop("Chưa có giá trị thực hiện trong kỳ")))
    latest = achieved[-1]
    yearly_plan = series.find(latest.period, PLAN)
    if yearly_plan is not None:
        return assess(latest.quantity, yearly_plan.quantity, direction, rule=rule.assessment)
    if target is not None:
        covers_end = latest.period.end_year == plan.end_year and latest.period.kind == YEAR
        covers_all = latest.period == plan
        if covers_all or (covers_end and series.measure not in ("growth_average", "sum_over_period")):
            return assess(latest.quantity, target.quantity, direction, rule=rule.assessment)
    return Assessment(None, phrase(gettext_noop("Chưa có kế hoạch hoặc mục tiêu cho cùng kỳ với giá trị %(period)s"),
                                   period=latest.period.code))


def compute_indicator(
    series: IndicatorSeries,
    *,
    plan_period: Period | str,
    as_of_year: int | None = None,
    rule: StatusRule = StatusRule(),
) -> Computed:
    plan = _plan_period(plan_period)
    target = series.target_for(plan)
    direction = series.effective_direction(plan)
    as_of = as_of_year if as_of_year is not None else default_as_of(series, plan)
    sf = so_far(series, plan, as_of, direction)
    tq = target.quantity if target else None
    req = required(series, plan, tq, as_of, direction)
    st: Status = status(series, plan, tq, req, as_of, direction, rule)
    years = yearly(series, plan, direction)
    known = [v for y, v in years.items() if y <= as_of and v.number is not None]
    sign = orientation(direction, known[-1].number if known else None, tq)
    pc = st.pace or pace(series, plan, as_of, direction, sign)
    a = _assessment(series, plan, target, direction, rule)
    warnings = tuple(check_printed(series, plan, as_of_year=as_of, direction=direction))
    return Computed(series.key, sf, req, a.result, a.reason, st.status, st.reason, warnings, pc, direction, as_of,
                    expected_early=st.expected and st.status == ACHIEVED_EARLY, explanation=st.explanation,
                    assessment_explanation=a.explanation)
