"""A whole round in a real headless Chromium, on the demo data, as the README's `planwatch demo` serves it.

The planning department opens Q2 2024 (due 15/7/2024) on 8/7; Sở Y tế fills, its head approves and submits on
time. The server is restarted on the same database with its clock on 18/7: Sở Công Thương submits, marked late;
the planning department returns Sở Y tế's report with a reason, Sở Y tế corrects and resubmits; both are
accepted, the round is closed, and the indicator page shows the new value with where it came from.
"""

import os
import re
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = os.environ.get("PLANWATCH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(os.environ.get("PLANWATCH_SCREENSHOTS", ROOT / "var" / "screenshots"))
PASSWORDS = {
    "khdt": "khdt-demo-2024", "yte": "yte-demo-2024", "yte.truong": "yte-truong-2024",
    "congthuong": "ct-demo-2024", "congthuong.truong": "ct-truong-2024",
}

pytestmark = pytest.mark.browser


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def demo_server(var: Path, moment: str):
    """The demo on the database in `var`, its clock set to `moment`."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "REDIS_URL")}
    env.update({"PLANWATCH_VAR_DIR": str(var), "PYTHONUNBUFFERED": "1", "PLANWATCH_IN_PROCESS_SCHEDULER": "0"})
    log_path = var / f"server-{moment[:10]}.log"
    log = open(log_path, "w")
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "reporting" / "clock_server.py"), moment, str(port)],
        env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT,
    )
    try:
        deadline = time.monotonic() + 180
        while True:
            if process.poll() is not None:
                pytest.fail("the demo server stopped:\n" + log_path.read_text())
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("the demo server did not start in time:\n" + log_path.read_text())
                time.sleep(0.3)  # waiting for the server process to listen
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package (bin/test does).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def signed_in(browser, base_url, username):
    page = browser.new_context(viewport={"width": 1500, "height": 1000}).new_page()
    page.goto(f"{base_url}/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORDS[username])
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{base_url}/")
    return page


def open_q2_report(page, base_url):
    """Open the agency's Q2 report from its list; returns the report's path."""
    page.goto(f"{base_url}/bao-cao/")
    page.locator('#my-reports tr[data-round="2024-Q2"] a').click()
    page.wait_for_selector("#report-status")
    return urlsplit(page.url).path


def message(page) -> str:
    return " ".join(page.locator("ul.messages li").all_inner_texts())


def press(page, name):
    """Click the (first) button of that name and wait for the page the form leads to."""
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).first.click()


def accept(page):
    """From the report page: the summary of what acceptance writes, the box ticked, confirmed."""
    press(page, "Chấp nhận")
    assert page.locator("h1").inner_text().startswith("Chấp nhận báo cáo")
    page.get_by_label("Tôi đã xem xét và chấp nhận báo cáo này").check()
    press(page, "Chấp nhận báo cáo")
    assert "Đã chấp nhận báo cáo" in message(page)


def approve_and_submit(browser, base_url, head, report_path):
    page = signed_in(browser, base_url, head)
    page.goto(base_url + report_path)
    press(page, "Lãnh đạo đơn vị duyệt")
    assert "Đã duyệt báo cáo" in message(page)
    press(page, "Nộp báo cáo")
    assert "Đã nộp báo cáo" in message(page)
    assert page.locator("#report-status").inner_text() == "Đã nộp, chờ xem xét"
    return page


def test_a_whole_round_in_the_browser(browser, tmp_path):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with demo_server(tmp_path, "2024-07-08T09:00:00+07:00") as base:
        # The planning department opens the second quarter, due 15/7/2024.
        planner = signed_in(browser, base, "khdt")
        planner.goto(f"{base}/bao-cao/")
        planner.get_by_role("link", name="Mở đợt báo cáo").click()
        planner.get_by_label("Kỳ báo cáo").select_option(label="Quý II/2024")
        planner.get_by_label("Hạn nộp").fill("15/07/2024")
        press(planner, "Mở đợt báo cáo")
        assert planner.locator("h1").inner_text() == "Báo cáo quý II/2024"
        assert "Đã mở Báo cáo quý II/2024" in message(planner)
        assert planner.locator("#deadline").inner_text().startswith("15/07/2024")

        # Sở Y tế fills its figures and progress; its head approves and submits, on time.
        officer = signed_in(browser, base, "yte")
        health_url = open_q2_report(officer, base)
        row = officer.locator("#indicators tbody tr").first
        indicator_name = row.locator("td a").first.inner_text()
        indicator_href = row.locator("td a").first.get_attribute("href")
        # Once filled, the line goes with the lines filled, after those to fill, folded (issue 14).
        filled_row = (f'#indicators-filled tr[data-indicator="{row.get_attribute("data-indicator")}"]'
                      f'[data-document="{row.get_attribute("data-document")}"]')
        row.locator("input.value").fill("33,5")
        row.locator('input[name$="-source"]').fill("Số liệu của Sở Y tế")
        task = officer.locator("#lead-tasks article").first
        task.locator('select[name$="-status"]').select_option(label="Đúng tiến độ")
        task.locator('input[name$="-percent"]').fill("60")
        task.locator('textarea[name$="-done_text"]').fill("Đã ban hành kế hoạch triển khai và giao chỉ tiêu cho các bệnh viện.")
        press(officer, "Lưu báo cáo")
        assert "Đã lưu báo cáo (phiên bản 2)" in message(officer)
        assert officer.locator(filled_row).locator("input.value").input_value() == "33,5"
        assert not officer.locator(filled_row).is_visible()  # folded while lines remain to fill
        press(officer, "Trình lãnh đạo đơn vị duyệt")
        assert "Đã trình lãnh đạo đơn vị duyệt" in message(officer)
        head = approve_and_submit(browser, base, "yte.truong", health_url)
        assert head.locator("#late").count() == 0
        head.screenshot(path=str(SCREENSHOTS / "report-submitted.png"), full_page=False)

    with demo_server(tmp_path, "2024-07-18T09:00:00+07:00") as base:
        # Sở Công Thương, three days late.
        trade = signed_in(browser, base, "congthuong")
        trade_url = open_q2_report(trade, base)
        assert trade.locator("#late").inner_text() == "Quá hạn 3 ngày"
        trade.locator("#indicators tbody tr").first.locator("input.value").fill("12,4")
        trade_task = trade.locator("#lead-tasks article").first
        trade_task.locator('select[name$="-status"]').select_option(label="Chậm tiến độ")
        # Its task II.9 has an approved framework plan: the percentage comes from the steps, all five done.
        assert trade_task.locator('input[name$="-percent"]').count() == 0
        assert trade_task.locator("[data-derived-percent]").inner_text() == "100%"
        assert trade_task.locator("table.steps tbody tr").count() == 5
        trade_task.locator('textarea[name$="-difficulties"]').fill("Vướng giải phóng mặt bằng.")
        press(trade, "Lưu báo cáo")
        assert "Đã lưu báo cáo" in message(trade)
        trade_head = approve_and_submit(browser, base, "congthuong.truong", trade_url)
        assert "nộp muộn 3 ngày" in message(trade_head)
        assert trade_head.locator("#late").inner_text() == "Nộp muộn 3 ngày"

        # The planning department returns Sở Y tế's report with a reason.
        planner = signed_in(browser, base, "khdt")
        planner.goto(base + health_url)
        planner.locator("form.move-return textarea").fill("Số giường bệnh chưa khớp số liệu của Cục Thống kê.")
        press(planner, "Trả lại")
        assert planner.locator("#report-status").inner_text() == "Bị trả lại"

        # Sở Y tế reads the reason, corrects the value; its head approves and submits again.
        officer = signed_in(browser, base, "yte")
        officer.goto(base + health_url)
        assert "Số giường bệnh chưa khớp số liệu của Cục Thống kê." in officer.locator("#return-reason").inner_text()
        officer.locator("#filled > summary").click()  # the line to correct is among those filled
        officer.locator(filled_row).locator("input.value").fill("33,8")
        officer.locator(filled_row).locator('input[name$="-source"]').fill("Cục Thống kê")
        press(officer, "Lưu báo cáo")
        head = approve_and_submit(browser, base, "yte.truong", health_url)
        assert head.locator("#late").count() == 0  # resubmitted after the deadline, but first submitted on time

        # Both accepted, the round closed.
        planner.goto(base + health_url)
        accept(planner)
        assert planner.locator("#report-status").inner_text() == "Đã chấp nhận"
        planner.goto(base + trade_url)
        accept(planner)
        round_link = planner.locator("p.kicker a").nth(1)
        round_link.click()
        press(planner, "Tổng hợp và khóa đợt")
        assert "Đã tổng hợp và khóa đợt báo cáo." in message(planner)
        assert planner.locator("#round-status").inner_text() == "Đã tổng hợp"
        trade_row = planner.locator('#reports tr[data-agency="Sở Công Thương"]')
        assert "Nộp muộn" in trade_row.inner_text() and "Đã chấp nhận" in trade_row.inner_text()
        health_row = planner.locator('#reports tr[data-agency="Sở Y tế"]')
        assert "Nộp đúng hạn" in health_row.inner_text()
        planner.screenshot(path=str(SCREENSHOTS / "round-closed.png"), full_page=False)

        # The indicator page shows the accepted value, with its provenance.
        planner.goto(f"{base}{indicator_href}")
        assert planner.locator("h1").inner_text().startswith(indicator_name)
        headers = planner.locator("#values thead th").all_inner_texts()
        cells = dict(zip(headers, planner.locator("#values tbody tr", has_text="2024-Q2").locator("td").all_inner_texts()))
        assert (cells["Kỳ"], cells["Loại"], cells["Giá trị"]) == ("2024-Q2", "Ước thực hiện (ƯTH)", "33,8")
        assert re.search(r"Báo cáo quý II/2024; báo cáo của Sở Y tế \(số \d+\), chấp nhận ngày 18/07/2024", cells["Nguồn"])
        assert cells["Người nhập, thời điểm"].startswith("khdt 18/07/2024")
        planner.screenshot(path=str(SCREENSHOTS / "indicator-provenance.png"), full_page=True)

        # The dashboard keeps the record: Sở Công Thương late in this round.
        planner.goto(f"{base}/bao-cao/bang-dieu-khien/")
        q2 = planner.locator('select[name="dot"] option', has_text="Báo cáo quý II/2024").get_attribute("value")
        planner.locator('select[name="dot"]').select_option(value=q2)
        press(planner, "Xem")
        assert "Nộp muộn" in planner.locator('#agencies tr[data-agency="Sở Công Thương"]').inner_text()
