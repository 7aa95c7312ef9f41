"""Writes plan documents as PDF (fpdf2, DejaVu fonts) for the PDF, OCR and benchmark tests.

The plan is invented: a district's plan for 2024 with an indicator table and a task table, both long enough to run
over a page break with the header repeated on the next page. `ruled=True` draws every cell border (the PDF's table
finder sees the ruling lines), `ruled=False` draws none (the columns must be found from the words' positions).
"""

from __future__ import annotations

from pathlib import Path

FONTS = Path("/usr/share/fonts/truetype/dejavu")

INDICATOR_HEADER = ["TT", "Tên chỉ tiêu", "Đơn vị tính", "Chỉ tiêu năm 2024", "Đơn vị chủ trì"]
INDICATORS = [
    ["1", "Tốc độ tăng trưởng giá trị sản xuất", "%", "7,5-8,0", "Phòng Tài chính - Kế hoạch"],
    ["2", "Thu ngân sách nhà nước trên địa bàn", "Tỷ đồng", "1.250", "Chi cục Thuế"],
    ["3", "Tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều của thành phố", "%", "< 0,5", "Phòng Lao động - Thương binh và Xã hội"],
    ["4", "Số xã đạt chuẩn nông thôn mới nâng cao", "Xã", "3", "Phòng Kinh tế"],
    ["5", "Tỷ lệ trường công lập đạt chuẩn quốc gia", "%", "82", "Phòng Giáo dục và Đào tạo"],
    ["6", "Tỷ lệ dân số tham gia bảo hiểm y tế", "%", ">= 95", "Bảo hiểm xã hội huyện"],
    ["7", "Số bác sĩ trên 10.000 dân", "Bác sĩ", "14", "Trung tâm Y tế"],
    ["8", "Tỷ lệ rác thải sinh hoạt được thu gom, xử lý", "%", "100", "Phòng Tài nguyên và Môi trường"],
    ["9", "Tỷ lệ hộ dân được dùng nước sạch", "%", "98", "Phòng Kinh tế"],
    ["10", "Số doanh nghiệp thành lập mới", "Doanh nghiệp", "350", "Phòng Tài chính - Kế hoạch"],
    ["11", "Tỷ lệ lao động qua đào tạo", "%", "75", "Phòng Lao động - Thương binh và Xã hội"],
    ["12", "Tỷ lệ thôn, tổ dân phố văn hóa", "%", "90", "Phòng Văn hóa và Thông tin"],
]
TASK_HEADER = ["TT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Thời hạn hoàn thành"]
TASKS = [
    ["1", "Xây dựng kế hoạch đầu tư công năm 2025", "Phòng Tài chính - Kế hoạch", "Tháng 10/2024"],
    ["2", "Rà soát, cập nhật danh sách hộ nghèo, hộ cận nghèo", "Phòng Lao động - Thương binh và Xã hội", "Quý IV/2024"],
    ["3", "Tổ chức Hội nghị sơ kết 6 tháng đầu năm", "Văn phòng HĐND và UBND", "Tháng 7/2024"],
    ["4", "Kiểm tra công tác bảo vệ môi trường tại các cụm công nghiệp", "Phòng Tài nguyên và Môi trường", "Quý III/2024"],
    ["5", "Đẩy mạnh chuyển đổi số trong cơ quan hành chính", "Phòng Văn hóa và Thông tin", "Năm 2024"],
    ["6", "Hoàn thiện hồ sơ đề nghị công nhận xã nông thôn mới nâng cao", "Phòng Kinh tế", "Tháng 11/2024"],
]


def _pdf():
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(True, margin=15)
    pdf.set_margins(15, 15, 15)
    return pdf


def _heading(pdf) -> None:
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 11)
    top = pdf.get_y()
    pdf.multi_cell(80, 6, "ỦY BAN NHÂN DÂN\nHUYỆN ĐÔNG ANH\nSố: 85/KH-UBND", align="C")
    pdf.set_xy(95, top)
    pdf.multi_cell(100, 6, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nĐông Anh, ngày 15 tháng 3 năm 2024", align="C")
    pdf.ln(6)
    pdf.set_font("DejaVu", "B", 13)
    pdf.cell(0, 8, "KẾ HOẠCH", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(0, 6, "Thực hiện các chỉ tiêu phát triển kinh tế - xã hội năm 2024", align="C")
    pdf.ln(3)
    pdf.set_font("DejaVu", "", 11)
    pdf.multi_cell(
        0,
        6,
        "Căn cứ Nghị quyết của Hội đồng nhân dân huyện về nhiệm vụ phát triển kinh tế - xã hội năm 2024, "
        "Ủy ban nhân dân huyện ban hành Kế hoạch thực hiện các chỉ tiêu như sau:",
    )
    pdf.ln(3)


def _table(pdf, header: list[str], rows: list[list[str]], widths: tuple, ruled: bool) -> None:
    from fpdf.fonts import FontFace

    pdf.set_font("DejaVu", "", 10)
    with pdf.table(
        col_widths=widths,
        width=sum(widths),
        borders_layout="ALL" if ruled else "NONE",
        repeat_headings=1,
        headings_style=FontFace(emphasis="BOLD"),
        line_height=6,
        text_align="LEFT",
        padding=(1, 2) if ruled else (1.5, 2),
    ) as table:
        row = table.row()
        for text in header:
            row.cell(text)
        for data in rows:
            row = table.row()
            for text in data:
                row.cell(text)


def make_plan_pdf(*, ruled: bool = True, repeat: int = 2, extra_pages: int = 0) -> bytes:
    """The plan as PDF bytes. `repeat` copies of the indicator rows (renumbered) make the table run over the
    page break; `extra_pages` adds that many more pages of both tables (the benchmark's large document)."""
    pdf = _pdf()
    _heading(pdf)
    indicators = _renumbered(INDICATORS, repeat)
    pdf.set_font("DejaVu", "B", 11)
    pdf.cell(0, 7, "I. CÁC CHỈ TIÊU CHỦ YẾU", new_x="LMARGIN", new_y="NEXT")
    _table(pdf, INDICATOR_HEADER, indicators, (10, 70, 22, 28, 50), ruled)
    pdf.ln(4)
    pdf.set_font("DejaVu", "B", 11)
    pdf.cell(0, 7, "II. CÁC NHIỆM VỤ TRỌNG TÂM", new_x="LMARGIN", new_y="NEXT")
    _table(pdf, TASK_HEADER, TASKS, (10, 80, 55, 35), ruled)
    for _ in range(extra_pages):  # one page each: the table of 12 indicators
        pdf.add_page()
        _table(pdf, INDICATOR_HEADER, INDICATORS, (10, 70, 22, 28, 50), ruled)
    pdf.ln(6)
    pdf.set_font("DejaVu", "B", 11)
    pdf.set_x(110)
    pdf.multi_cell(80, 6, "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\n\nNguyễn Văn An", align="C")
    return bytes(pdf.output())


def _renumbered(rows: list[list[str]], repeat: int) -> list[list[str]]:
    out: list[list[str]] = []
    for copy in range(repeat):
        for r in rows:
            number = str(len(out) + 1)
            name = r[1] if copy == 0 else f"{r[1]} (đợt {copy + 1})"
            out.append([number, name, *r[2:]])
    return out


if __name__ == "__main__":
    Path("/tmp/plan-ruled.pdf").write_bytes(make_plan_pdf(ruled=True))
    Path("/tmp/plan-unruled.pdf").write_bytes(make_plan_pdf(ruled=False))


KINDS_UNDER_YEAR = [
    ["1", "Tốc độ tăng giá trị sản xuất", "%", "8,9", "9,5", "9,62", "101,3", "9,5", ""],
    ["2", "Tổng giá trị sản xuất (giá hiện hành)", "Tỷ đồng", "8.120,5", "8.962,72", "9.010,4", "100,5", "9.850", ""],
    ["3", "Thu ngân sách trên địa bàn", "Tỷ đồng", "52,3", "56", "58,1", "103,8", "60", "Tỉnh giao"],
    ["4", "Tỷ lệ hộ nghèo", "%", "12,4", "10,4", "10,2", "-", "8,2", ""],
]


def make_kinds_under_year_pdf(*, ruled: bool) -> bytes:
    """A district's indicator table whose header puts `Năm 2024` over the kinds of that year's values
    (Kế hoạch | Ước thực hiện | So sánh (%)), the other header cells spanning both header rows."""
    from fpdf.fonts import FontFace

    pdf = _pdf()
    pdf.add_page(orientation="L")
    pdf.set_font("DejaVu", "B", 11)
    pdf.multi_cell(0, 6, "ỦY BAN NHÂN DÂN HUYỆN CHƯ PĂH\nSố: 45/KH-UBND\nChư Păh, ngày 20 tháng 12 năm 2024")
    pdf.cell(0, 8, "KẾ HOẠCH phát triển kinh tế - xã hội năm 2025", new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 8, "Biểu số 01: MỘT SỐ CHỈ TIÊU CHỦ YẾU", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 10)
    with pdf.table(
        col_widths=(12, 75, 18, 36, 22, 30, 26, 36, 22),
        borders_layout="ALL" if ruled else "NONE",
        num_heading_rows=2,
        headings_style=FontFace(emphasis="BOLD"),
        line_height=6,
        text_align="CENTER",
        padding=(1, 2) if ruled else (1.5, 2),
    ) as table:
        row = table.row()
        for text in ("STT", "Chỉ tiêu", "ĐVT", "Thực hiện năm 2023"):
            row.cell(text, rowspan=2)
        row.cell("Năm 2024", colspan=3)
        row.cell("Kế hoạch năm 2025", rowspan=2)
        row.cell("Ghi chú", rowspan=2)
        row = table.row()
        for text in ("Kế hoạch", "Ước thực hiện", "So sánh (%)"):
            row.cell(text)
        for data in KINDS_UNDER_YEAR:
            row = table.row()
            for text in data:
                row.cell(text)
    return bytes(pdf.output())
