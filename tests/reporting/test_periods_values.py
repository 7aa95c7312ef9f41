"""Period codes and typed values: the two small readers the report form relies on. No database."""

from datetime import date
from decimal import Decimal

import pytest

from planwatch.reporting.periods import PeriodError, parse_period, period_for_due_date, period_label
from planwatch.reporting.values import ValueInputError, parse_value


@pytest.mark.parametrize("code, kind, start, end, label", [
    ("2024-Q2", "quarter", date(2024, 4, 1), date(2024, 6, 30), "Quý II/2024"),
    ("2024-q4", "quarter", date(2024, 10, 1), date(2024, 12, 31), "Quý IV/2024"),
    ("2024-H1", "half", date(2024, 1, 1), date(2024, 6, 30), "6 tháng đầu năm 2024"),
    ("2024-H2", "half", date(2024, 7, 1), date(2024, 12, 31), "6 tháng cuối năm 2024"),
    ("2024-9M", "nine_months", date(2024, 1, 1), date(2024, 9, 30), "9 tháng năm 2024"),
    ("2024", "year", date(2024, 1, 1), date(2024, 12, 31), "Năm 2024"),
])
def test_period_codes(code, kind, start, end, label):
    period = parse_period(code)
    assert (period.kind, period.start, period.end, period_label(period)) == (kind, start, end, label)


@pytest.mark.parametrize("code", ["", "2024-Q0", "2024-Q5", "2024-H3", "2024-6M", "Q2/2024", "2021-2023", "1999", "24"])
def test_codes_a_round_cannot_be_opened_for(code):
    with pytest.raises(PeriodError, match="cần dạng 2024-Q2"):
        parse_period(code)


@pytest.mark.parametrize("due, period", [
    (date(2024, 6, 30), "2024-H1"),  # Tháng 6 hàng năm: the six-month report
    (date(2024, 10, 31), "2024-9M"),  # tháng 10: the nine-month report
    (date(2024, 12, 31), "2024"),
    (date(2024, 3, 31), "2024-Q1"),
    (date(2024, 4, 15), "2024-Q1"),
    (date(2025, 1, 15), "2024"),
])
def test_the_period_a_recurring_deadline_covers(due, period):
    assert period_for_due_date(due) == period


@pytest.mark.parametrize("text, op, low, high", [
    ("7,5", "eq", "7.5", "7.5"),
    ("1.162,6", "eq", "1162.6", "1162.6"),
    ("33", "eq", "33", "33"),
    ("95,5%", "eq", "95.5", "95.5"),
    ("-2,1", "eq", "-2.1", "-2.1"),
    ("7,5-8,0", "range", "7.5", "8.0"),
    ("3.100 – 3.200", "range", "3100", "3200"),
    ("~30", "about", "30", "30"),
    ("khoảng 30", "about", "30", "30"),
])
def test_values_in_the_vietnamese_style(text, op, low, high):
    value = parse_value(text)
    assert (value.op, value.low, value.high) == (op, Decimal(low), Decimal(high))
    assert value.text == text


def test_an_empty_value_is_no_value():
    assert parse_value("   ") is None


def test_a_thousands_dot_alone_is_read_and_said():
    value = parse_value("1.162")
    assert value.low == 1162 and "dấu chấm tách hàng nghìn" in value.notice
    assert parse_value("1.162,5").notice == ""


@pytest.mark.parametrize("text, message", [
    ("6.27", "dấu phẩy cho phần thập phân"),
    ("1,716.4", "dấu phẩy cho phần thập phân"),
    ("Hoàn thành", "không phải là số"),
    ("8-7", "số đầu phải nhỏ hơn"),
    ("12a", "không phải là số"),
])
def test_values_that_cannot_be_read(text, message):
    with pytest.raises(ValueInputError, match=message):
        parse_value(text)


def test_words_are_a_value_of_a_qualitative_indicator():
    assert parse_value("Cơ bản hoàn thành", qualitative=True).op == "qualitative"
    with pytest.raises(ValueInputError):
        parse_value("...", qualitative=True)
