"""Assessment of a value against a target for the same period: exceeded / met / not_met (Vượt / Đạt / Không đạt)."""

from decimal import Decimal

import pytest

from planwatch.engine import AssessmentRule, assess

from .notation import q

D = Decimal
HB, LB, BD = "higher_better", "lower_better", "band"
X, M, N = "exceeded", "met", "not_met"

# Every target form, with and against each direction. Values: below, at the low edge, inside, at the high edge, above.
MATRIX = [
    # target    direction  values                                  expected
    ("7.5-8.0", HB, ["7.4", "7.5", "7.7", "8.0", "8.1"],        [N, M, M, M, X]),
    ("7.5-8.0", LB, ["7.4", "7.5", "7.7", "8.0", "8.1"],        [X, M, M, M, N]),
    ("7.5-8.0", BD, ["7.4", "7.5", "7.7", "8.0", "8.1"],        [N, M, M, M, N]),
    ("75",      HB, ["74.9", "75", "75.1"],                      [N, M, X]),
    ("75",      LB, ["74.9", "75", "75.1"],                      [X, M, N]),
    ("75",      BD, ["74.9", "75", "75.1"],                      [N, M, N]),
    # one-sided targets say which side they want, whatever the stated direction
    (">=75",    HB, ["74.9", "75", "80"],                        [N, M, M]),
    (">=75",    LB, ["74.9", "75", "80"],                        [N, M, M]),
    (">75",     HB, ["74.9", "75", "75.01"],                     [N, N, M]),
    (">75",     BD, ["74.9", "75", "75.01"],                     [N, N, M]),
    ("<=3",     LB, ["2.9", "3", "3.1"],                         [M, M, N]),
    ("<=3",     HB, ["2.9", "3", "3.1"],                         [M, M, N]),
    ("<3",      LB, ["2.97", "3", "3.1"],                        [M, N, N]),
    ("<3",      None, ["2.97", "3", "3.1"],                      [M, N, N]),
    # about 30 with the default tolerance ±5 % of 30 = ±1,5
    ("~30",     HB, ["28.4", "28.5", "30", "31.5", "31.6"],      [N, M, M, M, X]),
    ("~30",     LB, ["28.4", "28.5", "30", "31.5", "31.6"],      [X, M, M, M, N]),
    ("~30",     BD, ["28.4", "28.5", "30", "31.5", "31.6"],      [N, M, M, M, N]),
]


@pytest.mark.parametrize("target, direction, values, expected", MATRIX)
def test_every_target_form_with_and_against_direction(target, direction, values, expected):
    assert [assess(q(v), q(target), direction).result for v in values] == expected


def test_without_a_stated_direction_a_ceiling_means_lower_is_better():
    # `Dưới 3` / `< 3` parsed as lt: 2,97 is met, and an eq target under the same implied direction is not
    assert assess(q("2.97"), q("<3")).result == M


def test_issuers_that_write_vuot_past_a_one_sided_target():
    rule = AssessmentRule(one_sided_exceeded=True)
    got = [assess(q(v), q(t), rule=rule).result for t, v in
           [(">=75", "80"), (">=75", "75"), (">75", "75.01"), (">75", "75"), ("<3", "2.5"), ("<=3", "3")]]
    assert got == [X, M, X, N, X, M]


def test_the_about_tolerance_is_configurable_relative_or_absolute():
    absolute = AssessmentRule(about_tolerance=D("0.5"), about_tolerance_relative=False)
    assert [assess(q(v), q("~30"), HB, rule=absolute).result for v in ["29.4", "29.5", "30.5", "30.6"]] == [N, M, M, X]
    tight = AssessmentRule(about_tolerance=D("0.01"))
    assert [assess(q(v), q("~100"), HB, rule=tight).result for v in ["98.9", "99", "101", "101.1"]] == [N, M, M, X]


def test_a_value_written_as_a_range_or_bound_is_assessed_when_every_number_it_allows_agrees():
    assert assess(q("8.1-8.3"), q("7.5-8.0"), HB).result == X
    assert assess(q("7.6-7.9"), q("7.5-8.0"), HB).result == M
    assert assess(q("<3.0"), q("<3"), LB).result == M  # KH 2024 `< 3,0` against the target `< 3`
    assert assess(q(">10"), q("7.0-7.5"), HB).result == X
    a = assess(q("7.4-7.6"), q("7.5-8.0"), HB)
    assert a.result is None and "vắt qua ngưỡng" in a.reason
    assert assess(q("<4"), q("<3"), LB).result is None
    assert assess(q("~100"), q("100"), HB).result == M


def test_a_trade_surplus_meets_a_ceiling_on_the_trade_deficit():
    surplus = q("Xuất siêu")
    a = assess(surplus, q("<5"), LB)
    assert a.result == M and a.reason.startswith("“Xuất siêu” nghĩa là < 0")
    assert assess(surplus, q("<=1.5")).result == M
    assert assess(surplus, q("<5"), rule=AssessmentRule(one_sided_exceeded=True)).result == X


@pytest.mark.parametrize(
    "value, target, expected",
    [
        ("Hoàn thành", "Hoàn thành", M),
        ("hoàn  thành", "Hoàn thành", M),
        ("Đã hoàn thành", "Hoàn thành", M),
        ("Chưa hoàn thành", "Hoàn thành", N),
        ("Không đạt", "Hoàn thành", N),
        ("Cơ bản hoàn thành", "Hoàn thành", None),
    ],
)
def test_qualitative_values_against_qualitative_targets(value, target, expected):
    assert assess(q(value), q(target)).result == expected


def test_not_assessable_says_why():
    a = assess(q("0.031"), q("Cơ bản không còn hộ nghèo"), LB)
    assert a.result is None and a.reason == "Mục tiêu định tính “Cơ bản không còn hộ nghèo”, giá trị là số: không so sánh được"
    a = assess(q("Tốt"), q("75"))
    assert a.result is None and "Giá trị định tính “Tốt”" in a.reason


def test_a_target_relative_to_a_base_period_needs_the_base():
    target = q("+>30@2024")  # `Tăng >30 tr.đ. so năm 2024`
    assert assess(q("192"), target).result is None
    assert "cần giá trị năm gốc" in assess(q("192"), target).reason
    assert assess(q("192.5"), target, base=q("162")).result == M
    assert assess(q("192"), target, base=q("162")).result == N  # an increase of exactly 30 is not more than 30
    assert assess(q("-0.5"), q("-<1@2024"), base=q("0")).result == M  # a fall of 0,5, less than 1


def test_labels_are_vietnamese():
    assert [assess(q(v), q("75")).label for v in ["76", "75", "74"]] == ["Vượt", "Đạt", "Không đạt"]


# ---------------------------------------------------------------------------------------------------------------
# TEST DATA, INVENTED: tables "from other issuers" with their own Đánh giá column as the expected answer.
# They are plausible reports of a province and a district, not real documents.

# Tỉnh A (invented): Báo cáo kết quả thực hiện chỉ tiêu KT-XH năm 2023. Convention: a one-sided target that is
# satisfied is "Đạt".
PROVINCE_A = [
    # Chỉ tiêu                                    hướng  KH 2023        TH 2023        Đánh giá
    ("Tốc độ tăng GRDP (%)",                      None, "7.0-7.5",     "7.8",         "Vượt"),
    ("Thu ngân sách trên địa bàn (tỷ đồng)",      None, "12500",       "12500",       "Đạt"),
    ("Kim ngạch xuất khẩu tăng (%)",              None, ">=10",        "9.5",         "Không đạt"),
    ("Tỷ lệ hộ nghèo (%)",                        None, "<2",          "1.8",         "Đạt"),
    ("Tỷ lệ thất nghiệp (%)",                     None, "<=3",         "3",           "Đạt"),
    ("Tỷ lệ thất nghiệp khu vực thành thị (%)",   None, "<3",          "3",           "Không đạt"),
    ("Chỉ số giá tiêu dùng CPI tăng (%)",         LB,   "~4",          "3.5",         "Vượt"),
    ("Tỷ lệ che phủ rừng (%)",                    None, "~51",         "50.8",        "Đạt"),
    ("Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng (%)", LB, "8.5",         "8.9",         "Không đạt"),
    ("Bội chi ngân sách địa phương (% GRDP)",     LB,   "3.0-3.5",     "2.8",         "Vượt"),
    ("Nhập siêu (triệu USD)",                     None, "<150",        "Xuất siêu",   "Đạt"),
    ("Hoàn thành lập quy hoạch tỉnh",             None, "Hoàn thành",  "Hoàn thành",  "Đạt"),
    ("Số giường bệnh/vạn dân",                    None, "32",          "31.5",        "Không đạt"),
    ("Tỷ lệ dân số tham gia BHYT (%)",            None, ">92",         "92",          "Không đạt"),
    ("Tỷ lệ đô thị hóa (%)",                      None, ">=40",        "40",          "Đạt"),
    ("Tỷ trọng nông nghiệp trong GRDP (%)",       BD,   "18-19",       "19.6",        "Không đạt"),
    ("Tỷ trọng dịch vụ trong GRDP (%)",           BD,   "45-46",       "45.5",        "Đạt"),
]

# Huyện B (invented): báo cáo 6 tháng. Convention: passing the number of a one-sided target is "Vượt".
DISTRICT_B = [
    ("Tỷ lệ trường đạt chuẩn quốc gia (%)",       None, ">=90",        "95",          "Vượt"),
    ("Tỷ lệ xã đạt chuẩn NTM nâng cao (%)",       None, ">=50",        "50",          "Đạt"),
    ("Tỷ lệ lao động qua đào tạo (%)",            None, ">70",         "70.5",        "Vượt"),
    ("Tỷ lệ hộ nghèo (%)",                        None, "<1",          "0.6",         "Vượt"),
    ("Tỷ lệ thất nghiệp (%)",                     None, "<=2.5",       "2.5",         "Đạt"),
    ("Tỷ lệ thất nghiệp thanh niên (%)",          None, "<4",          "4.2",         "Không đạt"),
    ("Nhập siêu (triệu USD)",                     None, "<100",        "Xuất siêu",   "Vượt"),
    ("Thu ngân sách (tỷ đồng)",                   None, "850-900",     "870",         "Đạt"),
]
LABEL = {"Vượt": X, "Đạt": M, "Không đạt": N}


@pytest.mark.parametrize("name, direction, target, value, judged", PROVINCE_A)
def test_it_agrees_with_province_a_own_assessment_column(name, direction, target, value, judged):
    assert assess(q(value), q(target), direction).result == LABEL[judged], name


@pytest.mark.parametrize("name, direction, target, value, judged", DISTRICT_B)
def test_it_agrees_with_district_b_own_assessment_column(name, direction, target, value, judged):
    rule = AssessmentRule(one_sided_exceeded=True)
    assert assess(q(value), q(target), direction, rule=rule).result == LABEL[judged], name


def test_district_b_convention_differs_from_the_default_on_one_sided_targets():
    default = [assess(q(v), q(t), d).result for _, d, t, v, _ in DISTRICT_B]
    assert default != [LABEL[j] for *_, j in DISTRICT_B]
