"""The document heading of a report, as the document prints its own."""

import pytest

from planwatch.reports.selectors import document_heading

pytestmark = pytest.mark.django_db


def test_a_title_that_begins_with_its_kind_is_printed_under_the_kind_line(plan_2024):
    heading = document_heading(plan_2024, lines=[])
    assert heading.kind == "KẾ HOẠCH"
    assert heading.title == "Thực hiện hoàn thành các chỉ tiêu Nghị quyết Đại hội lần thứ XVII Đảng bộ Thành phố"
    assert heading.number.startswith("Số:") and heading.place_date.endswith("năm 2024")


def test_a_title_that_does_not_begin_with_its_kind_is_kept(plan_183):
    plan_183.title = "Triển khai thực hiện Nghị quyết số 50/NQ-CP"
    heading = document_heading(plan_183, lines=[])
    assert heading.title == "Triển khai thực hiện Nghị quyết số 50/NQ-CP"
    assert heading.number == "Số: 183/KH-UBND" and heading.place_date == "Hà Nội, ngày 10 tháng 8 năm 2021"
