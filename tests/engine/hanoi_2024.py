"""Appendix 01b of the 2024 plan (seed 002_ee97c6aad744c515.txt, lines 212-269), written literally.

Golden data of the engine's tests, and the input of benchmarks/bench_engine.py. Figures are copied from the seed
cell by cell in the notation of notation.py (machine-style numbers): `1,716.4` is 1716.4, `3.100-3.200` is
3100-3200, `5,325` is 5325 (the table mixes styles; the row's unit and neighbours decide), `> 1.162` is >1162.

`measure` and `direction` are what the register would state for each row (the seed does not print them).

Columns: key, TT as printed, group (the 17 groups of appendix 01a), name, unit, measure, direction,
target KH 2021-2025, 2016-2020, TH 2021, TH 2022, TH 2023, 2021-2023, KH 2024, NV 2025.
"""

from __future__ import annotations

from planwatch.engine import IndicatorSeries, Observation, Period, Target

from .notation import q

GA, SUM, LVL, SH, RPP, QL = "growth_average", "sum_over_period", "level_at_end", "share", "ratio_per_population", \
    "qualitative"
HB, LB, BD = "higher_better", "lower_better", "band"
PLAN_PERIOD = Period.parse("2021-2025")

# fmt: off
ROWS = [
    # key    TT   grp name                                              unit   measure dir  target  2016-20 2021  2022  2023  21-23 KH2024 NV2025
    ("1",    "1",  1, "Tăng trưởng GRDP trung bình",                    "%",   GA, None, "7.5-8.0", "6.73", "2.97", "8.95", "6.27", "6.04", "6.5-7.0", ">13.07"),
    ("1.1",  "-",  1, "Dịch vụ",                                        "%",   GA, None, "8.0-8.5", "6.6",  "3.70", "10.28", "7.25", "7.04", "6.65-7.23", ">12.33"),
    ("1.2",  "-",  1, "Thuế SP trừ trợ cấp SP",                         "%",   GA, None, "3.5-4.0", "4.9",  "1.21", "5.35", "3.13", "3.21", "4.5",    ">3.36"),
    ("1.3",  "-",  1, "Công nghiệp - xây dựng",                         "%",   GA, None, "8.5-9.0", "8.61", "1.76", "7.55", "5.30", "4.84", "7.4-7.9", ">21.38"),
    ("1.3.1", "+", 1, "Công nghiệp",                                    "%",   GA, None, "7.5-8.0", "7.44", "1.95", "7.89", "4.57", "4.78", "7.0-7.5", ">16.65"),
    ("1.3.2", "+", 1, "Xây dựng",                                       "%",   GA, None, "10-10.5", "10.72", "1.46", "6.99", "6.49", "4.95", "8.0-8.5", ">29.0"),
    ("1.4",  "-",  1, "Nông, lâm nghiệp và thủy sản",                   "%",   GA, None, "2.5-3.0", "2.6",  "3.28", "2.70", "2.74", "2.90", "2.5-3.0", ">1.30"),
    ("2",    "2",  2, "Cơ cấu GRDP năm cuối kỳ",                        "%",   SH, None, "100",     "100",  "100",  "100",  "100",  "",     "",        ""),
    ("2.1",  "-",  2, "Dịch vụ",                                        "%",   SH, BD,   "65.0-65.5", "63.06", "63.06", "63.22", "64.06", "", "",      ""),
    ("2.2",  "-",  2, "Thuế SP trừ trợ cấp SP",                         "%",   SH, BD,   "10.4-10.6", "11.02", "10.90", "10.67", "10.32", "", "",      ""),
    ("2.3",  "-",  2, "Công nghiệp - xây dựng",                         "%",   SH, BD,   "22.5-23.0", "23.68", "23.78", "24.03", "23.65", "", "",      ""),
    ("2.4",  "-",  2, "Nông, lâm nghiệp và thủy sản",                   "%",   SH, BD,   "1.4-1.6", "2.24", "2.25", "2.08", "1.97", "",     "",        ""),
    ("3",    "3",  3, "GRDP/người",                                     "Triệu đồng", LVL, None, "192-196", "123.69", "128.1", "141.8", "151.1", "", "160.8-162", "+>30@2024"),
    ("3.1",  "-",  3, "Quy đổi USD",                                    "USD", LVL, None, "8300-8500", "5325", "5400", "5960", "6350", "",   "",        ""),
    ("4",    "4",  4, "Huy động vốn đầu tư xã hội",                     "1.000 tỷ đ.", SUM, None, "3100-3200", "1716.4", "409", "463", "506", "", "559.4", ">1162"),
    ("5",    "5",  5, "Tỷ trọng kinh tế số/GRDP",                       "%",   SH, None, "30",      "15.37", "15.81", "15.4", "15.85", "",   "",        "30"),
    # KH 2024 prints `> 10`: not a plan but the required pace itself (01a: "2 năm 2024-2025, tốc độ tăng phải
    # đạt trên 10%/năm"), so it is recorded as what must be reached in 2024 (see REQUIRED_IN_PLAN_COLUMN).
    ("6",    "6",  6, "Tốc độ tăng NSLĐ trung bình",                    "%",   GA, None, "7.0-7.5", "5.79", "4.68", "6.48", "3.30", "4.81", "",        ">10"),
    ("7",    "7",  7, "Chỉ tiêu về văn hóa",                            None,  SH, None, "",        "",     "",     "",     "",     "",     "",        ""),
    ("7.1",  "-",  7, "Tỷ lệ tổ dân phố được công nhận và giữ vững danh hiệu Tổ dân phố văn hóa", "%", SH, None, "75", "72", "72", "72.5", "73.5", "", "74.0", ""),
    ("7.2",  "-",  7, "Tỷ lệ thôn, làng được công nhận và giữ vững danh hiệu Thôn, Làng văn hoá", "%", SH, None, "65", "62", "62", "63", "64", "", "64.5", ""),
    ("7.3",  "-",  7, "Tỷ lệ gia đình được công nhận và giữ vững danh hiệu Gia đình văn hóa", "%", SH, None, "86-88", "88", "88", "88", "88", "", "88", ""),
    ("8",    "8",  8, "Tỷ lệ trường công lập (MN, TH THCS THPT) đạt chuẩn quốc gia năm cuối kỳ", "%", SH, None, "80-85", "76.9", "", "72.2", "79.3", "", "84", ""),
    ("9",    "9",  9, "Chỉ tiêu về y tế năm cuối kỳ",                   None,  SH, None, "",        "",     "",     "",     "",     "",     "",        ""),
    ("9.1",  "-",  9, "Số giường bệnh/vạn dân",                         "gi.b/v.dân", RPP, None, "30-35", "27.1", "27.5", "27.5", "36.4", "", "",   ""),
    ("9.2",  "-",  9, "Số bác sỹ/vạn dân",                              "b.sỹ/v.dân", RPP, None, "15", "13.5", "13.7", "14", "16.2", "", "",         ""),
    ("9.3",  "-",  9, "Tỷ lệ xã, phường, thị trấn đạt chuẩn quốc gia về y tế (chuẩn mới)", "%", SH, None, "100", "100", "100", "100", "84.3", "", "100", ""),
    ("10",   "10", 10, "Tỷ lệ lao động qua đào tạo",                    "%",   SH, None, "75-80",   "70.25", "71.1", "72.2", "73.2", "",   "74.2",    ""),
    ("10.1", "Tr.đó", 10, "Có bằng cấp, chứng chỉ",                     "%",   SH, None, "55-60",   "48.5", "50.2", "51.2", "52.5", "",     "54.0",    ""),
    ("11",   "11", 11, "Tỷ lệ thất nghiệp thành thị",                   "%",   SH, None, "<3",      "3.22", "3.97", "3.33", "2.97", "",     "<3.0",    ""),
    ("12",   "12", 12, "Tỷ lệ hộ nghèo (chuẩn của TP)",                 "%",   SH, LB,   "Cơ bản không còn hộ nghèo", "0.21", "0.16", "0.095", "0.031", "", "0.014", ""),
    ("13",   "13", 13, "Xây dựng nông thôn mới (NTM)",                  None,  SH, None, "",        "",     "",     "",     "",     "",     "",        ""),
    ("13.1", "-",  13, "Tỷ lệ xã đạt chuẩn NTM",                        "%",   SH, None, "100",     "96.3", "100",  "100",  "100",  "",     "",        ""),
    ("13.2", "-",  13, "Tỷ lệ xã đạt chuẩn NTM nâng cao",               "%",   SH, None, "40",      "",     "12.6", "29.1", "48.7", "",     "59.2",    ""),
    ("13.3", "-",  13, "Tỷ lệ xã đạt NTM kiểu mẫu",                     "%",   SH, None, "20",      "",     "1.3",  "5.2",  "17.8", "",     "26.9",    ""),
    ("13.4", "-",  13, "Hoàn thành mục tiêu XD NTM cấp TP",             None,  QL, None, "Hoàn thành", "",  "",     "",     "",     "",     "",        ""),
    ("14",   "14", 14, "Phát triển đô thị",                             None,  SH, None, "",        "",     "",     "",     "",     "",     "",        ""),
    ("14.1", "-",  14, "Tỷ lệ đô thị hóa năm cuối kỳ",                  "%",   SH, None, "60-62",   "49.2", "",     "49.2", "49.2", "",     "",        "60"),
    ("14.2", "-",  14, "Tỷ lệ diện tích phủ kín của các QH chung, QH phân khu", "%", SH, None, "100", "83", "100", "100", "100", "",     "",        ""),
    ("15",   "15", 15, "Tỷ lệ hộ dân được cung cấp nước sạch",          None,  SH, None, "",        "",     "",     "",     "",     "",     "",        ""),
    ("15.1", "-",  15, "Tỷ lệ hộ dân thành thị được cung cấp nước sạch", "%",  SH, None, "100",     "~100", "100",  "100",  "100",  "",     "100",     ""),
    ("15.2", "-",  15, "Tỷ lệ hộ dân nông thôn được cung cấp nước sạch", "%",  SH, None, "100",     "78",   "80",   "85",   "90",   "",     "95",      "100"),
    ("16",   "16", 16, "Tỷ lệ các chất thải và nước thải được xử lý đạt tiêu chuẩn về môi trường", None, SH, None, "", "", "", "", "", "", "", ""),
    ("16.1", "-",  16, "Tỷ lệ thu gom và xử lý chất thải rắn sinh hoạt đô thị và nông thôn đảm bảo tiêu chuẩn, quy chuẩn", "%", SH, None, "100", "~100", "100", "100", "100", "", "100", ""),
    ("16.2", "-",  16, "Tỷ lệ chất thải nguy hại được xử lý",           "%",   SH, None, "100",     "100",  "100",  "100",  "100",  "",     "100",     ""),
    ("16.3", "-",  16, "Tỷ lệ chất thải y tế được xử lý đạt tiêu chuẩn môi trường", "%", SH, None, "100", "100", "100", "100", "100", "", "100",     ""),
    ("16.4", "-",  16, "Tỷ lệ CCN, CCN (đang hoạt động và xây dựng mới) có trạm xử lý nước thải", "%", SH, None, "100", "", "92.5", "95", "95", "", "100", ""),
    ("16.5", "-",  16, "Tỷ lệ nước thải đô thị được xử lý",             "%",   SH, None, "50-55",   "",     "28.8", "28.8", "30.9", "",     "40",      "50"),
    ("17",   "17", 17, "Tỷ lệ vận tải hành khách công cộng",            "%",   SH, None, "30-35",   "",     "",     "18.5", "19.8", "",     "22-25",   "30"),
]
# fmt: on

# Cells of the KH 2024 column that print what must be reached, not a plan (see row 6).
REQUIRED_IN_PLAN_COLUMN = {"6": ">10"}

SOURCE = "Phụ lục 01b"


def build_series(row: tuple) -> IndicatorSeries:
    key, _tt, _group, name, unit, measure, direction, target, base, y21, y22, y23, span, kh24, nv25 = row
    values = []

    def add(period: str, kind: str, text: str) -> None:
        quantity = q(text)
        if quantity is not None:
            values.append(Observation(Period.parse(period), kind, quantity, SOURCE))

    add("2016-2020", "actual", base)
    add("2021", "actual", y21)
    add("2022", "actual", y22)
    add("2023", "actual", y23)
    add("2021-2023", "actual", span)
    add("2024", "plan", kh24)
    add("2025", "required", nv25)
    if key in REQUIRED_IN_PLAN_COLUMN:
        add("2024", "required", REQUIRED_IN_PLAN_COLUMN[key])
    targets = (Target(PLAN_PERIOD, q(target)),) if q(target) is not None else ()
    return IndicatorSeries(key=key, name=name, unit=unit, measure=measure, direction=direction,
                           targets=targets, values=tuple(values))


def all_series() -> list[IndicatorSeries]:
    return [build_series(r) for r in ROWS]


GROUP_OF = {r[0]: r[2] for r in ROWS}
