"""One rule for what a spreadsheet would run as a formula (planwatch.spreadsheets), used by every CSV and XLSX."""

import pytest

from planwatch.spreadsheets import is_risky, safe_field


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+1", "'=1+1"),
        ("+84 912", "'+84 912"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Sở Y tế", "Sở Y tế"),
        ("6,73", "6,73"),
        ("", ""),
        (None, ""),
        (12, "12"),
    ],
)
def test_a_field_a_spreadsheet_would_run_gets_an_apostrophe(value, written):
    assert safe_field(value) == written


def test_only_the_first_character_matters():
    assert not is_risky("a=b") and is_risky("=a")
