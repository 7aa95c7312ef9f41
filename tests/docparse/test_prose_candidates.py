"""Candidate indicators in sentences: the forms targets are written in, each offered with its own clause."""

from decimal import Decimal

import pytest

from planwatch.docparse.prose import MAX_CLAUSE_TEXT, candidate_indicators


def found(text: str) -> list[tuple]:
    return [
        (c.name, c.horizon, c.quantity.op, c.quantity.low, c.quantity.high, c.unit, c.text)
        for c in candidate_indicators([text], set())
    ]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        (
            "Giai đoạn 2021-2023, tốc độ tăng trưởng kinh tế của tỉnh ước tăng bình quân 7,6%/năm.",
            ("Tốc độ tăng trưởng kinh tế của tỉnh", "2021-2023", "eq", Decimal("7.6"), Decimal("7.6"), "%/năm"),
        ),
        (
            "Đến năm 2025, khu vực dịch vụ chiếm 55,08% GRDP.",
            ("Khu vực dịch vụ", "2025", "eq", Decimal("55.08"), Decimal("55.08"), "%"),
        ),
        (
            "Đến năm 2025, GRDP bình quân đầu người đạt khoảng 4.700-5.000 USD.",
            ("GRDP bình quân đầu người", "2025", "range", Decimal("4700"), Decimal("5000"), "USD"),
        ),
        (
            "Phấn đấu đến năm 2025, tỷ lệ trẻ em được tiêm chủng đầy đủ đạt trên 95%.",
            ("Tỷ lệ trẻ em được tiêm chủng đầy đủ", "2025", "gt", Decimal("95"), None, "%"),
        ),
        (
            "Đến năm 2025, tỷ lệ hộ nghèo theo chuẩn đa chiều giảm còn dưới 1,5%.",
            ("Tỷ lệ hộ nghèo theo chuẩn đa chiều", "2025", "lt", None, Decimal("1.5"), "%"),
        ),
        (
            "Phấn đấu đến năm 2025, tuổi thọ bình quân đạt 76,5 tuổi.",
            ("Tuổi thọ bình quân", "2025", "eq", Decimal("76.5"), Decimal("76.5"), "tuổi"),
        ),
    ],
)
def test_the_forms_targets_take(sentence, expected):
    (candidate,) = found(sentence)
    assert candidate[:6] == expected
    assert candidate[6] == sentence  # a sentence of one level is its own clause


def test_a_decrease_per_year_is_a_change():
    (candidate,) = candidate_indicators(["Đến năm 2025, tỷ lệ hộ nghèo giảm bình quân 1,5%/năm."], set())
    assert candidate.quantity.relative is not None and candidate.quantity.relative.direction == "decrease"
    assert candidate.unit == "%/năm"


def test_each_level_of_a_long_sentence_keeps_its_own_clause():
    levels = [f"tỷ lệ chỉ tiêu số {n} đạt {n},5%" for n in range(1, 41)]
    sentence = "Mục tiêu đến năm 2025: " + ", ".join(levels) + "."
    candidates = candidate_indicators([sentence], set())
    assert len(candidates) == 40
    assert candidates[0].text == "Mục tiêu đến năm 2025: " + levels[0]
    assert [c.text for c in candidates[1:]] == levels[1:-1] + [levels[-1] + "."]
    # The clauses do not overlap: together they are no longer than the sentence.
    assert sum(len(c.text) for c in candidates) <= len(sentence)


def test_a_clause_is_cut_to_a_bounded_length():
    words = " ".join(["nâng cao chất lượng dịch vụ công"] * 100)
    (candidate,) = candidate_indicators([f"Đến năm 2025, {words}, tỷ lệ hài lòng đạt 90%."], set())
    assert len(candidate.text) <= MAX_CLAUSE_TEXT and candidate.text.endswith("tỷ lệ hài lòng đạt 90%.")


def test_results_of_a_period_open_their_sentence():
    names = found("Giai đoạn 2021-2023, GRDP của tỉnh tăng bình quân 6,5%/năm; khu vực dịch vụ chiếm 45,2% cơ cấu kinh tế.")
    assert [(n[0], n[1]) for n in names] == [("GRDP của tỉnh", "2021-2023"), ("Khu vực dịch vụ", "2021-2023")]


def test_a_list_of_labelled_targets_under_a_heading_with_its_year():
    from planwatch.docparse import parse_bytes, to_format

    text = (
        "Chỉ tiêu phấn đấu năm 2024 của tỉnh\n\nCác chỉ tiêu kinh tế gồm:\n\n"
        "- Tốc độ tăng trưởng kinh tế (GRDP): Trên 10%\n\n"
        "- GRDP bình quân đầu người: 104 triệu đồng/năm\n\n"
        "- Tổng vốn đầu tư toàn xã hội: 60.000 tỷ đồng; Tỷ lệ đô thị hóa: 33,5%\n"
    )
    found = to_format(parse_bytes(text.encode(), filename="x.txt"))["candidate_indicators"]
    assert [(c["name"], c["horizon"], c["op"], c["low"], c["unit"]) for c in found] == [
        ("Tốc độ tăng trưởng kinh tế (GRDP)", "2024", "gt", 10, "%"),
        ("GRDP bình quân đầu người", "2024", "eq", 104, "triệu đồng/năm"),
        ("Tổng vốn đầu tư toàn xã hội", "2024", "eq", 60000, "tỷ đồng"),
        ("Tỷ lệ đô thị hóa", "2024", "eq", 33.5, "%"),
    ]
