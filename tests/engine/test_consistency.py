"""Consistency checks on the 2024 plan: printed figures against their own inputs, parts of a whole, 01a against 01b."""

from dataclasses import replace
from decimal import Decimal

from planwatch.engine import (
    Observation, Period, check_parts, check_printed, check_sources, check_sources_many, compute_indicator,
)

from .hanoi_2024 import PLAN_PERIOD, all_series
from .notation import q

D = Decimal
A, B = "Phụ lục 01a", "Phụ lục 01b"


def series_by_key():
    return {s.key: s for s in all_series()}


def test_it_reports_every_printed_figure_of_appendix_01b_that_differs_from_the_rule():
    found = []
    for s in all_series():
        for w in check_printed(s, PLAN_PERIOD):
            f = w.figures
            found.append((w.key, w.code, f["period"], f["printed"], f["computed_display"]))
    assert sorted(found) == sorted([
        # row     code                 column      printed        the rule, at the printed precision
        ("1.2", "printed_rounding", "2021-2023", D("3.21"), D("3.22")),
        ("1.3", "printed_mismatch", "2025", D("21.38"), D("21.49")),
        ("1.4", "printed_rounding", "2021-2023", D("2.90"), D("2.91")),
        ("1.4", "printed_rounding", "2025", D("1.30"), D("1.29")),
        ("3", "printed_mismatch", "2025", D("30"), D("31")),
        ("4", "printed_rounding", "2025", D("1162"), D("1163")),
    ])


def test_the_industry_construction_warning_names_the_row_and_both_figures():
    [w] = check_printed(series_by_key()["1.3"], PLAN_PERIOD)
    assert w.code == "printed_mismatch"
    assert w.message == ("“Công nghiệp - xây dựng”: số in nhiệm vụ 2025 (Phụ lục 01b) là 21,38, tính lại từ số liệu "
                         "của chính bảng được 21,49")
    assert D("21.48") < w.figures["computed"] < D("21.49")


def test_the_engine_result_carries_the_warning():
    c = compute_indicator(series_by_key()["1.3"], plan_period=PLAN_PERIOD)
    assert [w["code"] for w in c.to_dict()["warnings"]] == ["printed_mismatch"]


def test_grdp_per_capita_printed_30_matches_the_upper_bound_of_the_2024_plan_and_says_so():
    [w] = check_printed(series_by_key()["3"], PLAN_PERIOD)
    assert w.message.endswith("số in khớp nếu lấy cận trên 162 của kế hoạch năm 2024")


def test_a_rounding_note_gives_the_range_rounded_inputs_allow():
    [w] = check_printed(series_by_key()["4"], PLAN_PERIOD)
    assert w.message == ("“Huy động vốn đầu tư xã hội”: số in nhiệm vụ 2025 (Phụ lục 01b) là 1.162, tính lại được "
                         "1.163; chênh lệch nằm trong sai số làm tròn của số liệu đầu vào (1.161–1.164)")


def test_figures_appendix_01a_prints_are_checked_against_the_table_inputs():
    s = series_by_key()
    grdp = replace(s["1"], values=s["1"].values + (Observation(Period.parse("2025"), "required", q(">=13.06"), A),))
    invest = replace(s["4"], values=s["4"].values + (
        Observation(Period.parse("2021-2023"), "actual", q("1359.8"), A),))
    productivity = replace(s["6"], values=s["6"].values + (
        Observation(Period.parse("2021-2023"), "actual", q("4.81"), A),))
    got = {(w.key, w.code, w.figures["printed"], w.figures["source"]) for x in (grdp, invest, productivity)
           for w in check_printed(x, PLAN_PERIOD)}
    assert got == {
        ("1", "printed_rounding", D("13.06"), A),  # 01a: "2025 phải tăng từ 13,06% trở lên"; the rule 13,07
        ("4", "printed_mismatch", D("1359.8"), A),  # 01a: "3 năm 2021-2023 là 1.359,8"; 409 + 463 + 506 = 1.378
        ("4", "printed_rounding", D("1162"), B),
    }


# --- parts that add up ---------------------------------------------------------------------------------------------

# Appendix 01b row 2: Dịch vụ, Thuế SP, Công nghiệp - xây dựng, Nông lâm thủy sản (seed lines 222-226)
STRUCTURE = {
    "2016-2020": ["63.06", "11.02", "23.68", "2.24"],
    "2021": ["63.06", "10.90", "23.78", "2.25"],  # 99,99: within the rounding of four figures
    "2022": ["63.22", "10.67", "24.03", "2.08"],
    "2023": ["64.06", "10.32", "23.65", "1.97"],
    "2021-2025": ["65.0-65.5", "10.4-10.6", "22.5-23.0", "1.4-1.6"],  # targets: 99,3-100,7 holds 100
}


def test_the_shares_of_the_2024_plan_structure_add_up_to_100():
    for period, parts in STRUCTURE.items():
        named = [(f"2.{i + 1}", q(v)) for i, v in enumerate(parts)]
        assert check_parts("Cơ cấu GRDP năm cuối kỳ", period, named) == [], period


def test_shares_that_do_not_add_up_are_reported():
    [w] = check_parts("Cơ cấu GRDP", "2023", [("2.1", q("64.06")), ("2.2", q("10.32")), ("2.3", q("24.65")),
                                              ("2.4", q("1.97"))])
    assert (w.code, w.figures["sum"]) == ("parts_do_not_add_up", D("101.00"))
    assert w.message == "“Cơ cấu GRDP” năm 2023: các chỉ tiêu thành phần cộng lại được 101,00, không bằng 100 (lệch 1,00)"
    [w] = check_parts("Cơ cấu", "2021-2025", [("a", q("60-61")), ("b", q("30-31"))])
    assert w.figures["sum_high"] == D("92")


# --- appendix 01a's prose against appendix 01b's table ---------------------------------------------------------------

# (indicator row of 01b, period, kind, 01a as written in the prose, 01b as in the table). Seed lines 100-210, 212-269.
APPENDIX_01A_VS_01B = [
    ("1", "2021-2023", "actual", "6.04", "6.04"),
    ("1", "2025", "required", ">=13.06", ">13.07"),
    ("3", "2023", "actual", "151.1", "151.1"),
    ("3", "2024", "plan", "160.8-162", "160.8-162"),
    ("4", "2024", "plan", "559.4", "559.4"),
    ("4", "2025", "required", "1162", ">1162"),
    ("5", "2023", "actual", "15.85", "15.85"),
    ("6", "2021-2023", "actual", "4.81", "4.81"),
    ("7.1", "2023", "actual", "88", "73.5"),
    ("7.2", "2023", "actual", "64", "64"),
    ("7.3", "2023", "actual", "73.5", "88"),
    ("8", "2024", "plan", "84", "84"),
    ("9.1", "2023", "actual", "36.44", "36.4"),
    ("9.2", "2023", "actual", "16.2", "16.2"),
    ("9.3", "2023", "actual", "84.3", "84.3"),
    ("10", "2023", "actual", "73.2", "73.2"),
    ("10", "2024", "plan", "74.2", "74.2"),
    ("10.1", "2023", "actual", "52.5", "52.5"),
    ("10.1", "2024", "plan", "54", "54.0"),
    ("11", "2023", "actual", "2.97", "2.97"),
    ("13.2", "2023", "actual", "48.7", "48.7"),
    ("13.2", "2024", "plan", "59.2", "59.2"),
    ("13.3", "2023", "actual", "17.8", "17.8"),
    ("13.3", "2024", "plan", "26.9", "26.9"),
    ("14.1", "2023", "actual", "49.2", "49.2"),
    ("15.2", "2023", "actual", "90", "90"),
    ("16.4", "2023", "actual", "95", "95"),
    ("16.5", "2023", "actual", "30.9", "30.9"),
    ("16.5", "2024", "plan", "40", "40"),
    ("17", "2023", "actual", "19.58", "19.8"),
    ("17", "2024", "plan", "22-25", "22-25"),
]
NAMES = {"7.1": "Tỷ lệ tổ dân phố văn hóa", "7.3": "Tỷ lệ gia đình văn hóa", "17": "Tỷ lệ vận tải hành khách công cộng",
         "1": "Tăng trưởng GRDP"}


def entries():
    by_key: dict[str, list] = {}
    for key, period, kind, in_a, in_b in APPENDIX_01A_VS_01B:
        by_key.setdefault(key, []).extend([(A, period, kind, q(in_a)), (B, period, kind, q(in_b))])
    return by_key


def test_it_reports_the_culture_values_swapped_between_01a_and_01b():
    warnings = check_sources_many(entries(), names=NAMES)
    swapped = [w for w in warnings if w.code == "values_swapped"]
    assert len(swapped) == 1
    w = swapped[0]
    assert w.figures["indicators"] == ["7.1", "7.3"]
    assert w.figures["values"] == {A: {"7.1": "88", "7.3": "73.5"}, B: {"7.1": "73.5", "7.3": "88"}}
    assert w.message == ("Thực hiện 2023: Phụ lục 01a ghi “Tỷ lệ tổ dân phố văn hóa” 88 và “Tỷ lệ gia đình văn hóa” "
                         "73,5; Phụ lục 01b ghi ngược lại (73,5 và 88): có thể hai giá trị bị đổi chỗ")


def test_every_other_disagreement_between_01a_and_01b_is_reported_and_nothing_else():
    got = sorted((w.code, w.key, w.figures["period"]) for w in check_sources_many(entries(), names=NAMES))
    assert got == [
        ("sources_disagree", "1", "2025"),  # 13,06 in the prose, 13,07 in the table
        ("sources_disagree", "17", "2023"),  # 19,58 in the prose, 19,8 in the table
        ("values_swapped", "7.1", "2023"),
    ]


def test_one_indicator_two_sources():
    [w] = check_sources([(A, "2023", "actual", q("19.58")), (B, "2023", "actual", q("19.8"))],
                        key="17", name="Tỷ lệ vận tải hành khách công cộng")
    assert w.message == "“Tỷ lệ vận tải hành khách công cộng”, thực hiện 2023: Phụ lục 01a ghi 19,58, Phụ lục 01b ghi 19,8"


def test_a_revision_from_estimate_to_actual_is_not_a_disagreement():
    assert check_sources([(A, "2023", "estimate", q("6.3")), (B, "2023", "actual", q("6.27"))]) == []


def test_figures_agree_at_the_coarser_precision():
    assert check_sources([(A, "2023", "actual", q("36.44")), (B, "2023", "actual", q("36.4"))]) == []
    assert check_sources([(A, "2023", "actual", q("36.46")), (B, "2023", "actual", q("36.4"))]) != []
