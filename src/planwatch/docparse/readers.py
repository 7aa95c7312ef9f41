"""Bytes → `SourceDocument`: text lines (paragraphs) and real tables, nothing interpreted yet.

Text is decoded from UTF-8 (with or without BOM), UTF-16 (LE/BE, with or without BOM) or Windows-1258, and
normalised to composed Unicode (Windows-1258 writes tone marks as combining characters). DOCX and XLSX are
zip files of XML: before anything else reads one, the zip is checked against bombs (total and per-file expansion,
number of parts) and every XML part is streamed once through expat with defusedxml's refusals, so that DTDs and
entity declarations (billion laughs, external entities) never reach another parser; nothing is kept but what the
XLSX merges need. A DOCX body is then read by streaming its main part (`docx_stream.py`: one paragraph or table row
in memory at a time), an XLSX by openpyxl in read-only mode. PDF (`pdf.py`), images (`ocr.py`) and HTML (`html.py`)
have readers of their own; old `.doc`/`.xls` are converted by LibreOffice when it is installed. Everything refused is a
`ParseError` in Vietnamese.
"""

from __future__ import annotations

import codecs
import html
import io
import os
import posixpath
import re
import shutil
import subprocess
import tempfile
import warnings
import zipfile
import zlib
from datetime import date, datetime
from xml.parsers import expat

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
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
    if "<table" not in text.lower():
        text = _without_markup(text)
    if "<table" in text.lower():  # tables pasted from a web page into a text or markdown file
        from .html import split_html_tables

        lines, grids = split_html_tables(text)
        return SourceDocument(lines=lines, grids=grids, format="text", filename=filename, encoding=encoding)
    return SourceDocument(lines=text.split("\n"), format="text", filename=filename, encoding=encoding)


_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{2,5}|#x[0-9a-fA-F]{2,4});")
# A paragraph's tags around a cell's lines (`<p>` then `Sở Khoa học và Công nghệ</p>`); `<br>` and `<b>` stay, as
# markdown cells use them.
_PARAGRAPH_TAG = re.compile(r"</?(?:p|div)\b[^<>]{0,300}>", re.IGNORECASE)


def _without_markup(text: str) -> str:
    """Text copied from a page's source: `S&#7903; T&agrave;i ch&iacute;nh`, `<p>` around a cell's lines. Entities
    become their letters and paragraph tags go, once the copy holds several of them (a lone `&` stays)."""
    if len(_ENTITY.findall(text)) >= 2:
        text = nfc(html.unescape(text))
    if len(_PARAGRAPH_TAG.findall(text)) >= 2:
        # Only a tag alone on its line or closing it: tags inside a cell of tab rows are the cell's paragraphs,
        # which the table reader keeps (plan 2024's appendix 02).
        kept = []
        for line in text.split("\n"):
            if "\t" not in line and len(_PARAGRAPH_TAG.findall(line)) == 1:
                bare = _PARAGRAPH_TAG.sub("", line)
                if not bare.strip():
                    continue
                if line.rstrip().endswith(">") or line.lstrip().startswith("<"):
                    line = bare
            kept.append(line)
        text = "\n".join(kept)
    return text


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


_CHUNK = 256 * 1024  # bytes of a part decompressed and checked at a time


def _forbid_dtd(name, sysid, pubid, has_internal_subset):
    raise DTDForbidden(name, sysid, pubid)


def _forbid_entity(name, is_parameter_entity, value, base, sysid, pubid, notation_name):
    raise EntitiesForbidden(name, value, base, sysid, pubid, notation_name)


def _forbid_unparsed_entity(name, base, sysid, pubid, notation_name):
    raise EntitiesForbidden(name, None, base, sysid, pubid, notation_name)


def _forbid_external(context, base, sysid, pubid):
    raise ExternalReferenceForbidden(context, base, sysid, pubid)


def _safe_expat(start=None):
    """An expat parser refusing what defusedxml refuses (`forbid_dtd`, `forbid_entities`, `forbid_external`: its
    handlers, raising its exceptions) and resolving namespaces as ElementTree does (an unbound prefix is an error).
    It builds nothing: only `start(tag, attrib)`, when given, hears of the elements."""
    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartDoctypeDeclHandler = _forbid_dtd
    parser.EntityDeclHandler = _forbid_entity
    parser.UnparsedEntityDeclHandler = _forbid_unparsed_entity
    parser.ExternalEntityRefHandler = _forbid_external
    if start is not None:
        parser.StartElementHandler = lambda name, attrib: start("{" + name if "}" in name else name, attrib)
    return parser


def _check_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, start=None) -> None:
    """Stream one XML part through a defused expat parser: no DTD, no entities, well formed, or a `ParseError`.

    The part is decompressed a chunk at a time and never held whole. A damaged zip entry is reported before
    the XML's own errors, as when the part was read whole first: after an XML error the rest is still read."""
    name = info.filename
    parser = _safe_expat(start)
    error: Exception | None = None
    size = 0
    try:
        with zf.open(info) as fh:
            while True:
                chunk = fh.read(_CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > info.file_size:
                    raise _bomb(f"phần {name} lớn hơn kích thước khai báo")
                if error is None:
                    try:
                        parser.Parse(chunk, False)
                    except (DefusedXmlException, expat.ExpatError, LookupError, UnicodeError) as exc:
                        error = exc  # LookupError: an XML declaration naming an encoding that does not exist
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError, NotImplementedError, RuntimeError) as exc:
        raise ParseError(f"Phần {name} của tệp bị hỏng.", expected="tệp DOCX hoặc XLSX hợp lệ") from exc
    if error is None:
        try:
            parser.Parse(b"", True)
        except (DefusedXmlException, expat.ExpatError, LookupError, UnicodeError) as exc:
            error = exc
    if isinstance(error, DefusedXmlException):
        raise ParseError(
            f"Tệp chứa khai báo DTD/thực thể XML trong phần {name} (kiểu tấn công 'bom XML'), không mở.",
            expected="tệp DOCX/XLSX lưu từ Word/Excel thông thường",
        ) from error
    if error is not None:
        raise ParseError(f"Phần {name} của tệp không phải XML hợp lệ.", expected="tệp DOCX hoặc XLSX hợp lệ") from error


def _merge_refs(refs: list[str]):
    """An element handler keeping the merged ranges (`mergeCell/@ref`) of a worksheet in `refs`."""

    def start(tag, attrib) -> None:
        if tag == _SS + "mergeCell" and attrib.get("ref"):
            refs.append(attrib["ref"])

    return start


_XLSX_TREES = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")  # small parts whose tree the merges need


def _check_xml_parts(zf: zipfile.ZipFile, *, xlsx: bool = False) -> dict[str, object]:
    """Check every XML part (no DTD, no entities, well formed), streaming, before any other parser sees it.

    Nothing is kept for a DOCX. For a workbook: the trees of the workbook and its relationships, and the merged
    ranges (a list of refs) of every other part, which is what `_sheet_merges` reads."""
    kept: dict[str, object] = {}
    for info in zf.infolist():
        name = info.filename
        if not (name.endswith(".xml") or name.endswith(".rels") or name.endswith(".vml")):
            continue
        if not xlsx:
            _check_part(zf, info)
        elif name in _XLSX_TREES:
            _check_part(zf, info)
            kept[name] = SafeET.fromstring(
                zf.read(info), forbid_dtd=True, forbid_entities=True, forbid_external=True
            )  # small parts, checked just now
        else:
            kept[name] = refs = []
            _check_part(zf, info, _merge_refs(refs))
    return kept


def _read_zip(data: bytes, filename: str | None) -> SourceDocument:
    zf = _open_zip(data)
    names = set(zf.namelist())
    if "[Content_Types].xml" not in names:
        raise ParseError("Tệp nén không phải tệp Office (DOCX/XLSX).", expected="tệp DOCX hoặc XLSX")
    is_docx = "word/document.xml" in names
    checked = _check_xml_parts(zf, xlsx=not is_docx and "xl/workbook.xml" in names)
    if is_docx:
        return _read_docx(zf, filename)
    if "xl/workbook.xml" in names:
        return _read_xlsx(data, zf, checked, filename)
    raise ParseError("Tệp Office này không phải văn bản Word hay bảng tính Excel.", expected="tệp DOCX hoặc XLSX")


# --- DOCX -----------------------------------------------------------------------------------------


def _read_docx(zf: zipfile.ZipFile, filename: str | None) -> SourceDocument:
    """The body of the main part, streamed (`docx_stream`): one paragraph or table row in memory at a time."""
    from .docx_stream import main_part, read_body

    lines, grids = read_body(zf, main_part(zf))
    return SourceDocument(lines=lines, grids=grids, format="docx", filename=filename)


# --- XLSX -----------------------------------------------------------------------------------------

_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_SS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def _sheet_merges(trees: dict[str, object]) -> dict[str, list[str]]:
    """Merged ranges by sheet name, read from the sheet XML (openpyxl's read-only mode does not give them).

    `trees` is what `_check_xml_parts(xlsx=True)` kept: the workbook's tree and its relationships', and for every
    other part the refs of its `mergeCell`s."""
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
        refs = trees.get(path) if path else None
        if refs is None:
            continue
        out[sheet.get("name")] = list(refs)
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
