"""The export from the plan page: one click, the user's scope, a bounded number of queries."""

import pytest
from django.urls import reverse

from planwatch.accounts.access import visible_tasks
from planwatch.registry.models import Agency
from planwatch.accounts.selectors import task_list
from planwatch.registry.selectors import TaskFilter
from tests.reports.helpers import INDICATOR_SHEET, TASK_SHEET, csv_rows, row_with, workbook

pytestmark = pytest.mark.django_db

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "csv": "text/csv; charset=utf-8",
}


def export_url(document, **params):
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse("reports:document", args=[document.slug]) + (f"?{query}" if query else "")


def test_the_plan_page_offers_the_export(client, reviewer, plan_2024):
    client.force_login(reviewer)
    html = client.get(reverse("document", args=[plan_2024.slug])).content.decode()
    assert f'action="{reverse("reports:document", args=[plan_2024.slug])}"' in html
    for fmt in ("xlsx", "docx", "pdf", "csv"):
        assert f'name="format" value="{fmt}"' in html
    assert '<option value="2024" selected>Năm 2024</option>' in html  # the year after the latest actual (2023)
    assert f'href="{reverse("reports:scorecards")}?year=2024"' in html  # a year, not "2.024"


def test_the_export_form_carries_the_page_filters(client, reviewer, plan_2024):
    client.force_login(reviewer)
    agency = Agency.objects.get(name="Sở Du lịch")
    html = client.get(reverse("document", args=[plan_2024.slug]) + f"?agency={agency.pk}").content.decode()
    assert f'<input type="hidden" name="agency" value="{agency.pk}">' in html


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "pdf", "csv"])
def test_each_format_downloads_with_a_bounded_number_of_queries(client, reviewer, plan_2024, fmt,
                                                                django_assert_max_num_queries):
    client.force_login(reviewer)
    client.get(reverse("home"))
    with django_assert_max_num_queries(20):
        response = client.get(export_url(plan_2024, period="2024", format=fmt))
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    suffix = "nhiem-vu" if fmt == "csv" else "phu-luc"
    assert response["Content-Disposition"] == (
        f'attachment; filename="kh-ubnd-2024-chi-tieu-dai-hoi-xvii-{suffix}-2024.{fmt}"')


@pytest.mark.parametrize("who", ["reviewer", "officer"])
def test_plan_183_and_an_officer_export_within_the_same_bound(request, who, client, plan_183, plan_2024,
                                                               django_assert_max_num_queries):
    client.force_login(request.getfixturevalue(who))
    client.get(reverse("home"))
    for document in (plan_183, plan_2024):
        with django_assert_max_num_queries(24):  # the officer's scope adds its agency and group lookups
            assert client.get(export_url(document, format="xlsx")).status_code == 200


def test_the_download_holds_what_the_page_filter_selects(client, reviewer, plan_2024):
    client.force_login(reviewer)
    tourism = Agency.objects.get(name="Sở Du lịch")
    response = client.get(export_url(plan_2024, period="2024", format="csv", agency=tourism.pk))
    titles = [r[1] for r in csv_rows(response.content)[1:] if r[0].isdigit()]
    page = task_list(user=reviewer, document=plan_2024, filters=TaskFilter(agency=tourism.pk))
    assert titles == [t.title for t in page]
    assert "Sở Du lịch" in {t.lead_text for t in page}


def test_an_officer_exports_only_the_agency_scope(client, officer, plan_2024):
    client.force_login(officer)  # Sở Y tế
    book = workbook(client.get(export_url(plan_2024, period="2024", format="xlsx")).content)
    names = {c.value for c in book[INDICATOR_SHEET]["B"][10:] if c.value}
    assert "Số giường bệnh/vạn dân" in names
    assert "Tăng trưởng GRDP trung bình" not in names
    titles = {c.value for c in book[TASK_SHEET]["B"][10:] if c.value}
    # The tasks Sở Y tế leads or coordinates (directly or through a group such as "Các Sở, Ban, ngành").
    visible = {t.title for t in visible_tasks(officer, plan_2024.tasks.all())}
    sections = {t.section_title for t in plan_2024.tasks.all()}
    assert titles - sections == visible
    assert len(visible) < plan_2024.tasks.count()


def test_a_leader_exports_the_portfolio(client, leader, plan_2024):
    client.force_login(leader)  # Hà Minh Hải's seat
    ws = workbook(client.get(export_url(plan_2024, period="2024", format="xlsx")).content)[INDICATOR_SHEET]
    row_with(ws, 2, "Tăng trưởng GRDP trung bình")
    names = {c.value for c in ws["B"][10:] if c.value}
    assert "Số giường bệnh/vạn dân" not in names


def test_outsiders_and_strangers_get_nothing(client, outsider, plan_2024):
    assert client.get(export_url(plan_2024, format="xlsx")).status_code == 302  # sign in first
    client.force_login(outsider)
    assert client.get(export_url(plan_2024, format="xlsx")).status_code == 404
    assert client.get(reverse("reports:scorecards")).status_code == 404


def test_a_bad_period_or_format_is_refused_with_a_reason(client, reviewer, plan_2024):
    client.force_login(reviewer)
    response = client.get(export_url(plan_2024, period="2021-2023", format="xlsx"))
    assert response.status_code == 400 and "Kỳ báo cáo “2021-2023” không hợp lệ" in response.content.decode()
    assert client.get(export_url(plan_2024, format="exe")).status_code == 400


def test_the_scorecards_page_and_its_download(client, reviewer, django_assert_max_num_queries):
    client.force_login(reviewer)
    client.get(reverse("home"))
    with django_assert_max_num_queries(15):
        html = client.get(reverse("reports:scorecards") + "?year=2024").content.decode()
    assert "Sở Khoa học và Công nghệ" in html and "Xếp hạng" in html
    assert '<option value="2024" selected>2024</option>' in html and "?year=2024&amp;format=xlsx" in html
    response = client.get(reverse("reports:scorecards") + "?year=2024&format=xlsx")
    assert response.status_code == 200 and response["Content-Type"] == CONTENT_TYPES["xlsx"]
    assert workbook(response.content)["Xếp hạng 2024"]["B11"].value


def test_the_scorecards_page_shows_one_page_of_the_ranking_and_finds_an_agency_by_name(
    client, reviewer, monkeypatch,
):
    from planwatch.reports import scorecards

    ranking, page = scorecards.scorecards_page(user=reviewer, year=2024, query="", number=None)
    cards = ranking.cards
    assert len(cards) > 2 and page.paginator.num_pages == 1
    monkeypatch.setattr(scorecards, "SCORECARDS_PER_PAGE", 2)
    client.force_login(reviewer)
    names = [card.agency.name for card in cards]

    first = client.get(reverse("reports:scorecards"), {"year": 2024}).content.decode()
    assert names[0] in first and names[1] in first and f'data-key="{names[2]}"' not in first
    assert "?year=2024&amp;trang=2" in first and 'rel="next"' in first

    second = client.get(reverse("reports:scorecards"), {"year": 2024, "trang": 2}).content.decode()
    assert f'data-key="{names[2]}"' in second and f'data-key="{names[0]}"' not in second
    rank = next(card.rank for card in cards if card.agency.name == names[2])
    assert rank == 3 and f'<tr data-key="{names[2]}"><td>3</td>' in second  # the register's rank, not the page's

    science = client.get(reverse("reports:scorecards"), {"year": 2024, "q": "so khoa hoc va cong nghe"}).content.decode()
    assert 'data-key="Sở Khoa học và Công nghệ"' in science
    assert all(f'data-key="{name}"' not in science for name in names if "Khoa học và Công nghệ" not in name)

    nothing = client.get(reverse("reports:scorecards"), {"year": 2024, "q": "không có cơ quan này"}).content.decode()
    assert "Không có cơ quan, đơn vị nào có tên chứa “không có cơ quan này”." in nothing


def test_the_export_menu_speaks_english_too(client, reviewer, plan_2024):
    client.force_login(reviewer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})  # the language menu of every page
    html = client.get(reverse("document", args=[plan_2024.slug])).content.decode()
    assert "Export report" in html and "Reporting period" in html and "Year 2024" in html
