"""A crowd costs little: the second visitor of a page is served from the cache; publishing shows at once."""

from planwatch.portal.services import document_publish, document_unpublish
from planwatch.registry.models import Indicator, IndicatorValue


def test_the_second_request_of_each_page_costs_two_queries(anonymous, plan_2024, django_assert_max_num_queries):
    grdp = Indicator.objects.get(document=plan_2024, key="1")
    agency = grdp.lead_agencies.get()
    paths = ["/cong-khai/", f"/cong-khai/van-ban/{plan_2024.pk}/",
             f"/cong-khai/van-ban/{plan_2024.pk}/chi-tieu/{grdp.pk}/", f"/cong-khai/don-vi/{agency.pk}/",
             f"/cong-khai/van-ban/{plan_2024.pk}/du-lieu.xlsx"]
    for path in paths:
        first = anonymous.get(path)
        # The register's token and the publications' digest: nothing else, however large the plan.
        with django_assert_max_num_queries(2):
            second = anonymous.get(path)
        assert second.status_code == 200 and second.content == first.content, path
        assert second["Content-Type"] == first["Content-Type"]
        assert second["Cache-Control"] == "public, max-age=60"


def test_publishing_and_unpublishing_show_at_once(anonymous, plan_183, reviewer):
    assert plan_183.title in anonymous.get("/cong-khai/").content.decode()
    document_unpublish(document=plan_183, user=reviewer)
    assert plan_183.title not in anonymous.get("/cong-khai/").content.decode()
    assert anonymous.get(f"/cong-khai/van-ban/{plan_183.pk}/").status_code == 404
    document_publish(document=plan_183, user=reviewer, note="Đã cập nhật")
    assert plan_183.title in anonymous.get("/cong-khai/").content.decode()
    assert "Đã cập nhật" in anonymous.get(f"/cong-khai/van-ban/{plan_183.pk}/").content.decode()


def test_a_new_value_of_record_shows_at_once(anonymous, plan_2024, django_capture_on_commit_callbacks):
    grdp = Indicator.objects.get(document=plan_2024, key="1")
    path = f"/cong-khai/van-ban/{plan_2024.pk}/chi-tieu/{grdp.pk}/"
    assert "7.777" not in anonymous.get(path).content.decode()
    with django_capture_on_commit_callbacks(execute=True):  # the register renews its token at commit
        IndicatorValue.objects.create(indicator=grdp, period="2024", kind="estimate", text="7,777", op="eq",
                                      low="7.777")
    html = anonymous.get(path).content.decode()
    assert "7,777" in html


def test_a_signed_in_visitor_gets_the_same_page_kept_privately(client, officer, anonymous, plan_2024):
    path = f"/cong-khai/van-ban/{plan_2024.pk}/"
    public = anonymous.get(path)
    client.force_login(officer)
    response = client.get(path)
    assert response.content == public.content
    assert response["Cache-Control"] == "private, max-age=60"


def test_pages_are_kept_per_language(anonymous, plan_2024):
    assert '<html lang="vi">' in anonymous.get("/cong-khai/").content.decode()
    anonymous.cookies["django_language"] = "en"
    english = anonymous.get("/cong-khai/")
    assert english["Content-Language"] == "en" and '<html lang="en">' in english.content.decode()
    del anonymous.cookies["django_language"]
    assert '<html lang="vi">' in anonymous.get("/cong-khai/").content.decode()
