"""Numbers in both styles, targets and values as quantities: table-driven, then properties."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planwatch.docparse.numbers import (
    EN,
    VI,
    NumberContext,
    NumberError,
    column_style,
    format_number,
    parse_number,
    parse_quantity,
    readings,
    to_decimal,
)

D = Decimal


@pytest.mark.parametrize(
    "token, values",
    [
        ("75", [D("75")]),
        ("6.73", [D("6.73")]),  # a dot before two digits: English decimal only
        ("7,5", [D("7.5")]),  # a comma before one digit: Vietnamese decimal only
        ("1,716.4", [D("1716.4")]),
        ("1.359,8", [D("1359.8")]),
        ("8.300.000", [D("8300000")]),
        ("0.095", [D("0.095")]),  # a thousands group never starts after a lone 0
        ("1.162", [D("1162"), D("1.162")]),
        ("5,325", [D("5325"), D("5.325")]),
        ("1234.567", [D("1234.567")]),
    ],
)
def test_it_reads_every_way_a_token_can_be_read(token, values):
    assert [r.value for r in readings(token)] == values


@pytest.mark.parametrize("token", ["1.2.3", "1,2.3", "12.34.567", "1.23,4.5", "", "abc", "1..2"])
def test_it_refuses_what_is_not_a_number(token):
    with pytest.raises(NumberError):
        readings(token)


def test_an_ambiguous_token_needs_a_style():
    assert parse_number("1.162", VI) == D("1162")
    assert parse_number("1.162", EN) == D("1.162")
    with pytest.raises(NumberError):
        parse_number("1.162")


def q(text, ctx=None):
    return parse_quantity(text, ctx).quantity


@pytest.mark.parametrize(
    "text, op, low, high",
    [
        ("75", "eq", "75", "75"),
        ("6.73", "eq", "6.73", "6.73"),
        ("1.162,6", "eq", "1162.6", "1162.6"),
        ("100,0", "eq", "100.0", "100.0"),
        ("7,5-8,0", "range", "7.5", "8.0"),
        ("160,8-162", "range", "160.8", "162"),
        ("7,0% - 7,5%", "range", "7.0", "7.5"),
        ("từ 75 - 80%", "range", "75", "80"),
        ("từ 5 đến 10", "range", "5", "10"),
        ("Khoảng 1,6-1,8 triệu con", "range", "1.6", "1.8"),
        ("từ 5% trở lên", "ge", "5", None),
        ("80 triệu đồng/người/năm trở lên", "ge", "80", None),
        (">=5", "ge", "5", None),
        ("≥ 5", "ge", "5", None),
        ("tối thiểu 15%", "ge", "15", None),
        ("> 75", "gt", "75", None),
        (">\n75", "gt", "75", None),
        ("Trên 75", "gt", "75", None),
        ("> 13,07", "gt", "13.07", None),
        ("<= 3", "le", None, "3"),
        ("≤ 3", "le", None, "3"),
        ("tối đa 3", "le", None, "3"),
        ("< 3", "lt", None, "3"),
        ("<3", "lt", None, "3"),
        ("Dưới 3", "lt", None, "3"),
        ("~30", "about", "30", "30"),
        ("khoảng 30%", "about", "30", "30"),
        ("xấp xỉ 100%", "about", "100", "100"),
        ("18,37[2]", "eq", "18.37", "18.37"),
        ("45,2 (*)", "eq", "45.2", "45.2"),
        ("-2,5", "eq", "-2.5", "-2.5"),
        ("7,8-8,1 m2/người", "range", "7.8", "8.1"),
        ("Cơ bản không còn hộ nghèo", "qualitative", None, None),
        ("Hoàn thành", "qualitative", None, None),
    ],
)
def test_it_parses_targets_as_written(text, op, low, high):
    quantity = q(text)
    assert (quantity.op, quantity.low, quantity.high) == (
        op,
        None if low is None else D(low),
        None if high is None else D(high),
    )


@pytest.mark.parametrize("text", ["", "   ", "-", "–", "......", "…", "x"])
def test_no_value_is_none(text):
    assert q(text) is None


def test_text_is_the_cell_without_footnotes_and_markup():
    assert q("18,37[2]").text == "18,37"
    assert q(">\n 75").text == "> 75"
    assert q("<i>6,5</i>").text == "6,5"


def test_a_change_from_a_base_year_is_relative():
    quantity = q("Tăng >30 tr.d. so năm 2024")
    assert (quantity.op, quantity.low, quantity.high) == ("gt", D("30"), None)
    assert quantity.relative.direction == "increase"
    assert quantity.relative.base == "2024"
    down = q("Giảm 2% so với năm 2020")
    assert down.relative.direction == "decrease" and down.low == D("2")
    assert q("tăng 10%").relative.direction == "increase"


def test_text_with_numbers_that_is_no_quantity_is_kept_and_flagged():
    result = parse_quantity("30 (năm 2025)")
    assert result.quantity.op == "qualitative" and result.unparsed


# --- ambiguity: decided by the cell, the row, the column, the unit; otherwise flagged ---------------


ROW_4 = ["1,716.4", "3.100-3.200", "409", "463", "506", "", "559.4", "> 1.162"]  # 2024 plan, 01b row 4


def test_the_row_magnitude_decides_a_dot_before_three_digits():
    ctx = NumberContext.for_row(ROW_4)
    assert q("> 1.162", ctx).low == D("1162")
    result = parse_quantity("3.100-3.200", ctx)
    assert (result.quantity.low, result.quantity.high) == (D("3100"), D("3200"))
    assert result.ambiguous == []


def test_small_row_magnitudes_read_the_same_token_as_a_decimal():
    ctx = NumberContext.for_row(["1.5", "2.25", "0.9"])
    assert q("1.162", ctx).low == D("1.162")


def test_one_cell_has_one_style():
    # `160,8` proves the cell Vietnamese, so `1.162` in the same cell is 1162.
    assert q("160,8-1.162").high == D("1162")


def test_the_column_style_decides_when_the_row_cannot():
    ctx = NumberContext(None, column_style(["6.73", "123.69", "1,716.4", "5,325"]), "USD")
    assert ctx.column_style == EN
    assert q("5,325", ctx).low == D("5325")
    vi = NumberContext(None, column_style(["7,5-8,0", "8,0-8,5", "8.300-8.500"]), "USD")
    assert q("8.300-8.500", vi).low == D("8300")


def test_a_percentage_above_a_thousand_is_not_read():
    assert q("1.162", NumberContext(unit="%")).low == D("1.162")


def test_what_stays_ambiguous_is_read_vietnamese_and_reported():
    result = parse_quantity("1.162")
    assert result.quantity.low == D("1162")
    assert result.ambiguous == ["1.162"]
    result = parse_quantity("5,325")
    assert result.quantity.low == D("5.325")
    assert result.ambiguous == ["5,325"]


def test_spreadsheet_floats_become_decimals_without_noise():
    assert to_decimal(0.1 + 0.2) == D("0.3")
    assert to_decimal(7.5) == D("7.5")
    assert to_decimal(100) == D("100")
    assert to_decimal(float("nan")) is None


# --- properties ------------------------------------------------------------------------------------

decimals = st.decimals(min_value=D("0"), max_value=D("1e9"), places=3, allow_nan=False, allow_infinity=False)


def _has_decimal_part(d: Decimal) -> bool:
    return d != d.to_integral_value()


@given(decimals, st.sampled_from([VI, EN]), st.booleans())
def test_a_decimal_written_in_a_style_reads_back_in_that_style(value, style, group):
    text = format_number(value, style, group=group)
    assert parse_number(text, style) == value


@given(decimals, st.sampled_from([VI, EN]))
def test_a_number_written_in_either_style_has_that_value_among_its_readings(value, style):
    text = format_number(value, style)
    assert value in [r.value for r in readings(text)]


@given(decimals.filter(_has_decimal_part), st.sampled_from([VI, EN]))
def test_a_decimal_whose_fraction_is_not_three_digits_reads_alone(value, style):
    text = format_number(value, style, group=False)
    if len(text.split("," if style == VI else ".")[1]) != 3:
        assert [r.value for r in readings(text)] == [value]


@settings(max_examples=200)
@given(decimals, decimals, st.sampled_from([VI, EN]), st.sampled_from(["-", " - ", "–", " đến "]))
def test_a_range_written_then_parsed_gives_low_le_high(a, b, style, dash):
    low, high = min(a, b), max(a, b)
    text = format_number(low, style) + dash + format_number(high, style)
    ctx = NumberContext(column_style=style)
    quantity = q(text, ctx)
    assert quantity.op == "range"
    assert quantity.low <= quantity.high
    assert (quantity.low, quantity.high) == (low, high)


@given(decimals, st.sampled_from([VI, EN]), st.sampled_from([("> ", "gt"), ("< ", "lt"), ("≥", "ge"), ("≤", "le"), ("~", "about")]))
def test_an_inequality_keeps_its_operator_and_number(value, style, prefix):
    symbol, op = prefix
    quantity = q(symbol + format_number(value, style), NumberContext(column_style=style))
    assert quantity.op == op
    assert value in (quantity.low, quantity.high)


@given(st.text(max_size=60))
def test_any_text_gives_a_quantity_or_none_and_never_raises(text):
    result = parse_quantity(text)
    if result.quantity is not None:
        assert result.quantity.op in ("eq", "range", "ge", "gt", "le", "lt", "about", "qualitative")
        if result.quantity.op == "range":
            assert result.quantity.low <= result.quantity.high
