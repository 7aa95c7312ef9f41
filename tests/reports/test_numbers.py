"""vi-VN figures for the report: the decimals the document wrote, and the XLSX formats behind them."""

from decimal import Decimal
from types import SimpleNamespace

import pytest

from planwatch.reports.numbers import number_format, quantity_cell, quantity_text, written_places


def q(text, op, low=None, high=None, relative=""):
    return SimpleNamespace(text=text, op=op, low=None if low is None else Decimal(low),
                           high=None if high is None else Decimal(high), relative_direction=relative)


@pytest.mark.parametrize("text, value, places", [
    ("3.70", "3.700000", 2),     # English style in appendix 01b: the trailing zero is printed
    ("6.73", "6.73", 2),
    ("29,0", "29", 1),
    ("1,716.4", "1716.4", 1),
    ("5,325", "5325", 0),         # USD with an English thousands comma
    ("> 1.162", "1162", 0),       # Vietnamese thousands dot
    ("0.095", "0.095", 3),
    ("7,5-8,0", "8", 1),
    ("", "12.5", 1),              # nothing written: the value's own decimals
])
def test_written_places(text, value, places):
    assert written_places(text, Decimal(value)) == places


@pytest.mark.parametrize("quantity, shown", [
    (q("7,5-8,0", "range", "7.5", "8.0"), "7,5-8,0"),
    (q("3.100-3.200", "range", "3100", "3200"), "3.100-3.200"),
    (q("> 13,07", "gt", "13.07"), "> 13,07"),
    (q("< 3,0", "lt", None, "3.0"), "< 3,0"),
    (q("~100", "about", "100", "100"), "~100"),
    (q("1,716.4", "eq", "1716.4", "1716.4"), "1.716,4"),
    (q("Cơ bản không còn hộ nghèo", "qualitative"), "Cơ bản không còn hộ nghèo"),
    (q("Tăng >30 tr.d. so năm 2024", "gt", "30", None, "increase"), "Tăng >30 tr.d. so năm 2024"),
])
def test_quantities_read_in_vietnamese_style(quantity, shown):
    assert quantity_text(quantity) == shown


def test_a_single_number_is_a_number_cell_and_a_range_is_text():
    number = quantity_cell(q("1,716.4", "eq", "1716.400000", "1716.400000"))
    assert number.number == Decimal("1716.4") and number.places == 1 and number.text == "1.716,4"
    text = quantity_cell(q("7,5-8,0", "range", "7.5", "8.0"))
    assert text.number is None and text.text == "7,5-8,0"


def test_number_formats():
    assert number_format(2) == "#,##0.00"
    assert number_format(0) == "#,##0"
    assert number_format(2, prefix="≥ ") == '"≥ "#,##0.00'
    assert number_format(1, suffix="/năm (2024-2025)") == '#,##0.0"/năm (2024-2025)"'
    assert number_format(1, percent=True) == "#,##0.0%"
