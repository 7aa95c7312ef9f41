"""Digits that are digits to Python but not to a planner: `²` (isdigit() True, int() raises), `٣` (Arabic-Indic),
`３` (full-width). The engine reads text from imports and forms; none of these may crash it or count as a number."""

from decimal import Decimal

import pytest

from planwatch.engine import scale
from planwatch.engine.numbers import as_written, written_places

D = Decimal


@pytest.mark.parametrize("text, value, places", [
    ("7,5-8,0", D("8"), 1),
    ("1.162,6", D("1162.6"), 1),
    ("²", D("2"), None),
    ("٣,٥", D("3.5"), None),
    ("３", D("3"), None),
    ("7,5²", D("7.5"), 1),
])
def test_written_places_reads_ascii_digits_only(text, value, places):
    assert written_places(text, value) == places


def test_as_written_keeps_the_value_when_the_text_has_odd_digits():
    assert as_written(D("3.500000"), "٣,٥٠") == D("3.5")


@pytest.mark.parametrize("unit, multiplier, base", [
    ("1.000 tỷ đồng", D(10) ** 12, "VND"),
    ("m²", D(1), "m²"),
    ("٣ tỷ đồng", D(1), "٣ tỷ đồng"),
    ("１.０００ tỷ đồng", D(1), "１.０００ tỷ đồng"),
])
def test_a_unit_with_odd_digits_is_its_own_unit_not_a_multiplier(unit, multiplier, base):
    assert scale(unit) == (multiplier, base)
