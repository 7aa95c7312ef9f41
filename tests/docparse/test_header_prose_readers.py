"""The document header, tasks and candidate indicators in prose, and the readers' decoding."""

import unicodedata
from datetime import date
from decimal import Decimal

import pytest

from planwatch.docparse import parse_bytes, to_format
from planwatch.docparse.header import parse_header, recase, slug
from planwatch.docparse.prose import candidate_indicators, lead_line
from planwatch.docparse.readers import decode

from .documents.make_documents import to_cp1258


def header(text: str):
    return parse_header(text.split("\n"))


def test_number_kind_issuer_date_signer_and_title():
    info = header(
        "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI\n-------\n|\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n|\nSố: 183/KH-UBND\n|\n"
        "Hà Nội, ngày 10 tháng 8 năm 2021\n|\nKẾ HOẠCH\nTRIỂN KHAI THỰC HIỆN NGHỊ QUYẾT SỐ 50/NQ-CP NGÀY 20/5/2021 CỦA CHÍNH PHỦ\n"
        "Để thực hiện Nghị quyết số 50/NQ-CP ngày 20/5/2021 của Chính phủ, UBND Thành phố ban hành Kế hoạch.\n"
        "TM. ỦY BAN NHÂN\nDÂN\nCHỦ TỊCH\nChu Ngọc Anh"
    )
    assert (info.number, info.id, info.kind) == ("183/KH-UBND", "183-kh-ubnd", "plan")
    assert info.issuer == "UBND Thành phố Hà Nội"
    assert info.date == date(2021, 8, 10)
    assert (info.signer, info.signer_title) == ("Chu Ngọc Anh", "Chủ tịch")
    assert info.title == "Kế hoạch triển khai thực hiện Nghị quyết số 50/NQ-CP ngày 20/5/2021 của Chính phủ"
    assert info.implements == ["50/NQ-CP"]


def test_a_draft_has_no_number_and_a_year_only_date():
    info = header("Số /KH-UBND\n\nHà Nội, ngày tháng năm 2024\n\nKẾ HOẠCH\n\nThực hiện các chỉ tiêu")
    assert (info.number, info.id, info.date, info.year, info.kind) == (None, None, None, 2024, "plan")


def test_the_metadata_block_of_a_legal_site():
    info = header(
        "Kế hoạch 140/KH-UBND năm 2023\n\nSố hiệu 140/KH-UBND\nNgày ban hành 09/05/2023\nLoại văn bản Kế hoạch\n"
        "Người ký Trần Sỹ Thanh\n"
    )
    assert (info.number, info.date, info.signer, info.kind) == ("140/KH-UBND", date(2023, 5, 9), "Trần Sỹ Thanh", "plan")


def test_a_deputy_signs_on_behalf():
    info = header("KẾ HOẠCH\nThông tin, tuyên truyền\n\nK/T TRƯỞNG BAN\nPHÓ TRƯỞNG BAN\n\nNgô Mỹ Linh")
    assert (info.signer, info.signer_title) == ("Ngô Mỹ Linh", "Phó Trưởng ban (K/T Trưởng ban)")


def test_only_the_documents_implemented_at_the_top_level():
    info = header(
        "KẾ HOẠCH\nTRIỂN KHAI THỰC HIỆN CHƯƠNG TRÌNH SỐ 23-CTR/TU CỦA THÀNH ỦY THỰC HIỆN NGHỊ QUYẾT SỐ 30-NQ/TW\n"
        "Triển khai thực hiện Chương trình số 23-CTr/TU của Thành ủy thực hiện Nghị quyết số 30-NQ/TW."
    )
    assert info.implements == ["23-CTr/TU"]


def test_an_upper_case_title_is_recased_from_the_body():
    body = "Theo chỉ đạo của Thành ủy Hà Nội về phát triển kinh tế, Chương trình của Thành ủy nêu rõ."
    assert recase("CHƯƠNG TRÌNH CỦA THÀNH ỦY HÀ NỘI VỀ PHÁT TRIỂN KINH TẾ", body) == (
        "Chương trình của Thành ủy Hà Nội về phát triển kinh tế"
    )


def test_slugs():
    assert slug("183/KH-UBND") == "183-kh-ubnd"
    assert slug("14-CTr/TU") == "14-ctr-tu"
    assert slug("21/2019/NĐ-CP") == "21-2019-nd-cp"


def test_a_news_article():
    parsed = parse_bytes(
        "Đẩy mạnh phát triển đô thị Hà Nội\nThành phố xác định các nhiệm vụ trọng tâm của giai đoạn mới.\n"
        "Tin liên quan\nCùng chuyên mục\n".encode("utf-8")
    )
    assert (parsed.document.kind, parsed.document.title) == ("article", "Đẩy mạnh phát triển đô thị Hà Nội")


# --- prose -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line, lead, coord",
    [
        ("Sở Tư pháp chủ trì phối hợp với các cơ quan liên quan:", "Sở Tư pháp", "các cơ quan liên quan"),
        ("Viện Nghiên cứu chủ trì, phối hợp với Sở Kế hoạch và Đầu tư:", "Viện Nghiên cứu", "Sở Kế hoạch và Đầu tư"),
        ("Giao Sở Y tế chủ trì, phối hợp chặt chẽ với Sở Tài chính thực hiện:", "Sở Y tế", "Sở Tài chính"),
        ("Các sở, ban, ngành và UBND quận, huyện, thị xã:", "Các sở, ban, ngành và UBND quận, huyện, thị xã", None),
        ("Sở Y tế chủ trì:", "Sở Y tế", None),
    ],
)
def test_lead_lines(line, lead, coord):
    assert lead_line(line) == (lead, coord)


@pytest.mark.parametrize("line", ["Mục tiêu cụ thể như sau:", "Sở Y tế chủ trì thực hiện kế hoạch.", "- Rà soát các cơ chế:"])
def test_lines_that_assign_nothing(line):
    assert lead_line(line) is None


PROSE = """ỦY BAN NHÂN DÂN
TỈNH HÀ NAM

KẾ HOẠCH

Thực hiện chuyển đổi số năm 2024

I. MỤC TIÊU

- Phấn đấu đến năm 2025, tỷ lệ dân số tham gia mua sắm trực tuyến đạt 55%; tỷ lệ thanh toán không dùng tiền mặt đạt 50%.

- Thu nhập khu vực nông thôn đạt 80 triệu đồng/người/năm trở lên vào năm 2025.

II. NHIỆM VỤ

1. Hạ tầng số

(1) Sở Thông tin và Truyền thông chủ trì, phối hợp với các sở, ngành:

- Phát triển mạng 5G
+ ưu tiên khu công nghiệp

- Xây dựng trung tâm dữ liệu

(2) Sở Tài chính chủ trì:

Bố trí kinh phí thực hiện kế hoạch hằng năm.

2. Nhân lực số

Các sở, ban, ngành:

- Đào tạo cán bộ về chuyển đổi số

[...]
"""


def test_prose_tasks_one_per_item_or_paragraph():
    parsed = to_format(parse_bytes(PROSE.encode("utf-8")))
    tasks = [(t["key"], t["code"], t["title"], t["lead_text"], t["coordinating_text"]) for t in parsed["tasks"]]
    assert tasks == [
        ("II.1.1.1", "-", "Phát triển mạng 5G\n+ ưu tiên khu công nghiệp", "Sở Thông tin và Truyền thông", "các sở, ngành"),
        ("II.1.1.2", "-", "Xây dựng trung tâm dữ liệu", "Sở Thông tin và Truyền thông", "các sở, ngành"),
        ("II.1.2.1", "", "Bố trí kinh phí thực hiện kế hoạch hằng năm.", "Sở Tài chính", None),
        ("II.2.1.1", "-", "Đào tạo cán bộ về chuyển đổi số", "Các sở, ban, ngành", None),
    ]
    assert parsed["tasks"][0]["section_title"] == "Hạ tầng số"
    assert parsed["tasks"][0]["source"] == {"line": 20}


def test_candidate_indicators_are_offered_apart_from_the_tables():
    parsed = to_format(parse_bytes(PROSE.encode("utf-8")))
    assert parsed["indicators"] == []
    found = [(c["name"], c["horizon"], c["op"], c["low"], c["unit"]) for c in parsed["candidate_indicators"]]
    assert ("Tỷ lệ dân số tham gia mua sắm trực tuyến", "2025", "eq", Decimal("55"), "%") in found
    assert ("Tỷ lệ thanh toán không dùng tiền mặt", "2025", "eq", Decimal("50"), "%") in found
    assert ("Thu nhập khu vực nông thôn", "2025", "ge", Decimal("80"), "triệu đồng/người/năm") in found


def test_candidates_need_a_horizon_or_a_goal():
    assert candidate_indicators(["Năm ngoái doanh thu đạt 10 tỷ đồng."], set()) == []


# --- readers -----------------------------------------------------------------------------------------------------


def test_windows_1258_is_decoded_and_composed():
    text, encoding = decode(to_cp1258("Kế hoạch phát triển kinh tế - xã hội"))
    assert encoding == "windows-1258"
    parsed = parse_bytes(to_cp1258("Số: 7/KH-UBND\nKẾ HOẠCH\nPhát triển kinh tế - xã hội của huyện năm 2024\n"))
    assert parsed.document.title == "Kế hoạch phát triển kinh tế - xã hội của huyện năm 2024"
    assert unicodedata.is_normalized("NFC", parsed.document.title)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_unicode_encodings(encoding):
    text, _ = decode("Số: 7/KH-UBND\nKẾ HOẠCH\nThực hiện".encode(encoding))
    assert text.startswith("Số: 7/KH-UBND")


def test_decomposed_accents_are_composed():
    nfd = unicodedata.normalize("NFD", "Số: 7/KH-UBND\nKẾ HOẠCH\nThực hiện chỉ tiêu năm 2024\n")
    parsed = parse_bytes(nfd.encode("utf-8"))
    assert parsed.document.number == "7/KH-UBND" and parsed.document.kind == "plan"


def test_a_paragraph_break_in_a_word_cell_stays_in_the_text_and_separates_agencies(tmp_path):
    import docx

    from .documents.make_documents import _docx_table

    d = docx.Document()
    d.add_paragraph("KẾ HOẠCH")
    d.add_paragraph("Thực hiện nhiệm vụ năm 2024 của thành phố")
    _docx_table(
        d,
        [
            ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời hạn"],
            ["1", "Xây dựng đề án", "Sở Tài chính\nSở Y tế", "Quý IV/2024"],
        ],
        4,
    )
    path = tmp_path / "hai-doan.docx"
    d.save(path)
    from planwatch.docparse import AgencyDirectory, parse_path

    agencies = AgencyDirectory.from_records(agencies=[{"name": "Sở Tài chính"}, {"name": "Sở Y tế"}])
    (task,) = to_format(parse_path(path, agencies=agencies))["tasks"]
    assert task["lead_text"] == "Sở Tài chính\nSở Y tế"
    assert task["lead_agencies"] == ["Sở Tài chính", "Sở Y tế"]
    assert task["deadline"]["due_dates"] == ["2024-12-31"]
