"""PDF → `SourceDocument`: the text layer's words with their positions, ruled and unruled tables as grids.

pdfplumber rather than pypdfium2 alone: it gives every word's box *and* a table finder for ruled tables, and it
brings pypdfium2 with it, which renders the pages that have no text layer for OCR (`ocr.py`).

Pages are read one at a time and their cached objects dropped (`page.close()`), so memory follows one page, not
the document. A page with no text but with images is a scan: it is rendered and recognised by tesseract. A table
that goes on over a page break is one grid per page (`Grid.page`); the table reader joins pages whose header
repeats.
"""

from __future__ import annotations

import io
import logging

from .errors import ParseError
from .geometry import PageItem, RuledTable, Word, layout_page
from .model import Grid, SourceDocument

MAX_PAGES = 500
MAX_OCR_PAGES = 100  # tesseract takes several seconds a page
MAX_CHARS_PER_PAGE = 200_000  # a page of a plan holds a few thousand characters; more is a crafted file

_DAMAGED = "tệp PDF hợp lệ (mở được bằng trình đọc PDF)"


def read_pdf(data: bytes, filename: str | None = None) -> SourceDocument:
    import pdfplumber

    for name in ("pdfminer", "pdfplumber"):
        logging.getLogger(name).setLevel(logging.ERROR)  # they log every odd object of a damaged file
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        n_pages = len(pdf.pages)
    except Exception as exc:  # noqa: BLE001 - pdfminer raises many kinds on a damaged file
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
        if type(cause).__name__ in ("PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning"):
            # Only a file that needs a password to open: one whose owner merely restricts copying opens
            # in every viewer, and is read.
            raise ParseError(
                "Tệp PDF được đặt mật khẩu, không đọc được.",
                expected="tệp PDF không đặt mật khẩu (gỡ mật khẩu hoặc in lại ra PDF trước khi tải lên)",
            ) from exc
        raise ParseError("Tệp PDF bị hỏng, không mở được.", expected=_DAMAGED) from exc
    try:
        if n_pages == 0:
            raise ParseError("Tệp PDF không có trang nào.", expected="tệp PDF có ít nhất một trang")
        if n_pages > MAX_PAGES:
            raise ParseError(f"Tệp PDF có quá nhiều trang ({n_pages}).", expected=f"không quá {MAX_PAGES} trang")
        return _read_pages(pdf, data, filename)
    except ParseError:
        raise
    except RecursionError as exc:
        raise ParseError("Tệp PDF lồng nhau quá sâu, không đọc được.", expected=_DAMAGED) from exc
    except MemoryError as exc:
        raise ParseError("Tệp PDF quá lớn để đọc.", expected="tệp PDF nhỏ hơn") from exc
    except Exception as exc:  # noqa: BLE001 - pdfminer parses pages lazily and raises many kinds on damage
        raise ParseError("Một trang của tệp PDF bị hỏng.", expected=_DAMAGED) from exc
    finally:
        pdf.close()


def _read_pages(pdf, data: bytes, filename: str | None) -> SourceDocument:
    from . import ocr

    lines: list[str] = []
    grids: list[Grid] = []
    ocr_pages = 0
    renderer = None
    try:
        for number, page in enumerate(pdf.pages, start=1):
            try:
                if len(page.chars) > MAX_CHARS_PER_PAGE:
                    raise ParseError(
                        f"Trang {number} của tệp PDF có quá nhiều ký tự.",
                        expected=f"không quá {MAX_CHARS_PER_PAGE} ký tự một trang",
                    )
                if any(c.get("text", "").strip() for c in page.chars):
                    items = layout_page(_words(page), _ruled_tables(page), number)
                elif page.images:
                    ocr_pages += 1
                    if ocr_pages > MAX_OCR_PAGES:
                        raise ParseError(
                            f"Tệp PDF có hơn {MAX_OCR_PAGES} trang ảnh quét cần nhận dạng chữ.",
                            expected=f"không quá {MAX_OCR_PAGES} trang quét, hoặc tệp PDF có lớp chữ",
                        )
                    if renderer is None:
                        renderer = ocr.PageRenderer(data)
                    items = ocr.ocr_image(renderer.render(number - 1), number)
                else:
                    items = []  # a blank page
            finally:
                page.close()  # drop the page's parsed objects before the next one
            _append(items, lines, grids)
    finally:
        if renderer is not None:
            renderer.close()
    if not lines and not grids:
        if b"/XFA" in data or b"/JavaScript" in data or b"/JS" in data:
            raise ParseError(
                "Tệp PDF chỉ có biểu mẫu động hoặc mã JavaScript, không có nội dung chữ để đọc.",
                expected="tệp PDF có lớp chữ (xuất ra PDF từ Word) hoặc bản quét",
            )
        raise ParseError("Tệp PDF không có chữ nào để đọc.", expected="tệp PDF có lớp chữ hoặc bản quét rõ nét")
    return SourceDocument(lines=lines, grids=grids, format="pdf", filename=filename, ocr=ocr_pages > 0)


def _append(items: list[PageItem], lines: list[str], grids: list[Grid]) -> None:
    for item in items:
        if item.grid is not None:
            item.grid.after_line = len(lines)
            grids.append(item.grid)
        elif item.text:
            lines.append(item.text)


def _words(page) -> list[Word]:
    out = []
    for w in page.extract_words(keep_blank_chars=False, use_text_flow=False):
        text = w.get("text", "")
        if text.strip() and w.get("upright", True):
            out.append(Word(text, float(w["x0"]), float(w["x1"]), float(w["top"]), float(w["bottom"])))
    return out


def _ruled_tables(page) -> list[RuledTable]:
    out = []
    for table in page.find_tables():
        cells = [tuple(map(float, c)) for c in table.cells]
        out.append(RuledTable(tuple(map(float, table.bbox)), cells))
    return out
