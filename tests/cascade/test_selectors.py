"""rollup_of on the real database: contributors with their latest value and what they still owe, the roll-up by
year beside the city's own figure, and the 2025 reform: a plan begun in 2021 rolled up across the merge."""

from datetime import date
from decimal import Decimal

import pytest

from planwatch.cascade.models import AdministrativeUnit, Contribution
from planwatch.cascade.selectors import rollup_of
from planwatch.cascade.services import contribution_add

from .conftest import make_plan, make_row

pytestmark = pytest.mark.django_db
D = Decimal


def test_the_city_row_lists_thanh_xuan_with_its_latest_value_and_what_it_owes(reviewer, city_row, district_row):
    rollup = rollup_of(city_row, user=reviewer, on=date(2026, 1, 1))
    (row,) = rollup.rows
    assert row.contribution.contributor == district_row
    assert (row.latest, row.latest_period, row.latest_kind) == (D(76), "2023", "actual")
    # its own target, 75 % by 2025, as registry.computing computes it
    assert row.required.period.code == "2025" and row.required.low == D(75)
    assert rollup.rule_label == "Thấp nhất"
    # The district was split on 1/7/2025: its figures are kept for the years it existed.
    assert rollup.split == ["Quận Thanh Xuân"]
    years = {y.period: y for y in rollup.years}
    assert years["2023"].value == D(76) and years["2023"].city_value == D("73.5")
    assert years["2022"].complete


def test_a_contributor_the_user_may_not_see_is_counted_but_not_named(culture_officer, city_row):
    rollup = rollup_of(city_row, user=culture_officer)
    assert rollup.rows == [] and rollup.hidden == 1
    assert rollup.years  # the city's roll-up still counts it


def test_a_missing_figure_makes_the_year_incomplete(reviewer, city_row):
    other = make_row(make_plan("kh-cau-giay", "UBND quận Cầu Giấy"), "1", "Tỷ lệ tổ dân phố văn hóa", "%",
                     values={"2022": "80"})
    contribution_add(indicator=city_row, contributor=other, actor=reviewer, rule=Contribution.Rule.MIN)
    years = {y.period: y for y in rollup_of(city_row, user=reviewer).years}
    assert years["2022"].value == D("75.5")  # the lower of 75,5 and 80
    assert years["2023"].value is None and years["2023"].partial == D(76)
    assert years["2023"].missing == ["Tỷ lệ tổ dân phố văn hóa"]


def test_a_plan_begun_in_2021_rolls_up_across_the_2025_province_merge(reviewer):
    # A national row of investment (thousand billion đồng) fed by the provinces' plans: Hà Giang and the old
    # Tuyên Quang until 30/6/2025, the merged Tuyên Quang from 1/7/2025 (fixtures/units-demo.csv).
    national = make_row(make_plan("kh-quoc-gia", "Chính phủ"), "1", "Vốn đầu tư toàn xã hội", "nghìn tỷ đồng")
    feeds = [
        ("02", "kh-ha-giang", "UBND tỉnh Hà Giang", {"2021": "10", "2022": "11", "2023": "12", "2024": "13"}),
        ("08", "kh-tuyen-quang", "UBND tỉnh Tuyên Quang", {"2021": "20", "2022": "21", "2023": "22", "2024": "23"}),
        ("08-2025", "kh-tuyen-quang-moi", "UBND tỉnh Tuyên Quang (mới)", {"2025": "40"}),
    ]
    for code, slug, issuer, values in feeds:
        row = make_row(make_plan(slug, issuer), "1", "Vốn đầu tư toàn xã hội", "nghìn tỷ đồng", values=values)
        contribution_add(indicator=national, contributor=row, actor=reviewer, rule=Contribution.Rule.SUM,
                         unit=AdministrativeUnit.objects.get(code=code))
    after = rollup_of(national, user=reviewer, on=date(2026, 1, 1))
    assert [(y.period, y.value) for y in after.years] == [
        ("2021", D(30)), ("2022", D(32)), ("2023", D(34)), ("2024", D(36)), ("2025", D(40)),
    ]
    assert all(y.complete for y in after.years)
    assert after.merged == [("Tỉnh Tuyên Quang", ["Tỉnh Hà Giang", "Tỉnh Tuyên Quang (đến 30/6/2025)", "Tỉnh Tuyên Quang"])]
    # The history kept: read as of 2024, the provinces are their own and 2025's figure belongs to a unit to come.
    before = {y.period: y for y in rollup_of(national, user=reviewer, on=date(2024, 12, 31)).years}
    assert before["2024"].value == D(36) and before["2024"].complete
    assert before["2025"].value is None and set(before["2025"].missing) == {"Tỉnh Hà Giang", "Tỉnh Tuyên Quang (đến 30/6/2025)"}


def test_a_contributor_in_another_scale_is_converted_to_the_city_unit(reviewer, plan_2024):
    city = plan_2024.indicators.get(key="4")  # 1.000 tỷ đ.
    district = make_row(make_plan("kh-dong-anh", "UBND huyện Đông Anh"), "1", "Vốn đầu tư", "tỷ đồng",
                        values={"2022": "25000"})
    contribution_add(indicator=city, contributor=district, actor=reviewer, rule=Contribution.Rule.SUM)
    (year,) = rollup_of(city, user=reviewer).years
    assert year.value == D(25) and year.city_value == D(463)
