"""One rule for what a spreadsheet would run as a formula (planwatch.spreadsheets), used by every CSV and XLSX."""

import codecs
import csv

import pytest

from planwatch.spreadsheets import csv_lines, csv_text, is_risky, safe_field, write_csv


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


# The one CSV writer -----------------------------------------------------------------------------


def test_csv_lines_come_one_a_row_with_every_field_made_safe():
    lines = list(csv_lines([["Đơn vị", "Giá trị"], ["Sở Y tế", "=1+1"], ["a,b", None]], bom=True))
    assert lines == ["\ufeff", "Đơn vị,Giá trị\r\n", "Sở Y tế,'=1+1\r\n", '"a,b",\r\n']


def test_a_machine_format_keeps_its_fields_and_its_line_end():
    assert csv_text([["value"], ["-5"], [12]], safe=False, lineterminator="\n") == "value\n-5\n12\n"


def test_csv_lines_read_the_rows_as_they_come():
    def rows():
        yield ["first"]
        raise AssertionError("read before the first line was sent")

    assert next(csv_lines(rows())) == "first\r\n"


def test_write_csv_writes_a_file_that_reads_back_and_counts_its_rows(tmp_path):
    path = tmp_path / "out.csv"
    with open(path, "w", encoding="utf-8", newline="") as file:
        assert write_csv(file, [["Mã", "Tên"], ["1", "Ghi chú\nhai dòng"], ["2", "@x"]], bom=True) == 3
    raw = path.read_bytes()
    assert raw.startswith(codecs.BOM_UTF8) and raw.count(b"\r\n") == 3
    with open(path, encoding="utf-8-sig", newline="") as file:
        assert list(csv.reader(file)) == [["Mã", "Tên"], ["1", "Ghi chú\nhai dòng"], ["2", "'@x"]]
