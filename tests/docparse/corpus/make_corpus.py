"""Writes the corpus's Word and Excel documents (run: `python tests/docparse/corpus/make_corpus.py`).

The text documents of the corpus are written by hand; the binary ones are built here, in the layouts Word and
Excel files of plans really have: a layout table for the header, two-row headers, group rows spanning the table,
lead cells merged down (vMerge), a title block above a sheet's header, merged header cells, numbers stored as
numbers, dates stored as dates. Their expected rows (`*.expected.json`) are written by hand from what is written
here, never from a parse.

Runs reproduce the files byte for byte: the zip members get a fixed timestamp and the core properties a fixed date,
so the committed files only change when this script does.
"""

from __future__ import annotations

import io
import re
import sys
import zipfile
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from documents.make_documents import _docx_table  # noqa: E402  (the project's own DOCX table writer)

FIXED_DATE = datetime(2024, 1, 1, 0, 0, 0)
_CORE_DATES = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def _reproducible(path: Path) -> None:
    """Rewrite a saved DOCX/XLSX with fixed member timestamps and core dates, so reruns give the same bytes."""
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _CORE_DATES.sub(rb"\g<1>2024-01-01T00:00:00Z\g<3>", data)
            member = zipfile.ZipInfo(info.filename, date_time=FIXED_DATE.timetuple()[:6])
            member.compress_type = zipfile.ZIP_DEFLATED
            member.external_attr = 0o600 << 16
            target.writestr(member, data)
    path.write_bytes(out.getvalue())


def _new_docx():
    import docx

    d = docx.Document()
    d.core_properties.created = FIXED_DATE
    d.core_properties.modified = FIXED_DATE
    d.core_properties.author = "planwatch"
    return d


def _header_layout_table(d, issuer: list[str], number: str, place_date: str) -> None:
    """The two-column table Word plans open with: issuer | motto, number | place and date."""
    _docx_table(
        d,
        [
            ["\n".join(issuer), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"],
            [number, place_date],
        ],
        2,
    )


def _save_docx(d, name: str) -> None:
    path = HERE / name
    d.save(path)
    _reproducible(path)


# --- DOCX ------------------------------------------------------------------------------------------------------


def make_ministry_indicators() -> None:
    """Bộ Kế hoạch và Đầu tư: a two-row header ("Kết quả thực hiện" over 2021 | 2022 | 2023), group rows spanning
    the table, the lead merged down over two rows, a sub-row without number."""
    d = _new_docx()
    _header_layout_table(d, ["BỘ KẾ HOẠCH VÀ ĐẦU TƯ", "-------"], "Số: 2150/BC-BKHĐT", "Hà Nội, ngày 20 tháng 3 năm 2024")
    d.add_paragraph("BÁO CÁO")
    d.add_paragraph("Tình hình thực hiện các chỉ tiêu chủ yếu của Kế hoạch phát triển kinh tế - xã hội 5 năm 2021-2025")
    d.add_paragraph("Bộ tổng hợp kết quả ba năm đầu kỳ và kế hoạch năm 2024 của các chỉ tiêu tại Phụ lục dưới đây.")
    d.add_paragraph("Phụ lục I. CÁC CHỈ TIÊU CHỦ YẾU")
    _docx_table(
        d,
        [
            [("TT", 1, "restart"), ("Chỉ tiêu", 1, "restart"), ("Đơn vị", 1, "restart"), ("Kết quả thực hiện", 3),
             ("Kế hoạch 2024", 1, "restart"), ("Mục tiêu 2021-2025", 1, "restart"), ("Cơ quan chủ trì", 1, "restart")],
            [("", 1, "continue"), ("", 1, "continue"), ("", 1, "continue"), "2021", "2022", "2023",
             ("", 1, "continue"), ("", 1, "continue"), ("", 1, "continue")],
            ["A", ("CÁC CHỈ TIÊU VỀ KINH TẾ", 8)],
            ["1", "Tốc độ tăng trưởng GDP bình quân", "%", "2,58", "8,02", "5,05", "6,0-6,5", "6,5-7,0",
             ("Tổng cục Thống kê", 1, "restart")],
            ["2", "GDP bình quân đầu người", "USD", "3.756", "4.110", "4.284", "4.700-4.730", "4.700-5.000",
             ("", 1, "continue")],
            ["3", "Tỷ trọng công nghiệp chế biến, chế tạo trong GDP", "%", "25,0", "24,8", "23,9", "24,1", "> 25",
             "Bộ Công Thương"],
            ["", "Trong đó: Tỷ trọng kinh tế số trong GDP", "%", "12,0", "12,9", "13,2", "15", "20", "Bộ Thông tin và Truyền thông"],
            ["B", ("CÁC CHỈ TIÊU VỀ XÃ HỘI", 8)],
            ["4", "Tỷ lệ lao động nông nghiệp trong tổng lao động xã hội", "%", "29,1", "27,5", "26,9", "26", "25",
             "Bộ Lao động - Thương binh và Xã hội"],
            ["5", "Số bác sĩ trên 1 vạn dân", "bác sĩ", "10,5", "10,8", "11,0", "11,5", "11", "Bộ Y tế"],
        ],
        9,
    )
    d.add_paragraph("BỘ TRƯỞNG")
    _save_docx(d, "19-bo-khdt-chi-tieu-hai-dong.docx")


def make_province_tasks_docx() -> None:
    """UBND tỉnh Gia Lai: section rows spanning the table, one lead merged down over three tasks, a title in two
    paragraphs, a note column."""
    d = _new_docx()
    _header_layout_table(d, ["ỦY BAN NHÂN DÂN", "TỈNH GIA LAI"], "Số: 77/KH-UBND", "Gia Lai, ngày 12 tháng 3 năm 2024")
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới năm 2024")
    d.add_paragraph("PHỤ LỤC: PHÂN CÔNG NHIỆM VỤ")
    _docx_table(
        d,
        [
            ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Sản phẩm", "Thời gian hoàn thành", "Ghi chú"],
            ["I", ("CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", 6)],
            ["1", "Ban hành Kế hoạch thực hiện Chương trình năm 2024", ("Văn phòng Điều phối nông thôn mới tỉnh", 1, "restart"),
             "Sở Nông nghiệp và Phát triển nông thôn", "Kế hoạch của UBND tỉnh", "Tháng 3/2024", ""],
            ["2", "Phân bổ vốn sự nghiệp thực hiện Chương trình", ("", 1, "continue"), "Sở Tài chính; Sở Kế hoạch và Đầu tư",
             "Quyết định phân bổ vốn", "Quý II/2024", ""],
            ["3", "Tổng hợp, báo cáo kết quả thực hiện Chương trình\nđịnh kỳ 6 tháng và năm", ("", 1, "continue"),
             "UBND các huyện, thị xã, thành phố", "Báo cáo", "Tháng 6, tháng 12 hằng năm", "Gửi Bộ Nông nghiệp và PTNT"],
            ["II", ("PHÁT TRIỂN SẢN XUẤT", 6)],
            ["4", "Hỗ trợ phát triển sản phẩm OCOP đạt 3 sao trở lên", "Sở Nông nghiệp và Phát triển nông thôn",
             "Sở Khoa học và Công nghệ; Sở Công Thương", "Quyết định công nhận sản phẩm", "Năm 2024", "Ít nhất 40 sản phẩm"],
            ["5", "Xây dựng mô hình liên kết chuỗi giá trị cà phê, hồ tiêu", "Sở Nông nghiệp và Phát triển nông thôn",
             "UBND các huyện Chư Sê, Chư Prông", "Mô hình", "2024-2025", ""],
        ],
        7,
    )
    d.add_paragraph("TM. ỦY BAN NHÂN DÂN")
    _save_docx(d, "20-gia-lai-nhiem-vu-gop-o.docx")


def make_government_tasks_docx() -> None:
    """Chính phủ, in the style of the 01/NQ-CP appendix: ministries lead, a Roman section row, products and
    deadlines in the wordings the Government uses."""
    d = _new_docx()
    _header_layout_table(d, ["CHÍNH PHỦ", "-------"], "Số: 01/NQ-CP", "Hà Nội, ngày 05 tháng 01 năm 2024")
    d.add_paragraph("NGHỊ QUYẾT")
    d.add_paragraph("Về nhiệm vụ, giải pháp chủ yếu thực hiện Kế hoạch phát triển kinh tế - xã hội và dự toán ngân sách nhà nước năm 2024")
    d.add_paragraph("PHỤ LỤC: MỘT SỐ NHIỆM VỤ CỤ THỂ NĂM 2024")
    _docx_table(
        d,
        [
            ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Sản phẩm", "Thời gian hoàn thành"],
            ["I", ("ỔN ĐỊNH KINH TẾ VĨ MÔ, KIỂM SOÁT LẠM PHÁT", 5)],
            ["1", "Xây dựng kịch bản tăng trưởng các ngành, lĩnh vực năm 2024", "Bộ Kế hoạch và Đầu tư",
             "Các bộ, cơ quan, địa phương", "Báo cáo Chính phủ", "Tháng 02/2024"],
            ["2", "Điều hành giá các mặt hàng do Nhà nước quản lý", "Bộ Tài chính", "Bộ Công Thương; Bộ Y tế; Bộ Giáo dục và Đào tạo",
             "Báo cáo Ban Chỉ đạo điều hành giá", "Hằng tháng"],
            ["II", ("HOÀN THIỆN THỂ CHẾ", 5)],
            ["3", "Trình Quốc hội dự án Luật Đất đai (sửa đổi) có hiệu lực sớm", "Bộ Tài nguyên và Môi trường",
             "Bộ Tư pháp; Văn phòng Chính phủ", "Tờ trình Quốc hội", "Kỳ họp bất thường năm 2024"],
            ["4", "Ban hành các nghị định hướng dẫn Luật Nhà ở, Luật Kinh doanh bất động sản", "Bộ Xây dựng",
             "Các bộ, cơ quan liên quan", "Nghị định", "Trước 30/6/2024"],
        ],
        6,
    )
    d.add_paragraph("TM. CHÍNH PHỦ")
    _save_docx(d, "31-chinh-phu-nhiem-vu-nq01.docx")


def make_assessment_docx() -> None:
    """UBND tỉnh Hà Nam: a yearly review whose "Ghi chú" column holds the assessment (Đạt / Không đạt / Vượt)."""
    d = _new_docx()
    _header_layout_table(d, ["ỦY BAN NHÂN DÂN", "TỈNH HÀ NAM"], "Số: 188/BC-UBND", "Hà Nam, ngày 02 tháng 12 năm 2023")
    d.add_paragraph("BÁO CÁO")
    d.add_paragraph("Kết quả thực hiện các chỉ tiêu kinh tế - xã hội năm 2023")
    _docx_table(
        d,
        [
            ["TT", "Chỉ tiêu", "Đơn vị tính", "Kế hoạch năm 2023", "Ước thực hiện năm 2023", "Ghi chú"],
            ["1", "Tốc độ tăng trưởng GRDP", "%", "10,5", "8,1", "Không đạt"],
            ["2", "Thu ngân sách nhà nước trên địa bàn", "tỷ đồng", "17.000", "18.120", "Vượt"],
            ["3", "Tỷ lệ trường đạt chuẩn quốc gia", "%", "92", "92,3", "Đạt"],
            ["4", "Tỷ lệ hộ nghèo", "%", "< 1,5", "1,37", "Đạt"],
            ["5", "Tỷ lệ che phủ rừng", "%", "7,2", "7,0", "Không đạt"],
        ],
        6,
    )
    _save_docx(d, "32-ha-nam-chi-tieu-danh-gia.docx")


def make_bullet_lines_docx() -> None:
    """Bộ Giáo dục và Đào tạo: one row whose name cell holds k bullet paragraphs beside value cells holding k
    paragraphs, one per bullet (how Word tables often pack sub-indicators)."""
    d = _new_docx()
    _header_layout_table(d, ["BỘ GIÁO DỤC VÀ ĐÀO TẠO", "-------"], "Số: 345/KH-BGDĐT", "Hà Nội, ngày 29 tháng 3 năm 2024")
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Phát triển giáo dục mầm non và phổ thông năm học 2024-2025")
    _docx_table(
        d,
        [
            ["TT", "Chỉ tiêu", "Đơn vị tính", "Năm học 2023-2024", "Mục tiêu 2025", "Đơn vị chủ trì"],
            ["1", "Tỷ lệ trẻ em mẫu giáo 5 tuổi đến trường", "%", "99,7", "99,9", "Vụ Giáo dục Mầm non"],
            ["2", "Tỷ lệ huy động học sinh đi học đúng độ tuổi:\n- Tiểu học\n- Trung học cơ sở\n- Trung học phổ thông",
             "%", "\n99,6\n96,1\n78,5", "\n99,8\n97\n80", "Vụ Giáo dục Trung học"],
            ["3", "Tỷ lệ trường phổ thông đạt chuẩn quốc gia", "%", "62,5", "65", "Cục Quản lý chất lượng"],
        ],
        6,
    )
    _save_docx(d, "35-bo-gddt-chi-tieu-dong-gach.docx")


def make_split_pages_docx() -> None:
    """Bộ Tài chính, converted from PDF: one Word table per page, the header repeated on the second, and the
    first row of the second page continuing the last row of the first (title and coordinating cells)."""
    d = _new_docx()
    _header_layout_table(d, ["BỘ TÀI CHÍNH", "-------"], "Số: 512/QĐ-BTC", "Hà Nội, ngày 15 tháng 3 năm 2024")
    d.add_paragraph("QUYẾT ĐỊNH")
    d.add_paragraph("Ban hành Kế hoạch cải cách hành chính năm 2024 của Bộ Tài chính")
    header = ["STT", "Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian hoàn thành"]
    _docx_table(
        d,
        [
            header,
            ["1", "Rà soát, đơn giản hóa thủ tục hành chính lĩnh vực thuế", "Tổng cục Thuế", "Vụ Pháp chế", "Quý II/2024"],
            ["2", "Số hóa hồ sơ thủ tục hành chính lĩnh vực hải quan", "Tổng cục Hải quan", "Cục Tin học và Thống kê tài chính", "Quý III/2024"],
            ["3", "Đánh giá mức độ hài lòng của tổ chức, cá nhân đối với", "Vụ Tổ chức cán bộ", "Văn phòng Bộ; Tổng cục", "Tháng 11/2024"],
        ],
        5,
    )
    d.add_page_break()
    _docx_table(
        d,
        [
            header,
            ["", "sự phục vụ của các đơn vị thuộc Bộ", "", "Thuế", ""],
            ["4", "Tổng kết công tác cải cách hành chính năm 2024", "Vụ Tổ chức cán bộ", "Các đơn vị thuộc Bộ", "Tháng 12/2024"],
        ],
        5,
    )
    d.add_paragraph("KT. BỘ TRƯỞNG")
    _save_docx(d, "44-bo-tai-chinh-nhiem-vu-tach-trang.docx")


def make_leader_column_docx() -> None:
    """UBND tỉnh Quảng Bình: a numbering row under the header, section rows merged across, the lead merged down
    over two tasks and the leader column merged down over three, task titles of several sentences in two
    paragraphs, deadlines "Năm 2024 và các năm tiếp theo", "Tháng 12 hằng năm"."""
    d = _new_docx()
    _header_layout_table(d, ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG BÌNH"], "Số: 512/KH-UBND", "Quảng Bình, ngày 29 tháng 3 năm 2024")
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Thực hiện các nhiệm vụ trọng tâm phát triển du lịch năm 2024")
    d.add_paragraph("Phụ lục")
    d.add_paragraph("DANH MỤC NHIỆM VỤ TRỌNG TÂM VÀ PHÂN CÔNG THỰC HIỆN")
    _docx_table(
        d,
        [
            ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Lãnh đạo UBND tỉnh phụ trách", "Thời gian hoàn thành", "Ghi chú"],
            ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)"],
            [("I. HOÀN THIỆN CƠ CHẾ, CHÍNH SÁCH", 7)],
            ["1", "Xây dựng Nghị quyết về chính sách hỗ trợ phát triển du lịch cộng đồng. Trình HĐND tỉnh tại kỳ họp giữa năm 2024.",
             ("Sở Du lịch", 1, "restart"), "Sở Tài chính; Sở Tư pháp", ("PCT Hồ An Phong", 1, "restart"), "Tháng 6/2024", ""],
            ["2", "Rà soát quy hoạch các khu, điểm du lịch.\nĐề xuất điều chỉnh những nội dung không còn phù hợp với Quy hoạch tỉnh.",
             ("", 1, "continue"), "Sở Xây dựng; UBND các huyện, thị xã, thành phố", ("", 1, "continue"), "Năm 2024 và các năm tiếp theo", ""],
            [("II. XÚC TIẾN, QUẢNG BÁ DU LỊCH", 7)],
            ["3", "Tổ chức Lễ hội Hang động Quảng Bình năm 2024", "Sở Văn hóa và Thể thao", "Sở Du lịch; UBND thành phố Đồng Hới",
             ("PCT Hồ An Phong", 1, "restart"), "Tháng 7/2024", "Theo Đề án được phê duyệt"],
            ["4", "Thống kê, báo cáo lượng khách và doanh thu du lịch", "Sở Du lịch", "Cục Thống kê tỉnh",
             ("", 1, "continue"), "Tháng 12 hằng năm", ""],
        ],
        7,
    )
    d.add_paragraph("TM. ỦY BAN NHÂN DÂN")
    d.add_paragraph("KT. CHỦ TỊCH")
    _save_docx(d, "58-quang-binh-nhiem-vu-lanh-dao-phu-trach.docx")


def make_ministry_submission_docx() -> None:
    """Bộ Tư pháp: a yearly programme of drafts, "Cơ quan chủ trì | Cơ quan phối hợp | Sản phẩm | Thời gian
    trình", each section row one cell spanning the whole width with its numeral inside ("I. ..."), a "Cấp trình"
    column, an empty coordinating cell."""
    d = _new_docx()
    _header_layout_table(d, ["BỘ TƯ PHÁP", "-------"], "Số: 37/QĐ-BTP", "Hà Nội, ngày 12 tháng 01 năm 2024")
    d.add_paragraph("QUYẾT ĐỊNH")
    d.add_paragraph("Ban hành Chương trình xây dựng văn bản, đề án năm 2024 của Bộ Tư pháp")
    d.add_paragraph("Điều 1. Ban hành kèm theo Quyết định này Chương trình xây dựng văn bản, đề án năm 2024.")
    _docx_table(
        d,
        [
            ["STT", "Tên văn bản, đề án", "Cơ quan chủ trì", "Cơ quan phối hợp", "Cấp trình", "Sản phẩm", "Thời gian trình"],
            [("I. VĂN BẢN, ĐỀ ÁN TRÌNH CHÍNH PHỦ, THỦ TƯỚNG CHÍNH PHỦ", 7)],
            ["1", "Nghị định quy định chi tiết Luật Hộ tịch (sửa đổi)", "Vụ Pháp luật hình sự - hành chính", "Cục Hộ tịch, quốc tịch, chứng thực",
             "Chính phủ", "Nghị định", "Tháng 10/2024"],
            ["2", "Đề án phát triển đội ngũ luật sư đến năm 2030", "Cục Bổ trợ tư pháp", "Liên đoàn Luật sư Việt Nam",
             "Thủ tướng Chính phủ", "Quyết định của Thủ tướng Chính phủ", "Quý III/2024"],
            [("II. VĂN BẢN THUỘC THẨM QUYỀN BAN HÀNH CỦA BỘ TRƯỞNG", 7)],
            ["3", "Thông tư hướng dẫn nghiệp vụ thi hành án dân sự", "Tổng cục Thi hành án dân sự", "",
             "Bộ trưởng", "Thông tư", "Tháng 6/2024"],
            ["4", "Kế hoạch kiểm tra công tác tư pháp tại địa phương năm 2025", "Vụ Các vấn đề chung về xây dựng pháp luật",
             "Các đơn vị thuộc Bộ", "Bộ trưởng", "Kế hoạch", "Trước ngày 15/12/2024"],
        ],
        7,
    )
    d.add_paragraph("BỘ TRƯỞNG")
    _save_docx(d, "59-bo-tu-phap-thoi-gian-trinh.docx")


# --- XLSX ------------------------------------------------------------------------------------------------------


def _new_workbook():
    import openpyxl

    wb = openpyxl.Workbook()
    wb.properties.created = FIXED_DATE
    wb.properties.modified = FIXED_DATE
    wb.properties.creator = "planwatch"
    return wb


def _save_xlsx(wb, name: str) -> None:
    path = HERE / name
    wb.save(path)
    _reproducible(path)


def make_province_indicators_xlsx() -> None:
    """UBND tỉnh Vĩnh Phúc: a title block above a two-row header whose "Thực hiện" spans two years, merged header
    cells, a group row merged across, numbers stored as numbers beside numbers written as text."""
    wb = _new_workbook()
    ws = wb.active
    ws.title = "Bieu 01"
    ws.append(["ỦY BAN NHÂN DÂN TỈNH VĨNH PHÚC"])
    ws.merge_cells("A1:G1")
    ws.append(["BIỂU 01: CÁC CHỈ TIÊU KINH TẾ - XÃ HỘI CHỦ YẾU NĂM 2024"])
    ws.merge_cells("A2:G2")
    ws.append(["(Kèm theo Kế hoạch số 24/KH-UBND ngày 19/01/2024 của UBND tỉnh)"])
    ws.merge_cells("A3:G3")
    ws.append(["STT", "Chỉ tiêu", "ĐVT", "Thực hiện", None, "Kế hoạch 2024", "Cơ quan chủ trì"])
    ws.append([None, None, None, "2022", "2023", None, None])
    for rng in ("A4:A5", "B4:B5", "C4:C5", "D4:E4", "F4:F5", "G4:G5"):
        ws.merge_cells(rng)
    ws.append(["I", "KINH TẾ"])
    ws.merge_cells("B6:G6")
    ws.append([1, "Tốc độ tăng trưởng GRDP", "%", 5.43, 2.47, "8,0-8,5", "Sở Kế hoạch và Đầu tư"])
    ws.append([2, "Thu ngân sách nhà nước trên địa bàn", "tỷ đồng", "38.213", "33.420", "36.100", "Sở Tài chính"])
    ws.append([3, "Kim ngạch xuất khẩu", "triệu USD", "7.850", "7.120", "8.000", "Sở Công Thương"])
    ws.append(["II", "XÃ HỘI"])
    ws.merge_cells("B10:G10")
    ws.append([4, "Tỷ lệ lao động qua đào tạo", "%", 78.5, 80, "81", "Sở Lao động - Thương binh và Xã hội"])
    ws.append([5, "Số giường bệnh/vạn dân", "giường", 36, 37, "38", "Sở Y tế"])
    _save_xlsx(wb, "21-vinh-phuc-chi-tieu-bang-tinh.xlsx")


def make_province_tasks_xlsx() -> None:
    """UBND tỉnh Bình Dương: a title block, a lower-case "Stt" header, a deadline stored as a date, a lead merged
    down over two rows."""
    wb = _new_workbook()
    ws = wb.active
    ws.title = "Phu luc"
    ws.append(["UBND TỈNH BÌNH DƯƠNG"])
    ws.append(["PHỤ LỤC: DANH MỤC NHIỆM VỤ THỰC HIỆN KẾ HOẠCH PHÁT TRIỂN ĐÔ THỊ THÔNG MINH NĂM 2024"])
    ws.merge_cells("A2:F2")
    ws.append(["(Kèm theo Kế hoạch số 1102/KH-UBND ngày 08/3/2024)"])
    ws.merge_cells("A3:F3")
    ws.append([])
    ws.append(["Stt", "Tên nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Kết quả/Sản phẩm", "Thời gian hoàn thành"])
    ws.append([1, "Vận hành Trung tâm điều hành đô thị thông minh tỉnh", "Sở Thông tin và Truyền thông",
               "Các sở, ngành", "Trung tâm hoạt động ổn định", "Thường xuyên"])
    ws.append([2, "Mở rộng hệ thống camera giám sát giao thông", "Công an tỉnh", "Sở Giao thông vận tải",
               "Hệ thống camera", datetime(2024, 9, 30)])
    ws.append([3, "Xây dựng kho dữ liệu dùng chung của tỉnh", "Sở Thông tin và Truyền thông",
               "Văn phòng UBND tỉnh", "Kho dữ liệu", "Quý IV/2024"])
    ws.append([4, "Số hóa dữ liệu hộ tịch", None, "UBND các huyện, thị xã, thành phố", "Cơ sở dữ liệu hộ tịch", "Năm 2024"])
    ws.merge_cells("C8:C9")
    ws.append([5, "Triển khai thanh toán trực tuyến học phí", "Sở Giáo dục và Đào tạo", "Ngân hàng Nhà nước chi nhánh tỉnh",
               "Báo cáo kết quả", "Tháng 8/2024"])
    _save_xlsx(wb, "22-binh-duong-nhiem-vu-bang-tinh.xlsx")


def make_estimate_xlsx() -> None:
    """UBND tỉnh Bến Tre: "ĐV tính", an empty header over the number column, TH / ƯTH / KH columns, sub-rows
    marked "-" in their own column, a footnote row under the table."""
    wb = _new_workbook()
    ws = wb.active
    ws.title = "Chi tieu"
    ws.append(["UBND TỈNH BẾN TRE"])
    ws.append(["MỘT SỐ CHỈ TIÊU CHỦ YẾU NĂM 2025"])
    ws.merge_cells("A2:G2")
    ws.append([])
    ws.append([None, "Chỉ tiêu", "ĐV tính", "TH 2023", "ƯTH 2024", "KH 2025", "Ghi chú"])
    ws.append(["1", "Tốc độ tăng trưởng GRDP", "%", "4,73", "6,5", "7,5-8,0", None])
    ws.append(["2", "Cơ cấu kinh tế", "%", None, None, None, None])
    ws.append(["-", "Nông, lâm, thủy sản", "%", "31,2", "30,1", "29,0", None])
    ws.append(["-", "Công nghiệp - xây dựng", "%", "22,4", "23,5", "24,5", None])
    ws.append(["-", "Dịch vụ", "%", "41,9", "42,0", "42,3", None])
    ws.append(["3", "Kim ngạch xuất khẩu", "triệu USD", "1.515", "1.650", "1.800", "Tăng 9%"])
    ws.append([])
    ws.append(["Ghi chú: số liệu năm 2024 là ước thực hiện cả năm."])
    _save_xlsx(wb, "33-ben-tre-chi-tieu-uoc-th.xlsx")


def make_progress_xlsx() -> None:
    """UBND tỉnh Lâm Đồng: a progress report sheet, "Tình hình thực hiện" beside the deadline, a section row."""
    wb = _new_workbook()
    ws = wb.active
    ws.title = "Tien do"
    ws.append(["ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG"])
    ws.append(["TÌNH HÌNH THỰC HIỆN NHIỆM VỤ UBND TỈNH GIAO QUÝ III NĂM 2024"])
    ws.merge_cells("A2:F2")
    ws.append(["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn", "Tình hình thực hiện"])
    ws.append(["I", "Lĩnh vực kinh tế"])
    ws.merge_cells("B4:F4")
    ws.append([1, "Đề xuất danh mục dự án kêu gọi đầu tư năm 2025", "Sở Kế hoạch và Đầu tư", "Các sở, ngành",
               "Tháng 9/2024", "Đã trình UBND tỉnh tại Tờ trình số 112/TTr-SKHĐT"])
    ws.append([2, "Hoàn thành thủ tục đầu tư tuyến cao tốc Tân Phú - Bảo Lộc", "Sở Giao thông vận tải",
               "UBND thành phố Bảo Lộc", "Quý III/2024", "Đang thực hiện"])
    ws.append(["II", "Lĩnh vực văn hóa - xã hội"])
    ws.merge_cells("B7:F7")
    ws.append([3, "Tổ chức Festival Hoa Đà Lạt lần thứ X", "Sở Văn hóa, Thể thao và Du lịch", "UBND thành phố Đà Lạt",
               "Tháng 12/2024", "Đang chuẩn bị"])
    _save_xlsx(wb, "46-lam-dong-tien-do-bang-tinh.xlsx")


def make_half_year_xlsx() -> None:
    """UBND tỉnh Nghệ An: a six-month report sheet: a title block, a two-row header with "So sánh (%)" over
    "Cùng kỳ" and "Kế hoạch", "Thực hiện 6 tháng đầu năm 2024", "Ước thực hiện cả năm 2024", group rows merged
    across, numbers stored as numbers beside ranges and changes written as text, a note row under the table."""
    wb = _new_workbook()
    ws = wb.active
    ws.title = "6 thang"
    ws.append(["UBND TỈNH NGHỆ AN"])
    ws.append(["BIỂU 01: TÌNH HÌNH THỰC HIỆN CÁC CHỈ TIÊU CHỦ YẾU 6 THÁNG ĐẦU NĂM 2024"])
    ws.merge_cells("A2:H2")
    ws.append(["(Kèm theo Báo cáo số 455/BC-UBND ngày 28/6/2024 của UBND tỉnh)"])
    ws.merge_cells("A3:H3")
    ws.append(["STT", "Chỉ tiêu", "ĐVT", "Kế hoạch năm 2024", "Thực hiện 6 tháng đầu năm 2024", "So sánh (%)", None,
               "Ước thực hiện cả năm 2024"])
    ws.append([None, None, None, None, None, "Cùng kỳ", "Kế hoạch", None])
    for rng in ("A4:A5", "B4:B5", "C4:C5", "D4:D5", "E4:E5", "F4:G4", "H4:H5"):
        ws.merge_cells(rng)
    ws.append(["A", "CHỈ TIÊU KINH TẾ"])
    ws.merge_cells("B6:H6")
    ws.append([1, "Tốc độ tăng trưởng GRDP", "%", "9,0-9,5", 7.14, None, None, 8.5])
    ws.append([2, "Giá trị sản xuất công nghiệp (giá so sánh 2010)", "tỷ đồng", 185000, 88960, 107.5, 48.1, 182000])
    ws.append([3, "Kim ngạch xuất khẩu", "triệu USD", 3000, 1420.5, 95.2, 47.35, 2900])
    ws.append(["B", "CHỈ TIÊU XÃ HỘI"])
    ws.merge_cells("B10:H10")
    ws.append([4, "Số lao động được tạo việc làm", "người", 41000, 21350, 104.2, 52.07, 42000])
    ws.append([5, "Tỷ lệ hộ nghèo", "%", "Giảm 1,5-2", None, None, None, "Giảm 1,8"])
    ws.append([])
    ws.append(["Ghi chú: Tỷ lệ hộ nghèo chỉ đánh giá cả năm."])
    _save_xlsx(wb, "57-nghe-an-6-thang-bang-tinh.xlsx")


# --- second holdout (71 onward) ---------------------------------------------------------------------------------

_DISTRICT_TASKS = [
    ("I. CÔNG TÁC LÃNH ĐẠO, CHỈ ĐẠO", [
        ("1. Công tác tuyên truyền", [
            ("1.1", "Tuyên truyền, phổ biến Kế hoạch đến cán bộ, đảng viên và Nhân dân", "Phòng Văn hóa và Thông tin", "UBND các xã, thị trấn", "Quý I/2024"),
            ("1.2", "Đăng tải chuyên mục về chuyển đổi số trên Trang thông tin điện tử huyện", "Trung tâm Văn hóa - Thông tin và Thể thao huyện", "Phòng Văn hóa và Thông tin", "Thường xuyên"),
            ("1.3", "Tổ chức hội nghị quán triệt Nghị quyết của Huyện ủy", "Văn phòng HĐND và UBND huyện", "Các cơ quan, đơn vị liên quan", "Tháng 3/2024"),
        ]),
        ("2. Công tác kiểm tra, giám sát", [
            ("2.1", "Kiểm tra việc thực hiện kế hoạch tại các xã, thị trấn", "Văn phòng HĐND và UBND huyện", "Phòng Nội vụ", "Quý III/2024"),
            ("2.2", "Sơ kết 6 tháng, tổng kết năm thực hiện Kế hoạch", "Phòng Tài chính - Kế hoạch", "Các cơ quan, đơn vị liên quan", "Tháng 6, tháng 12/2024"),
        ]),
    ]),
    ("II. PHÁT TRIỂN KINH TẾ", [
        ("1. Nông nghiệp và xây dựng nông thôn mới", [
            ("1.1", "Xây dựng kế hoạch sản xuất vụ Đông Xuân và vụ Mùa năm 2024", "Phòng Nông nghiệp và PTNT", "UBND các xã, thị trấn", "Tháng 01/2024"),
            ("1.2", "Hỗ trợ xây dựng và công nhận sản phẩm OCOP năm 2024", "Phòng Nông nghiệp và PTNT", "Phòng Kinh tế và Hạ tầng; UBND các xã", "Quý IV/2024"),
            ("1.3", "Hoàn thiện hồ sơ đề nghị công nhận xã Lạc Vệ đạt chuẩn nông thôn mới nâng cao", "UBND xã Lạc Vệ", "Văn phòng Điều phối nông thôn mới huyện", "Tháng 10/2024"),
            ("1.4", "Kiểm soát dịch bệnh gia súc, gia cầm trên địa bàn", "Trạm Chăn nuôi và Thú y", "UBND các xã, thị trấn", "Thường xuyên"),
        ]),
        ("2. Công nghiệp, thương mại, dịch vụ", [
            ("2.1", "Đẩy nhanh tiến độ đầu tư hạ tầng Cụm công nghiệp Tân Chi", "Phòng Kinh tế và Hạ tầng", "Phòng Tài nguyên và Môi trường; UBND xã Tân Chi", "Quý III/2024"),
            ("2.2", "Tổ chức Hội chợ sản phẩm nông nghiệp, làng nghề huyện năm 2024", "Phòng Kinh tế và Hạ tầng", "Hội Nông dân huyện", "Tháng 11/2024"),
            ("2.3", "Rà soát, quản lý các chợ trên địa bàn theo phân cấp", "Phòng Kinh tế và Hạ tầng", "UBND các xã, thị trấn", "Năm 2024"),
        ]),
        ("3. Tài chính, ngân sách, đầu tư công", [
            ("3.1", "Thu ngân sách nhà nước đạt và vượt dự toán được giao", "Chi cục Thuế khu vực Tiên Du - Quế Võ", "Phòng Tài chính - Kế hoạch; UBND các xã, thị trấn", "31/12/2024"),
            ("3.2", "Đẩy nhanh giải ngân vốn đầu tư công năm 2024", "Ban Quản lý dự án đầu tư xây dựng huyện", "Các chủ đầu tư", "Trước 31/01/2025"),
            ("3.3", "Đấu giá quyền sử dụng đất các khu đất dịch vụ đã đủ điều kiện", "Trung tâm Phát triển quỹ đất huyện", "Phòng Tài nguyên và Môi trường", "Quý II, quý IV/2024"),
        ]),
    ]),
    ("III. VĂN HÓA - XÃ HỘI", [
        ("1. Giáo dục và đào tạo", [
            ("1.1", "Xây dựng trường học đạt chuẩn quốc gia mức độ 2", "Phòng Giáo dục và Đào tạo", "UBND các xã, thị trấn", "Năm 2024"),
            ("1.2", "Tổ chức tuyển sinh vào lớp 6, lớp 10 năm học 2024-2025", "Phòng Giáo dục và Đào tạo", "Các trường THCS, THPT trên địa bàn", "Tháng 7/2024"),
        ]),
        ("2. Y tế, dân số", [
            ("2.1", "Nâng tỷ lệ người dân tham gia bảo hiểm y tế", "Bảo hiểm xã hội huyện", "Trung tâm Y tế huyện; UBND các xã, thị trấn", "Năm 2024"),
            ("2.2", "Tiêm chủng mở rộng cho trẻ em dưới 1 tuổi", "Trung tâm Y tế huyện", "Trạm y tế các xã, thị trấn", "Thường xuyên"),
        ]),
        ("3. Lao động, việc làm, an sinh xã hội", [
            ("3.1", "Giải quyết việc làm mới cho 2.500 lao động", "Phòng Lao động - Thương binh và Xã hội", "Các cơ quan, đơn vị liên quan", "Năm 2024"),
            ("3.2", "Hỗ trợ xóa nhà tạm, nhà dột nát cho hộ nghèo, hộ cận nghèo", "Phòng Lao động - Thương binh và Xã hội", "Ủy ban MTTQ huyện; UBND các xã, thị trấn", "Trước 30/9/2024"),
            ("3.3", "Chi trả trợ cấp xã hội hằng tháng qua tài khoản", "Phòng Lao động - Thương binh và Xã hội", "Bưu điện huyện", "Hằng tháng"),
        ]),
        ("4. Cải cách hành chính, chuyển đổi số", [
            ("4.1", "Nâng cao chỉ số hài lòng của người dân đối với dịch vụ hành chính công", "Phòng Nội vụ", "Bộ phận Một cửa huyện", "Năm 2024"),
            ("4.2", "Triển khai mô hình Tổ công nghệ số cộng đồng", "Phòng Văn hóa và Thông tin", "UBND các xã, thị trấn", "Quý II/2024"),
            ("4.3", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "Văn phòng HĐND và UBND huyện", "Các cơ quan, đơn vị liên quan", "Tháng 12/2024"),
        ]),
    ]),
]


def make_district_tasks_docx() -> None:
    """UBND huyện Tiên Du (Bắc Ninh): 27 tasks in sections I, II, III, sub-headings "1. ..." spanning the table,
    tasks numbered 1.1, 1.2; "Đơn vị thực hiện | Đơn vị phối hợp | Thời gian thực hiện"; group cells
    "Các cơ quan, đơn vị liên quan", "UBND các xã, thị trấn"."""
    d = _new_docx()
    _header_layout_table(d, ["ỦY BAN NHÂN DÂN", "HUYỆN TIÊN DU"], "Số: 58/KH-UBND", "Tiên Du, ngày 16 tháng 01 năm 2024")
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Thực hiện nhiệm vụ phát triển kinh tế - xã hội năm 2024")
    d.add_paragraph("Căn cứ Nghị quyết của HĐND huyện về kế hoạch phát triển kinh tế - xã hội năm 2024, UBND huyện ban hành "
                    "Kế hoạch thực hiện với các nhiệm vụ cụ thể như sau:")
    d.add_paragraph("PHỤ LỤC: PHÂN CÔNG NHIỆM VỤ")
    rows = [["STT", "Nội dung nhiệm vụ", "Đơn vị thực hiện", "Đơn vị phối hợp", "Thời gian thực hiện"]]
    for section, groups in _DISTRICT_TASKS:
        numeral, title = section.split(". ", 1)
        rows.append([numeral, (title, 4)])
        for group, tasks in groups:
            rows.append(["", (group, 4)])
            for number, task, lead, coordinating, deadline in tasks:
                rows.append([number, task, lead, coordinating, deadline])
    _docx_table(d, rows, 5)
    d.add_paragraph("Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị báo cáo UBND huyện (qua "
                    "Phòng Tài chính - Kế hoạch) để xem xét, giải quyết.")
    d.add_paragraph("TM. ỦY BAN NHÂN DÂN")
    d.add_paragraph("CHỦ TỊCH")
    _save_docx(d, "72-tien-du-nhiem-vu-huyen-docx.docx")


_CAPITAL_ROWS = [
    (1, "Giao thông", 1850, 1792.4, 2100),
    (2, "Nông nghiệp, lâm nghiệp, thủy lợi", 620, 598, 700),
    (3, "Giáo dục và đào tạo, giáo dục nghề nghiệp", 415, 430.5, 480),
    (4, "Y tế, dân số và gia đình", 210, 187, 260),
    (5, "Bảo vệ môi trường", 150, 142.8, 175),
    (6, "Hoạt động của các cơ quan quản lý nhà nước", 95, 95, 85),
]


def make_excel_total_xlsx() -> None:
    """UBND tỉnh Tuyên Quang: a sheet as pasted from Excel: a merged title row above the header, the unit written
    once in a row of its own ("ĐVT: Tỷ đồng") at the right above the header, no unit column, amounts stored as
    numbers, a "Tổng cộng" row at the bottom, a signature line under the table."""
    wb = _new_workbook()
    ws = wb.active
    ws.title = "Bieu 05"
    ws.append(["Biểu số 05"])
    ws.append(["KẾ HOẠCH VỐN ĐẦU TƯ CÔNG NGUỒN NGÂN SÁCH ĐỊA PHƯƠNG NĂM 2025 PHÂN THEO NGÀNH, LĨNH VỰC"])
    ws.merge_cells("A2:F2")
    ws.append(["(Kèm theo Báo cáo số 318/BC-UBND ngày 20/11/2024 của UBND tỉnh Tuyên Quang)"])
    ws.merge_cells("A3:F3")
    ws.append([None, None, None, None, None, "ĐVT: Tỷ đồng"])
    ws.append(["STT", "Ngành, lĩnh vực", "Kế hoạch năm 2024", "Ước thực hiện năm 2024", "Kế hoạch năm 2025", "Cơ quan tổng hợp"])
    for number, name, plan, estimate, next_plan in _CAPITAL_ROWS:
        ws.append([number, name, plan, estimate, next_plan, "Sở Kế hoạch và Đầu tư" if number == 1 else None])
    ws.merge_cells("F6:F12")
    ws.append([None, "Tổng cộng", 3340, 3245.7, 3800, None])
    ws.append([])
    ws.append([None, "Người lập biểu", None, None, "Sở Kế hoạch và Đầu tư"])
    _save_xlsx(wb, "75-tuyen-quang-von-dau-tu-excel-tong-cong.xlsx")


def make_mixed_numbering_docx() -> None:
    """UBND tỉnh Yên Bái: an indicator table whose TT column mixes letters, Roman numerals, Arabic numbers, small
    letters and dashes (A, I, 1, a, -, +), a "Trong đó:" row of its own followed by "+" items, a "Trong đó:" written
    inside a name, parents without figures, leads written once on the parent."""
    d = _new_docx()
    _header_layout_table(d, ["ỦY BAN NHÂN DÂN", "TỈNH YÊN BÁI"], "Số: 12/KH-UBND", "Yên Bái, ngày 19 tháng 01 năm 2024")
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Thực hiện các chỉ tiêu phát triển kinh tế - xã hội năm 2024")
    d.add_paragraph("Biểu 01. CÁC CHỈ TIÊU CHỦ YẾU")
    _docx_table(
        d,
        [
            ["TT", "Chỉ tiêu", "ĐVT", "TH 2023", "KH 2024", "Cơ quan chủ trì"],
            ["A", ("CHỈ TIÊU KINH TẾ", 5)],
            ["I", "Tăng trưởng và cơ cấu kinh tế", "", "", "", ""],
            ["1", "Tốc độ tăng trưởng GRDP", "%", "6,04", "7,0-7,5", "Sở Kế hoạch và Đầu tư"],
            ["2", "Cơ cấu kinh tế", "%", "", "", "Cục Thống kê tỉnh"],
            ["a", "Nông, lâm nghiệp và thủy sản", "%", "21,2", "20,5", ""],
            ["b", "Công nghiệp - xây dựng", "%", "32,1", "33,0", ""],
            ["", "Trong đó:", "", "", "", ""],
            ["+", "Công nghiệp chế biến, chế tạo", "%", "14,8", "15,5", ""],
            ["c", "Dịch vụ", "%", "40,6", "40,8", ""],
            ["II", "Thu, chi ngân sách", "", "", "", ""],
            ["3", "Thu ngân sách nhà nước trên địa bàn", "tỷ đồng", "2.870", "3.050", "Sở Tài chính"],
            ["-", "Thu nội địa", "tỷ đồng", "2.610", "2.800", ""],
            ["-", "Thu từ hoạt động xuất nhập khẩu", "tỷ đồng", "260", "250", ""],
            ["B", ("CHỈ TIÊU XÃ HỘI", 5)],
            ["4", "Tỷ lệ lao động qua đào tạo", "%", "66,8", "68", "Sở Lao động - Thương binh và Xã hội"],
            ["", "Trong đó: có bằng cấp, chứng chỉ", "%", "28,5", "30", ""],
            ["5", "Tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều", "%", "13,5", "Giảm 3", "Sở Lao động - Thương binh và Xã hội"],
            ["", "Trong đó:", "", "", "", ""],
            ["+", "Các huyện nghèo", "%", "30,2", "Giảm 4-5", ""],
        ],
        6,
    )
    d.add_paragraph("Ghi chú: TH 2023 là số ước thực hiện tại thời điểm xây dựng kế hoạch.")
    d.add_paragraph("TM. ỦY BAN NHÂN DÂN")
    _save_docx(d, "77-yen-bai-chi-tieu-danh-so-hon-hop.docx")


def make_kinds_under_year_docx() -> None:
    """UBND huyện Chư Păh: a year spanning the kinds of its values ("Năm 2024" over Kế hoạch | Ước thực hiện |
    So sánh (%)), beside single columns merged down; group rows in capitals merged across; a dash for no value."""
    d = _new_docx()
    _header_layout_table(d, ["ỦY BAN NHÂN DÂN", "HUYỆN CHƯ PĂH"], "Số: 45/KH-UBND", "Chư Păh, ngày 20 tháng 12 năm 2024")
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Phát triển kinh tế - xã hội năm 2025")
    d.add_paragraph("Biểu số 01: MỘT SỐ CHỈ TIÊU CHỦ YẾU")
    _docx_table(
        d,
        [
            [("STT", 1, "restart"), ("Chỉ tiêu", 1, "restart"), ("ĐVT", 1, "restart"), ("Thực hiện năm 2023", 1, "restart"),
             ("Năm 2024", 3), ("Kế hoạch năm 2025", 1, "restart"), ("Ghi chú", 1, "restart")],
            [("", 1, "continue"), ("", 1, "continue"), ("", 1, "continue"), ("", 1, "continue"), "Kế hoạch",
             "Ước thực hiện", "So sánh (%)", ("", 1, "continue"), ("", 1, "continue")],
            ["A", ("CHỈ TIÊU KINH TẾ", 8)],
            ["1", "Tốc độ tăng giá trị sản xuất", "%", "8,9", "9,5", "9,62", "101,3", "9,5", ""],
            ["", "- Nông, lâm nghiệp, thủy sản", "%", "7,1", "8,53", "8,6", "100,8", "8,0", ""],
            ["", "- Công nghiệp - xây dựng", "%", "10,2", "10,53", "10,6", "100,7", "10,8", ""],
            ["2", "Tổng giá trị sản xuất (giá hiện hành)", "Tỷ đồng", "8.120,5", "8.962,72", "9.010,4", "100,5", "9.850", ""],
            ["3", "Thu ngân sách trên địa bàn", "Tỷ đồng", "52,3", "56", "58,1", "103,8", "60", "Tỉnh giao"],
            ["B", ("CHỈ TIÊU XÃ HỘI", 8)],
            ["4", "Tỷ lệ hộ nghèo", "%", "12,4", "10,4", "10,2", "-", "8,2", ""],
            ["5", "Số xã đạt chuẩn nông thôn mới (lũy kế)", "Xã", "6", "7", "7", "100", "8", ""],
        ],
        9,
    )
    d.add_paragraph("TM. ỦY BAN NHÂN DÂN")
    _save_docx(d, "89-chu-pah-chi-tieu-nam-tren-loai.docx")


def main() -> None:
    make_ministry_indicators()
    make_province_tasks_docx()
    make_province_indicators_xlsx()
    make_province_tasks_xlsx()
    make_government_tasks_docx()
    make_assessment_docx()
    make_estimate_xlsx()
    make_bullet_lines_docx()
    make_split_pages_docx()
    make_progress_xlsx()
    make_leader_column_docx()
    make_ministry_submission_docx()
    make_half_year_xlsx()
    make_district_tasks_docx()
    make_excel_total_xlsx()
    make_mixed_numbering_docx()
    make_kinds_under_year_docx()


if __name__ == "__main__":
    main()
