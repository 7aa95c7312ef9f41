"""Adding and removing contributions: validation in the planner's words, one audit record per write."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from planwatch.audit.models import AuditEntry
from planwatch.cascade.models import Contribution
from planwatch.cascade.services import contribution_add, contribution_remove

from .conftest import make_plan, make_row

pytestmark = pytest.mark.django_db
Rule = Contribution.Rule


def audit_of(obj):
    return AuditEntry.objects.filter(object_id=str(obj.pk), content_type__model=obj._meta.model_name)


def messages(exc) -> str:
    return " ".join(exc.value.messages)


def test_the_demo_has_thanh_xuan_contributing_to_the_city_row(city_row, district_row):
    contribution = Contribution.objects.get(indicator=city_row)
    assert contribution.contributor == district_row and contribution.rule == Rule.MIN
    assert contribution.unit.name == "Quận Thanh Xuân"


def test_adding_a_contribution_leaves_an_audit_record_naming_the_planner(reviewer, plan_2024):
    city = plan_2024.indicators.get(key="4")  # social investment, 1.000 tỷ đ.
    district = make_row(make_plan("kh-dong-anh", "UBND huyện Đông Anh"), "1", "Vốn đầu tư xã hội", "tỷ đồng")
    contribution = contribution_add(indicator=city, contributor=district, actor=reviewer, rule=Rule.SUM)
    entries = audit_of(contribution)
    assert entries.count() >= 1
    assert {e.actor_id for e in entries} == {reviewer.pk}
    assert all(e.reason == "thêm đóng góp từ cấp dưới" for e in entries)


def test_removing_one_is_audited_too(reviewer, city_row):
    contribution = Contribution.objects.get(indicator=city_row)
    pk = contribution.pk
    contribution_remove(contribution=contribution, actor=reviewer)
    assert not Contribution.objects.filter(pk=pk).exists()
    assert AuditEntry.objects.filter(object_id=str(pk), content_type__model="contribution", action="delete").exists()


def test_an_indicator_cannot_contribute_to_itself(reviewer, city_row):
    with pytest.raises(ValidationError) as exc:
        contribution_add(indicator=city_row, contributor=city_row, actor=reviewer)
    assert "không thể đóng góp cho chính nó" in messages(exc)


def test_a_loop_is_refused_even_through_another_plan(reviewer, city_row, district_row):
    ward = make_row(make_plan("kh-phuong", "UBND phường Thanh Xuân"), "1", "Tỷ lệ tổ dân phố văn hóa", "%")
    contribution_add(indicator=district_row, contributor=ward, actor=reviewer, rule=Rule.MIN)
    # city <- district <- ward: the city row may not now count towards the ward
    with pytest.raises(ValidationError) as exc:
        contribution_add(indicator=ward, contributor=city_row, actor=reviewer, rule=Rule.MIN)
    assert "vòng lặp" in messages(exc)
    assert not Contribution.objects.filter(indicator=ward).exists()


def test_units_that_do_not_convert_are_refused(reviewer, plan_2024):
    city = plan_2024.indicators.get(key="3.1")  # USD
    district = make_row(make_plan("kh-q", "UBND quận"), "1", "GRDP bình quân đầu người", "triệu đồng")
    with pytest.raises(ValidationError) as exc:
        contribution_add(indicator=city, contributor=district, actor=reviewer, rule=Rule.SUM)
    assert "Đơn vị tính không tương thích" in messages(exc)


def test_a_share_of_units_meeting_a_threshold_needs_no_common_unit_but_a_threshold(reviewer, plan_2024):
    city = plan_2024.indicators.get(key="8")  # schools to national standard, %
    district = make_row(make_plan("kh-q2", "UBND quận"), "1", "Số trường đạt chuẩn", "trường")
    with pytest.raises(ValidationError) as exc:
        contribution_add(indicator=city, contributor=district, actor=reviewer, rule=Rule.SHARE_MEETING)
    assert "cần một ngưỡng" in messages(exc)
    made = contribution_add(
        indicator=city, contributor=district, actor=reviewer, rule=Rule.SHARE_MEETING, threshold=Decimal(80),
    )
    assert made.pk


def test_one_rule_per_city_indicator(reviewer, city_row):
    other = make_row(make_plan("kh-cau-giay", "UBND quận Cầu Giấy"), "1", "Tỷ lệ tổ dân phố văn hóa", "%")
    with pytest.raises(ValidationError) as exc:
        contribution_add(indicator=city_row, contributor=other, actor=reviewer, rule=Rule.MAX)
    assert "Thấp nhất" in messages(exc) and "một cách tổng hợp" in messages(exc)
    assert contribution_add(indicator=city_row, contributor=other, actor=reviewer, rule=Rule.MIN).pk


def test_a_weighted_mean_needs_a_base(reviewer, plan_2024):
    city = plan_2024.indicators.get(key="7.3")
    district = make_row(make_plan("kh-q3", "UBND quận"), "1", "Tỷ lệ gia đình văn hóa", "%")
    with pytest.raises(ValidationError) as exc:
        contribution_add(indicator=city, contributor=district, actor=reviewer, rule=Rule.WEIGHTED_MEAN)
    assert "cần quy mô" in messages(exc)
