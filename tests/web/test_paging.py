"""Long lists of the register's pages, a page at a time (issue 14): agencies, an agency's tasks and indicators, a
leader's, the plans on the home page. Each page keeps the other lists' pages and the filters in its links."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from planwatch.registry.models import Agency, Position

pytestmark = pytest.mark.django_db


def pager(html, label) -> str:
    return re.search(rf'<nav class="pager" aria-label="{label}">(.*?)</nav>', html, re.S).group(1)


def agency_links(html) -> list[str]:
    main = html[html.index("<main>"):]
    return re.findall(r'<li><a href="/co-quan/(\d+)/">', main)


def test_the_agency_list_is_paged(client, reviewer, django_assert_max_num_queries):
    Agency.objects.bulk_create([Agency(name=f"UBND xã Thử Nghiệm {i:03d}", kind=Agency.Kind.COMMUNE) for i in range(120)])
    total = Agency.objects.count()
    pages = -(-total // 100)
    client.force_login(reviewer)
    with django_assert_max_num_queries(12):
        first = client.get(reverse("agencies")).content.decode()
    with django_assert_max_num_queries(12):
        second = client.get(reverse("agencies"), {"trang": 2}).content.decode()
    assert len(agency_links(first)) == 100 and not set(agency_links(first)) & set(agency_links(second))
    assert f"Trang 1/{pages}" in first and f"({total})" in first
    nav = pager(first, "Các trang cơ quan, đơn vị")
    assert '<a href="/co-quan/" aria-current="page">1</a>' in nav and 'href="/co-quan/?trang=2" rel="next">Trang sau</a>' in nav
    assert f"Trang {pages}/{pages}" in client.get(reverse("agencies"), {"trang": 10_000}).content.decode()
    assert "Trang 1/" in client.get(reverse("agencies"), {"trang": "hai"}).content.decode()


def task_keys(html, section) -> list[str]:
    """The tasks a section of the agency page lists (its table follows its heading)."""
    start = html.index(f'<h2 id="{section}">')
    body = html[start:html.index("</table>", start)]
    return re.findall(r'<a href="/nhiem-vu/(\d+)/">', body)


def test_an_agency_s_tasks_are_paged_each_list_on_its_own(client, reviewer, django_assert_max_num_queries):
    """Sở Y tế coordinates more tasks than a page holds: the second page of them, the tasks it leads unmoved."""
    health = Agency.objects.get(name="Sở Y tế")
    url = reverse("agency", args=[health.pk])
    client.force_login(reviewer)
    client.get(url)
    with CaptureQueriesContext(connection) as first_queries:
        first = client.get(url).content.decode()
    with django_assert_max_num_queries(len(first_queries)):
        second = client.get(url, {"trang_phoi_hop": 2, "trang_chu_tri": "x"}).content.decode()
    assert len(first_queries) <= 16
    coordinated = int(re.search(r'<h2 id="coordinated-tasks">.*?\((\d+)\)', first).group(1))
    assert coordinated > 50
    assert len(task_keys(first, "coordinated-tasks")) == 50
    assert len(task_keys(second, "coordinated-tasks")) == coordinated - 50
    assert not set(task_keys(first, "coordinated-tasks")) & set(task_keys(second, "coordinated-tasks"))
    assert task_keys(first, "led-tasks") == task_keys(second, "led-tasks")
    nav = pager(second, "Các trang nhiệm vụ phối hợp")
    assert 'aria-current="page">2</a>' in nav and "Trang 2/2" in nav
    assert f'href="/co-quan/{health.pk}/?trang_chu_tri=x" rel="prev">Trang trước</a>' in nav  # the other list's page kept


def test_a_leader_s_page_answers_any_page_number(client, reviewer, django_assert_max_num_queries):
    position = Position.objects.get(tenures__person="Nguyễn Mạnh Quyền")
    client.force_login(reviewer)
    plain = client.get(reverse("position", args=[position.pk])).content.decode()
    with django_assert_max_num_queries(15):
        odd = client.get(reverse("position", args=[position.pk]), {"trang_nhiem_vu": "9" * 30, "trang_chi_tieu": "-1"})
    assert odd.status_code == 200
    assert re.findall(r'href="/nhiem-vu/(\d+)/"', odd.content.decode()) == re.findall(r'href="/nhiem-vu/(\d+)/"', plain)


def test_the_home_page_pages_the_documents_without_a_query_more(client, reviewer, monkeypatch):
    from planwatch.registry.models import Document
    from planwatch.web import home

    monkeypatch.setattr(home, "BOARD_SECONDS", 0)  # both counts with the board computed
    client.force_login(reviewer)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as before:
        client.get(reverse("home"))
    template = Document.objects.filter(is_tracked=False).first()
    for i in range(60):
        template.pk, template.slug, template.number = None, f"van-ban-thu-{i}", f"{900 + i}/TB-UBND"
        template.save()
    with CaptureQueriesContext(connection) as after:
        first = client.get(reverse("home")).content.decode()
    assert len(after) <= len(before)  # (the first count holds a lookup cached for the process since)
    references = Document.objects.filter(is_tracked=False).count()
    nav = pager(first, "Các trang văn bản liên quan")
    assert f"1–50 trên {references}" in nav and 'href="/?trang_lq=2" rel="next"' in nav
    second = client.get(reverse("home"), {"trang_lq": 2, "trang": 5}).content.decode()
    assert f"51–{references} trên {references}" in pager(second, "Các trang văn bản liên quan")
    listed = set(re.findall(r"(9\d\d/TB-UBND)", first))
    assert listed and not listed & set(re.findall(r"(9\d\d/TB-UBND)", second))
