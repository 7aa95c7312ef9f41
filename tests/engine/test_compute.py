"""The top-level call and the shape it serialises to."""

from decimal import Decimal

from planwatch.engine import IndicatorSeries, Observation, Period, Target, compute_indicator

from .notation import q

D = Decimal


def grdp():
    # Appendix 01b row 1
    values = [("2016-2020", "actual", "6.73"), ("2021", "actual", "2.97"), ("2022", "actual", "8.95"),
              ("2023", "actual", "6.27"), ("2021-2023", "actual", "6.04"), ("2024", "plan", "6.5-7.0"),
              ("2025", "required", ">13.07")]
    return IndicatorSeries("1", "Tăng trưởng GRDP trung bình", "%", "growth_average",
                           targets=(Target(Period.parse("2021-2025"), q("7.5-8.0")),),
                           values=tuple(Observation(Period.parse(p), k, q(v)) for p, k, v in values))


def test_to_dict_has_exactly_the_documented_shape():
    d = compute_indicator(grdp(), plan_period="2021-2025").to_dict()
    assert set(d) == {"so_far", "required", "assessment", "status", "expected_early", "reason", "warnings"}
    assert d["so_far"]["through"] == "2021-2023"
    assert d["so_far"]["method"] == "geometric_mean(2021:actual, 2022:actual, 2023:actual)"
    assert set(d["required"]) == {"period", "low", "high"} and d["required"]["period"] == "2025"
    assert (d["assessment"], d["status"], d["warnings"]) == (None, "very_challenging", [])
    for n in (d["so_far"]["value"], d["required"]["low"], d["required"]["high"]):
        assert isinstance(n, Decimal)


def test_the_numbers_keep_full_precision_in_the_result():
    c = compute_indicator(grdp(), plan_period="2021-2025")
    assert len(c.so_far.value.as_tuple().digits) > 20
    assert c.pace.best == D("8.95") and c.pace.best_year == 2022


def test_an_actual_is_assessed_against_the_plan_for_the_same_year():
    s = grdp()
    s = IndicatorSeries(s.key, s.name, s.unit, s.measure, targets=s.targets,
                        values=s.values + (Observation(Period.parse("2024"), "actual", q("6.52")),))
    c = compute_indicator(s, plan_period="2021-2025")
    assert c.assessment == "met"  # 6,52 within the 2024 plan 6,5-7,0
    assert c.to_dict()["required"]["period"] == "2025"


def test_a_level_at_the_end_year_is_assessed_against_the_target():
    s = IndicatorSeries("15.2", measure="share", targets=(Target(Period.parse("2021-2025"), q("100")),),
                        values=tuple(Observation(Period.parse(p), "actual", q(v)) for p, v in
                                     [("2023", "90"), ("2024", "95"), ("2025", "98")]))
    c = compute_indicator(s, plan_period="2021-2025")
    assert (c.assessment, c.to_dict()["required"]["period"]) == ("not_met", None)


def test_nothing_to_assess_gives_null_and_a_reason():
    c = compute_indicator(grdp(), plan_period="2021-2025")
    assert c.assessment is None
    assert c.assessment_reason == "Chưa có kế hoạch hoặc mục tiêu cho cùng kỳ với giá trị 2023"
