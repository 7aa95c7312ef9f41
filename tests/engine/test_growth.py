"""Progress so far: the geometric average of yearly growth, sums, latest levels, and which value stood for a year.

Appendix 01b of the 2024 plan, column `2021-2023`: every row that prints it, with its inputs written literally.
"""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planwatch.engine import (
    IndicatorSeries, Observation, Period, Target, compute_indicator, display, growth_average, places_of,
)
from planwatch.engine.progress import so_far

from .notation import q

D = Decimal


def test_the_worked_example_of_domain_md():
    # (1,0297 × 1,0895 × 1,0627)^(1/3) − 1 = 6,04 %
    avg = growth_average([D("2.97"), D("8.95"), D("6.27")])
    assert display(avg, 2) == D("6.04")
    assert D("6.035") < avg < D("6.036")  # carried at full precision, rounded only for display


# Appendix 01b, TH 2021 / TH 2022 / TH 2023 and the printed `2021-2023` (seed lines 215-221 and 236).
# `agrees`: the rule rounded ROUND_HALF_UP to the printed decimals gives the printed figure.
# `rounding`: it does not, but the printed inputs are themselves rounded and some inputs within half a unit of
# their last digit give it (the consistency check reports it as `printed_rounding`).
AVERAGE_2021_2023 = [
    # row, name,                          2021,   2022,    2023,   printed, computed (half-up), verdict
    ("1",     "Tăng trưởng GRDP",          "2.97", "8.95",  "6.27", "6.04", "6.04", "agrees"),
    ("1.1",   "Dịch vụ",                   "3.70", "10.28", "7.25", "7.04", "7.04", "agrees"),
    ("1.2",   "Thuế SP trừ trợ cấp SP",    "1.21", "5.35",  "3.13", "3.21", "3.22", "rounding"),
    ("1.3",   "Công nghiệp - xây dựng",    "1.76", "7.55",  "5.30", "4.84", "4.84", "agrees"),
    ("1.3.1", "Công nghiệp",               "1.95", "7.89",  "4.57", "4.78", "4.78", "agrees"),
    ("1.3.2", "Xây dựng",                  "1.46", "6.99",  "6.49", "4.95", "4.95", "agrees"),
    ("1.4",   "Nông, lâm nghiệp, thủy sản", "3.28", "2.70", "2.74", "2.90", "2.91", "rounding"),
    ("6",     "Tốc độ tăng NSLĐ",          "4.68", "6.48",  "3.30", "4.81", "4.81", "agrees"),
]


@pytest.mark.parametrize("row, name, y21, y22, y23, printed, computed, verdict", AVERAGE_2021_2023)
def test_it_reproduces_the_2021_2023_column_of_appendix_01b(row, name, y21, y22, y23, printed, computed, verdict):
    avg = growth_average([D(y21), D(y22), D(y23)])
    shown = display(avg, places_of(D(printed)))
    assert shown == D(computed)
    assert (shown == D(printed)) is (verdict == "agrees")


def _growth_series(values: dict[str, tuple[str, str]], target="7.5-8.0") -> IndicatorSeries:
    obs = [Observation(Period.parse(p), kind, q(text)) for p, (kind, text) in values.items()]
    return IndicatorSeries("x", measure="growth_average", targets=(Target(Period.parse("2021-2025"), q(target)),),
                           values=tuple(obs))


def test_so_far_says_which_value_stood_for_each_year():
    s = _growth_series({"2021": ("actual", "2.97"), "2022": ("estimate", "8.95"), "2023": ("plan", "6.27")})
    sf = so_far(s, Period.parse("2021-2025"), 2024, "higher_better")
    assert sf.method == "geometric_mean(2021:actual, 2022:estimate, 2023:plan)"
    assert [(v.year, v.kind) for v in sf.sources] == [(2021, "actual"), (2022, "estimate"), (2023, "plan")]
    assert display(sf.value, 2) == D("6.04")
    assert sf.through.code == "2021-2023"


def test_an_actual_wins_over_an_estimate_and_an_estimate_over_a_plan():
    s = _growth_series({"2021": ("plan", "7.0"), "2022": ("estimate", "9.0")})
    s = IndicatorSeries("x", measure="growth_average", targets=s.targets, values=s.values + (
        Observation(Period.parse("2021"), "actual", q("2.97")),
        Observation(Period.parse("2021"), "estimate", q("3.10")),
        Observation(Period.parse("2022"), "actual", q("8.95")),
    ))
    sf = so_far(s, Period.parse("2021-2025"), 2023, "higher_better")
    assert sf.method == "geometric_mean(2021:actual, 2022:actual)"


def test_so_far_of_a_sum_is_the_sum_of_the_years():
    # Appendix 01b row 4: 409 + 463 + 506
    s = IndicatorSeries("4", measure="sum_over_period", targets=(Target(Period.parse("2021-2025"), q("3100-3200")),),
                        values=tuple(Observation(Period.parse(y), "actual", q(v))
                                     for y, v in [("2021", "409"), ("2022", "463"), ("2023", "506")]))
    c = compute_indicator(s, plan_period="2021-2025")
    assert c.to_dict()["so_far"] == {"through": "2021-2023", "value": D("1378"), "method": "sum(2021:actual, 2022:actual, 2023:actual)"}


def test_so_far_of_a_level_is_the_latest_level():
    # Appendix 01b row 8: 2021 has no value (`-`)
    s = IndicatorSeries("8", measure="share", targets=(Target(Period.parse("2021-2025"), q("80-85")),),
                        values=(Observation(Period.parse("2022"), "actual", q("72.2")),
                                Observation(Period.parse("2023"), "actual", q("79.3")),
                                Observation(Period.parse("2024"), "plan", q("84"))))
    c = compute_indicator(s, plan_period="2021-2025")
    assert c.to_dict()["so_far"] == {"through": "2023", "value": D("79.3"), "method": "latest(2023:actual)"}


def test_a_missing_past_year_is_named_in_the_method():
    s = _growth_series({"2021": ("actual", "2.97"), "2023": ("actual", "6.27")})
    sf = so_far(s, Period.parse("2021-2025"), 2024, "higher_better")
    assert sf.method.endswith("; missing 2022")


def test_nothing_reaches_the_engine_as_a_float():
    with pytest.raises(TypeError):
        from planwatch.engine.numbers import D as to_decimal
        to_decimal(6.04)


rates = st.decimals(min_value=D("-20"), max_value=D("40"), places=2)


@given(st.lists(rates, min_size=1, max_size=6))
def test_the_average_compounded_gives_the_same_total_growth(rs):
    avg = growth_average(rs)
    total = D(1)
    for r in rs:
        total *= 1 + r / 100
    assert abs((1 + avg / 100) ** len(rs) - total) < D("1e-20")


@given(st.lists(rates, min_size=1, max_size=6))
def test_the_average_lies_between_the_lowest_and_the_highest_rate(rs):
    avg = growth_average(rs)
    assert min(rs) - D("1e-20") <= avg <= max(rs) + D("1e-20")
