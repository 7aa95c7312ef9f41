"""A framework plan drafted in a real headless Chromium, and a bar of its Gantt chart dragged a week later.

The server is the README's `planwatch demo` (the fixture of tests/web/test_browser.py), with a fresh SQLite file.
"""

import sqlite3

import pytest

from tests.web.test_browser import SCREENSHOTS, browser, demo_server, sign_in  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


def _first_task_of(var, agency: str) -> int:
    with sqlite3.connect(var / "planwatch.sqlite3") as db:
        return db.execute(
            "SELECT t.id FROM registry_task t JOIN registry_task_lead_agencies l ON l.task_id = t.id "
            "JOIN registry_agency a ON a.id = l.agency_id WHERE a.name = ? "
            "AND t.id NOT IN (SELECT task_id FROM frameworks_frameworkplan) ORDER BY t.id LIMIT 1", (agency,),
        ).fetchone()[0]


def _add_step(page, title: str, **fields):
    page.get_by_text("Thêm bước", exact=True).first.click()
    form = page.locator("#step-add")
    form.get_by_label("Bước thực hiện").fill(title)
    for label, value in fields.items():
        form.get_by_label(label).fill(value)
    form.get_by_role("button", name="Thêm bước").click()
    page.wait_for_load_state()


def test_an_officer_drafts_a_framework_plan_and_drags_a_step_on_the_gantt(demo_server, browser):  # noqa: F811
    base_url, var = demo_server
    task = _first_task_of(var, "Sở Y tế")
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    sign_in(page, base_url, "yte", "yte-demo-2024")
    page.goto(f"{base_url}/nhiem-vu/{task}/")
    page.locator("#framework-link").click()
    page.get_by_role("button", name="Lập kế hoạch khung").click()
    _add_step(page, "Khảo sát hiện trạng", **{"Bắt đầu": "01/03/2027", "Kết thúc": "12/03/2027"})
    _add_step(page, "Trình UBND Thành phố", **{"Số ngày": "5"})
    page.get_by_text("Thêm quan hệ giữa hai bước").click()
    link = page.locator("#link-add")
    link.get_by_label("Bước trước").select_option(label="1. Khảo sát hiện trạng")
    link.get_by_label("Bước sau").select_option(label="2. Trình UBND Thành phố")
    link.get_by_role("button", name="Lưu quan hệ").click()
    page.wait_for_load_state()
    assert page.locator("#forecast-end").inner_text().startswith("17/03/2027")
    bars = page.locator("svg.gantt g.gantt-bar.critical")
    assert bars.count() == 2

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "framework-plan-gantt.png"), full_page=True)

    # A week is seven days of 14 px at the week zoom; the page's SVG is drawn at its own size.
    box = bars.first.bounding_box()
    start_x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(start_x, y)
    page.mouse.down()
    page.mouse.move(start_x + 50, y, steps=5)
    page.mouse.move(start_x + 98, y, steps=5)
    with page.expect_navigation():
        page.mouse.up()
    assert page.locator("#forecast-end").inner_text().startswith("24/03/2027")
    first_row = page.locator("table.steps tbody tr").first.locator("td").all_inner_texts()
    assert first_row[2:4] == ["08/03/2027", "19/03/2027"]
    page.close()
