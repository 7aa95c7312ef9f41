"""What must still be reached: appendix 01b's `NV 2025` column, every row that prints one, inputs written literally.

Verdicts: `agrees` (the rule, rounded half-up to the printed decimals, gives the printed figure), `rounding` (it
does not, but rounded inputs explain it: the check says `printed_rounding`), `differs` (it cannot come from the rule
and the printed inputs: `printed_mismatch`). The consistency check must say the same: see test_consistency.py.
"""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planwatch.engine import (
    IndicatorSeries, Observation, Period, Target, compute_indicator, display, growth_average, places_of,
    required_growth, required_sum,
)

from .notation import q

D = Decimal
PLAN = "2021-2025"


def series(measure, target, values, direction=None, key="x"):
    obs = []
    for period, kind, text in values:
        if q(text) is not None:
            obs.append(Observation(Period.parse(period), kind, q(text)))
    return IndicatorSeries(key, measure=measure, direction=direction,
                           targets=(Target(Period.parse(PLAN), q(target)),), values=tuple(obs))


def test_domain_worked_example_grdp():
    # 1,075^5 / (1,0297 × 1,0895 × 1,0627 × 1,065) − 1 = 13,07 %
    r = required_growth(D("7.5"), 5, [D("2.97"), D("8.95"), D("6.27"), D("6.5")], 1)
    assert display(r, 2) == D("13.07")


def test_domain_worked_example_investment():
    # 3.100 − (409 + 463 + 506 + 559,4) = 1.162,6
    assert required_sum(D("3100"), [D("409"), D("463"), D("506"), D("559.4")]) == D("1162.6")


def test_domain_worked_example_labour_productivity_needs_about_10_4_a_year_in_2024_and_2025():
    r = required_growth(D("7.0"), 5, [D("4.68"), D("6.48"), D("3.30")], 2)
    assert display(r, 1) == D("10.4")


# Growth rows of appendix 01b (seed lines 215-221, 236): target KH 2021-2025, TH 2021-2023, KH 2024 (its lower
# bound is what the rule uses), printed NV 2025, what the rule gives rounded to the printed decimals, verdict.
GROWTH_ROWS = [
    # row     target     2021    2022     2023    KH 2024      printed  rule     verdict
    ("1",     "7.5-8.0", "2.97", "8.95",  "6.27", "6.5-7.0",   "13.07", "13.07", "agrees"),
    ("1.1",   "8.0-8.5", "3.70", "10.28", "7.25", "6.65-7.23", "12.33", "12.33", "agrees"),
    ("1.2",   "3.5-4.0", "1.21", "5.35",  "3.13", "4.5",       "3.36",  "3.36",  "agrees"),
    ("1.3",   "8.5-9.0", "1.76", "7.55",  "5.30", "7.4-7.9",   "21.38", "21.49", "differs"),
    ("1.3.1", "7.5-8.0", "1.95", "7.89",  "4.57", "7.0-7.5",   "16.65", "16.65", "agrees"),
    ("1.3.2", "10-10.5", "1.46", "6.99",  "6.49", "8.0-8.5",   "29.0",  "29.0",  "agrees"),
    ("1.4",   "2.5-3.0", "3.28", "2.70",  "2.74", "2.5-3.0",   "1.30",  "1.29",  "rounding"),
    # Row 6 has no plan for 2024: its KH 2024 cell prints the required pace (`> 10`), so 2024 and 2025 both remain.
    ("6",     "7.0-7.5", "4.68", "6.48",  "3.30", "",          "10",    "10",    "agrees"),
]


@pytest.mark.parametrize("row, target, y21, y22, y23, kh24, printed, rule, verdict", GROWTH_ROWS)
def test_it_reproduces_nv_2025_for_the_growth_rows(row, target, y21, y22, y23, kh24, printed, rule, verdict):
    s = series("growth_average", target, [("2021", "actual", y21), ("2022", "actual", y22),
                                          ("2023", "actual", y23), ("2024", "plan", kh24)], key=row)
    r = compute_indicator(s, plan_period=PLAN).required
    assert r.period.code == ("2024-2025" if not kh24 else "2025")
    shown = display(r.low, places_of(D(printed)))
    assert shown == D(rule)
    assert (shown == D(printed)) is (verdict == "agrees")


def test_grdp_required_to_dict_gives_both_bounds():
    s = series("growth_average", "7.5-8.0", [("2021", "actual", "2.97"), ("2022", "actual", "8.95"),
                                             ("2023", "actual", "6.27"), ("2024", "plan", "6.5-7.0")])
    d = compute_indicator(s, plan_period=PLAN).to_dict()["required"]
    assert d["period"] == "2025"
    assert display(d["low"], 2) == D("13.07")
    # the upper bound: 1,08^5 / (1,0297 × 1,0895 × 1,0627 × 1,065) − 1
    assert display(d["high"], 2) == D("15.72")


def test_services_use_the_lower_bound_of_the_2024_plan():
    s = series("growth_average", "8.0-8.5", [("2021", "actual", "3.70"), ("2022", "actual", "10.28"),
                                             ("2023", "actual", "7.25"), ("2024", "plan", "6.65-7.23")])
    r = compute_indicator(s, plan_period=PLAN).required
    assert display(r.low, 2) == D("12.33")
    assert "2024:plan" in r.method


def test_investment_row_4():
    # seed line 227: target 3.100-3.200, TH 409 / 463 / 506, KH 2024 559.4, printed `> 1.162` (1162)
    s = series("sum_over_period", "3100-3200", [("2021", "actual", "409"), ("2022", "actual", "463"),
                                                ("2023", "actual", "506"), ("2024", "plan", "559.4")])
    r = compute_indicator(s, plan_period=PLAN).required
    assert (r.period.code, r.low, r.high) == ("2025", D("1162.6"), D("1262.6"))
    # printed 1.162 (no decimals); the rule rounds half-up to 1.163: a `rounding` verdict
    assert display(r.low, 0) == D("1163")


def test_grdp_per_capita_row_3_required_increase_over_2024():
    # seed line 224: target 192-196, TH 151.1 in 2023, KH 2024 160.8-162, printed `Tăng >30 tr.d. so năm 2024`.
    s = series("level_at_end", "192-196", [("2021", "actual", "128.1"), ("2022", "actual", "141.8"),
                                           ("2023", "actual", "151.1"), ("2024", "plan", "160.8-162")])
    r = compute_indicator(s, plan_period=PLAN).required
    assert (r.period.code, r.low, r.high) == ("2025", D("192"), D("196"))
    assert (r.base.year, r.base.kind, r.base.number) == (2024, "plan", D("160.8"))
    # the rule counts from the cautious (lower) bound of the plan: 31,2; the printed 30 is 192 − 162: `differs`
    assert (r.change_low, r.change_high) == (D("31.2"), D("35.2"))


# Level rows print the end target itself as NV 2025 (seed lines 228, 254, 259, 265, 266).
LEVEL_ROWS = [
    # row,    target,   2021,   2022,   2023,    KH 2024, printed NV 2025
    ("5",     "30",     "15.81", "15.4", "15.85", "",      "30"),
    ("14.1",  "60-62",  "",      "49.2", "49.2",  "",      "60"),
    ("15.2",  "100",    "80",    "85",   "90",    "95",    "100"),
    ("16.5",  "50-55",  "28.8",  "28.8", "30.9",  "40",    "50"),
    ("17",    "30-35",  "",      "18.5", "19.8",  "22-25", "30"),
]


@pytest.mark.parametrize("row, target, y21, y22, y23, kh24, printed", LEVEL_ROWS)
def test_it_reproduces_nv_2025_for_the_level_rows(row, target, y21, y22, y23, kh24, printed):
    s = series("share", target, [("2021", "actual", y21), ("2022", "actual", y22),
                                 ("2023", "actual", y23), ("2024", "plan", kh24)], key=row)
    d = compute_indicator(s, plan_period=PLAN).to_dict()["required"]
    assert d["period"] == "2025"
    assert display(d["low"], places_of(D(printed))) == D(printed)


def test_a_ceiling_gives_only_a_high_bound():
    s = series("share", "<3", [("2023", "actual", "2.97")])
    assert compute_indicator(s, plan_period=PLAN).to_dict()["required"] == {"period": "2025", "low": None,
                                                                           "high": D("3")}


def test_a_floor_gives_only_a_low_bound_for_growth():
    s = series("growth_average", ">=7", [("2021", "actual", "7"), ("2022", "actual", "7"), ("2023", "actual", "7"),
                                         ("2024", "actual", "7")])
    d = compute_indicator(s, plan_period=PLAN).to_dict()["required"]
    assert d["high"] is None and display(d["low"], 2) == D("7.00")


def test_a_missing_past_year_makes_growth_required_unknown_with_the_reason():
    s = series("growth_average", "7.5-8.0", [("2021", "actual", "2.97"), ("2023", "actual", "6.27")])
    r = compute_indicator(s, plan_period=PLAN).required
    assert (r.low, r.high) == (None, None)
    assert r.reason == "Thiếu số liệu năm 2022"


def test_nothing_remains_after_the_end_year():
    s = series("growth_average", "7.5-8.0", [(str(y), "actual", "7.6") for y in range(2021, 2026)])
    r = compute_indicator(s, plan_period=PLAN).required
    assert r.period is None and "Không còn năm nào" in r.reason


def test_as_of_year_moves_the_current_year():
    # as of 2023 the 2023 actual stands in; 2024 and 2025 remain
    s = series("growth_average", "7.5-8.0", [("2021", "actual", "2.97"), ("2022", "actual", "8.95"),
                                             ("2023", "actual", "6.27")])
    assert compute_indicator(s, plan_period=PLAN, as_of_year=2023).required.period.code == "2024-2025"
    assert compute_indicator(s, plan_period=PLAN, as_of_year=2022).to_dict()["so_far"]["through"] == "2021"


rate = st.decimals(min_value=D("-5"), max_value=D("15"), places=2)


@given(target=rate, known=st.lists(rate, min_size=0, max_size=4))
def test_reaching_the_required_rate_gives_exactly_the_target_average(target, known):
    remaining = 5 - len(known)
    r = required_growth(target, 5, known, remaining)
    avg = growth_average(known + [r] * remaining)
    assert abs(avg - target) < D("1e-25")


@given(target=st.decimals(min_value=D("0"), max_value=D("10000"), places=1),
       known=st.lists(st.decimals(min_value=D("0"), max_value=D("1000"), places=1), max_size=4))
def test_adding_the_required_amount_gives_exactly_the_target_sum(target, known):
    assert sum(known, D(0)) + required_sum(target, known) == target


@given(known=st.lists(rate, min_size=4, max_size=4), more=st.decimals(min_value=D("0.01"), max_value=D("5"), places=2))
def test_a_better_year_so_far_lowers_what_remains(known, more):
    better = [known[0] + more] + known[1:]
    assert required_growth(D("7.5"), 5, better, 1) < required_growth(D("7.5"), 5, known, 1)


# A one-year plan (`2025-2025`): the target year is its only year. What is required is the target itself while the
# year is still open, and nothing (with the reason, not a division by zero) once the year is known or past.
ONE_YEAR_ROWS = [
    # measure            target    values                                      as_of  period  low     high    reason
    ("growth_average",   "8.0",    [("2024", "actual", "6.52")],               2024,  "2025", "8.00",  "8.00",  ""),
    ("growth_average",   "7.5-8.0", [("2025-9M", "estimate", "7.9")],          2025,  "2025", "7.500", "8.00",  ""),
    ("growth_average",   "8.0",    [("2025", "actual", "8.1")],                2025,  None,   None,    None,
     "Không còn năm nào của kỳ 2025 sau 2025"),
    ("growth_average",   "8.0",    [],                                         2026,  None,   None,    None,
     "Không còn năm nào của kỳ 2025 sau 2026"),
    ("sum_over_period",  ">=750",  [("2025-Q1", "actual", "160")],             2025,  "2025", "750",   None,    ""),
    ("sum_over_period",  ">=750",  [("2025", "actual", "760")],                None,  None,   None,    None,
     "Không còn năm nào của kỳ 2025 sau 2026"),
    ("level_at_end",     "100",    [("2024", "actual", "95")],                 None,  "2025", "100",   "100",   ""),
    ("level_at_end",     "<3",     [("2024", "actual", "3.2")],                2024,  "2025", None,    "3",     ""),
]


@pytest.mark.parametrize("measure, target, values, as_of, period, low, high, reason", ONE_YEAR_ROWS)
def test_a_one_year_plan_requires_its_target_in_its_only_year(measure, target, values, as_of, period, low, high,
                                                              reason):
    s = IndicatorSeries("x", measure=measure, targets=(Target(Period.parse("2025-2025"), q(target)),),
                        values=tuple(Observation(Period.parse(p), k, q(v)) for p, k, v in values))
    c = compute_indicator(s, plan_period="2025-2025", as_of_year=as_of)
    r = c.required
    assert (r.period.code if r.period else None, r.low, r.high, r.reason) == (
        period, None if low is None else D(low), None if high is None else D(high), reason)
    assert r.remaining == ((2025,) if period else ())


def test_a_one_year_plan_level_change_is_counted_over_the_one_year_left():
    s = IndicatorSeries("x", measure="level_at_end", targets=(Target(Period.parse("2025-2025"), q("100")),),
                        values=(Observation(Period.parse("2024"), "actual", q("95")),))
    r = compute_indicator(s, plan_period="2025-2025").required
    assert (r.base.year, r.change_low, r.per_year_low) == (2024, D(5), D(5))


def test_required_growth_over_no_remaining_year_is_refused_not_divided_by_zero():
    with pytest.raises(ValueError, match="at least one remaining year"):
        required_growth(D("8"), 1, [D("8.1")], 0)
