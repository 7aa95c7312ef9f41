"""Every bad argument of our console commands is a CommandError in Vietnamese, and nothing is written.

CommandError is what Django prints without a traceback (exit status 1); a subprocess run checks exactly that
for the cases the issue found (`report -o /no/such/dir/x.xlsx`, `scorecards 99999`, `show ""`).
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from planwatch.registry.models import Document

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[1]


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """An empty current folder: a command writing its default file name would write here."""
    folder = tmp_path / "cwd"
    folder.mkdir()
    monkeypatch.chdir(folder)
    return folder


@pytest.mark.parametrize("key", ["", "   "])
def test_show_with_an_empty_id_prints_no_document(key, capsys):
    # The bug: `number__iexact=""` matched every document without a number.
    assert Document.objects.filter(number="").exists()
    with pytest.raises(CommandError, match="Thiếu mã văn bản"):
        call_command("show", key)
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("key", ["khong-co-van-ban", "99999999999999999999999", "²", "0"])
def test_show_with_an_unknown_id_says_so(key, capsys):
    with pytest.raises(CommandError, match="Không tìm thấy văn bản"):
        call_command("show", key)
    assert capsys.readouterr().out == ""


def test_an_empty_key_finds_no_document():
    assert not Document.objects.by_key("").exists()
    assert not Document.objects.by_key("  ").exists()
    assert Document.objects.by_key(" 183/KH-UBND ").get().slug == "183-kh-ubnd"


@pytest.mark.parametrize("arguments, message", [
    (["183-kh-ubnd", "-o", "/no/such/dir/x.xlsx"], "Thư mục “/no/such/dir” không tồn tại"),
    (["183-kh-ubnd", "--period", "9999"], "năm 9999 không hợp lệ, cần từ 1900 đến 2200"),
    (["183-kh-ubnd", "--period", "0000"], "năm 0 không hợp lệ"),
    (["183-kh-ubnd", "--period", "2035"], "không có số liệu hay nhiệm vụ nào cho năm 2035"),
    (["183-kh-ubnd", "--period", "²"], "Kỳ báo cáo “²” không hợp lệ"),
    (["183-kh-ubnd", "--period", ""], "--period không được để trống"),
    (["", "--period", "2024"], "Thiếu mã văn bản"),
    (["183-kh-ubnd", "--agency", ""], "--agency không được để trống"),
    (["183-kh-ubnd", "--leader", " "], "--leader không được để trống"),
    (["183-kh-ubnd", "--leader", "Không Ai Cả"], "Không tìm thấy lãnh đạo"),
    (["183-kh-ubnd", "-o", ""], "Tên tệp ghi ra \\(-o\\) không được để trống"),
    (["183-kh-ubnd", "--format", "exe"], "--format “exe” không có: chọn xlsx, docx, pdf, csv"),
    (["183-kh-ubnd", "--appendix", "phu-luc-3"], "--appendix “phu-luc-3” không có: chọn all, indicators, tasks"),
    (["183-kh-ubnd", "--status", "xong"], "--status “xong” không có: chọn not_started"),
])
def test_report_refuses_bad_arguments_and_writes_nothing(workdir, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("report", *arguments)
    assert files_in(workdir) == []


def test_report_refuses_a_folder_or_a_file_as_folder(workdir):
    with pytest.raises(CommandError, match="là một thư mục"):
        call_command("report", "183-kh-ubnd", "--period", "2024", "-o", str(workdir))
    (workdir / "ghi-chu.txt").write_text("x")
    with pytest.raises(CommandError, match="không phải là thư mục"):
        call_command("report", "183-kh-ubnd", "--period", "2024", "-o", str(workdir / "ghi-chu.txt" / "x.xlsx"))
    assert files_in(workdir) == ["ghi-chu.txt"]


def test_report_still_writes_a_period_of_the_plan(workdir):
    call_command("report", "183-kh-ubnd", "--period", "2024")
    assert files_in(workdir) == ["183-kh-ubnd-phu-luc-2024.xlsx"]  # no temporary file left beside it


@pytest.mark.parametrize("arguments, message", [
    (["99999"], "Năm 99999 không hợp lệ: cần một năm từ 1900 đến 2200"),
    (["-5"], "Năm “-5” không hợp lệ"),
    (["20x4"], "Năm “20x4” không hợp lệ"),
    (["²"], "Năm “²” không hợp lệ"),
    (["1950"], "Không có nhiệm vụ nào có thời hạn trong năm 1950"),
    (["2024", "--document", ""], "Thiếu --document"),
    (["2024", "--document", "khong-co"], "Không tìm thấy văn bản “khong-co”"),
    (["2024", "-o", "/no/such/dir/x.xlsx"], "Thư mục “/no/such/dir” không tồn tại"),
    (["2024", "--format", "html"], "--format “html” không có"),
])
def test_scorecards_refuse_bad_arguments_and_write_nothing(workdir, arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("scorecards", *arguments)
    assert files_in(workdir) == []


def test_scorecards_of_a_plan_with_no_task_that_year(workdir):
    with pytest.raises(CommandError, match="Không có nhiệm vụ nào của văn bản 183/KH-UBND có thời hạn trong năm 2030"):
        call_command("scorecards", "2030", "--document", "183-kh-ubnd")
    assert files_in(workdir) == []


@pytest.mark.parametrize("arguments, message", [
    (["--port", "99999"], "Cổng “99999” không hợp lệ"),
    (["--port", "abc"], "Cổng “abc” không hợp lệ"),
    (["--host", "a b"], "Địa chỉ “a b” không hợp lệ"),
])
def test_demo_refuses_a_bad_address_before_doing_anything(arguments, message):
    with pytest.raises(CommandError, match=message):
        call_command("demo", *arguments)


@pytest.mark.parametrize("workers", ["0", "abc", "1000"])
def test_worker_refuses_a_bad_thread_count(workers):
    with pytest.raises(CommandError, match=f"Số luồng xử lý “{workers}” không hợp lệ"):
        call_command("worker", "--workers", workers)


def test_the_console_prints_the_messages_without_a_traceback(tmp_path):
    """The findings as a person met them: through `planwatch`, on a database of its own with the demo data."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    env.update({"PLANWATCH_VAR_DIR": str(tmp_path), "DEBUG": "1"})

    def planwatch(*args):
        return subprocess.run([sys.executable, "-m", "planwatch.cli", *args], env=env, cwd=tmp_path,
                              capture_output=True, text=True, timeout=300)

    assert planwatch("migrate", "-v0").returncode == 0
    assert planwatch("load-demo", "--no-accounts", "--quiet").returncode == 0
    before = files_in(tmp_path)
    for arguments, message in [
        (["report", "183-kh-ubnd", "-o", "/no/such/dir/x.xlsx"], "Thư mục “/no/such/dir” không tồn tại"),
        (["scorecards", "99999"], "Năm 99999 không hợp lệ"),
        (["show", ""], "Thiếu mã văn bản"),
    ]:
        result = planwatch(*arguments)
        assert (result.returncode, result.stdout) == (1, ""), arguments
        assert result.stderr.startswith("CommandError: ") and message in result.stderr, result.stderr
        assert "Traceback" not in result.stderr
    assert files_in(tmp_path) == before
