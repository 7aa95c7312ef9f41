"""The matcher on its own, no Django: which rows of two documents are one indicator (names as the seeds write them)."""

import subprocess
import sys
from decimal import Decimal

import pytest

from planwatch.series.matching import (
    CONVERTIBLE,
    DIFFERENT,
    DIFFERENT_UNIT_CEILING,
    SAME,
    UNKNOWN,
    Facts,
    best_pairs,
    score,
    unit_factor,
    unit_relation,
    words,
)

# Plan 183's Appendix 1 and the 2024 plan's Appendix 01b.
GRDP_183 = Facts("Tốc độ tăng tổng sản phẩm trên địa bàn (GRDP) bình quân giai đoạn 2021-2025", "%", "1",
                 "growth_average")
GRDP_2024 = Facts("Tăng trưởng GRDP trung bình", "%", "1", "growth_average")
SERVICES_GROWTH_183 = Facts("Dịch vụ", "%", "-", "growth_average", GRDP_183.name)
SERVICES_GROWTH_2024 = Facts("Dịch vụ", "%", "-", "growth_average", GRDP_2024.name)
SERVICES_SHARE_2024 = Facts("Dịch vụ", "%", "-", "share", "Cơ cấu GRDP năm cuối kỳ")
INVESTMENT_183 = Facts("Vốn đầu tư phát triển toàn xã hội (giá hiện hành)", "triệu tỷ đồng", "4", "sum_over_period")
INVESTMENT_2024 = Facts("Huy động vốn đầu tư xã hội", "1.000 tỷ đ.", "4", "sum_over_period")
PER_HEAD_183 = Facts("GRDP bình quân đầu người", "USD", "3", "level_at_end")
PER_HEAD_2024 = Facts("GRDP/người", "Triệu đồng", "3", "level_at_end")
BEDS_183 = Facts("Số giường bệnh/vạn dân", "", "9", "ratio_per_population")
BEDS_2024 = Facts("Số giường bệnh/vạn dân", "gi.b/v.dân", "-", "ratio_per_population", "Chỉ tiêu về y tế năm cuối kỳ")
DOCTORS_2024 = Facts("Số bác sỹ/vạn dân", "b.sỹ/v.dân", "-", "ratio_per_population", "Chỉ tiêu về y tế năm cuối kỳ")
TRANSPORT_183 = Facts("Tỷ lệ vận tải hành khách công cộng", "%", "17", "level_at_end")
WATER_183 = "Tỷ lệ hộ dân được cung cấp nước sạch"
RURAL_WATER_183 = Facts("Khu vực nông thôn", "%", "+", "level_at_end", WATER_183)
RURAL_WATER_2024 = Facts("Tỷ lệ hộ dân nông thôn được cung cấp nước sạch", "%", "-", "level_at_end", WATER_183)
URBAN_WATER_2024 = Facts("Tỷ lệ hộ dân thành thị được cung cấp nước sạch", "%", "-", "level_at_end", WATER_183)


@pytest.mark.parametrize("one, other", [
    ("Tỷ lệ xã đạt chuẩn NTM nâng cao", "Tỷ lệ xã đạt chuẩn nông thôn mới nâng cao"),
    ("Tốc độ tăng NSLĐ trung bình", "Tốc độ tăng năng suất lao động bình quân"),
    ("Tỷ lệ diện tích phủ kín của các QH chung, QH phân khu",
     "Tỷ lệ diện tích phủ kín của các quy hoạch chung, quy hoạch phân khu"),
    ("Tỷ lệ trường công lập (MN, TH THCS THPT) đạt chuẩn quốc gia năm cuối kỳ",
     "Tỷ lệ trường công lập (mầm non, tiểu học, trung học cơ sở, trung học phổ thông) đạt chuẩn quốc gia"),
    ("Tỷ trọng kinh tế số/GRDP", "Tỷ trọng kinh tế số trong GRDP"),
    ("Số bác sỹ/vạn dân", "Số bác sĩ/vạn dân"),
    ("Tăng trưởng GRDP trung bình", "Tốc độ tăng tổng sản phẩm trên địa bàn (GRDP) bình quân giai đoạn 2021-2025"),
])
def test_names_written_differently_read_as_the_same_words(one, other):
    assert words(one) == words(other)


def test_words_that_tell_indicators_apart_are_kept():
    assert words("Tỷ lệ huyện đạt chuẩn nông thôn mới") != words("Tỷ lệ xã đạt chuẩn NTM")
    assert "moi" not in words("Đảng viên mới được kết nạp hằng năm")


@pytest.mark.parametrize("one, other, relation", [
    ("%", "%", SAME),
    ("Triệu đồng", "triệu  đồng", SAME),
    ("triệu tỷ đồng", "1.000 tỷ đ.", CONVERTIBLE),
    ("", "gi.b/v.dân", UNKNOWN),
    ("USD", "Triệu đồng", DIFFERENT),
    ("%", "USD", DIFFERENT),
    ("gi.b/v.dân", "giường bệnh/vạn dân", DIFFERENT),
])
def test_units_relate(one, other, relation):
    assert unit_relation(one, other) == relation


@pytest.mark.parametrize("source, target, factor", [
    ("1.000 tỷ đ.", "triệu tỷ đồng", Decimal("0.001")),
    ("%", "%", Decimal(1)),
    ("gi.b/v.dân", "", Decimal(1)),
    ("Triệu đồng", "USD", None),
])
def test_a_figure_is_carried_across_units_only_when_they_convert(source, target, factor):
    assert unit_factor(source, target) == factor


@pytest.mark.parametrize("one, other, low, high", [
    (GRDP_183, GRDP_2024, 0.95, 1.0),
    (SERVICES_GROWTH_183, SERVICES_GROWTH_2024, 0.9, 1.0),
    # The same words under another row, measured otherwise: still a candidate, never as good.
    (SERVICES_GROWTH_183, SERVICES_SHARE_2024, 0.6, 0.8),
    # Another scale of the same money: a strong proposal.
    (INVESTMENT_183, INVESTMENT_2024, 0.8, 0.9),
    # USD against million đồng: never high enough to be confirmed without a look.
    (PER_HEAD_183, PER_HEAD_2024, 0.5, DIFFERENT_UNIT_CEILING),
    # One side states no unit.
    (BEDS_183, BEDS_2024, 0.8, 0.9),
    (BEDS_183, DOCTORS_2024, 0.3, 0.6),
    # The sub-row says in the row above what the other says in its own name.
    (RURAL_WATER_183, RURAL_WATER_2024, 0.9, 1.0),
    (RURAL_WATER_183, URBAN_WATER_2024, 0.0, 0.3),
    (TRANSPORT_183, GRDP_2024, 0.0, 0.4),
])
def test_it_scores_pairs_from_the_seeds(one, other, low, high):
    assert low <= score(one, other).score <= high
    assert score(one, other).score == score(other, one).score


def test_it_says_what_the_score_is_made_of():
    match = score(INVESTMENT_183, INVESTMENT_2024)
    assert (match.unit, match.same_measure, match.same_code) == (CONVERTIBLE, True, True)
    assert 0.7 <= match.name < 0.8


def test_each_row_is_paired_once_with_its_best_match():
    left = {"1": GRDP_183, "1.1": SERVICES_GROWTH_183, "17": TRANSPORT_183}
    right = {"a": SERVICES_SHARE_2024, "b": GRDP_2024, "c": SERVICES_GROWTH_2024}
    pairs = best_pairs(left, right, threshold=0.5)
    assert [(mine, theirs) for mine, theirs, _ in pairs] == [("1", "b"), ("1.1", "c")]
    assert pairs == best_pairs(left, right, threshold=0.5)


def test_rows_of_one_group_are_taken_together():
    """Two rows of one series are one candidate: two rows of a document never join the same series."""
    left = {"1.1": SERVICES_GROWTH_183, "1": GRDP_183}
    right = {"a": SERVICES_GROWTH_2024, "b": GRDP_2024}
    pairs = best_pairs(left, right, threshold=0.5, groups={"a": "series 7", "b": "series 7"})
    assert [(mine, theirs) for mine, theirs, _ in pairs] == [("1", "b")]


def test_matching_imports_no_django():
    code = (
        "import sys, planwatch.series.matching\n"
        "print('\\n'.join(sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_names_with_little_in_common_score_no_more_than_their_names():
    """Both top-level, both a level in `%`: that alone must not make a proposal."""
    match = score(TRANSPORT_183, Facts("Tỷ lệ đô thị hóa", "%", "14", "level_at_end"))
    assert match.name < 0.5 and match.score == match.name
