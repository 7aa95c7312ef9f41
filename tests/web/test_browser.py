"""End to end in a real headless Chromium: the demo as a newcomer starts it, signed in, the 2024 plan opened.

The server is the README's own `planwatch demo`, in a subprocess with a fresh SQLite file,
so this checks the first command too (minus creating the virtualenv).
"""

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("PLANWATCH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
SCREENSHOTS = Path(os.environ.get("PLANWATCH_SCREENSHOTS", Path(__file__).resolve().parents[2] / "var" / "screenshots"))

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package (bin/test does).")
    var = tmp_path_factory.mktemp("demo")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update({"PLANWATCH_VAR_DIR": str(var), "PYTHONUNBUFFERED": "1"})
    log = open(var / "server.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "planwatch.cli", "demo", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail("the demo server stopped:\n" + (var / "server.log").read_text())
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            time.sleep(0.3)
    else:
        process.terminate()
        pytest.fail("the demo server did not start in time:\n" + (var / "server.log").read_text())
    yield f"http://127.0.0.1:{port}", var
    process.terminate()
    process.wait(timeout=20)
    log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def sign_in(page, base_url, username, password):
    page.goto(f"{base_url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base_url}/")


def test_the_demo_prints_its_address_and_logins(demo_server):
    _, var = demo_server
    output = (var / "server.log").read_text()
    assert "http://127.0.0.1:" in output
    assert "khdt" in output and "yte" in output and "pct.kinhte" in output


def test_a_planner_signs_in_and_finds_the_grdp_row(demo_server, browser):
    base_url, _ = demo_server
    page = browser.new_page(viewport={"width": 1600, "height": 1000})
    sign_in(page, base_url, "khdt", "khdt-demo-2024")
    page.get_by_role("link", name="Kế hoạch thực hiện hoàn thành các chỉ tiêu Nghị quyết Đại hội lần thứ XVII").first.click()
    row = page.locator('#indicators tr[data-key="1"]')
    row.wait_for()
    cells = [text.strip() for text in row.locator("td").all_inner_texts()]
    assert cells[1] == "Tăng trưởng GRDP trung bình"
    # The latest value reached stands right after the plan-period target, then the document's yearly columns.
    assert cells[4:6] == ["7,5\u2060–\u20608,0", "6,27 (TH 2023)"]  # word joiners keep a range on one line
    assert cells[6:9] == ["2,97", "8,95", "6,27"]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "plan-2024.png"), full_page=False)
    page.close()


def test_the_plan_page_keeps_the_status_in_sight_at_1280_px(demo_server, browser):
    """Issue 10: however many year columns the document has, each row's status shows without scrolling sideways."""
    base_url, _ = demo_server
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    sign_in(page, base_url, "khdt", "khdt-demo-2024")
    page.goto(f"{base_url}/van-ban/kh-ubnd-2024-chi-tieu-dai-hoi-xvii/")
    table = page.locator("#indicators")
    assert page.evaluate("document.querySelector('#indicators').scrollWidth") > 1280  # wider than the window
    status = page.locator('#indicators tr[data-key="1"] td.status-col')
    box = status.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 1280
    assert status.inner_text().strip() == "Rất thách thức"
    # What stands under it is hidden, not shown through: the cell is the topmost element at its own centre.
    assert page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('td')?.classList.contains('status-col')",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert table.locator("th.status-col").bounding_box()["x"] + 10 < 1280
    page.screenshot(path=str(Path(tempfile.gettempdir()) / "plan-2024-1280.png"), full_page=False)
    page.close()


def test_the_reviewer_s_home_fits_a_phone(demo_server, browser):
    """Issue 10: the planning department's home at 390 px, charts and tables included, never scrolls sideways."""
    base_url, _ = demo_server
    page = browser.new_page(viewport={"width": 390, "height": 844})
    sign_in(page, base_url, "khdt", "khdt-demo-2024")
    chart = page.locator("#status-distribution svg.status-bars")
    assert chart.is_visible()
    assert "Rất thách thức: " in chart.get_attribute("aria-label")
    assert page.locator("#at-risk").get_by_role("link", name="Tăng trưởng GRDP trung bình").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("window.innerWidth")
    page.screenshot(path=str(Path(tempfile.gettempdir()) / "home-reviewer.png"), full_page=True)
    page.close()


def test_task_search_ignores_diacritics_in_the_browser(demo_server, browser):
    base_url, _ = demo_server
    page = browser.new_page()
    sign_in(page, base_url, "khdt", "khdt-demo-2024")
    page.goto(f"{base_url}/tim-kiem/?q=so+ke+hoach")
    assert page.locator("#results").get_by_role("link", name="Sở Kế hoạch và Đầu tư").count() >= 1
    page.close()


def test_a_wrong_password_is_refused_in_vietnamese(demo_server, browser):
    base_url, _ = demo_server
    page = browser.new_page()
    page.goto(f"{base_url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill("khdt")
    page.get_by_label("Mật khẩu").fill("sai-mat-khau")
    page.get_by_role("button", name="Đăng nhập").click()
    assert page.get_by_text("Tên đăng nhập hoặc mật khẩu không đúng").is_visible()
    page.close()


def test_a_planner_imports_a_document_and_saves_it(demo_server, browser):
    base_url, _ = demo_server
    page = browser.new_page(viewport={"width": 1500, "height": 1000})
    sign_in(page, base_url, "khdt", "khdt-demo-2024")
    page.get_by_role("link", name="Nhập văn bản").click()
    page.get_by_label("Hoặc dán nội dung văn bản").fill(PASTED_PLAN)
    page.get_by_role("button", name="Đọc văn bản").click()
    page.wait_for_url("**/nhap-van-ban/*/")
    row = page.locator('#review-tasks tr[data-key="1"]')
    assert "Số hóa hồ sơ địa chính" in row.locator("textarea").first.input_value()
    row.locator("a.source-link").click()
    assert page.locator("ol.source-lines li:target").inner_text().strip().endswith("Quý III/2025")
    page.locator('input[name="task-0-product"]').fill("Đề án")
    page.get_by_role("button", name="Lưu vào danh mục").click()
    assert page.get_by_text("Đã lưu văn bản vào danh mục").is_visible()
    page.locator("#saved-result a").first.click()
    assert page.locator('#tasks tr[data-key="1"]').inner_text().count("Đề án") == 1
    page.screenshot(path=str(SCREENSHOTS / "imported.png"))
    page.close()


PASTED_PLAN = """ỦY BAN NHÂN DÂN
THÀNH PHỐ HÀ NỘI
Số: 88/KH-UBND
Hà Nội, ngày 15 tháng 3 năm 2025
KẾ HOẠCH
Thí điểm số hóa hồ sơ đất đai
TT\tNhiệm vụ\tCơ quan chủ trì\tCơ quan phối hợp\tSản phẩm\tThời hạn
1\tSố hóa hồ sơ địa chính\tSở Tài nguyên và Môi trường\tSở Tư pháp\tBáo cáo kết quả\tQuý III/2025
"""
