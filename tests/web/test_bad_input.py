"""Bad input answered as bad input: a field error in Vietnamese, a 400 or a 404, never a 500.

`²`, `½`, `٣` (Arabic-Indic) and `３` (full-width) pass str.isdigit() or \\d; `int('²')` raises and `int('٣')` is 3.
None of them is a number a planner types: each is refused or ignored. The fuzz (test_fuzz_inputs.py) tries every
field; these tests say what the answer is.
"""

from datetime import date

import pytest
from django.urls import reverse

from planwatch.registry.models import Agency
from planwatch.reporting.models import TaskLine
from planwatch.reporting.services import content_of, round_open
from planwatch.reporting.values import ValueInputError, parse_value
from planwatch.web.converters import MAX_ID, IdConverter, bounded_int

pytestmark = pytest.mark.django_db


@pytest.fixture
def health_report(reviewer):
    round = round_open(period="2024-Q2", deadline=date(2024, 7, 15), actor=reviewer)
    return round.reports.get(agency=Agency.objects.get(name="Sở Y tế"))


def form_data(report, **overrides):
    data = {"version": str(report.version)}
    for key, values in content_of(report).items():
        for name, value in values.items():
            data[f"{key}-{name}"] = value
    data.update(overrides)
    return data


@pytest.mark.parametrize("text", ["²", "½", "٣", "３", "1²", "٣,٥", "NaN", "1e309", "Infinity"])
def test_a_report_value_in_other_digits_is_refused_with_a_vietnamese_message(text):
    with pytest.raises(ValueInputError) as error:
        parse_value(text)
    assert "không phải là số" in str(error.value)


def test_a_report_value_too_large_for_the_column_is_refused():
    assert parse_value("9" * 18).low == int("9" * 18)
    with pytest.raises(ValueInputError, match="số quá lớn"):
        parse_value("9" * 19)
    with pytest.raises(ValueInputError, match="số quá lớn"):
        parse_value("1.000.000.000.000.000.000,5")


@pytest.mark.parametrize("field, text, message", [
    ("value", "٣", "không phải là số"),
    ("value", "9" * 30, "số quá lớn"),
    ("percent", "²", "từ 0 đến 100"),
    ("percent", "٥٠", "từ 0 đến 100"),
])
def test_the_report_page_answers_odd_digits_with_a_field_error(client, officer, health_report, field, text, message):
    client.force_login(officer)
    if field == "value":
        line = health_report.indicator_lines.order_by("order").first()
        key = f"i{line.pk}-value"
    else:
        line = health_report.task_lines.filter(role=TaskLine.Role.LEAD).order_by("order").first()
        key = f"t{line.pk}-percent"
    response = client.post(reverse("reporting:report", args=[health_report.pk]), form_data(health_report, **{key: text}))
    assert response.status_code == 200
    assert message in response.content.decode()
    health_report.refresh_from_db()
    assert health_report.version == 1


@pytest.mark.parametrize("version", ["²", "9" * 30, "-1", ""])
def test_a_report_saved_with_a_version_that_is_no_number_is_refused_as_stale(client, officer, health_report, version):
    client.force_login(officer)
    line = health_report.indicator_lines.order_by("order").first()
    data = form_data(health_report, **{f"i{line.pk}-value": "33,5", "version": version})
    response = client.post(reverse("reporting:report", args=[health_report.pk]), data)
    assert response.status_code == 200  # the page again, saying someone else saved first
    health_report.refresh_from_db()
    assert health_report.version == 1


@pytest.mark.parametrize("year", ["²", "٢٠٢٤", "9" * 30, "-1", "2024.0"])
def test_a_scorecard_year_that_is_no_year_is_ignored(client, reviewer, year):
    client.force_login(reviewer)
    assert client.get(reverse("reports:scorecards"), {"year": year}).status_code == 200


@pytest.mark.parametrize("dot", ["²", "٣", "9" * 30, str(2**63)])
def test_a_dashboard_round_that_is_no_id_is_ignored(client, reviewer, dot):
    client.force_login(reviewer)
    assert client.get(reverse("reporting:dashboard"), {"dot": dot}).status_code == 200


def test_opening_a_round_for_a_plan_id_beyond_bigint_is_a_form_error(client, reviewer):
    client.force_login(reviewer)
    response = client.post(reverse("reporting:round-open"), {
        "period": "2026-Q3", "deadline": "30/10/2026", "documents": ["9" * 30]})
    assert response.status_code == 200
    assert "không phải là giá trị hợp lệ" in response.content.decode() or "not a valid value" in response.content.decode()


@pytest.mark.parametrize("url", ["/tim-kiem/?q=a%00b", "/van-ban/khong-co/?q=%00"])
def test_a_nul_character_in_a_query_is_a_bad_request(client, reviewer, url):
    client.force_login(reviewer)
    response = client.get(url)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


def test_a_nul_character_in_a_form_is_a_bad_request(client, officer, health_report):
    client.force_login(officer)
    line = health_report.indicator_lines.order_by("order").first()
    data = form_data(health_report, **{f"i{line.pk}-note": "ghi\x00chú"})
    assert client.post(reverse("reporting:report", args=[health_report.pk]), data).status_code == 400
    health_report.refresh_from_db()
    assert health_report.version == 1


@pytest.mark.parametrize("text, expected", [
    ("12", 12), (" 7 ", 7), ("0", 0), (str(MAX_ID), MAX_ID),
    (str(MAX_ID + 1), None), ("9" * 30, None), ("²", None), ("٣", None), ("３", None), ("-1", None), ("1.0", None),
    ("", None), (None, None),
])
def test_bounded_int_reads_ascii_digits_within_bounds_only(text, expected):
    assert bounded_int(text) == expected


def test_bounded_int_keeps_to_the_bounds_it_is_given():
    assert bounded_int("2024", low=2000, high=2100) == 2024
    assert bounded_int("1999", low=2000, high=2100) is None and bounded_int("21000", low=2000, high=2100) is None


def test_the_id_converter_refuses_what_no_bigint_holds():
    converter = IdConverter()
    assert converter.to_python(str(MAX_ID)) == MAX_ID
    with pytest.raises(ValueError):
        converter.to_python(str(MAX_ID + 1))


@pytest.mark.parametrize("path", [
    "/chi-tieu/{big}/", "/nhiem-vu/{big}/", "/co-quan/{big}/", "/lanh-dao/{big}/", "/nhap-van-ban/{big}/",
    "/lich-su/chi-tieu/{big}/", "/bao-cao/{big}/", "/bao-cao/dot/{big}/", "/bao-cao/dot/{big}/xuat.csv",
    "/bao-cao/minh-chung/{big}/", "/bao-cao/dong/chi-tieu/{big}/lich-su/",
])
@pytest.mark.parametrize("big", [str(10**20), str(2**63), str(2**64 + 1)])
def test_an_id_beyond_bigint_is_not_found(client, reviewer, path, big):
    client.force_login(reviewer)
    assert client.get(path.format(big=big)).status_code == 404


@pytest.mark.parametrize("period", ["20٢٥", "２０２５", "2025²", "²025"])
def test_a_column_period_in_other_digits_is_refused_before_the_document_is_read_again(period):
    from planwatch.web.imports import column_header

    assert column_header("actual", "2025") == "Thực hiện năm 2025"
    with pytest.raises(ValueError):
        column_header("actual", period)
