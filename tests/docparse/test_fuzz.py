"""Fuzzing: whatever the bytes, the parser returns a result or raises `ParseError`, never anything else."""

import io
import os
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planwatch.docparse import AgencyDirectory, LeaderDirectory, ParseError, parse_bytes, to_format
from planwatch.docparse.api import dumps

DOCS = Path(__file__).parent / "documents"
AGENCIES = AgencyDirectory.from_records(
    agencies=[{"name": "Sở Y tế", "aliases": ["SYT"]}, {"name": "Sở Tài chính", "aliases": ["TC"]}],
    groups=[{"name": "Các Sở, Ban, ngành"}],
)
LEADERS = LeaderDirectory.from_records(
    positions=[{"name": "Chủ tịch", "title": "Chủ tịch", "tenure": [{"person": "Nguyễn Văn A", "start": "2020-01-01"}]}]
)

# More examples for a long run: PLANWATCH_FUZZ_EXAMPLES=5000 python -m pytest tests/docparse/test_fuzz.py
EXAMPLES = int(os.environ.get("PLANWATCH_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def parse_or_refuse(data: bytes) -> None:
    try:
        parsed = parse_bytes(data, agencies=AGENCIES, leaders=LEADERS)
    except ParseError as error:
        assert error.message
        return
    dumps(to_format(parsed))  # what it read can always be written out


@FUZZ
@given(st.binary(max_size=4000))
def test_any_bytes(data):
    parse_or_refuse(data)


FRAGMENTS = [
    "TT", "STT", "|", "\t", "\n", "\n\n", "Tên chỉ tiêu", "Nhiệm vụ", "Đơn vị tính", "Chỉ tiêu đến năm 2025", "KH 2021-2025",
    "TH 2023", "NV 2025", "Đơn vị chủ trì", "Phối hợp", "Lãnh đạo", "Thời hạn", "Ghi chú", "Đánh giá", "A", "I", "II", "1",
    "2", "-", "+", "Trong đó:", "Tr.đó:", "7,5-8,0", "> 1.162", "1,716.4", "~30", "Cơ bản", "%", "Sở Y tế", "Các sở: TC, SYT",
    "UBND huyện: Gia Lâm,", "PCT Nguyễn Văn A", "Tháng 6, tháng 10 hàng năm", "Quý III/2024", "Đã ban hành", "<p>x</p>",
    "<i>", "Số: 12/KH-UBND", "ngày 5 tháng 3 năm 2024", "KẾ HOẠCH", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Nguyễn Văn A",
    "(1) Sở Y tế chủ trì, phối hợp với Sở Tài chính:", "- Làm việc", "phấn đấu đến năm 2025 tỷ lệ đạt 55%", "của", "và",
]


@FUZZ
@given(st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=120))
def test_any_text_made_of_plan_fragments(parts):
    parse_or_refuse("".join(parts).encode("utf-8"))


@FUZZ
@given(st.text(max_size=2000), st.sampled_from(["utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"]))
def test_any_text_in_any_encoding(text, encoding):
    parse_or_refuse(text.encode(encoding, errors="replace"))


XML_PARTS = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(lambda t: t.encode("utf-8")),
    st.just(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"/>'),
    st.just(b"<a/>"),
)


@FUZZ
@given(
    st.dictionaries(
        st.sampled_from(
            ["[Content_Types].xml", "word/document.xml", "xl/workbook.xml", "_rels/.rels", "xl/worksheets/sheet1.xml",
             "xl/_rels/workbook.xml.rels", "word/styles.xml", "docProps/core.xml", "x.bin"]
        ),
        XML_PARTS,
        max_size=6,
    )
)
def test_any_zip_of_office_like_parts(parts):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in parts.items():
            z.writestr(name, content)
    parse_or_refuse(buf.getvalue())


REAL = [(DOCS / "bo-xay-dung-ke-hoach.docx").read_bytes(), (DOCS / "tinh-bac-ninh-chi-tieu.xlsx").read_bytes()]


@settings(max_examples=max(60, EXAMPLES // 3), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([0, 1]), st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), min_size=1, max_size=8))
def test_real_documents_with_damaged_bytes(which, flips):
    data = bytearray(REAL[which])
    for position, value in flips:
        data[position % len(data)] = value
    parse_or_refuse(bytes(data))


@settings(max_examples=max(40, EXAMPLES // 4), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from([0, 1]), st.data())
def test_real_documents_with_damaged_xml(which, data):
    """Rewrite one XML part of a real document with a mutation of itself: the zip stays valid, the XML may not."""
    source = zipfile.ZipFile(io.BytesIO(REAL[which]))
    names = [n for n in source.namelist() if n.endswith(".xml")]
    name = data.draw(st.sampled_from(names))
    content = source.read(name)
    cut = data.draw(st.integers(0, len(content)))
    insert = data.draw(st.sampled_from([b"", b"<", b">", b"</w:tc>", b"<w:tc>", b"&amp;", b"\x00", b"<w:gridSpan w:val=\"999\"/>"]))
    mutated = content[:cut] + insert + content[cut + data.draw(st.integers(0, 20)) :]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n in source.namelist():
            z.writestr(n, mutated if n == name else source.read(n))
    parse_or_refuse(buf.getvalue())
