"""`planwatch parse` reads a document with or without a database: the register is optional."""

import json
import os
import subprocess
import sys

DOCUMENT = "TT\nNhiệm vụ\nCơ quan chủ trì\nThời hạn\n1\nXây dựng đề án chuyển đổi số\nSở Tài chính\nQuý III/2025\n"


def run_parse(tmp_path, *args):
    path = tmp_path / "ke-hoach.txt"
    path.write_text("KẾ HOẠCH năm 2025\n\n" + DOCUMENT, encoding="utf-8")
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    return subprocess.run(
        [sys.executable, "-m", "planwatch.cli", "parse", str(path), "--json", *args],
        capture_output=True, text=True, env=env, timeout=120,
    )


def test_parse_on_a_database_never_migrated_reads_the_document_and_says_why_names_are_unchecked(tmp_path):
    result = run_parse(tmp_path)
    assert result.returncode == 0, result.stderr
    parsed = json.loads(result.stdout)
    assert [(t["title"], t["lead_text"], t["deadline"]["text"]) for t in parsed["tasks"]] == [
        ("Xây dựng đề án chuyển đổi số", "Sở Tài chính", "Quý III/2025")
    ]
    assert "planwatch migrate" in result.stderr and "Traceback" not in result.stderr


def test_parse_without_the_register_on_request(tmp_path):
    result = run_parse(tmp_path, "--no-register")
    assert result.returncode == 0 and result.stderr == ""
    assert json.loads(result.stdout)["tasks"][0]["unknown_agencies"] == ["Sở Tài chính"]
