"""The PDF, OCR, HTML and legacy Office readers: what they hand the table reader, and what a full parse makes of it.

The PDFs are written here with fpdf2 (`pdf_documents.py`): a district's plan whose indicator table runs over a page
break with its header repeated, then a task table, once with every cell ruled and once with no rule at all.
"""

from __future__ import annotations

import io
import stat
import sys
from decimal import Decimal

import pytest

from planwatch.docparse import ParseError, parse_bytes, readers
from planwatch.docparse import html as html_reader
from planwatch.docparse import ocr, pdf
from planwatch.textnorm import fold

from .pdf_documents import INDICATOR_HEADER, INDICATORS, TASK_HEADER, TASKS, make_kinds_under_year_pdf, make_plan_pdf


@pytest.fixture(scope="module")
def ruled() -> bytes:
    return make_plan_pdf(ruled=True)


@pytest.fixture(scope="module")
def unruled() -> bytes:
    return make_plan_pdf(ruled=False)


def texts(grid) -> list[list[str]]:
    return [[c.text for c in row] for row in grid.rows]


def refused(data: bytes, filename: str | None = None) -> ParseError:
    with pytest.raises(ParseError) as info:
        readers.read(data, filename)
    assert info.value.expected  # every refusal says what was expected
    return info.value


# --- PDF with a text layer: the reader ---------------------------------------------------------------


@pytest.mark.parametrize("kind", ["ruled", "unruled"])
def test_pdf_tables_become_one_grid_per_page_with_the_cells_as_written(kind, request):
    doc = readers.read(request.getfixturevalue(kind), "ke-hoach.pdf")
    assert doc.format == "pdf" and not doc.ocr
    indicator_grids = [g for g in doc.grids if texts(g)[0] == INDICATOR_HEADER]
    task_grids = [g for g in doc.grids if texts(g)[0] == TASK_HEADER]
    # The indicator table goes over the page break: one grid a page, each starting with the repeated header.
    assert [g.page for g in indicator_grids] == [1, 2]
    assert task_grids and task_grids[0].page == 2
    rows = [r for g in indicator_grids for r in texts(g)[1:]]
    assert len(rows) == 2 * len(INDICATORS)
    for expected, got in zip(INDICATORS, rows):
        assert got == expected  # wrapped names and agencies joined back with a space
    task_rows = [r for g in task_grids for r in texts(g)[1:]]
    assert task_rows == TASKS


@pytest.mark.parametrize("kind", ["ruled", "unruled"])
def test_pdf_lines_outside_tables_keep_reading_order_and_grids_sit_between_them(kind, request):
    doc = readers.read(request.getfixturevalue(kind), "ke-hoach.pdf")
    lines = doc.lines
    # The issuer beside the motto is read column by column, as Word's layout table is.
    assert lines[:6] == [
        "ỦY BAN NHÂN DÂN",
        "HUYỆN ĐÔNG ANH",
        "Số: 85/KH-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Đông Anh, ngày 15 tháng 3 năm 2024",
    ]
    assert "KẾ HOẠCH" in lines and lines[-1] == "Nguyễn Văn An"
    first = lines.index("I. CÁC CHỈ TIÊU CHỦ YẾU")
    second = lines.index("II. CÁC NHIỆM VỤ TRỌNG TÂM")
    after = [g.after_line for g in doc.grids]
    assert after == sorted(after)
    assert doc.grids[0].after_line == first + 1
    task_grid = next(g for g in doc.grids if texts(g)[0] == TASK_HEADER)
    assert task_grid.after_line == second + 1
    assert not any("Tên chỉ tiêu" in line or "Chi cục Thuế" in line for line in lines)  # table text is in grids only


def test_a_ruled_pdf_reads_merged_cells_as_merged():
    from fpdf import FPDF

    from .pdf_documents import FONTS

    p = FPDF()
    p.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    p.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    p.add_page()
    p.set_font("DejaVu", "", 10)
    with p.table(col_widths=(10, 60, 20, 20, 20, 50), borders_layout="ALL", num_heading_rows=2) as table:
        row = table.row()
        for text in ("TT", "Tên chỉ tiêu", "Đơn vị tính"):
            row.cell(text, rowspan=2)
        row.cell("Chỉ tiêu", colspan=2)
        row.cell("Đơn vị chủ trì", rowspan=2)
        row = table.row()
        row.cell("2024")
        row.cell("2025")
        row = table.row()
        for text in ("1", "Tỷ lệ hộ nghèo", "%", "< 1", "< 0,5"):
            row.cell(text)
        row.cell("Phòng Lao động - Thương binh và Xã hội", rowspan=2)
        row = table.row()
        for text in ("2", "Tỷ lệ lao động qua đào tạo", "%", "70", "75"):
            row.cell(text)
    doc = readers.read(bytes(p.output()), "bang.pdf")
    grid = doc.grids[0]
    assert texts(grid)[0] == ["TT", "Tên chỉ tiêu", "Đơn vị tính", "Chỉ tiêu", "", "Đơn vị chủ trì"]
    assert grid.rows[0][4].spanned
    assert texts(grid)[1][3:5] == ["2024", "2025"]
    assert all(grid.rows[1][c].merged_from_above for c in (0, 1, 2, 5))
    assert grid.rows[3][5].merged_from_above and texts(grid)[3][:5] == ["2", "Tỷ lệ lao động qua đào tạo", "%", "70", "75"]


# --- PDF: the full parse (depends on the table reader too) --------------------------------------------


@pytest.mark.parametrize("kind", ["ruled", "unruled"])
def test_pdf_full_parse_gives_the_indicators_and_tasks(kind, request):
    parsed = parse_bytes(request.getfixturevalue(kind), filename="ke-hoach.pdf")
    assert parsed.document.number == "85/KH-UBND"
    assert str(parsed.document.date) == "2024-03-15"
    assert parsed.document.signer == "Nguyễn Văn An"
    assert len(parsed.indicators) == 2 * len(INDICATORS)
    by_key = {i.key: i for i in parsed.indicators}
    for tt, name, unit, target, lead in INDICATORS:
        indicator = by_key[tt]
        assert (indicator.name, indicator.unit, indicator.lead.text) == (name, unit, lead)
        assert [t.horizon for t in indicator.targets] == ["2024"]
        assert indicator.targets[0].quantity.text == target
    assert by_key["2"].targets[0].quantity.low == Decimal("1250")
    assert (by_key["1"].targets[0].quantity.low, by_key["1"].targets[0].quantity.high) == (Decimal("7.5"), Decimal("8.0"))
    assert by_key["24"].name == "Tỷ lệ thôn, tổ dân phố văn hóa (đợt 2)"  # the row after the page break
    tasks = {t.key: t for t in parsed.tasks}
    assert len(tasks) == len(TASKS)
    for tt, title, lead, deadline in TASKS:
        assert (tasks[tt].title, tasks[tt].lead.text, tasks[tt].deadline.text) == (title, lead, deadline)


# --- OCR ---------------------------------------------------------------------------------------------


def _page_png(data: bytes, index: int = 0) -> bytes:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        image = document[index].render(scale=300 / 72, grayscale=True).to_pil()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _ocr_cells(doc) -> set[str]:
    return {fold(c.text).replace(" ", "") for g in doc.grids for row in g.rows for c in row if c.text}


def _check_ocr_page_one(doc) -> None:
    assert doc.ocr
    assert "Số: 85/KH-UBND" in doc.lines
    assert any(fold(line) == "ke hoach" for line in doc.lines)
    grid = max(doc.grids, key=lambda g: len(g.rows))
    assert grid.confidence is not None and grid.confidence > 0.8
    assert len(grid.rows) >= 14
    cells = _ocr_cells(doc)
    # Recognition may slip on a character or two; the cells are compared on their keys without spaces.
    expected = [r[c] for r in INDICATORS for c in (1, 2, 3, 4)] + [h for h in INDICATOR_HEADER]
    found = [e for e in expected if fold(e).replace(" ", "") in cells]
    assert len(found) >= 0.75 * len(expected), sorted(set(expected) - set(found))
    tt = [row[0].text for row in grid.rows[1:13]]
    assert sum(a == b for a, b in zip(tt, [r[0] for r in INDICATORS])) >= 10


@pytest.fixture(scope="module")
def scan_png(ruled) -> bytes:
    return _page_png(ruled)


@pytest.mark.parametrize("ruled", [True, False])
def test_a_pdf_with_a_year_over_the_kinds_of_its_values_reads_each_kind(ruled):
    # Without rules, `Năm 2024` is a line of its own above the header and `Thực hiện năm 2023`, centred, is wider
    # than the figures below it: both are placed by their middle.
    parsed = parse_bytes(make_kinds_under_year_pdf(ruled=ruled), filename="chu-pah.pdf")
    growth = parsed.indicators[0]
    assert growth.name == "Tốc độ tăng giá trị sản xuất"
    assert [(v.period, v.kind, v.quantity.text) for v in growth.values] == [
        ("2023", "actual", "8,9"), ("2024", "plan", "9,5"), ("2024", "estimate", "9,62"), ("2025", "plan", "9,5")]
    # the comparison column (101,3 %) is not a value of 2024
    assert not any(v.quantity.text == "101,3" for i in parsed.indicators for v in i.values)


def test_an_image_of_a_page_is_read_by_ocr_into_lines_and_a_grid(scan_png):
    doc = readers.read(scan_png, "scan.png")
    assert doc.format == "image"
    _check_ocr_page_one(doc)


def test_a_pdf_page_without_a_text_layer_is_rendered_and_read_by_ocr(scan_png):
    from fpdf import FPDF

    p = FPDF(format="A4")
    p.add_page()
    p.image(io.BytesIO(scan_png), x=0, y=0, w=210, h=297)
    doc = readers.read(bytes(p.output()), "scan.pdf")
    assert doc.format == "pdf" and doc.grids[0].page == 1
    _check_ocr_page_one(doc)


def test_without_tesseract_ocr_is_refused_with_how_to_install(monkeypatch, scan_png):
    monkeypatch.setattr(ocr.shutil, "which", lambda name: None)
    error = refused(scan_png, "scan.png")
    assert "chưa cài" in error.message and "OCR" in error.message
    assert "apt-get install tesseract-ocr tesseract-ocr-vie" in error.expected


def test_a_huge_image_is_refused_before_it_is_decoded():
    from PIL import Image

    out = io.BytesIO()
    Image.new("1", (9000, 7000)).save(out, format="PNG")  # 63 megapixels in a few kilobytes
    assert "quá lớn" in refused(out.getvalue(), "to.png").message


# --- PDF refusals ------------------------------------------------------------------------------------


def test_a_pdf_that_needs_a_password_is_refused(ruled):
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(ruled)))
    writer.encrypt(user_password="matkhau", owner_password="chu")
    out = io.BytesIO()
    writer.write(out)
    assert "mật khẩu" in refused(out.getvalue(), "x.pdf").message


def test_a_pdf_whose_owner_only_restricts_copying_is_read(ruled):
    from pypdf import PdfReader, PdfWriter
    from pypdf.constants import UserAccessPermissions

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(ruled)))
    writer.encrypt(user_password="", owner_password="chu", permissions_flag=UserAccessPermissions.PRINT)
    out = io.BytesIO()
    writer.write(out)
    assert "Số: 85/KH-UBND" in readers.read(out.getvalue(), "x.pdf").lines


@pytest.mark.parametrize("cut", [200, 3000, -400])
def test_a_damaged_pdf_is_refused(ruled, cut):
    data = ruled[:cut] if cut > 0 else ruled[:cut] + b"\x00garbage"
    try:
        doc = readers.read(data, "x.pdf")
    except ParseError as error:
        assert "PDF" in error.message and error.expected
    else:  # a PDF cut only in its trailer is still readable, as in viewers
        assert doc.lines


def test_a_pdf_with_no_page_is_refused():
    data = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF"
    )
    assert "không có trang" in refused(data, "x.pdf").message


def _blank_pdf(pages: int = 1) -> bytes:
    from fpdf import FPDF

    p = FPDF()
    for _ in range(pages):
        p.add_page()
    return bytes(p.output())


def test_a_pdf_of_blank_pages_has_nothing_to_read():
    assert "không có chữ" in refused(_blank_pdf(), "x.pdf").message


def test_a_pdf_with_only_javascript_is_refused_as_such():
    from pypdf import PdfReader, PdfWriter

    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_blank_pdf())))
    action = DictionaryObject(
        {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject("app.alert('Ke hoach');")}
    )
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    out = io.BytesIO()
    writer.write(out)
    assert "JavaScript" in refused(out.getvalue(), "x.pdf").message


def test_a_pdf_with_too_many_pages_is_refused(monkeypatch):
    monkeypatch.setattr(pdf, "MAX_PAGES", 2)
    assert "quá nhiều trang" in refused(_blank_pdf(3), "x.pdf").message


# --- HTML ----------------------------------------------------------------------------------------------

SAVED_PAGE = """<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>Kế hoạch 40/KH-UBND</title>
<style>td { border: 1px solid }</style><script>var s = "<table><tr><td>x</td></tr></table>";</script></head>
<body>
<nav><ul><li><a href="/">Trang chủ</a></li><li><a href="/vb">Văn bản</a></li></ul></nav>
<div class="content">
<table class="layout"><tr>
  <td>ỦY BAN NHÂN DÂN<br>HUYỆN SÓC SƠN<p>Số: 40/KH-UBND</p></td>
  <td>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br>Độc lập - Tự do - Hạnh phúc</td></tr>
<tr><td></td><td><i>Sóc Sơn, ngày 2 tháng 2 năm 2024</i></td></tr></table>
<p align="center"><b>KẾ HOẠCH</b><br>Thực hiện các chỉ tiêu năm 2024 và 2025
<p>Căn cứ Nghị quyết của Hội đồng nhân dân huyện, Ủy ban nhân dân huyện ban hành kế hoạch như sau:
<table border="1">
<caption>Bảng 1. Các chỉ tiêu</caption>
<thead><tr><th rowspan="2">TT<th rowspan="2">Tên chỉ tiêu<th rowspan="2">Đơn vị tính<th colspan="2">Chỉ tiêu<th rowspan="2">Đơn vị chủ trì
<tr><th>Năm 2024<th>Năm 2025</thead>
<tbody>
<tr><td>1<td>Tỷ lệ hộ nghèo<td>%<td>&lt; 1<td>&lt; 0,5<td rowspan="2">Phòng Lao động -<br>Thương binh và Xã hội</tr>
<tr><td>2<td>Tỷ lệ lao động qua đào tạo<td>%<td>70<td>75</tr>
<tr><td>3<td><p>Thu ngân sách</p><p>trên địa bàn</p><td>Tỷ đồng<td>1.250<td>1.300<td>Chi cục Thuế</div></tr>
</tbody></table>
<table><tr><td>
  <table border="1"><tr><th>TT</th><th>Nhiệm vụ</th><th>Đơn vị chủ trì</th><th>Thời hạn</th></tr>
  <tr><td>1</td><td>Rà soát hộ nghèo</td><td>Phòng Lao động - Thương binh và Xã hội</td><td>Quý IV/2024</td></tr></table>
</td></tr></table>
<p>TM. ỦY BAN NHÂN DÂN</p>
</div><footer>© Cổng thông tin</footer></body></html>
"""


def test_a_saved_page_gives_lines_outside_tables_and_data_tables_as_grids():
    doc = readers.read(SAVED_PAGE.encode("utf-8"), "ke-hoach.html")
    assert doc.format == "html"
    assert doc.lines[:6] == [  # the layout table read cell by cell; nav, head and script dropped
        "ỦY BAN NHÂN DÂN",
        "HUYỆN SÓC SƠN",
        "Số: 40/KH-UBND",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Sóc Sơn, ngày 2 tháng 2 năm 2024",
    ]
    assert not any("Trang chủ" in line or "var s" in line for line in doc.lines)
    assert "Bảng 1. Các chỉ tiêu" in doc.lines
    assert len(doc.grids) == 2
    indicators, tasks = doc.grids
    assert doc.lines[indicators.after_line - 1] == "Bảng 1. Các chỉ tiêu"
    assert texts(indicators) == [
        ["TT", "Tên chỉ tiêu", "Đơn vị tính", "Chỉ tiêu", "", "Đơn vị chủ trì"],
        ["", "", "", "Năm 2024", "Năm 2025", ""],
        ["1", "Tỷ lệ hộ nghèo", "%", "< 1", "< 0,5", "Phòng Lao động -\nThương binh và Xã hội"],
        ["2", "Tỷ lệ lao động qua đào tạo", "%", "70", "75", ""],
        ["3", "Thu ngân sách\ntrên địa bàn", "Tỷ đồng", "1.250", "1.300", "Chi cục Thuế"],
    ]
    assert indicators.rows[0][4].spanned and not indicators.rows[0][4].merged_from_above
    assert [c.merged_from_above for c in indicators.rows[1]] == [True, True, True, False, False, True]
    assert indicators.rows[3][5].merged_from_above
    # The data table nested in a layout table is a grid; the layout table around it is not.
    assert texts(tasks)[1] == ["1", "Rà soát hộ nghèo", "Phòng Lao động - Thương binh và Xã hội", "Quý IV/2024"]
    assert doc.lines[-1] == "© Cổng thông tin"


def test_a_saved_page_parses_into_indicators_and_tasks():
    parsed = parse_bytes(SAVED_PAGE.encode("utf-8"), filename="ke-hoach.html")
    assert parsed.document.number == "40/KH-UBND"
    assert str(parsed.document.date) == "2024-02-02"
    by_key = {i.key: i for i in parsed.indicators}
    assert [t.horizon for t in by_key["1"].targets] == ["2024", "2025"]
    assert by_key["2"].lead.text == by_key["1"].lead.text  # the rowspan lead continues
    assert by_key["3"].unit == "Tỷ đồng" and by_key["3"].targets[1].quantity.low == Decimal("1300")
    assert [(t.key, t.lead.text, t.deadline.text) for t in parsed.tasks] == [
        ("1", "Phòng Lao động - Thương binh và Xã hội", "Quý IV/2024")
    ]


def test_a_page_is_html_by_its_first_bytes_without_a_filename():
    doc = readers.read(("\ufeff  <!doctype HTML>" + SAVED_PAGE.split("\n", 1)[1]).encode("utf-8"))
    assert doc.format == "html" and len(doc.grids) == 2


TEXT_WITH_TABLE = """Số: 12/KH-UBND
KẾ HOẠCH
Triển khai các nhiệm vụ trọng tâm năm 2024

Bảng 1: <table><tr><td>TT</td><td>Nội dung nhiệm vụ</td><td>Đơn vị chủ trì</td><td>Thời hạn hoàn thành</td></tr>
<tr><td>1</td><td>Xây dựng kế hoạch<br>đầu tư công</td><td>Phòng Kinh tế</td><td>Quý II/2024</td></tr>
<tr><td>2</td><td>Rà soát hộ nghèo</td><td>Phòng Lao động - Thương binh và Xã hội</td><td>Quý IV/2024</td></tr></table>
Nơi nhận:
- Như trên;
"""


def test_a_table_in_a_text_file_becomes_a_grid_between_its_lines():
    lines, grids = html_reader.split_html_tables(TEXT_WITH_TABLE)
    assert lines == [
        "Số: 12/KH-UBND",
        "KẾ HOẠCH",
        "Triển khai các nhiệm vụ trọng tâm năm 2024",
        "",
        "Bảng 1:",
        "Nơi nhận:",
        "- Như trên;",
        "",
    ]
    assert len(grids) == 1 and grids[0].after_line == 5
    assert texts(grids[0])[1] == ["1", "Xây dựng kế hoạch\nđầu tư công", "Phòng Kinh tế", "Quý II/2024"]
    doc = readers.read(TEXT_WITH_TABLE.encode("utf-8"), "ke-hoach.md")
    assert doc.format == "text" and doc.lines == lines and texts(doc.grids[0]) == texts(grids[0])


def test_text_without_table_markup_is_read_as_before():
    doc = readers.read("KẾ HOẠCH\nTT\tNội dung\n1\tA <b>đậm</b>\n".encode("utf-8"))
    assert doc.grids == [] and doc.lines == ["KẾ HOẠCH", "TT\tNội dung", "1\tA <b>đậm</b>", ""]


def test_text_with_a_table_parses_into_tasks():
    parsed = parse_bytes(TEXT_WITH_TABLE.encode("utf-8"), filename="ke-hoach.md")
    assert [(t.key, t.lead.text, t.deadline.text) for t in parsed.tasks] == [
        ("1", "Phòng Kinh tế", "Quý II/2024"),
        ("2", "Phòng Lao động - Thương binh và Xã hội", "Quý IV/2024"),
    ]


def test_html_tables_over_the_size_limits_are_refused():
    wide = "<table>" + ("<tr>" + "<td>x</td>" * 201 + "</tr>") * 2 + "</table>"
    assert "quá nhiều cột" in refused(("<html><body>" + wide).encode(), "a.html").message
    spans = "<table>" + "<tr><td colspan=1000>a</td><td>b</td><td>c</td></tr>" * 3 + "</table>"
    assert "quá nhiều cột" in refused(("<html>" + spans).encode(), "a.html").message


def test_an_html_rowspan_is_clipped_at_the_last_row_and_cells_are_bounded(monkeypatch):
    doc = readers.read(
        "<html><table><tr><td rowspan=65000>TT</td><td>Nội dung</td><td>Đơn vị chủ trì</td></tr>"
        "<tr><td>Việc</td><td>Sở</td></tr></table>".encode(),
        "a.html",
    )
    assert len(doc.grids[0].rows) == 2 and doc.grids[0].rows[1][0].merged_from_above
    monkeypatch.setattr(html_reader, "MAX_CELLS", 10)
    row = "<tr>" + "<td>ô</td>" * 4 + "</tr>"
    assert "quá nhiều ô" in refused(("<html><table>" + row * 3 + "</table>").encode(), "a.html").message


def test_deeply_nested_html_does_not_overflow():
    page = "<html><body>" + "<div>" * 5000 + "Kế hoạch thực hiện nhiệm vụ của thành phố" + "</div>" * 5000
    doc = readers.read(page.encode(), "a.html")
    assert doc.lines == ["Kế hoạch thực hiện nhiệm vụ của thành phố"]


# --- legacy .doc / .xls -----------------------------------------------------------------------------------

OLD_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "WordDocument".encode("utf-16-le") + b"\x00" * 200
OLD_XLS = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "Workbook".encode("utf-16-le") + b"\x00" * 200


def test_without_libreoffice_an_old_doc_says_how_to_save_it_as_docx(monkeypatch):
    monkeypatch.setattr(readers, "office_converter", lambda: None)
    error = refused(OLD_DOC, "ke-hoach.doc")
    assert ".doc" in error.message
    assert "Mở tệp bằng Word, chọn Tệp → Lưu thành → Word Document (*.docx)" in error.expected
    error = refused(OLD_XLS, "chi-tieu.xls")
    assert "Excel Workbook (*.xlsx)" in error.expected


FAKE_SOFFICE = """\
#!{python}
# Stands in for LibreOffice: `--convert-to docx --outdir DIR FILE` writes DIR/<name>.docx, a real Word document.
import os, sys
args = sys.argv[1:]
assert "--headless" in args and any(a.startswith("-env:UserInstallation=") for a in args)
target = args[args.index("--convert-to") + 1]
outdir = args[args.index("--outdir") + 1]
source = args[-1]
assert target == "docx" and open(source, "rb").read(4) == bytes.fromhex("d0cf11e0")
import docx
d = docx.Document()
d.add_paragraph("Số: 7/KH-UBND")
d.add_paragraph("KẾ HOẠCH")
d.add_paragraph("Triển khai nhiệm vụ năm 2024 của thành phố")
t = d.add_table(rows=2, cols=4)
for cell, text in zip(t.rows[0].cells, ["TT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Thời hạn hoàn thành"]):
    cell.text = text
for cell, text in zip(t.rows[1].cells, ["1", "Rà soát hộ nghèo", "Phòng Kinh tế", "Quý IV/2024"]):
    cell.text = text
os.makedirs(outdir, exist_ok=True)
d.save(os.path.join(outdir, os.path.splitext(os.path.basename(source))[0] + ".docx"))
"""


def test_an_old_doc_is_converted_by_libreoffice_and_read(monkeypatch, tmp_path):
    script = tmp_path / "soffice"
    script.write_text(FAKE_SOFFICE.format(python=sys.executable), encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(readers.shutil, "which", lambda name: str(script) if name == "soffice" else None)
    doc = readers.read(OLD_DOC, "ke-hoach.doc")
    assert doc.format == "docx" and doc.filename == "ke-hoach.doc"
    assert doc.lines[:2] == ["Số: 7/KH-UBND", "KẾ HOẠCH"]
    assert texts(doc.grids[0])[1] == ["1", "Rà soát hộ nghèo", "Phòng Kinh tế", "Quý IV/2024"]
    parsed = parse_bytes(OLD_DOC, filename="ke-hoach.doc")
    assert [(t.key, t.lead.text) for t in parsed.tasks] == [("1", "Phòng Kinh tế")]


def test_a_converter_that_fails_is_a_parse_error(monkeypatch, tmp_path):
    script = tmp_path / "soffice"
    script.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(readers, "office_converter", lambda: str(script))
    error = refused(OLD_DOC, "ke-hoach.doc")
    assert "Không chuyển được" in error.message and "Word Document (*.docx)" in error.expected


def test_an_ole_file_that_is_neither_word_nor_excel_is_refused():
    assert "định dạng cũ" in refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600).message



def test_pdf_table_over_a_page_break_is_one_table(ruled):
    parsed = parse_bytes(ruled, filename="ke-hoach.pdf")
    assert [(t.kind, len(t.rows)) for t in parsed.tables] == [("indicators", 2 * len(INDICATORS)), ("tasks", len(TASKS))]


@pytest.mark.parametrize("kind", ["ruled", "unruled"])
def test_pdf_table_over_a_page_break_is_one_table(kind, request):
    parsed = parse_bytes(request.getfixturevalue(kind), filename="ke-hoach.pdf")
    assert [(t.kind, len(t.rows)) for t in parsed.tables] == [("indicators", 2 * len(INDICATORS)), ("tasks", len(TASKS))]
