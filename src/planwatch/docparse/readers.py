"""Bytes → `SourceDocument`: text lines (paragraphs) and real tables, nothing interpreted yet.

Text is decoded from UTF-8 (with or without BOM), UTF-16 (LE/BE, with or without BOM) or Windows-1258, and
normalised to composed Unicode (Windows-1258 writes tone marks as combining characters). DOCX and XLSX are
zip files of XML: before python-docx or openpyxl open one, the zip is checked against bombs (total and per-file
expansion, number of parts) and every XML part is parsed once with defusedxml, which refuses DTDs and entity
declarations (billion laughs, external entities). PDF (`pdf.py`), images (`ocr.py`) and HTML (`html.py`) have
readers of their own; old `.doc`/`.xls` are converted by LibreOffice when it is installed. Everything refused is a
`ParseError` in Vietnamese.
"""

from __future__ import annotations

import codecs
import io
import os
import posixpath
import shutil
import subprocess
import tempfile
import warnings
import zipfile
import zlib
from datetime import date, datetime

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from planwatch.textnorm import nfc

from .celltext import is_printable_text
from .errors import ParseError
from .model import Grid, GridCell, SourceDocument
from .numbers import to_decimal

MAX_BYTES = 20 * 1024 * 1024  # the largest file accepted (a plan with appendices is well under 5 MB)
MAX_UNCOMPRESSED = 200 * 1024 * 1024  # total size of a DOCX/XLSX once unzipped
MAX_RATIO = 100  # unzipped / zipped, per part and overall; Word's XML compresses about 10:1
MAX_PARTS = 5000
MAX_SHEET_ROWS = 20000
MAX_SHEET_COLUMNS = 200

_MB = 1024 * 1024


def read(data: bytes, filename: str | None = None) -> SourceDocument:
    """Read a document of any supported kind."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise ParseError("Dữ liệu vào không phải là nội dung một tệp.", expected="nội dung tệp dạng bytes")
    data = bytes(data)
    if len(data) > MAX_BYTES:
        raise ParseError(
            f"Tệp quá lớn ({len(data) / _MB:.1f} MB).",
            expected=f"một tệp không quá {MAX_BYTES // _MB} MB",
        )
    if not data.strip():
        raise ParseError("Tệp trống: không có nội dung nào để đọc.", expected="một văn bản kế hoạch có nội dung")
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _read_zip(data, filename)
    if b"%PDF-" in data[:1024]:  # the header may follow a few bytes of junk, as viewers accept
        from .pdf import read_pdf

        return read_pdf(data, filename)
    if data.startswith(OLE_MAGIC):
        return _read_legacy_office(data, filename)
    if data.startswith(_IMAGE_MAGIC):
        from .ocr import read_image

        return read_image(data, filename)
    _refuse_known_binaries(data)
    if _is_html(data, filename):
        from .html import read_html

        text, encoding = decode(data)
        if not is_printable_text(text):
            raise ParseError(
                "Tệp chứa nhiều ký tự điều khiển: đây là dữ liệu nhị phân, không phải trang web.",
                expected="trang HTML lưu từ trình duyệt",
            )
        return read_html(nfc(text.replace("\r\n", "\n").replace("\r", "\n")), filename, encoding)
    return read_text(data, filename)


_IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")


def _is_html(data: bytes, filename: str | None) -> bool:
    from .html import looks_like_html

    if filename and filename.lower().endswith((".html", ".htm", ".xhtml")):
        return True
    head = data[:2048]
    if b"\x00" in head:  # UTF-16: decode to look
        try:
            return looks_like_html(decode(head[: len(head) // 2 * 2])[0])
        except ParseError:
            return False
    return looks_like_html(head.decode("utf-8", "ignore"))


def _refuse_known_binaries(data: bytes) -> None:
    if data.startswith(b"{\\rtf"):
        raise ParseError("Tệp RTF chưa đọc được.", expected="tệp DOCX, XLSX, PDF hoặc văn bản (TXT)")
    for magic in (b"GIF8", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf", b"MZ", b"\x7fELF"):
        if data.startswith(magic):
            raise ParseError(
                "Tệp là dữ liệu nhị phân (ảnh, tệp nén hoặc chương trình), không phải văn bản.",
                expected="tệp DOCX, XLSX hoặc văn bản (TXT)",
            )


# --- text -----------------------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """The text and the encoding it was written in."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(enc.replace("-sig", "")), enc
            except UnicodeDecodeError as exc:
                raise ParseError(
                    f"Tệp đánh dấu bảng mã {enc.upper()} nhưng nội dung không đúng bảng mã đó.",
                    expected="văn bản UTF-8, UTF-16 hoặc Windows-1258",
                ) from exc
    utf16 = _guess_utf16(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise ParseError(
            "Tệp là dữ liệu nhị phân, không phải văn bản.", expected="tệp DOCX, XLSX hoặc văn bản (TXT)"
        )
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1258"), "windows-1258"
    except UnicodeDecodeError as exc:
        raise ParseError(
            "Không nhận ra bảng mã của văn bản.", expected="văn bản UTF-8, UTF-16 hoặc Windows-1258"
        ) from exc


def _guess_utf16(data: bytes) -> str | None:
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even = sample[0::2]
    odd = sample[1::2]
    z_even = even.count(0) / len(even)
    z_odd = odd.count(0) / len(odd)
    # ASCII-heavy UTF-16 has a zero in every other byte; Vietnamese letters (U+1Exx) have none.
    if z_odd > 0.25 and z_even < 0.05:
        return "utf-16-le"
    if z_even > 0.25 and z_odd < 0.05:
        return "utf-16-be"
    return None


def read_text(data: bytes, filename: str | None = None) -> SourceDocument:
    text, encoding = decode(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not is_printable_text(text):
        raise ParseError(
            "Tệp chứa nhiều ký tự điều khiển: đây là dữ liệu nhị phân, không phải văn bản.",
            expected="tệp DOCX, XLSX hoặc văn bản (TXT)",
        )
    text = nfc(text)
    if not text.strip():
        raise ParseError("Tệp trống: không có nội dung nào để đọc.", expected="một văn bản kế hoạch có nội dung")
    if "<table" in text.lower():  # tables pasted from a web page into a text or markdown file
        from .html import split_html_tables

        lines, grids = split_html_tables(text)
        return SourceDocument(lines=lines, grids=grids, format="text", filename=filename, encoding=encoding)
    return SourceDocument(lines=text.split("\n"), format="text", filename=filename, encoding=encoding)


# --- legacy Word and Excel (.doc, .xls) ------------------------------------------------------------------

OLE_MAGIC = b"\xd0\xcf\x11\xe0"
CONVERT_TIMEOUT = 60  # seconds for LibreOffice to convert one file

_SAVE_AS = {
    "doc": "Mở tệp bằng Word, chọn Tệp → Lưu thành → Word Document (*.docx)",
    "xls": "Mở tệp bằng Excel, chọn Tệp → Lưu thành → Excel Workbook (*.xlsx)",
}


def office_converter() -> str | None:
    """LibreOffice's program, when it is installed (it converts .doc/.xls; the tests put a fake one here)."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _legacy_kind(data: bytes, filename: str | None) -> str | None:
    # The OLE directory names its streams in UTF-16: Word keeps `WordDocument`, Excel `Workbook` (or `Book`).
    head = data[: 1024 * 1024]
    if "WordDocument".encode("utf-16-le") in head:
        return "doc"
    if "Workbook".encode("utf-16-le") in head or "Book".encode("utf-16-le") in head:
        return "xls"
    name = (filename or "").lower()
    if name.endswith((".doc", ".dot")):
        return "doc"
    if name.endswith((".xls", ".xlt")):
        return "xls"
    return None


def _read_legacy_office(data: bytes, filename: str | None) -> SourceDocument:
    kind = _legacy_kind(data, filename)
    if kind is None:
        raise ParseError(
            "Tệp Office định dạng cũ này không phải văn bản Word (.doc) hay bảng tính Excel (.xls).",
            expected="tệp .docx hoặc .xlsx",
        )
    target = kind + "x"
    program = office_converter()
    if program is None:
        raise ParseError(
            f"Tệp {'Word' if kind == 'doc' else 'Excel'} định dạng cũ (.{kind}) không đọc được trên máy chủ này.",
            expected=f"tệp .{target}: {_SAVE_AS[kind]}",
        )
    with tempfile.TemporaryDirectory(prefix="planwatch-office-") as tmp:
        source = os.path.join(tmp, f"input.{kind}")
        with open(source, "wb") as fh:
            fh.write(data)
        # A profile of its own: LibreOffice refuses to start while another instance holds the default one.
        profile = "file://" + os.path.join(tmp, "profile")
        command = [program, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                   "--convert-to", target, "--outdir", os.path.join(tmp, "out"), source]
        try:
            subprocess.run(command, capture_output=True, timeout=CONVERT_TIMEOUT, stdin=subprocess.DEVNULL, check=False)
        except subprocess.TimeoutExpired as exc:
            raise ParseError(
                f"Chuyển tệp .{kind} sang .{target} quá {CONVERT_TIMEOUT} giây.", expected=f"tệp .{target}: {_SAVE_AS[kind]}"
            ) from exc
        except OSError as exc:
            raise ParseError(
                f"Không chạy được chương trình chuyển tệp .{kind}.", expected=f"tệp .{target}: {_SAVE_AS[kind]}"
            ) from exc
        converted = os.path.join(tmp, "out", f"input.{target}")
        if not os.path.isfile(converted) or os.path.getsize(converted) > MAX_BYTES:
            raise ParseError(
                f"Không chuyển được tệp .{kind} sang .{target} (tệp có thể bị hỏng hoặc đặt mật khẩu).",
                expected=f"tệp .{target}: {_SAVE_AS[kind]}",
            )
        with open(converted, "rb") as fh:
            out = fh.read()
    if not (out.startswith(b"PK\x03\x04") or out.startswith(b"PK\x05\x06")):
        raise ParseError(f"Tệp chuyển từ .{kind} không phải .{target}.", expected=f"tệp .{target}: {_SAVE_AS[kind]}")
    return _read_zip(out, filename)


# --- zip containers -------------------------------------------------------------------------------


def _open_zip(data: bytes) -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, ValueError, OSError, EOFError, NotImplementedError) as exc:
        raise ParseError("Tệp nén (DOCX/XLSX) bị hỏng, không mở được.", expected="tệp DOCX hoặc XLSX hợp lệ") from exc
    if len(infos) > MAX_PARTS:
        raise ParseError(
            f"Tệp nén có quá nhiều thành phần ({len(infos)}).", expected=f"không quá {MAX_PARTS} thành phần"
        )
    total = 0
    for info in infos:
        total += info.file_size
        if info.flag_bits & 0x1:
            raise ParseError("Tệp được đặt mật khẩu, không đọc được.", expected="tệp không đặt mật khẩu")
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _MB and ratio > MAX_RATIO:
            raise _bomb(f"phần {info.filename} nở {ratio:.0f} lần khi giải nén")
    if total > MAX_UNCOMPRESSED:
        raise _bomb(f"giải nén ra {total / _MB:.0f} MB")
    if total > 10 * _MB and total / max(len(data), 1) > MAX_RATIO:
        raise _bomb(f"giải nén ra gấp {total / len(data):.0f} lần kích thước tệp")
    return zf


def _bomb(detail: str) -> ParseError:
    return ParseError(
        f"Tệp nén có dấu hiệu là bom giải nén ({detail}), không mở.",
        expected=f"tệp DOCX/XLSX thông thường (giải nén không quá {MAX_UNCOMPRESSED // _MB} MB)",
    )


def _read_member(zf: zipfile.ZipFile, name: str) -> bytes:
    info = zf.getinfo(name)
    try:
        with zf.open(info) as fh:
            content = fh.read(info.file_size + 1)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
        raise ParseError(f"Phần {name} của tệp bị hỏng.", expected="tệp DOCX hoặc XLSX hợp lệ") from exc
    if len(content) > info.file_size:
        raise _bomb(f"phần {name} lớn hơn kích thước khai báo")
    return content


def _check_xml_parts(zf: zipfile.ZipFile) -> dict[str, object]:
    """Parse every XML part with defusedxml (no DTD, no entities); returns the parsed trees by name."""
    trees: dict[str, object] = {}
    for info in zf.infolist():
        name = info.filename
        if not (name.endswith(".xml") or name.endswith(".rels") or name.endswith(".vml")):
            continue
        content = _read_member(zf, name)
        try:
            trees[name] = SafeET.fromstring(content, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        except DefusedXmlException as exc:
            raise ParseError(
                f"Tệp chứa khai báo DTD/thực thể XML trong phần {name} (kiểu tấn công 'bom XML'), không mở.",
                expected="tệp DOCX/XLSX lưu từ Word/Excel thông thường",
            ) from exc
        except SafeET.ParseError as exc:
            raise ParseError(
                f"Phần {name} của tệp không phải XML hợp lệ.", expected="tệp DOCX hoặc XLSX hợp lệ"
            ) from exc
    return trees


def _read_zip(data: bytes, filename: str | None) -> SourceDocument:
    zf = _open_zip(data)
    names = set(zf.namelist())
    if "[Content_Types].xml" not in names:
        raise ParseError("Tệp nén không phải tệp Office (DOCX/XLSX).", expected="tệp DOCX hoặc XLSX")
    trees = _check_xml_parts(zf)
    if "word/document.xml" in names:
        return _read_docx(data, filename)
    if "xl/workbook.xml" in names:
        return _read_xlsx(data, zf, trees, filename)
    raise ParseError("Tệp Office này không phải văn bản Word hay bảng tính Excel.", expected="tệp DOCX hoặc XLSX")


# --- DOCX -----------------------------------------------------------------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _read_docx(data: bytes, filename: str | None) -> SourceDocument:
    import docx  # python-docx; imported here so that reading text needs nothing else

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on a damaged file
        raise ParseError("Tệp DOCX bị hỏng, không mở được.", expected="tệp DOCX hợp lệ lưu từ Word") from exc
    lines: list[str] = []
    grids: list[Grid] = []
    body = getattr(document.element, "body", None)
    if body is None:  # a main part whose root is not a Word document
        raise ParseError("Tệp DOCX bị hỏng: không có thân văn bản.", expected="tệp DOCX hợp lệ lưu từ Word")
    _walk_body(body, lines, grids)
    return SourceDocument(lines=lines, grids=grids, format="docx", filename=filename)


def _walk_body(container, lines: list[str], grids: list[Grid]) -> None:
    for child in container.iterchildren():
        tag = child.tag
        if tag == W + "p":
            lines.append(_paragraph_text(child))
        elif tag == W + "tbl":
            grids.append(Grid(_docx_rows(child), after_line=len(lines)))
        elif tag in (W + "sdt", W + "customXml"):
            content = child.find(W + "sdtContent") if tag == W + "sdt" else child
            if content is not None:
                _walk_body(content, lines, grids)


def _paragraph_text(p) -> str:
    parts: list[str] = []
    for el in p.iter():
        tag = el.tag
        if tag == W + "t":
            parts.append(el.text or "")
        elif tag in (W + "tab", W + "br", W + "cr"):
            parts.append(" ")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
    return nfc("".join(parts))


def _cell_text(tc) -> str:
    """A Word cell: its paragraphs joined by `\\n` (a paragraph break in a cell), nested tables flattened."""
    paragraphs: list[str] = []
    for el in tc.iterchildren():
        if el.tag == W + "p":
            paragraphs.append(_paragraph_text(el))
        elif el.tag == W + "tbl":
            for row in _docx_rows(el):
                paragraphs.append(" ".join(c.text for c in row if c.text))
        elif el.tag == W + "sdt":
            content = el.find(W + "sdtContent")
            if content is not None:
                paragraphs.append(_cell_text(content))
    return "\n".join(p for p in paragraphs if p.strip())


def _docx_rows(tbl) -> list[list[GridCell]]:
    rows: list[list[GridCell]] = []
    for tr in tbl.iterchildren(W + "tr"):
        row: list[GridCell] = []
        tr_pr = tr.find(W + "trPr")
        if tr_pr is not None:
            before = tr_pr.find(W + "gridBefore")
            if before is not None:
                row.extend(GridCell("", spanned=True) for _ in range(_int(before.get(W + "val"), 0)))
        cells = []
        for el in tr.iterchildren():
            if el.tag == W + "tc":
                cells.append(el)
            elif el.tag == W + "sdt":
                content = el.find(W + "sdtContent")
                if content is not None:
                    cells.extend(content.iterchildren(W + "tc"))
        for tc in cells:
            tc_pr = tc.find(W + "tcPr")
            span, continues = 1, False
            if tc_pr is not None:
                grid_span = tc_pr.find(W + "gridSpan")
                if grid_span is not None:
                    span = max(1, min(_int(grid_span.get(W + "val"), 1), 64))
                v_merge = tc_pr.find(W + "vMerge")
                if v_merge is not None and v_merge.get(W + "val", "continue") != "restart":
                    continues = True
                h_merge = tc_pr.find(W + "hMerge")
                if h_merge is not None and h_merge.get(W + "val", "continue") != "restart":
                    row.append(GridCell("", spanned=True))
                    continue
            if continues:
                row.append(GridCell("", merged_from_above=True))
            else:
                row.append(GridCell(_cell_text(tc)))
            row.extend(GridCell("", spanned=True, merged_from_above=continues) for _ in range(span - 1))
        rows.append(row)
    width = max((len(r) for r in rows), default=0)
    for r in rows:
        r.extend(GridCell("", spanned=True) for _ in range(width - len(r)))
    return rows


def _int(text, default: int) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        return default


# --- XLSX -----------------------------------------------------------------------------------------

_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_SS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _sheet_merges(trees: dict[str, object]) -> dict[str, list[str]]:
    """Merged ranges by sheet name, read from the sheet XML (openpyxl's read-only mode does not give them)."""
    workbook = trees.get("xl/workbook.xml")
    rels = trees.get("xl/_rels/workbook.xml.rels")
    if workbook is None or rels is None:
        return {}
    targets = {}
    for rel in rels.iter(_PKG_REL + "Relationship"):
        target = rel.get("Target", "")
        path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
        targets[rel.get("Id")] = path
    out: dict[str, list[str]] = {}
    for sheet in workbook.iter(_SS + "sheet"):
        path = targets.get(sheet.get(_REL + "id"))
        tree = trees.get(path) if path else None
        if tree is None:
            continue
        out[sheet.get("name")] = [m.get("ref") for m in tree.iter(_SS + "mergeCell") if m.get("ref")]
    return out


def _read_xlsx(data: bytes, zf: zipfile.ZipFile, trees: dict[str, object], filename: str | None) -> SourceDocument:
    import openpyxl
    from openpyxl.utils.cell import range_boundaries

    merges = _sheet_merges(trees)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about what it drops from odd workbooks; we read values
            workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on a damaged file
        raise ParseError("Tệp XLSX bị hỏng, không mở được.", expected="tệp XLSX hợp lệ lưu từ Excel") from exc
    lines: list[str] = []
    grids: list[Grid] = []
    try:
        for ws in workbook.worksheets:
            if not hasattr(ws, "iter_rows"):
                continue
            rows: list[list[GridCell]] = []
            empty_run = 0
            for row in ws.iter_rows(min_row=1, max_col=MAX_SHEET_COLUMNS):
                cells = [_xlsx_cell(c) for c in row]
                if any(c.text for c in cells):
                    empty_run = 0
                else:
                    empty_run += 1
                    if empty_run > 1000:
                        break  # the rest of the sheet is formatting without values
                rows.append(cells)
                if len(rows) > MAX_SHEET_ROWS:
                    raise ParseError(
                        f"Trang tính {ws.title} có quá nhiều dòng.", expected=f"không quá {MAX_SHEET_ROWS} dòng"
                    )
            while rows and not any(c.text for c in rows[-1]):
                rows.pop()
            width = max((len(r) for r in rows), default=0)
            for r in rows:
                r.extend(GridCell("") for _ in range(width - len(r)))
            for ref in merges.get(ws.title, []):
                try:
                    min_col, min_row, max_col, max_row = range_boundaries(ref)
                except (TypeError, ValueError):
                    continue
                for rr in range(min_row, min(max_row, len(rows)) + 1):
                    for cc in range(min_col, min(max_col, width) + 1):
                        if rr == min_row and cc == min_col:
                            continue
                        cell = rows[rr - 1][cc - 1]
                        cell.text, cell.number = "", None
                        if cc == min_col:
                            cell.merged_from_above = True
                        else:
                            cell.spanned = True
                            cell.merged_from_above = rr > min_row
            for r in rows:
                text = " ".join(c.text for c in r if c.text).strip()
                if text:
                    lines.append(text)
            grids.append(Grid(rows, after_line=len(lines), name=ws.title))
    except ParseError:
        raise
    except Exception as exc:  # noqa: BLE001 - openpyxl reads sheets lazily and raises many kinds on damage
        raise ParseError("Một trang tính của tệp XLSX bị hỏng.", expected="tệp XLSX hợp lệ lưu từ Excel") from exc
    finally:
        workbook.close()
    return SourceDocument(lines=lines, grids=grids, format="xlsx", filename=filename)


def _xlsx_cell(cell) -> GridCell:
    value = getattr(cell, "value", None)
    if value is None:
        return GridCell("")
    if isinstance(value, str):
        return GridCell(nfc(value))
    if isinstance(value, bool):
        return GridCell("TRUE" if value else "FALSE")
    if isinstance(value, (int, float)):
        number = to_decimal(value)
        if number is None:
            return GridCell("")
        fmt = getattr(cell, "number_format", "") or ""
        if "%" in fmt:
            number = (number * 100).normalize()
            number = number.quantize(1) if number == number.to_integral_value() else number
            return GridCell(format(number, "f") + "%", number=number)
        return GridCell(format(number, "f"), number=number)
    if isinstance(value, datetime):
        return GridCell(f"{value.day}/{value.month}/{value.year}")
    if isinstance(value, date):
        return GridCell(f"{value.day}/{value.month}/{value.year}")
    return GridCell(nfc(str(value)))
