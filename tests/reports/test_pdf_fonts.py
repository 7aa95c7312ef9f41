"""The PDF needs only Debian's fonts-dejavu-core; the condensed and oblique faces of fonts-dejavu-extra are a plus."""

import shutil
from pathlib import Path

import pytest

from planwatch.reports.periods import ReportError
from planwatch.reports.selectors import document_report
from planwatch.reports.writers.pdf import FONT_DIR, font_paths, write_pdf
from tests.reports.helpers import pdf_line, pdf_pages

pytestmark = pytest.mark.django_db


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
