"""The pure writers and readers: periods, numbers and the shapes of the three formats."""

import csv
import io
import json
from decimal import Decimal

import pytest

from planwatch.engine.periods import PeriodError
from planwatch.exchange import formats
from planwatch.exchange.formats import Observation


@pytest.mark.parametrize("code, dhis2", [
    ("2024", "2024"), ("2024-Q2", "2024Q2"), ("2024-Q4", "2024Q4"), ("2024-H1", "2024S1"), ("2024-H2", "2024S2"),
])
def test_it_writes_dhis2_periods(code, dhis2):
    assert formats.dhis2_period(code) == dhis2
    assert formats.period_from_dhis2(dhis2) == code


@pytest.mark.parametrize("code, reason", [("2024-9M", "chín tháng"), ("2021-2025", "nhiều năm")])
def test_it_refuses_periods_dhis2_has_no_type_for_with_reason(code, reason):
    with pytest.raises(formats.Unsupported, match=reason):
        formats.dhis2_period(code)


@pytest.mark.parametrize("text", ["2024-Q2", "2024W3", "202401", "24", "2024S3", "", "2024Q5"])
def test_it_refuses_dhis2_periods_it_cannot_read(text):
    with pytest.raises(PeriodError):
        formats.period_from_dhis2(text)


@pytest.mark.parametrize("code, sdmx", [
    ("2024", "2024"), ("2024-Q2", "2024-Q2"), ("2024-H1", "2024-S1"), ("2024-9M", "2024-01-01/P9M"),
    ("2021-2025", "2021-01-01/P5Y"), ("2021-2023", "2021-01-01/P3Y"),
])
def test_it_writes_sdmx_time_periods(code, sdmx):
    assert formats.sdmx_period(code) == sdmx


@pytest.mark.parametrize("value, text", [
    (Decimal("2.970000"), "2.97"), (Decimal("1162.6"), "1162.6"), (Decimal("100"), "100"), (Decimal("1E+2"), "100"),
    (Decimal("-0.5"), "-0.5"),
])
def test_it_writes_numbers_with_a_dot_and_no_exponent(value, text):
    assert formats.value_text(value) == text


def test_it_refuses_a_float():
    with pytest.raises(TypeError):
        formats.value_text(2.97)


@pytest.mark.parametrize("text, value", [("6.27", Decimal("6.27")), (" 13 ", Decimal("13")), ("-1.5", Decimal("-1.5"))])
def test_it_reads_numbers(text, value):
    assert formats.parse_value(text) == value


@pytest.mark.parametrize("text", ["6,27", "1.162,6", "abc", "", "NaN", "1e3", None, True, 2.97])
def test_it_refuses_what_is_not_a_plain_number(text):
    with pytest.raises(ValueError):
        formats.parse_value(text)


@pytest.mark.parametrize("slug, key, code", [
    ("183-kh-ubnd", "1", "183-kh-ubnd_1"), ("183-kh-ubnd", "1.3.1", "183-kh-ubnd_1-3-1"),
    ("x", "Tr.đó", "x_tr-do"),
])
def test_data_element_codes_are_ids_in_both_formats(slug, key, code):
    assert formats.data_element_code(slug, key) == code


def test_org_unit_code_is_ascii_and_fits_dhis2():
    assert formats.org_unit_code("Sở Kế hoạch và Đầu tư") == "so-ke-hoach-va-dau-tu"
    long_name = "Ban Quản lý dự án đầu tư xây dựng công trình dân dụng và công nghiệp thành phố Hà Nội"
    assert formats.org_unit_code(long_name, "Ban QLDA ĐTXD CT DD&CN") == "ban-qlda-dtxd-ct-dd-cn"


OBS = [
    Observation("p_1", "so-khdt", "2023", "actual", Decimal("6.27"), "%", "Phụ lục 01b"),
    Observation("p_1", "so-khdt", "2024", "plan", Decimal("6.5"), "%"),
    Observation("p_1", "so-khdt", "2024-H1", "estimate", Decimal("5.8"), "%"),
    Observation("p_1", "so-khdt", "2024-9M", "estimate", Decimal("6.1"), "%"),
    Observation("p_1", "so-khdt", "2021-2025", "required", Decimal("7.5"), "%"),
]


def test_dhis2_json_shape_and_skips():
    content, skipped = formats.dhis2_json(OBS, data_set="DS1", complete_date="2024-07-15")
    message = json.loads(content)
    assert message["dataSet"] == "DS1" and message["completeDate"] == "2024-07-15"
    assert message["dataValues"][0] == {
        "dataElement": "p_1", "period": "2023", "orgUnit": "so-khdt", "categoryOptionCombo": "TH",
        "value": "6.27", "comment": "Thực hiện (TH); Phụ lục 01b",
    }
    assert [(v["period"], v["categoryOptionCombo"]) for v in message["dataValues"]] == [
        ("2023", "TH"), ("2024", "KH"), ("2024S1", "UTH")]
    assert [(s.period, s.reason) for s in skipped] == [
        ("2024-9M", "DHIS2 không có loại kỳ chín tháng"), ("2021-2025", "DHIS2 không có loại kỳ nhiều năm")]


def test_dhis2_csv_has_the_import_columns():
    content, skipped = formats.dhis2_csv(OBS)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8"))))
    assert rows[0] == ["dataelement", "period", "orgunit", "categoryoptioncombo", "attroptioncombo", "value",
                       "storedby", "lastupdated", "comment", "followup"]
    assert rows[3] == ["p_1", "2024S1", "so-khdt", "UTH", "", "5.8", "", "", "Ước thực hiện (ƯTH)", "false"]
    assert len(rows) == 4 and len(skipped) == 2


def test_sdmx_csv_shape_writes_every_period_with_its_status():
    content, skipped = formats.sdmx_csv(OBS, dataflow=formats.sdmx_dataflow("183-kh-ubnd"))
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8"))))
    assert skipped == []
    assert rows[0]["STRUCTURE"] == "dataflow"
    assert rows[0]["STRUCTURE_ID"] == "VN_PLANWATCH:DF_PLAN_183_KH_UBND(1.0)"
    assert [(r["TIME_PERIOD"], r["OBS_STATUS"], r["VALUE_KIND"]) for r in rows] == [
        ("2023", "A", "actual"), ("2024", "F", "plan"), ("2024-S1", "E", "estimate"),
        ("2024-01-01/P9M", "E", "estimate"), ("2021-01-01/P5Y", "F", "required"),
    ]
    assert {r["ACTION"] for r in rows} == {"I"} and rows[0]["OBS_VALUE"] == "6.27"


def test_reader_keeps_decimals_and_understands_combos():
    content = json.dumps({"dataValues": [
        {"dataElement": "p_1", "period": "2024Q2", "orgUnit": "u", "categoryOptionCombo": "UTH", "value": "5.1"},
        {"dataElement": "p_1", "period": "2023", "orgUnit": "u", "categoryOptionCombo": "HllvX50cXC0", "value": "1"},
    ]}).encode() .replace(b'"5.1"', b"5.1")
    entries = formats.read_dhis2_json(content)
    first, problems = formats.understand(entries[0])
    assert problems == [] and first.value == Decimal("5.1") and isinstance(first.value, Decimal)
    assert (first.period, first.kind) == ("2024-Q2", "estimate")
    second, _ = formats.understand(entries[1])
    assert second.kind == "actual"  # DHIS2's default combo: an actual


def test_reader_lists_every_problem_of_an_entry():
    entries = formats.read_dhis2_json(json.dumps({"dataValues": [
        {"dataElement": "p_1", "period": "2024W3", "orgUnit": "u", "categoryOptionCombo": "XYZ", "value": "n/a"},
    ]}).encode())
    reading, problems = formats.understand(entries[0])
    assert reading is None and len(problems) == 3


@pytest.mark.parametrize("content", [b"not json", b"[]", b'{"values": []}', b'{"dataValues": [1]}'])
def test_reader_refuses_what_is_not_a_data_value_set(content):
    with pytest.raises(formats.ExchangeError):
        formats.read_dhis2_json(content)


def test_formats_module_imports_no_django():
    import ast
    from pathlib import Path

    tree = ast.parse(Path(formats.__file__).read_text(encoding="utf-8"))
    modules = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    modules |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(name.startswith("django") for name in modules)
