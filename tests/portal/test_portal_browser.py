"""The portal in a real headless Chromium, signed out: the list, a plan and an indicator at 1280 px and 390 px,
each passing axe (no serious or critical violation) and not scrolling sideways on a phone. Screenshots go under
the pytest temporary folder (`portal-screenshots*`), to be looked at.

The planners' publishing page (signed in) gets the same check.
Same server and browser as tests/web/test_browser.py: the README's `planwatch demo`, which publishes both plans.
"""

import re

import pytest

from tests.web.test_accessibility import AXE, DESKTOP, assert_axe_clean
from tests.web.test_browser import browser, demo_server, sign_in  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

PLAN_2024 = "Kế hoạch thực hiện hoàn thành các chỉ tiêu Nghị quyết Đại hội lần thứ XVII"


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory):
    return tmp_path_factory.mktemp("portal-screenshots")


def open_list(page, base_url):
    page.goto(f"{base_url}/cong-khai/")


def open_plan(page, base_url):
    open_list(page, base_url)
    page.get_by_role("link", name=re.compile(PLAN_2024)).first.click()
    page.wait_for_url(re.compile(r".*/cong-khai/van-ban/\d+/$"))


def open_indicator(page, base_url):
    open_plan(page, base_url)
    page.locator('article[data-key="1"] h3 a').click()
    page.wait_for_url(re.compile(r".*/cong-khai/van-ban/\d+/chi-tieu/\d+/$"))


def open_unit(page, base_url):
    open_plan(page, base_url)
    page.locator('article[data-key="1"] dd a[href*="/don-vi/"]').first.click()
    page.wait_for_url(re.compile(r".*/cong-khai/don-vi/\d+/$"))


def open_manage(page, base_url):
    sign_in(page, base_url, "khdt", "khdt-demo-2024")
    page.goto(f"{base_url}/cong-khai/quan-ly/")


PAGES = [("list", open_list), ("plan", open_plan), ("indicator", open_indicator), ("unit", open_unit),
         ("manage", open_manage)]


@pytest.mark.parametrize(("name", "open_page"), PAGES, ids=[name for name, _ in PAGES])
def test_the_portal_page_passes_axe_and_fits_a_phone(demo_server, browser, screenshots, name, open_page):
    if not AXE.exists():
        pytest.fail(f"axe-core is not installed at {AXE}: run bin/setup --test (it runs npm ci).")
    base_url, _ = demo_server
    context = browser.new_context(viewport=DESKTOP, bypass_csp=True)  # bypass_csp: axe is injected inline
    page = context.new_page()
    try:
        open_page(page, base_url)
        if name != "manage":  # the publishing page is the signed-in site's
            assert page.locator(".topbar .brand").inner_text() == "Cổng dữ liệu công khai"
            assert page.locator("a[href^='/dang-xuat'], a[href^='/dang-nhap']").count() == 0
        assert_axe_clean(page, name, at_each_width=lambda viewport: page.screenshot(
            path=str(screenshots / f"{name}-{viewport['width']}.png"), full_page=False))
    finally:
        context.close()


def test_the_plan_shows_the_grdp_status_reason_and_chart(demo_server, browser, screenshots):
    base_url, _ = demo_server
    page = browser.new_page(viewport=DESKTOP)
    try:
        open_plan(page, base_url)
        card = page.locator('article[data-key="1"]')
        assert card.locator(".status-badge").inner_text() == "Rất thách thức"
        assert "13,07" in card.locator(".reason-text").inner_text()
        assert card.locator("svg.trajectory rect.band").count() == 1
        card.screenshot(path=str(screenshots / "grdp-card.png"))
        # The language switch works without a CSRF token and comes back to the same page.
        url = page.url
        with page.expect_navigation(url=url):
            page.select_option(".topbar .lang select", "en")
        assert page.url == url and page.locator("html").get_attribute("lang") == "en"
    finally:
        page.close()
