"""The import review in a real headless Chromium: a plan pasted one cell per line is read whole, a column's
meaning is fixed once for its table (the original read again), and the result is saved.

Same server and browser as tests/web/test_browser.py: the README's `planwatch demo` on a fresh SQLite file."""

import os
import tempfile
from pathlib import Path

import pytest

from tests.web.import_documents import BLOCKS_PLAN, INDICATORS, TASKS
from tests.web.test_browser import browser, demo_server, sign_in  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


@pytest.fixture
def screenshots():
    folder = os.environ.get("PLANWATCH_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        yield Path(folder)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            yield Path(tmp)


def test_a_planner_reviews_a_one_cell_per_line_plan_fixes_a_column_and_saves(demo_server, browser, screenshots):
    base_url, _ = demo_server
    page = browser.new_page(viewport={"width": 1500, "height": 1100})
    sign_in(page, base_url, "khdt", "khdt-demo-2024")
    page.get_by_role("link", name="Nhập văn bản").click()
    page.get_by_label("Hoặc dán nội dung văn bản").fill(BLOCKS_PLAN)
    page.get_by_role("button", name="Đọc văn bản").click()
    page.wait_for_url("**/nhap-van-ban/*/")

    # every indicator and task, with its cells
    assert page.locator("#review-indicators tbody tr").count() == 6
    for index, (code, name, unit, plan, lead) in enumerate(INDICATORS):
        row = page.locator(f'#review-indicators tr[data-key="{code}"]')
        assert row.locator(f'textarea[name="ind-{index}-name"]').input_value() == name
        assert row.locator(f'input[name="ind-{index}-unit"]').input_value() == unit
        assert row.locator(f'input[name="ind-{index}-value-2025-plan"]').input_value() == plan
        assert row.locator(f'input[name="ind-{index}-lead"]').input_value() == lead
        assert "Kế hoạch 2025" in row.locator("td.quantities").inner_text()
    assert page.locator("#review-tasks tbody tr").count() == 4
    for index, (code, title, lead, coordinating, deadline) in enumerate(TASKS):
        row = page.locator(f'#review-tasks tr[data-key="{code}"]')
        assert row.locator(f'textarea[name="task-{index}-title"]').input_value() == title
        assert row.locator(f'textarea[name="task-{index}-lead"]').input_value() == lead
        assert row.locator(f'textarea[name="task-{index}-coordinating"]').input_value() == coordinating
        assert row.locator(f'input[name="task-{index}-deadline"]').input_value() == deadline
    table = page.locator("#bang-1")
    assert "mỗi ô một dòng" in table.inner_text() and "Độ tin cậy: 100%" in table.inner_text()
    assert "Số dòng: 6" in table.inner_text() and "Số dòng: 4" in page.locator("#bang-2").inner_text()
    page.locator('#review-tasks tr[data-key="2"] a.source-link').click()
    # the row starts at its TT line, its name on the line after
    assert page.locator("ol.source-lines li:target").inner_text().split() == ["56", "2"]
    assert page.locator("ol.source-lines li:target + li").inner_text().strip().endswith("Chỉnh trang các tuyến phố đi bộ")
    page.screenshot(path=str(screenshots / "import-review-read.png"), full_page=True)

    # "Kế hoạch năm 2025" is the plan's target for 2025: fixed once, for the whole table
    table.get_by_text("Sửa nghĩa các cột").click()
    table.get_by_label("Nghĩa của cột Kế hoạch năm 2025").select_option(label="Chỉ tiêu (mục tiêu) năm …")
    table.get_by_label("Năm hoặc giai đoạn của cột Kế hoạch năm 2025").fill("2025")
    table.screenshot(path=str(screenshots / "import-review-columns.png"))
    table.get_by_role("button", name="Đọc lại văn bản với nghĩa cột này").click()
    page.wait_for_load_state()
    assert page.get_by_text("Đã đọc lại văn bản gốc với nghĩa cột đã chọn cho bảng 1: 6 chỉ tiêu, 4 nhiệm vụ.").is_visible()
    assert page.locator("#review-indicators tbody tr").count() == 6
    for index, (code, _name, _unit, plan, _lead) in enumerate(INDICATORS):
        row = page.locator(f'#review-indicators tr[data-key="{code}"]')
        assert row.locator(f'input[name="ind-{index}-target-2025"]').input_value() == plan
        assert row.locator(f'input[name="ind-{index}-value-2025-plan"]').count() == 0
        assert "Mục tiêu 2025" in row.locator("td.quantities").inner_text()
    assert page.locator("#bang-1").get_by_label("Nghĩa của cột Kế hoạch năm 2025").input_value() == "target"
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(screenshots / "import-review-reread.png"), full_page=False)

    page.get_by_role("button", name="Lưu vào danh mục").click()
    assert page.get_by_text("Đã lưu văn bản vào danh mục").is_visible()
    page.locator("#saved-result a").first.click()
    assert page.locator('#tasks tr[data-key="3"]').inner_text().count("Rà soát, sắp xếp trụ sở làm việc") == 1
    page.close()


TARGETS_LIST = """ỦY BAN NHÂN DÂN TỈNH PHÚ THỌ
Số: 216/KH-UBND
Phú Thọ, ngày 12 tháng 01 năm 2025

KẾ HOẠCH
Phát triển kinh tế - xã hội năm 2025

II. CÁC CHỈ TIÊU CHỦ YẾU
1. Tốc độ tăng trưởng kinh tế (GRDP) đạt 8% trở lên.
2. GRDP bình quân đầu người đạt khoảng 75 triệu đồng.
3. Tỷ lệ thất nghiệp ở khu vực thành thị dưới 4%.
"""


def test_a_planner_ticks_the_targets_read_from_sentences_and_saves_them(demo_server, browser, screenshots):
    base_url, _ = demo_server
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    sign_in(page, base_url, "khdt", "khdt-demo-2024")
    page.get_by_role("link", name="Nhập văn bản").click()
    page.get_by_label("Hoặc dán nội dung văn bản").fill(TARGETS_LIST)
    page.get_by_role("button", name="Đọc văn bản").click()
    page.wait_for_url("**/nhap-van-ban/*/")
    assert page.locator("#review-candidates tbody tr").count() == 3
    page.get_by_label("Lưu “Tốc độ tăng trưởng kinh tế (GRDP)” thành chỉ tiêu").check()
    page.get_by_label("Lưu “Tỷ lệ thất nghiệp ở khu vực thành thị” thành chỉ tiêu").check()
    page.screenshot(path=str(screenshots / "import-review-candidates.png"), full_page=True)
    page.get_by_role("button", name="Lưu vào danh mục").click()
    assert page.get_by_text("Đã lưu văn bản vào danh mục").is_visible()
    page.locator("#saved-result a").first.click()
    body = page.locator("main").inner_text()
    assert "Tốc độ tăng trưởng kinh tế (GRDP)" in body and "Tỷ lệ thất nghiệp ở khu vực thành thị" in body
    assert "GRDP bình quân đầu người" not in body
    page.close()
