"""The indicator page's "Đóng góp từ cấp dưới" and the contributions page, through the test client: a planner
sees and edits, an agency reads only what its scope holds, someone without a scope is told nothing exists."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from planwatch.accounts.models import Membership
from planwatch.cascade.models import Contribution

from .conftest import make_plan, make_row

pytestmark = pytest.mark.django_db


def section_of(html: str) -> str:
    start = html.index('id="contributions"')
    return html[start:html.index("</section>", start)]


def test_a_planner_sees_each_contributor_its_latest_value_and_the_roll_up(client, reviewer, city_row, district_row):
    client.force_login(reviewer)
    html = client.get(reverse("indicator", args=[city_row.pk])).content.decode()
    section = section_of(html)
    assert "Đóng góp từ cấp dưới" in section
    assert reverse("indicator", args=[district_row.pk]) in section
    assert "Quận Thanh Xuân" in section and "Thấp nhất" in section
    assert "76" in section and "(2023" in section  # latest value, its year
    years = section[section.index('id="rollup-years"'):]
    assert 'data-year="2022"' in years and "<td class=\"num\">75,5</td>" in years and "72,5" in years  # vi-VN decimal comma
    assert reverse("cascade:edit", args=[city_row.pk]) in section


def test_the_district_row_page_has_no_section_for_a_reader_when_nothing_contributes(client, culture_officer, plan_2024):
    client.force_login(culture_officer)
    html = client.get(reverse("indicator", args=[plan_2024.indicators.get(key="7.2").pk])).content.decode()
    assert 'id="contributions"' not in html


def test_an_officer_seeing_the_city_row_is_not_shown_the_district_row(client, culture_officer, city_row, district_row):
    client.force_login(culture_officer)
    response = client.get(reverse("indicator", args=[city_row.pk]))
    assert response.status_code == 200
    section = section_of(response.content.decode())
    assert district_row.name not in section.split('id="rollup-years"')[0].split("</thead>")[1]
    assert reverse("indicator", args=[district_row.pk]) not in section
    assert "ngoài phạm vi của bạn" in section
    assert reverse("cascade:edit", args=[city_row.pk]) not in section
    assert client.get(reverse("cascade:edit", args=[city_row.pk])).status_code == 403


def test_an_outsider_is_told_nothing_exists(client, outsider, city_row):
    client.force_login(outsider)
    assert client.get(reverse("indicator", args=[city_row.pk])).status_code == 404
    assert client.get(reverse("cascade:edit", args=[city_row.pk])).status_code == 404
    contribution = Contribution.objects.get(indicator=city_row)
    remove = reverse("cascade:remove", args=[city_row.pk, contribution.pk])
    assert client.post(remove).status_code == 404
    assert Contribution.objects.filter(pk=contribution.pk).exists()


def test_a_planner_adds_and_removes_a_contributor_on_the_contributions_page(client, reviewer, city_row):
    client.force_login(reviewer)
    page = reverse("cascade:edit", args=[city_row.pk])
    html = client.get(page).content.decode()
    assert '<label for="id_contributor">' in html and '<label for="id_threshold">' in html
    other = make_row(make_plan("kh-cau-giay", "UBND quận Cầu Giấy"), "1", "Tỷ lệ tổ dân phố văn hóa", "%")
    response = client.post(page, {"contributor": other.pk, "rule": "max", "direction": "higher_better"})
    assert response.status_code == 400
    assert "một cách tổng hợp" in response.content.decode()
    response = client.post(page, {"contributor": other.pk, "rule": "min", "direction": "higher_better"})
    assert response.status_code == 302
    added = Contribution.objects.get(indicator=city_row, contributor=other)
    assert "Đã thêm chỉ tiêu đóng góp." in client.get(page).content.decode()
    response = client.post(reverse("cascade:remove", args=[city_row.pk, added.pk]))
    assert response.status_code == 302
    assert not Contribution.objects.filter(pk=added.pk).exists()


def test_the_indicator_page_runs_a_bounded_number_of_queries_whatever_the_contributors(
    client, reviewer, city_row, monkeypatch,
):
    from planwatch.web import views

    monkeypatch.setattr(views, "ROLLUP_SECONDS", 0)  # the roll-up computed at each visit, as after every change
    client.force_login(reviewer)
    page = reverse("indicator", args=[city_row.pk])
    client.get(page)
    with CaptureQueriesContext(connection) as one:
        client.get(page)
    for n in range(5):
        other = make_row(make_plan(f"kh-quan-{n}", f"UBND quận {n}"), "1", "Tỷ lệ tổ dân phố văn hóa", "%",
                         values={"2022": 70 + n, "2023": 71 + n})
        Contribution.objects.create(indicator=city_row, contributor=other, rule="min")
    client.get(page)
    with CaptureQueriesContext(connection) as six:
        client.get(page)
    assert len(six) <= len(one) + 2, [q["sql"] for q in six.captured_queries]


def test_the_district_row_links_up_to_the_city_row_it_contributes_to(client, reviewer, city_row, district_row):
    client.force_login(reviewer)
    html = client.get(reverse("indicator", args=[district_row.pk])).content.decode()
    up = html[html.index('id="contributes-to"'):]
    assert reverse("indicator", args=[city_row.pk]) + "#contributions" in up.split("</ul>")[0]


def test_the_roll_up_is_kept_until_a_contribution_changes(client, reviewer, city_row, district_row, monkeypatch):
    from planwatch.cascade import selectors
    from planwatch.cascade.services import contribution_add

    computed = []
    real = selectors.rollup_of
    monkeypatch.setattr(selectors, "rollup_of", lambda indicator, **kw: computed.append(indicator.pk) or real(indicator, **kw))
    client.force_login(reviewer)
    page = reverse("indicator", args=[city_row.pk])
    client.get(page)
    client.get(page)
    assert computed == [city_row.pk]
    colleague = get_user_model().objects.create_user("khdt.minh", password="dong-nghiep-2024")
    Membership.objects.create(user=colleague, role=Membership.Role.PLANNING, agency=reviewer.membership.agency)
    client.force_login(colleague)  # another planner, the same scope: the roll-up kept for it serves them
    client.get(page)
    assert computed == [city_row.pk]
    other = make_row(make_plan("kh-quan-moi", "UBND quận Mới"), "1", "Tỷ lệ tổ dân phố văn hóa", "%",
                     values={"2022": 90, "2023": 91})
    contribution_add(indicator=city_row, contributor=other, actor=reviewer, rule="min")
    assert "UBND quận Mới" in section_of(client.get(page).content.decode())
    assert computed == [city_row.pk, city_row.pk]
