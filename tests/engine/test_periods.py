from datetime import date

import pytest

from planwatch.engine import Period, PeriodError, parse_period, plan_period


@pytest.mark.parametrize(
    "code, kind, start, end, years",
    [
        ("2021", "year", date(2021, 1, 1), date(2021, 12, 31), (2021,)),
        ("2024-Q1", "quarter", date(2024, 1, 1), date(2024, 3, 31), (2024,)),
        ("2024-Q2", "quarter", date(2024, 4, 1), date(2024, 6, 30), (2024,)),
        ("2024-Q4", "quarter", date(2024, 10, 1), date(2024, 12, 31), (2024,)),
        ("2024-H1", "half", date(2024, 1, 1), date(2024, 6, 30), (2024,)),
        ("2024-H2", "half", date(2024, 7, 1), date(2024, 12, 31), (2024,)),
        ("2024-9M", "nine_months", date(2024, 1, 1), date(2024, 9, 30), (2024,)),
        ("2021-2023", "span", date(2021, 1, 1), date(2023, 12, 31), (2021, 2022, 2023)),
        ("2016-2020", "span", date(2016, 1, 1), date(2020, 12, 31), (2016, 2017, 2018, 2019, 2020)),
    ],
)
def test_it_parses_every_code_of_the_format(code, kind, start, end, years):
    p = parse_period(code)
    assert (p.kind, p.start, p.end, p.years) == (kind, start, end, years)
    assert p.code == code == str(p)


def test_it_accepts_a_lowercase_code_and_prints_the_canonical_one():
    assert parse_period("2024-q3").code == "2024-Q3"
    assert parse_period(" 2024-h1 ").code == "2024-H1"


def test_february_of_a_leap_year_does_not_matter_but_the_end_of_a_quarter_does():
    assert parse_period("2024-Q1").end == date(2024, 3, 31)


@pytest.mark.parametrize(
    "code, needle",
    [
        ("2024-Q5", "a quarter (2024-Q2)"),
        ("2024-H3", "a half (2024-H1)"),
        ("24", "a year (2021)"),
        ("2024-6M", "the first nine months (2024-9M)"),
        ("năm 2024", "got 'năm 2024'"),
        ("2023-2021", "last year comes after its first"),
        ("", "a span of whole years (2021-2023)"),
    ],
)
def test_a_bad_code_says_what_was_expected(code, needle):
    with pytest.raises(PeriodError) as e:
        parse_period(code)
    assert needle in str(e.value)


@pytest.mark.parametrize("code", ["2025-2025", "2025", " 2025-2025 "])
def test_a_span_of_one_year_is_that_year(code):
    # One-year plans write their period `2025-2025`: it must compare equal to the year, and be a plan period.
    p = parse_period(code)
    assert (p.kind, p.code, p.years, p.length_years) == ("year", "2025", (2025,), 1)
    assert p == Period.year(2025) == Period.span(2025, 2025) == plan_period(code)
    assert p.contains("2025-Q3") and not p.contains("2024")


def test_period_error_is_a_value_error():
    assert issubclass(PeriodError, ValueError)


@pytest.mark.parametrize(
    "outer, inner, expected",
    [
        ("2021-2025", "2024", True),
        ("2021-2025", "2024-Q2", True),
        ("2021-2025", "2021-2023", True),
        ("2021-2025", "2016-2020", False),
        ("2021-2025", "2025-9M", True),
        ("2024", "2024-H2", True),
        ("2024-H1", "2024-Q2", True),
        ("2024-H1", "2024-Q3", False),
        ("2024-9M", "2024-Q3", True),
        ("2024-9M", "2024-Q4", False),
        ("2024-Q2", "2024", False),
        ("2021-2023", "2021-2025", False),
    ],
)
def test_containment(outer, inner, expected):
    assert Period.parse(outer).contains(inner) is expected
    assert (inner in Period.parse(outer)) is expected


def test_containment_by_year_and_month_agrees_with_the_dates_for_every_pair():
    codes = ["2020", "2021", "2024", "2025", "2021-2025", "2021-2023", "2024-2025", "2024-Q1", "2024-Q2", "2024-Q3",
             "2024-Q4", "2024-H1", "2024-H2", "2024-9M", "2025-Q1", "2023-H2", "2020-2024"]
    for outer in map(Period.parse, codes):
        for inner in map(Period.parse, codes):
            assert outer.contains(inner) is (outer.start <= inner.start and inner.end <= outer.end), (outer, inner)


def test_periods_order_by_start_then_end():
    codes = ["2024", "2024-9M", "2021-2023", "2024-Q2", "2023", "2024-H1", "2024-Q1", "2021", "2024-H2"]
    assert [p.code for p in sorted(Period.parse(c) for c in codes)] == [
        "2021", "2021-2023", "2023", "2024-Q1", "2024-H1", "2024-9M", "2024", "2024-Q2", "2024-H2",
    ]


def test_equal_codes_are_equal_periods():
    assert Period.parse("2024-Q2") == Period.parse("2024-q2")
    assert Period.parse("2024") != Period.parse("2024-H1")
    assert len({Period.parse("2021"), Period.year(2021), Period.span(2021, 2021)}) == 1


def test_plan_period_is_a_span_of_whole_years():
    p = plan_period("2021-2025")
    assert (p.start_year, p.end_year, p.length_years) == (2021, 2025, 5)
    assert plan_period("2024").length_years == 1
    with pytest.raises(PeriodError, match="whole years"):
        plan_period("2024-H1")
