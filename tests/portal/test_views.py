import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from planwatch.portal.models import Publication
from planwatch.registry.models import Indicator, Tenure


def people_named_in(html: str) -> set[str]:
    """Accounts (user names, full names) and leaders (their seats' holders) the page names."""
    names = set(Tenure.objects.values_list("person", flat=True))
    for user in get_user_model().objects.all():
        names.update(name for name in (user.username, user.get_full_name()) if name)
    text = re.sub(r"<[^>]+>", " ", html)
    return {name for name in names if re.search(rf"(?<![\w.]){re.escape(name)}(?![\w.])", text)}


def test_the_portal_lists_the_published_plans_without_signing_in(anonymous, plan_2024, plan_183):
    response = anonymous.get("/cong-khai/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cổng dữ liệu công khai" in html
    assert plan_2024.title in html and plan_183.title in html
    assert reverse("portal:document", args=[plan_2024.pk]) in html
    assert "csrfmiddlewaretoken" not in html and not response.cookies
    assert response["Cache-Control"] == "public, max-age=60"
    assert anonymous.head("/cong-khai/").status_code == 200


def test_a_plan_page_shows_each_indicator_with_status_reason_and_chart(anonymous, plan_2024):
    response = anonymous.get(f"/cong-khai/van-ban/{plan_2024.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    grdp = Indicator.objects.get(document=plan_2024, key="1")
    card = html[html.index(f'id="chi-tieu-{grdp.pk}"'):]
    card = card[:card.index("</article>")]
    assert "Tăng trưởng GRDP trung bình" in card
    assert "Rất thách thức" in card and "13,07" in card
    assert "7,5\u2060–\u20608,0" in card  # the target, vi-VN
    assert '<svg' in card and 'class="band"' in card
    assert html.count("<svg") >= 20
    for fmt in ("csv", "xlsx", "sdmx.csv"):
        assert f"/cong-khai/van-ban/{plan_2024.pk}/du-lieu.{fmt}" in html


def test_no_page_names_a_person(anonymous, plan_2024, plan_183):
    pages = ["/cong-khai/", f"/cong-khai/van-ban/{plan_2024.pk}/", f"/cong-khai/van-ban/{plan_183.pk}/"]
    pages += [f"/cong-khai/van-ban/{plan_2024.pk}/chi-tieu/{pk}/"
              for pk in Indicator.objects.filter(document=plan_2024, parent=None).values_list("pk", flat=True)[:8]]
    for path in pages:
        response = anonymous.get(path)
        assert response.status_code == 200
        assert people_named_in(response.content.decode()) == set(), path


def test_an_indicator_page_has_its_values_of_record_and_the_reason(anonymous, plan_2024):
    grdp = Indicator.objects.get(document=plan_2024, key="1")
    html = anonymous.get(f"/cong-khai/van-ban/{plan_2024.pk}/chi-tieu/{grdp.pk}/").content.decode()
    assert "<h1>Tăng trưởng GRDP trung bình" in html
    assert 'id="reason"' in html and "13,07" in html
    values = html[html.index('id="values"'):]
    assert "2,97" in values and "8,95" in values and "6,27" in values
    assert 'id="required"' in html


def test_an_indicator_of_another_plan_is_not_found_under_this_one(anonymous, plan_2024, plan_183):
    other = Indicator.objects.filter(document=plan_183).first()
    assert anonymous.get(f"/cong-khai/van-ban/{plan_2024.pk}/chi-tieu/{other.pk}/").status_code == 404
    assert anonymous.get(f"/cong-khai/van-ban/{plan_183.pk}/chi-tieu/{other.pk}/").status_code == 200


def test_a_unit_page_lists_the_indicators_it_leads(anonymous, plan_2024):
    grdp = Indicator.objects.get(document=plan_2024, key="1")
    agency = grdp.lead_agencies.get()
    html = anonymous.get(f"/cong-khai/don-vi/{agency.pk}/").content.decode()
    assert f"<h1>{agency.name}</h1>" in html.replace("&amp;", "&")
    assert f'id="chi-tieu-{grdp.pk}"' in html


def test_a_unit_leading_nothing_published_is_not_found(anonymous, plan_2024, plan_183, reviewer):
    from planwatch.registry.models import Agency

    idle = Agency.objects.exclude(led_indicators__document__in=[plan_2024, plan_183]).first()
    assert anonymous.get(f"/cong-khai/don-vi/{idle.pk}/").status_code == 404


def test_the_language_switch_sets_the_cookie_and_stays_on_the_portal(anonymous, plan_2024):
    path = f"/cong-khai/van-ban/{plan_2024.pk}/"
    response = anonymous.get("/cong-khai/ngon-ngu/", {"language": "en", "next": path})
    assert response.status_code == 302 and response["Location"] == path
    assert response.cookies["django_language"].value == "en"
    page = anonymous.get(path)
    assert page["Content-Language"] == "en"
    for target in ("https://example.com/cong-khai/", "/", "//example.com/cong-khai/"):
        response = anonymous.get("/cong-khai/ngon-ngu/", {"language": "vi", "next": target})
        assert response["Location"] == "/cong-khai/"


# The publishing page -------------------------------------------------------------------------------------------


def test_the_publishing_page_sends_anonymous_visitors_to_sign_in(anonymous):
    response = anonymous.get("/cong-khai/quan-ly/")
    assert response.status_code == 302 and response["Location"].startswith("/dang-nhap/")


@pytest.mark.parametrize("who", ["officer", "head", "leader", "outsider"])
def test_the_publishing_page_is_forbidden_to_others(client, request, who, plan_2024):
    client.force_login(request.getfixturevalue(who))
    assert client.get("/cong-khai/quan-ly/").status_code == 403
    assert client.post(f"/cong-khai/quan-ly/{plan_2024.pk}/thoi-cong-bo/").status_code == 403
    assert Publication.objects.filter(document=plan_2024).exists()


def test_a_planner_unpublishes_and_publishes_from_the_page(client, reviewer, plan_2024, anonymous):
    client.force_login(reviewer)
    page = client.get("/cong-khai/quan-ly/").content.decode()
    assert f'action="/cong-khai/quan-ly/{plan_2024.pk}/thoi-cong-bo/"' in page and "csrfmiddlewaretoken" in page
    assert anonymous.get(f"/cong-khai/van-ban/{plan_2024.pk}/").status_code == 200
    response = client.post(f"/cong-khai/quan-ly/{plan_2024.pk}/thoi-cong-bo/", follow=True)
    assert "Đã thôi công bố" in response.content.decode()
    assert anonymous.get(f"/cong-khai/van-ban/{plan_2024.pk}/").status_code == 404
    client.post(f"/cong-khai/quan-ly/{plan_2024.pk}/cong-bo/", {"note": "Số liệu đến hết năm 2023"})
    publication = Publication.objects.get(document=plan_2024)
    assert publication.published_by == reviewer
    html = anonymous.get(f"/cong-khai/van-ban/{plan_2024.pk}/").content.decode()
    assert "Số liệu đến hết năm 2023" in html


def test_publishing_needs_a_post(client, reviewer, plan_2024):
    client.force_login(reviewer)
    assert client.get(f"/cong-khai/quan-ly/{plan_2024.pk}/thoi-cong-bo/").status_code == 405
    assert Publication.objects.filter(document=plan_2024).exists()
