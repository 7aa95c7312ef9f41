"""Roll-up of lower plans' indicators and administrative units over time (engine/rollup.py), table-driven.

Contributors are written `key: period=value, ...` with an optional base `@weight`; `-` is no value.
"""

from datetime import date
from decimal import Decimal

import pytest

from planwatch.engine import Contributor, RollupError, Succession, Unit, holder_on, remap, roll_up
from planwatch.engine.rollup import MAX, MIN, SHARE_MEETING, SPLIT, SUM, WEIGHTED_MEAN, RENAME, combine

D = Decimal
REFORM = date(2025, 7, 1)


def c(text: str) -> Contributor:
    """`Ba Đình@250: 2023=10, 2024=12` -> a contributor with base 250."""
    head, _, body = text.partition(":")
    key, _, weight = head.strip().partition("@")
    values = {}
    for item in body.split(","):
        if item.strip():
            period, _, value = item.strip().partition("=")
            if value != "-":
                values[period] = D(value)
    return Contributor(key=key, values=values, weight=D(weight) if weight else None)


# rule, threshold, direction, contributors, period -> (value, partial, missing)
CASES = [
    # jobs created (lượt người): the city's figure is the districts' sum
    (SUM, None, "higher_better", ["A: 2024=12000", "B: 2024=9500", "C: 2024=8000"], "2024", ("29500", "29500", "")),
    # a district without a figure: incomplete, never summed as zero
    (SUM, None, "higher_better", ["A: 2024=12000", "B: 2024=-", "C: 2024=8000"], "2024", (None, "20000", "B")),
    # cultural families (%), weighted by households: (90*100 + 80*300) / 400 = 82,5
    (WEIGHTED_MEAN, None, "higher_better", ["A@100: 2024=90", "B@300: 2024=80"], "2024", ("82.5", "82.5", "")),
    # a rate without its base cannot be weighted: the district is missing, not weighted as one
    (WEIGHTED_MEAN, None, "higher_better", ["A@100: 2024=90", "B: 2024=80"], "2024", (None, "90", "B")),
    # schools up to national standard: 2 of 3 districts reach 80 % -> 66,67 % of units
    (SHARE_MEETING, "80", "higher_better", ["A: 2024=85", "B: 2024=80", "C: 2024=70"], "2024",
     ("66.66666666666666666666666667", "66.66666666666666666666666667", "")),
    # unemployment under a ceiling of 3 %: 1 of 2 districts
    (SHARE_MEETING, "3", "lower_better", ["A: 2024=2.8", "B: 2024=3.4"], "2024", ("50", "50", "")),
    (MIN, None, "higher_better", ["A: 2024=95.2", "B: 2024=97", "C: 2024=99.1"], "2024", ("95.2", "95.2", "")),
    (MAX, None, "higher_better", ["A: 2024=2.1", "B: 2024=3.4"], "2024", ("3.4", "3.4", "")),
    # nobody reported: no value at all
    (MAX, None, "higher_better", ["A: 2023=1, 2024=-", "B: 2023=2"], "2024", (None, None, "A,B")),
]


@pytest.mark.parametrize("rule, threshold, direction, contributors, period, expected", CASES)
def test_it_rolls_up_by_the_rule(rule, threshold, direction, contributors, period, expected):
    rolled = roll_up(
        rule, [c(text) for text in contributors], periods=[period],
        threshold=D(threshold) if threshold else None, direction=direction,
    )
    (only,) = rolled
    value, partial, missing = expected
    assert only.value == (D(value) if value else None)
    assert only.partial == (D(partial) if partial else None)
    assert only.missing == tuple(missing.split(",")) if missing else only.missing == ()
    assert only.complete is (value is not None)


def test_it_rolls_up_every_period_any_contributor_has_in_order():
    rolled = roll_up(SUM, [c("A: 2022=1, 2021=2"), c("B: 2021=3, 2022=4, 2023=5")])
    assert [(r.period, r.value, r.missing) for r in rolled] == [
        ("2021", D(5), ()), ("2022", D(5), ()), ("2023", None, ("A",)),
    ]


def test_a_per_period_base_wins_over_the_declared_one():
    a = Contributor("A", {"2024": D(90)}, weight=D(100), weights={"2024": D(300)})
    b = Contributor("B", {"2024": D(80)}, weight=D(300))
    (only,) = roll_up(WEIGHTED_MEAN, [a, b])
    assert only.value == D(85)


@pytest.mark.parametrize("call, message", [
    (lambda: roll_up("average", []), "expected a rule among"),
    (lambda: roll_up(SHARE_MEETING, [c("A: 2024=1")]), "expected a threshold"),
    (lambda: roll_up(SUM, [c("A: 2024=1")], direction="band"), "expected a direction"),
    (lambda: Succession("A", "B", REFORM, kind="annex"), "expected a succession kind"),
])
def test_it_refuses_what_it_cannot_compute_saying_what_was_expected(call, message):
    with pytest.raises(RollupError, match=message):
        call()


def test_weights_adding_up_to_zero_give_no_mean():
    assert combine(WEIGHTED_MEAN, [(D(1), D(0))]) is None


# Units over time ---------------------------------------------------------------------------------------------
# The 2025 reform (Resolution 202/2025/QH15): Hà Giang merged into Tuyên Quang, Yên Bái and Phú Thọ... as the
# fixture of planwatch.cascade holds. Codes here are the names.

UNITS = {
    "Hà Giang": Unit("Hà Giang", date(1991, 10, 1), date(2025, 6, 30)),
    "Tuyên Quang (cũ)": Unit("Tuyên Quang (cũ)", date(1991, 10, 1), date(2025, 6, 30)),
    "Tuyên Quang": Unit("Tuyên Quang", REFORM, None),
    "Hà Nội": Unit("Hà Nội", date(2008, 8, 1), None),
}
SUCCESSIONS = [
    Succession("Hà Giang", "Tuyên Quang", REFORM),
    Succession("Tuyên Quang (cũ)", "Tuyên Quang", REFORM),
]


@pytest.mark.parametrize("code, day, holder", [
    ("Hà Giang", date(2024, 12, 31), "Hà Giang"),  # before the reform it holds itself
    ("Hà Giang", REFORM, "Tuyên Quang"),
    ("Tuyên Quang (cũ)", date(2026, 1, 1), "Tuyên Quang"),
    ("Hà Nội", REFORM, "Hà Nội"),  # not merged
])
def test_the_holder_of_a_unit_at_a_date(code, day, holder):
    assert holder_on(code, day, SUCCESSIONS) == holder


def test_a_chain_of_renames_is_followed_and_a_split_holds_nowhere():
    chain = [Succession("X", "Y", date(2020, 1, 1), RENAME), Succession("Y", "Z", date(2025, 7, 1), RENAME)]
    assert holder_on("X", date(2026, 1, 1), chain) == "Z"
    assert holder_on("X", date(2021, 1, 1), chain) == "Y"
    split = [Succession("Thanh Xuân", "Phường Thanh Xuân", REFORM, SPLIT),
             Succession("Thanh Xuân", "Phường Khương Đình", REFORM, SPLIT)]
    assert holder_on("Thanh Xuân", REFORM, split) is None


def test_successions_that_loop_are_refused():
    loop = [Succession("A", "B", REFORM, RENAME), Succession("B", "A", REFORM, RENAME)]
    with pytest.raises(RollupError, match="loop"):
        holder_on("A", REFORM, loop)


def _province(key, unit, values, weight=None):
    return Contributor(key, {p: D(v) for p, v in values.items()}, weight=D(weight) if weight else None, unit=unit)


def test_a_plan_begun_in_2021_rolls_up_across_the_2025_merge():
    # Investment (thousand billion đồng) of two provinces 2021-2024, of the merged province from 2025.
    contributors = [
        _province("KH Hà Giang", "Hà Giang", {"2021": "10", "2022": "11", "2023": "12", "2024": "13"}),
        _province("KH Tuyên Quang", "Tuyên Quang (cũ)", {"2021": "20", "2022": "21", "2023": "22", "2024": "23"}),
        _province("KH Tuyên Quang mới", "Tuyên Quang", {"2025": "40"}),
        _province("KH Hà Nội", "Hà Nội", {"2021": "100", "2022": "110", "2023": "120", "2024": "130", "2025": "140"}),
    ]
    mapped = remap(contributors, units=UNITS, successions=SUCCESSIONS, on=date(2026, 1, 1), rule=SUM)
    assert mapped.split == ()
    by_key = {m.key: m for m in mapped.contributors}
    assert sorted(by_key) == ["KH Hà Nội", "Tuyên Quang"]
    merged = by_key["Tuyên Quang"]
    assert merged.merged_from == ("KH Hà Giang", "KH Tuyên Quang", "KH Tuyên Quang mới")
    # the history kept: the merged unit's earlier years are its predecessors' re-aggregated
    assert merged.values == {"2021": D(30), "2022": D(32), "2023": D(34), "2024": D(36), "2025": D(40)}
    rolled = roll_up(SUM, mapped.contributors)
    assert [(r.period, r.value) for r in rolled] == [
        ("2021", D(130)), ("2022", D(142)), ("2023", D(154)), ("2024", D(166)), ("2025", D(180)),
    ]
    assert all(r.complete for r in rolled)


def test_a_merged_unit_with_a_predecessor_missing_a_year_is_missing_that_year_not_half_counted():
    contributors = [
        _province("HG", "Hà Giang", {"2023": "10"}),
        _province("TQ", "Tuyên Quang (cũ)", {"2022": "20", "2023": "22"}),
    ]
    mapped = remap(contributors, units=UNITS, successions=SUCCESSIONS, on=REFORM, rule=SUM)
    (merged,) = mapped.contributors
    assert merged.values == {"2023": D(32)}
    assert mapped.periods == ("2022", "2023")
    rolled = {r.period: r for r in roll_up(SUM, mapped.contributors, periods=mapped.periods)}
    assert rolled["2022"].value is None and rolled["2022"].missing == ("Tuyên Quang",)
    assert rolled["2023"].value == D(32)


def test_share_meeting_counts_units_as_they_are_at_the_chosen_date():
    # Rural clean water (%), households as base: Hà Giang 80 % of 200, Tuyên Quang 95 % of 300 -> 89 % merged.
    contributors = [
        _province("HG", "Hà Giang", {"2024": "80"}, weight="200"),
        _province("TQ", "Tuyên Quang (cũ)", {"2024": "95"}, weight="300"),
        _province("HN", "Hà Nội", {"2024": "99"}, weight="2000"),
    ]
    before = roll_up(SHARE_MEETING, contributors, threshold=D(90))
    assert before[0].value == D(200) / 3  # 2 of the 3 provinces of 2024 (Tuyên Quang, Hà Nội)
    mapped = remap(contributors, units=UNITS, successions=SUCCESSIONS, on=REFORM, rule=SHARE_MEETING)
    merged = next(m for m in mapped.contributors if m.key == "Tuyên Quang")
    assert merged.values["2024"] == D(89) and merged.weights["2024"] == D(500)
    after = roll_up(SHARE_MEETING, mapped.contributors, threshold=D(90))
    assert after[0].value == D(50)  # 1 of the 2 provinces of today


def test_a_unit_expects_no_value_for_years_it_did_not_exist():
    new_only = _province("TQ mới", "Tuyên Quang", {"2025": "40"})
    mapped = remap([new_only], units=UNITS, successions=SUCCESSIONS, on=REFORM, rule=SUM)
    assert mapped.contributors[0].active == ((REFORM, None),)
    rolled = roll_up(SUM, mapped.contributors, periods=["2024", "2025"])
    assert [(r.period, r.value, r.missing) for r in rolled] == [("2024", None, ()), ("2025", D(40), ())]


def test_a_split_unit_keeps_its_figures_for_the_years_it_existed():
    # Thanh Xuân district ended on 30/6/2025, its wards regrouped into new wards: no one unit holds its figure.
    units = {"Thanh Xuân": Unit("Thanh Xuân", None, date(2025, 6, 30)),
             "Phường Thanh Xuân": Unit("Phường Thanh Xuân", REFORM, None)}
    split = [Succession("Thanh Xuân", "Phường Thanh Xuân", REFORM, SPLIT),
             Succession("Thanh Xuân", "Phường Khương Đình", REFORM, SPLIT)]
    contributors = [_province("TX", "Thanh Xuân", {"2024": "5", "2025": "6"}),
                    _province("Phường TX", "Phường Thanh Xuân", {"2026": "2"})]
    mapped = remap(contributors, units=units, successions=split, on=date(2026, 12, 31), rule=SUM)
    assert mapped.split == ("TX",)
    assert [m.key for m in mapped.contributors] == ["TX", "Phường TX"]
    rolled = roll_up(SUM, mapped.contributors, periods=["2024", "2025", "2026"])
    # 2024: the district alone (the ward did not exist); 2025: both halves are owed; 2026: the ward alone
    assert [(r.period, r.value, r.partial, r.missing) for r in rolled] == [
        ("2024", D(5), D(5), ()), ("2025", None, D(6), ("Phường TX",)), ("2026", D(2), D(2), ()),
    ]
