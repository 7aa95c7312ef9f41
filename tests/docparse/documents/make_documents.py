"""Writes the project's own test documents (run: `python tests/docparse/documents/make_documents.py`).

Every document here is invented for the tests, in the layouts and wordings plans really use, by issuers other than
Hanoi's People's Committee: a ministry (DOCX with merged cells, a two-row header, a row split over pages), a province
(XLSX with merged ranges, real numbers, a percentage format), a provincial department (flattened `|` text), a district
(tab-separated text with repeated headers), a one-cell-per-line text in three encodings, and bad input. The
generated files are committed; the tests read them and state by hand what each one says.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
BAD = HERE / "bad"


# --- DOCX helpers ---------------------------------------------------------------------------------------------


def _docx_table(document, rows: list[list], widths: int):
    """rows: lists of cell specs: "text", ("text", span), ("text", span, "restart"|"continue"), None (empty)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table = document.add_table(rows=0, cols=widths)
    table.style = document.styles["Table Grid"]
    for spec_row in rows:
        row = table.add_row()
        tr = row._tr
        # Rebuild the row's cells from the specs (python-docx's merge API cannot write a bare vMerge continue).
        for tc in list(tr.iterchildren(qn("w:tc"))):
            tr.remove(tc)
        for spec in spec_row:
            text, span, vmerge = "", 1, None
            if isinstance(spec, tuple):
                text = spec[0]
                span = spec[1] if len(spec) > 1 else 1
                vmerge = spec[2] if len(spec) > 2 else None
            elif spec is not None:
                text = spec
            tc = OxmlElement("w:tc")
            tc_pr = OxmlElement("w:tcPr")
            if span > 1:
                gs = OxmlElement("w:gridSpan")
                gs.set(qn("w:val"), str(span))
                tc_pr.append(gs)
            if vmerge:
                vm = OxmlElement("w:vMerge")
                if vmerge == "restart":
                    vm.set(qn("w:val"), "restart")
                tc_pr.append(vm)
            tc.append(tc_pr)
            for para in (text.split("\n") if text else [""]):
                p = OxmlElement("w:p")
                r = OxmlElement("w:r")
                t = OxmlElement("w:t")
                t.text = para
                t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
                r.append(t)
                p.append(r)
                tc.append(p)
            tr.append(tc)
    return table


def make_ministry_docx() -> None:
    """A ministry's plan: a layout table for the header, an indicator table with a two-row header, group rows
    spanning the table, a lead cell merged over rows (vMerge), units in names, two target columns and an
    assessment column; then a task table whose row 2 is split over two pages (header repeated, continuation row)."""
    import docx

    d = docx.Document()
    _docx_table(
        d,
        [
            ["BỘ XÂY DỰNG", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"],
            ["Số: 125/KH-BXD", "Hà Nội, ngày 15 tháng 3 năm 2024"],
        ],
        2,
    )
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Thực hiện Chương trình phát triển đô thị quốc gia giai đoạn 2024-2025")
    d.add_paragraph(
        "Thực hiện Nghị quyết số 06-NQ/TW ngày 24/01/2022 của Bộ Chính trị về quy hoạch, xây dựng, quản lý và phát "
        "triển bền vững đô thị Việt Nam, Bộ Xây dựng ban hành Kế hoạch như sau:"
    )
    d.add_paragraph("I. CÁC CHỈ TIÊU CHỦ YẾU")
    _docx_table(
        d,
        [
            [("STT", 1, "restart"), ("Tên chỉ tiêu", 1, "restart"), ("Thực hiện", 2), ("Mục tiêu", 2),
             ("Đơn vị chủ trì", 1, "restart"), ("Đánh giá", 1, "restart")],
            [("", 1, "continue"), ("", 1, "continue"), "2022", "2023", "2024", "2025", ("", 1, "continue"), ("", 1, "continue")],
            ["I", ("CHỈ TIÊU PHÁT TRIỂN ĐÔ THỊ", 7)],
            ["1", "Tỷ lệ đô thị hóa toàn quốc (%)", "41,5", "42,6", "43-44", "45", ("Cục Phát triển đô thị", 1, "restart"), "Đạt"],
            ["2", "Số đô thị loại I trở lên", "22", "23", "24", "≥ 25", ("", 1, "continue"), "Vượt"],
            ["3", "Vốn đầu tư phát triển hạ tầng đô thị (nghìn tỷ đồng)", "1.250,5", "1.310", "1.400", "1.500",
             "Vụ Kế hoạch - Tài chính", "Không đạt"],
            ["II", ("CHỈ TIÊU NHÀ Ở", 7)],
            ["4", "Diện tích nhà ở bình quân (m2 sàn/người)", "25,5", "26,1", "26,5", "27",
             ("Cục Quản lý nhà và thị trường bất động sản", 1, "restart"), "Đạt"],
            ["-", "Khu vực đô thị", "30,1", "30,8", "31", "32", ("", 1, "continue"), ""],
            ["-", "Khu vực nông thôn", "-", "24,2", "Trên 24,5", "25", ("", 1, "continue"), ""],
        ],
        8,
    )
    d.add_paragraph("II. NHIỆM VỤ TRỌNG TÂM")
    header = ["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Ghi chú"]
    _docx_table(
        d,
        [
            header,
            ["1", "Xây dựng Đề án phát triển đô thị thông minh\n(trình Bộ trưởng phê duyệt)", "Cục Phát triển đô thị",
             "Các Cục, Vụ liên quan", "Quý III/2024", ""],
            ["2", "Rà soát, sửa đổi Nghị định về quản lý đầu tư phát triển đô thị, trình Chính phủ trong",
             "Vụ Pháp chế", "Cục Phát triển đô thị;", "Tháng 10/2024", ""],
            header,  # the next page repeats the header
            ["", "năm 2024", "", "Vụ Kế hoạch - Tài chính", "", ""],
            ["3", "Tổng kết 5 năm thực hiện Chương trình", "Vụ Kế hoạch - Tài chính", "", "Trước 15/12/2025",
             "Báo cáo số 10/BC-BXD ngày 5/1/2024"],
        ],
        6,
    )
    d.add_paragraph("Nơi nhận:")
    d.add_paragraph("- Như trên;")
    d.add_paragraph("KT. BỘ TRƯỞNG")
    d.add_paragraph("THỨ TRƯỞNG")
    d.add_paragraph("Nguyễn Văn Sinh")
    d.save(HERE / "bo-xay-dung-ke-hoach.docx")


def make_province_xlsx() -> None:
    """A province's indicator and task sheets: merged title and group rows, a lead merged over two rows, numbers
    stored as numbers (one a float that is not exact in binary), a percentage format, a date cell."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Chỉ tiêu"
    ws.append(["ỦY BAN NHÂN DÂN TỈNH BẮC NINH"])
    ws.merge_cells("A1:C1")
    ws.append(["Bắc Ninh, ngày 20 tháng 12 năm 2024"])
    ws.append(["KẾ HOẠCH PHÁT TRIỂN KINH TẾ - XÃ HỘI NĂM 2025"])
    ws.merge_cells("A3:H3")
    ws.append(["STT", "Chỉ tiêu", "ĐVT", "Ước TH 2024", "KH 2025", "Cơ quan chủ trì", "Lãnh đạo phụ trách", "Ghi chú"])
    ws.append(["A", "KINH TẾ"])
    ws.merge_cells("B5:H5")
    ws.append([1, "Tốc độ tăng trưởng GRDP", "%", 6.02, 7.5, "Sở Kế hoạch và Đầu tư", "PCT Nguyễn Văn An", None])
    ws.append([2, "GRDP bình quân đầu người", "Triệu đồng", 0.1 + 0.2 + 161.9, "1.250-1.300", None, None, None])
    ws.merge_cells("F6:F7")
    ws.append([3, "Tỷ lệ lao động qua đào tạo", "%", 0.785, "≥ 80", "Sở Lao động - Thương binh và Xã hội",
               "PCT Trần Thị Bình", None])
    ws["D8"].number_format = "0.0%"
    ws.append(["B", "XÃ HỘI"])
    ws.merge_cells("B9:H9")
    ws.append([4, "Số giường bệnh/vạn dân", "giường", 32, 33, "Sở Y tế", None, "=1+1 không phải công thức"])
    tasks = wb.create_sheet("Nhiệm vụ")
    tasks.append(["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn"])
    tasks.append(["I", "Phát triển kinh tế"])
    tasks.merge_cells("B2:E2")
    tasks.append([1, "Thu hút đầu tư vào các khu công nghiệp", "Ban Quản lý các KCN", "Sở Kế hoạch và Đầu tư", "Hàng quý"])
    tasks.append([2, "Hoàn thành quy hoạch tỉnh", "Sở Kế hoạch và Đầu tư", "Các sở, ngành", datetime(2025, 6, 30)])
    # A literal text cell that starts with `=` must stay text (openpyxl would otherwise write a formula).
    ws["H10"].data_type = "s"
    wb.save(HERE / "tinh-bac-ninh-chi-tieu.xlsx")


PIPE_TEXT = """SỞ Y TẾ TỈNH NGHỆ AN
|
Số: 45/KH-SYT
|
Nghệ An, ngày 2 tháng 2 năm 2024
|
KẾ HOẠCH
Thực hiện các chỉ tiêu y tế năm 2024
Căn cứ Quyết định số 1234/QĐ-UBND ngày 10/12/2023 của UBND tỉnh, Sở Y tế ban hành kế hoạch như sau:
PHỤ LỤC
STT
|
Nội
dung
|
Đơn vị
tính
|
Kế hoạch
2024
|
Đơn vị
thực hiện
|
1
|
Số bác sĩ/vạn dân
|
bác sĩ
|
12,5
|
Phòng Tổ chức
cán bộ
|
2
|
Số giường bệnh/vạn dân
|
giường
|
35
|
3
|
Tỷ lệ trạm y tế xã có bác sĩ làm việc
|
%
|
> 95
|
Phòng Nghiệp
vụ Y
|
|
- Trong đó: vùng miền núi
|
%
|
90
|
|
Nơi nhận:
- Như trên;
KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC
Lê Thị Hoa
"""

TAB_HEADER = "TT\tNội dung chỉ tiêu\tĐVT\tKết quả 2023\tMục tiêu 2025\tĐơn vị thực hiện\tKết quả đánh giá"
TAB_TEXT = (
    "ỦY BAN NHÂN DÂN\nQUẬN CẦU GIẤY\n\nSố: 88/KH-UBND\n\nCầu Giấy, ngày 5 tháng 1 năm 2024\n\nKẾ HOẠCH\n\n"
    "Thực hiện các chỉ tiêu kinh tế - xã hội giai đoạn 2024-2025\n\n"
    "Phụ lục: Các chỉ tiêu\n\n"
    + TAB_HEADER
    + "\n"
    + "I\tKinh tế\t\t\t\t\t\n"
    + "1\tThu ngân sách trên địa bàn (Tỷ đồng)\t\t9.850\t10.500-11.000\tChi cục Thuế quận\tĐạt\n"
    + "2\tSố doanh nghiệp thành lập mới\tdoanh nghiệp\t1.216\t1.300\tPhòng Kinh tế\tVượt\n"
    + "\n"
    + TAB_HEADER
    + "\n"
    + "\tnăm\t\t\t\t\t\n"
    + "II\tXã hội\t\t\t\t\t\n"
    + "3\tTỷ lệ trường đạt chuẩn quốc gia\t%\t92,5\t100\tPhòng Giáo dục và Đào tạo\tKhông đạt\n"
    + "\n"
    + "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Văn Hòa"
)

BLOCKS_TEXT = """ỦY BAN NHÂN DÂN
HUYỆN GIA LÂM

Số: 12/KH-UBND

Gia Lâm, ngày 9 tháng 1 năm 2024

KẾ HOẠCH

Phát triển nông nghiệp năm 2024

TT
Tên chỉ tiêu
Đơn vị tính
Chỉ tiêu đến năm 2025
Cơ quan chủ trì

1
Tỷ lệ xã đạt chuẩn nông thôn mới nâng cao
%
60
Phòng Kinh tế

2
Giá trị sản xuất nông nghiệp (Tỷ đồng)
3.500
Phòng Kinh tế

3
Số sản phẩm OCOP được công nhận
sản phẩm
Từ 120 trở lên
Phòng Kinh tế

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Lê Anh Quân
"""


def to_cp1258(text: str) -> bytes:
    """Windows-1258 writes the base letter (with circumflex, breve or horn) and the tone mark as two characters."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = bytearray()
    for ch in text:
        decomposed = unicodedata.normalize("NFD", ch)
        base = "".join(c for c in decomposed if c not in tones)
        tone = "".join(c for c in decomposed if c in tones)
        out += unicodedata.normalize("NFC", base).encode("cp1258") + tone.encode("cp1258")
    return bytes(out)


def make_texts() -> None:
    (HERE / "so-y-te-pipe.txt").write_text(PIPE_TEXT, encoding="utf-8")
    (HERE / "quan-cau-giay-tab.txt").write_text(TAB_TEXT, encoding="utf-8")
    (HERE / "huyen-gia-lam-blocks.txt").write_text(BLOCKS_TEXT, encoding="utf-8")
    (HERE / "huyen-gia-lam-blocks.utf16le-bom.txt").write_bytes(b"\xff\xfe" + BLOCKS_TEXT.encode("utf-16-le"))
    (HERE / "huyen-gia-lam-blocks.utf16be.txt").write_bytes(BLOCKS_TEXT.encode("utf-16-be"))
    (HERE / "huyen-gia-lam-blocks.cp1258.txt").write_bytes(to_cp1258(BLOCKS_TEXT.replace("\n", "\r\n")))
    (HERE / "huyen-gia-lam-blocks.utf8-bom.txt").write_bytes(b"\xef\xbb\xbf" + BLOCKS_TEXT.encode("utf-8"))


# --- bad input ------------------------------------------------------------------------------------------------


def _minimal_docx(document_xml: bytes, *, pad: bytes | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>",
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>",
        )
        z.writestr("word/document.xml", document_xml)
        if pad is not None:
            z.writestr("word/media/padding.bin", pad)
    return buf.getvalue()


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>
"""


def make_bad() -> None:
    BAD.mkdir(exist_ok=True)
    (BAD / "empty.txt").write_bytes(b"")
    (BAD / "blank.txt").write_bytes(b"   \n\n \t \n")
    (BAD / "binary.bin").write_bytes(bytes(range(256)) * 8)
    (BAD / "english.txt").write_text(
        "ACTION PLAN\nImplementing the socio-economic development programme 2021-2025\n"
        "1. The Department of Planning and Investment shall coordinate with the relevant agencies to monitor the "
        "indicators and report quarterly to the People's Committee.\n2. Targets: GRDP growth of 7.5-8.0 per cent.\n",
        encoding="utf-8",
    )
    (BAD / "french.txt").write_text(
        "PLAN D'ACTION\nMise en œuvre du programme de développement économique et social 2021-2025\n"
        "Le département de la planification coordonne avec les agences concernées le suivi des indicateurs et "
        "rend compte chaque trimestre au comité populaire. Objectif : une croissance de 7,5 à 8,0 pour cent.\n",
        encoding="utf-8",
    )
    (BAD / "xml-bomb.docx").write_bytes(_minimal_docx(BILLION_LAUGHS))
    body = (
        b'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        + b"<w:p><w:r><w:t>" + b" " * (60 * 1024 * 1024) + b"</w:t></w:r></w:p></w:body></w:document>"
    )
    (BAD / "zip-bomb.docx").write_bytes(_minimal_docx(body))
    (BAD / "not-office.zip").write_bytes(_zip_of({"readme.txt": "Kế hoạch".encode("utf-8")}))
    make_no_header_docx()


def _zip_of(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in files.items():
            z.writestr(name, content)
    return buf.getvalue()


def make_no_header_docx() -> None:
    """A table whose first row is data, not a header the parser knows."""
    import docx

    d = docx.Document()
    d.add_paragraph("Bảng số liệu tham khảo của thành phố")
    _docx_table(
        d,
        [
            ["Hà Nội", "8.300", "Sở Kế hoạch và Đầu tư"],
            ["Hải Phòng", "7.100", "Sở Tài chính"],
            ["Đà Nẵng", "6.900", "Sở Xây dựng"],
        ],
        3,
    )
    d.save(BAD / "no-header.docx")


def main() -> None:
    make_ministry_docx()
    make_province_xlsx()
    make_texts()
    make_bad()


if __name__ == "__main__":
    main()
