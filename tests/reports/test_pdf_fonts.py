"""The PDF needs only Debian's fonts-dejavu-core; the condensed and oblique faces of fonts-dejavu-extra are a plus."""

import io
import os
import shutil
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from planwatch.reports.layout import Cell, Column, Heading, Report, Row, Table
from planwatch.reports.periods import ReportError
from planwatch.reports.selectors import document_report
from planwatch.reports.writers import pdf as pdf_writer
from planwatch.reports.writers.pdf import FONT_DIR, font_paths, trimmed_font_paths, write_pdf
from tests.reports.helpers import pdf_line, pdf_pages

@pytest.mark.django_db
def test_with_only_the_core_fonts_the_pdf_still_reads(tmp_path, reviewer, plan_2024):
    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"):  # what fonts-dejavu-core installs
        shutil.copy(FONT_DIR / name, tmp_path / name)
    paths = font_paths(tmp_path)
    assert paths["I"] == tmp_path / "DejaVuSans.ttf"
    report = document_report(user=reviewer, document=plan_2024, period="2024", appendix="indicators")
    line = pdf_line(pdf_pages(write_pdf(report, font_dir=tmp_path)), "1 Tăng trưởng GRDP trung bình")
    assert "6,73 7,5-8,0 2,97 8,95 6,27 6,04 6,5-7,0 > 13,07 ≥ 13,07" in line


def test_without_fonts_it_says_which_package_to_install(tmp_path):
    with pytest.raises(ReportError, match="fonts-dejavu-core"):
        font_paths(Path(tmp_path))


def _one_line_report(text: str) -> Report:
    heading = Heading("ỦY BAN NHÂN DÂN", "Số: 1/KH-UBND", "Hà Nội, ngày 1 tháng 1 năm 2025", "KẾ HOẠCH", "Thử")
    table = Table("a", "Phụ lục", columns=[Column("name", 40)], header=[[Cell("Chỉ tiêu")]], rows=[Row([Cell(text)])])
    return Report(heading, [table], "thu")


def test_vietnamese_text_is_drawn_from_faces_cut_to_the_kept_letters():
    trimmed = trimmed_font_paths(FONT_DIR)
    whole = font_paths(FONT_DIR)
    for style, path in trimmed.items():
        assert path.stat().st_size < whole[style].stat().st_size / 2
        points = set(TTFont(path).getBestCmap())
        assert {ord(char) for char in "ệữởẫỹđĐƯơ≥≤→‰№✓"} <= points
        assert ord("Ж") not in points
    pages = pdf_pages(write_pdf(_one_line_report("Tỷ lệ hộ nghèo giảm ≥ 1,5‰ mỗi năm ✓")))
    assert "Tỷ lệ hộ nghèo giảm ≥ 1,5‰ mỗi năm ✓" in pages[0]


def test_line_breaks_need_no_glyph_so_a_note_in_two_lines_keeps_the_cut_faces(monkeypatch):
    trimmed_font_paths(FONT_DIR)

    def whole_faces(folder):
        raise AssertionError("the whole faces were loaded")

    monkeypatch.setattr(pdf_writer, "font_paths", whole_faces)
    pages = pdf_pages(write_pdf(_one_line_report("Ước thực hiện\nđạt 98,5%")))
    assert "Ước thực hiện" in pages[0] and "đạt 98,5%" in pages[0]


def test_a_letter_outside_the_kept_set_is_drawn_from_the_whole_faces(monkeypatch):
    loaded = []

    def whole_faces(folder):
        loaded.append(folder)
        return font_paths(folder)

    monkeypatch.setattr(pdf_writer, "font_paths", whole_faces)
    content = write_pdf(_one_line_report("Đối tác: Жилищный фонд"))
    assert loaded == [FONT_DIR]
    assert "Đối tác: Жилищный фонд" in pdf_pages(content)[0]


def test_the_cut_faces_are_made_once_per_machine_in_a_private_folder(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_writer.tempfile, "tempdir", str(tmp_path))
    folder = pdf_writer._font_cache_folder()
    assert folder == tmp_path / f"planwatch-fonts-{os.getuid()}"
    assert folder.stat().st_mode & 0o777 == 0o700
    made = pdf_writer._trim(FONT_DIR / "DejaVuSans.ttf", folder)
    stamp = made.stat().st_mtime_ns
    assert pdf_writer._trim(FONT_DIR / "DejaVuSans.ttf", folder) == made
    assert made.stat().st_mtime_ns == stamp
    assert [path.name for path in folder.iterdir()] == [made.name]


def test_a_shared_folder_others_can_write_to_is_not_trusted(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_writer.tempfile, "tempdir", str(tmp_path))
    shared = tmp_path / f"planwatch-fonts-{os.getuid()}"
    shared.mkdir()
    shared.chmod(0o777)
    folder = pdf_writer._font_cache_folder()
    assert folder != shared
    assert folder.stat().st_mode & 0o777 == 0o700


def _fonts_embedded(content: bytes) -> set[str]:
    page = PdfReader(io.BytesIO(content)).pages[0]
    return {font.get_object()["/BaseFont"].split("+")[-1] for font in page["/Resources"]["/Font"].values()}


def test_the_bold_oblique_face_is_loaded_only_for_a_cell_both_bold_and_italic():
    plain = _one_line_report("Tổng vốn đầu tư")
    assert _fonts_embedded(write_pdf(plain)) == {"DejaVuSansCondensed", "DejaVuSansCondensedBold",
                                                 "DejaVuSansCondensedOblique"}
    both = _one_line_report("Tổng vốn đầu tư")
    both.tables[0].rows[0].cells[0].bold = both.tables[0].rows[0].cells[0].italic = True
    content = write_pdf(both)
    assert "DejaVuSansCondensedBoldOblique" in _fonts_embedded(content)
    assert "Tổng vốn đầu tư" in pdf_pages(content)[0]


def test_without_a_temp_folder_to_write_to_the_whole_faces_are_used(tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    monkeypatch.setattr(pdf_writer.tempfile, "tempdir", str(blocked / "temp"))  # under a file: nothing can be made
    trimmed_font_paths.cache_clear()
    try:
        content = write_pdf(_one_line_report("Tổng vốn đầu tư"))
    finally:
        trimmed_font_paths.cache_clear()
    assert "Tổng vốn đầu tư" in pdf_pages(content)[0]
