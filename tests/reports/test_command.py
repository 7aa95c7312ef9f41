"""`planwatch report ID --period PERIOD --format FMT -o FILE`: the same content as the plan page's button."""

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.reports.helpers import INDICATOR_SHEET, TASK_SHEET, csv_rows, pdf_pages, row_with, word, workbook

pytestmark = pytest.mark.django_db


def values(book):
    return {ws.title: [[c.value for c in row] for row in ws.iter_rows()] for ws in book.worksheets}


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "pdf"])
def test_the_command_writes_each_format(tmp_path, plan_2024, fmt):
    path = tmp_path / f"phu-luc.{fmt}"
    call_command("report", plan_2024.slug, "--period", "2024", "--format", fmt, "-o", str(path))
    content = path.read_bytes()
    if fmt == "xlsx":
        # the two appendices, and the rows where appendix 01a's own judgement differs from planwatch's
        assert set(workbook(content).sheetnames) == {INDICATOR_SHEET, TASK_SHEET, "Khác biệt đánh giá"}
    elif fmt == "docx":
        assert len(word(content).tables) == 4  # the heading block, the two appendices, the disagreements
    else:
        assert "Tăng trưởng GRDP trung bình" in pdf_pages(content)[0]


def test_the_command_and_the_button_give_the_same_workbook(tmp_path, client, reviewer, plan_2024):
    path = tmp_path / "phu-luc.xlsx"
    call_command("report", plan_2024.number or plan_2024.slug, "--period", "2024", "--format", "xlsx",
                 "-o", str(path))
    client.force_login(reviewer)  # the planning department sees the whole register, as the console does
    response = client.get(reverse("reports:document", args=[plan_2024.slug]) + "?period=2024&format=xlsx")
    assert values(workbook(path.read_bytes())) == values(workbook(response.content))


def test_the_command_filters_the_task_table_and_writes_csv(tmp_path, plan_2024):
    path = tmp_path / "nhiem-vu.csv"
    call_command("report", plan_2024.slug, "--period", "2024", "--appendix", "tasks", "--format", "csv",
                 "--agency", "Sở KH&CN", "--status", "not_started", "-o", str(path))
    rows = csv_rows(path.read_bytes())
    titles = [r[1] for r in rows[1:] if r[0].isdigit()]
    assert "Thành lập “Sàn giao dịch công nghệ Hà Nội”" in titles
    assert "Hỗ trợ doanh nghiệp tiếp cận các sàn giao dịch thương mại điện tử lớn có uy tín ở trong và ngoài nước" \
        not in titles


def test_the_command_finds_a_plan_by_number(tmp_path, plan_183):
    path = tmp_path / "183.xlsx"
    call_command("report", "183/KH-UBND", "--period", "2021", "-o", str(path))
    ws = workbook(path.read_bytes())[INDICATOR_SHEET]
    row_with(ws, 2, "Tốc độ tăng tổng sản phẩm trên địa bàn (GRDP) bình quân giai đoạn 2021-2025")


@pytest.mark.parametrize("arguments, message", [
    (["khong-co"], "Không tìm thấy văn bản"),
    (["183-kh-ubnd", "--period", "2024-Q5"], "Kỳ báo cáo “2024-Q5” không hợp lệ"),
    (["183-kh-ubnd", "--format", "csv"], "CSV chứa một bảng"),
    (["183-kh-ubnd", "--agency", "Sở Không Tồn Tại"], "Không tìm thấy cơ quan"),
])
def test_the_command_says_what_is_wrong(tmp_path, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("report", *arguments, "-o", str(tmp_path / "x"))


def test_the_scorecards_command(tmp_path):
    path = tmp_path / "xep-hang.xlsx"
    call_command("scorecards", "2024", "-o", str(path))
    ws = workbook(path.read_bytes())["Xếp hạng 2024"]
    assert ws["A11"].value == 1 and ws["B11"].value
