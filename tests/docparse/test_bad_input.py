"""Bad input is refused with a `ParseError` whose message is Vietnamese and says what was expected."""

import io
import re
import zipfile
from pathlib import Path

import pytest

from planwatch.docparse import ParseError, parse_bytes, parse_path
from planwatch.docparse import readers

BAD = Path(__file__).parent / "documents" / "bad"
VIETNAMESE = re.compile(r"[ăđơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.IGNORECASE)


def refused(data: bytes, filename: str | None = None) -> ParseError:
    with pytest.raises(ParseError) as info:
        parse_bytes(data, filename=filename)
    error = info.value
    assert VIETNAMESE.search(error.message), error.message
    assert error.expected and VIETNAMESE.search(error.expected)
    return error


@pytest.mark.parametrize(
    "name, says",
    [
        ("empty.txt", "trống"),
        ("blank.txt", "trống"),
        ("binary.bin", "nhị phân"),
        ("english.txt", "không phải tiếng Việt"),
        ("french.txt", "không phải tiếng Việt"),
        ("no-header.docx", "không nhận ra dòng tiêu đề"),
        ("xml-bomb.docx", "bom XML"),
        ("zip-bomb.docx", "bom giải nén"),
        ("not-office.zip", "không phải tệp Office"),
    ],
)
def test_bad_documents_are_refused_with_a_vietnamese_message(name, says):
    error = refused((BAD / name).read_bytes(), name)
    assert says in error.message


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path):
    error = refused(b"a" * (readers.MAX_BYTES + 1))
    assert "quá lớn" in error.message
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        fh.truncate(readers.MAX_BYTES + 1)
    with pytest.raises(ParseError, match="quá lớn"):
        parse_path(big)


def test_a_missing_file_is_a_parse_error(tmp_path):
    with pytest.raises(ParseError, match="Không mở được"):
        parse_path(tmp_path / "khong-co.txt")


@pytest.mark.parametrize(
    "magic, says",
    [
        (b"%PDF-1.7\n...", "PDF"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "định dạng cũ"),
        (b"{\\rtf1\\ansi Ke hoach}", "RTF"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "ảnh"),  # read by OCR: this one is damaged
    ],
)
def test_other_formats_are_named(magic, says):
    assert says in refused(magic).message


def test_a_damaged_zip_is_refused():
    refused(b"PK\x03\x04" + b"\x00" * 200)


def test_a_zip_bomb_by_total_size_is_refused(monkeypatch):
    monkeypatch.setattr(readers, "MAX_UNCOMPRESSED", 1024 * 1024)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:  # stored: no ratio to see, only the total
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/media/a.bin", b"0" * (2 * 1024 * 1024))
    assert "bom giải nén" in refused(buf.getvalue()).message


def test_an_external_entity_is_refused():
    xxe = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        b"<w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", xxe)
    assert "bom XML" in refused(buf.getvalue()).message


def test_a_tab_table_without_a_header_is_refused():
    text = "Kế hoạch của thành phố\nHà Nội\t8.300\tSở Kế hoạch và Đầu tư\nHải Phòng\t7.100\tSở Tài chính\n"
    assert "tiêu đề" in refused(text.encode("utf-8")).message


def test_a_vietnamese_document_without_tables_or_tasks_parses_with_a_warning():
    parsed = parse_bytes("Tin tức: thành phố tổ chức hội nghị về phát triển kinh tế - xã hội.\n".encode("utf-8"))
    assert [w.code for w in parsed.warnings][-1] == "nothing_found"


def test_unaccented_vietnamese_is_still_vietnamese():
    text = "So: 12/KH-UBND\nKE HOACH\nThuc hien cac chi tieu phat trien kinh te xa hoi cua thanh pho nam 2024\n"
    parsed = parse_bytes(text.encode("ascii"))
    assert parsed.document.number == "12/KH-UBND"


def test_the_error_says_what_was_expected_and_where():
    error = ParseError("Không đọc được.", expected="tệp DOCX", source={"line": 3})
    assert str(error) == "Không đọc được. Cần: tệp DOCX. (Vị trí: dòng 3.)"


def test_a_50_mb_file_is_refused_without_being_read(tmp_path):
    import tracemalloc

    big = tmp_path / "ke-hoach-50mb.docx"
    with open(big, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    tracemalloc.start()
    try:
        with pytest.raises(ParseError, match="quá lớn") as caught:
            parse_path(big)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "20 MB" in caught.value.expected
    assert peak < 1024 * 1024  # the size is read from the file system, not from the bytes


def test_an_xml_part_declaring_an_encoding_that_does_not_exist_is_damage_not_a_traceback():
    good = (Path(__file__).parent / "documents" / "bo-xay-dung-ke-hoach.docx").read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(good)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "[Content_Types].xml":
                data = re.sub(rb"encoding=['\"][^'\"]+['\"]", b'encoding="TF-8"', data, count=1)
                assert b"TF-8" in data
            target.writestr(info, data)
    assert "không phải XML hợp lệ" in refused(out.getvalue(), "ke-hoach.docx").message
