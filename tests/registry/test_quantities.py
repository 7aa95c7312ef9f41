"""Figures on the pages (registry/quantities.py number_text): written in the active language through the project's
formats; for a grouping of three, by Python's own format, which must write exactly what Django's numberformat does."""

import random
from decimal import Decimal

import pytest
from django.utils import numberformat, translation

from planwatch.registry.quantities import _grouped_by_three, number_text


@pytest.mark.parametrize("language, value, text, shown", [
    ("vi", "1162.6", "1.162,6", "1.162,6"),
    ("vi", "3.70", "3.70", "3,70"),
    ("vi", "5325", "5,325", "5.325"),
    ("vi", "-1234567.25", "", "-1.234.567,25"),
    ("vi", "0.095", "0.095", "0,095"),
    ("vi", "12", "12,0", "12,0"),
    ("en", "1162.6", "1.162,6", "1,162.6"),
    ("en", "-0.5", "", "-0.5"),
    ("vi", "123456789012345678901234567890.5", "", "123.456.789.012.345.678.901.234.567.890,5"),  # Django writes it
])
def test_a_figure_in_the_active_language_keeps_the_decimals_written(language, value, text, shown):
    with translation.override(language):
        assert number_text(Decimal(value), text=text) == shown


@pytest.mark.parametrize("number, places, shown", [
    ("1234.5678", 2, "1.234,56"),  # cut, not rounded, as Django does
    ("0.004", 2, "0,00"),           # too small for the decimals shown: zero, without a sign
    ("-0.004", 2, "0,00"),
    ("-0.9", 0, "-0"),              # Django's cut-off is one decimal when none is shown
    ("-0.05", 0, "0"),
    ("999999.999", 1, "999.999,9"),
    ("100", 3, "100,000"),
])
def test_grouping_by_three_follows_django_s_rules(number, places, shown):
    assert _grouped_by_three(Decimal(number), places, ",", ".") == shown
    assert numberformat.format(Decimal(number), ",", places, 3, ".", force_grouping=True, use_l10n=True) == shown


def test_grouping_by_three_writes_what_numberformat_writes_for_any_number():
    rng = random.Random(14)
    for _ in range(20000):
        number = Decimal(rng.randint(-10 ** rng.randint(1, 15), 10 ** rng.randint(1, 15))).scaleb(-rng.randint(0, 9))
        places = rng.randint(0, 6)
        for decimal_separator, thousand_separator in ((",", "."), (".", ",")):
            expected = numberformat.format(number, decimal_separator, places, 3, thousand_separator,
                                           force_grouping=True, use_l10n=True)
            assert _grouped_by_three(number, places, decimal_separator, thousand_separator) == expected, (
                number, places)
