"""The city row with its contributions and the contributions page in a real headless Chromium: no serious axe
finding at desktop and phone width, no sideways scrolling at 390 px, and the roll-up in vi-VN numbers. Same demo server, browser and axe as
tests/web/test_accessibility.py."""

import sqlite3

import pytest

from tests.web.test_accessibility import DESKTOP, assert_axe_clean
from tests.web.test_browser import browser, demo_server, sign_in  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


def row_id(var, slug="kh-ubnd-2024-chi-tieu-dai-hoi-xvii", key="7.1") -> int:
    with sqlite3.connect(var / "planwatch.sqlite3") as db:
        return db.execute(
            "SELECT i.id FROM registry_indicator i JOIN registry_document d ON d.id = i.document_id"
            " WHERE d.slug = ? AND i.key = ?", (slug, key)).fetchone()[0]


def city_row_id(var) -> int:
    return row_id(var)


@pytest.fixture(scope="module")
def planner_page(demo_server, browser):
    base_url, _ = demo_server
    context = browser.new_context(viewport=DESKTOP, bypass_csp=True)
    page = context.new_page()
    sign_in(page, base_url, "khdt", "khdt-demo-2024")
    yield page
    context.close()


DISTRICT_ROW = ("kh-btgqu-thanh-xuan-tuyen-truyen-10-chuong-trinh", "tdp-van-hoa")


@pytest.mark.parametrize("path, row", [
    ("/chi-tieu/{id}/#contributions", None), ("/chi-tieu/{id}/dong-gop/", None), ("/chi-tieu/{id}/", DISTRICT_ROW),
])
def test_the_pages_pass_axe_and_fit_a_phone(demo_server, planner_page, path, row):
    base_url, var = demo_server
    page = planner_page
    page.set_viewport_size(DESKTOP)
    page.goto(base_url + path.format(id=row_id(var, *row) if row else city_row_id(var)))
    assert page.locator("h2", has_text="Đóng góp từ cấp dưới").count() + page.locator(
        "h1", has_text="Đóng góp từ cấp dưới").count() >= 1
    assert_axe_clean(page, path)


def test_the_roll_up_shows_thanh_xuan_in_vietnamese_numbers(demo_server, planner_page):
    base_url, var = demo_server
    page = planner_page
    page.set_viewport_size(DESKTOP)
    page.goto(f"{base_url}/chi-tieu/{city_row_id(var)}/")
    row = page.locator('#rollup-years tr[data-year="2022"]')
    cells = [text.strip() for text in row.locator("td").all_inner_texts()]
    assert cells[:3] == ["2022", "75,5", "72,5"]
    assert "Quận Thanh Xuân" in page.locator("#contributors").inner_text()
