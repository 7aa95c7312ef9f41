"""Scanned pages and images → words with boxes, by Debian's `tesseract` (`-l vie`, TSV output).

The words go through the same geometry as a PDF's text layer (`geometry.py`): lines, unruled tables from the
columns' gutters. A PDF page is rendered by pypdfium2 (it comes with pdfplumber) at 300 dpi; one page image is
alive at a time, written to a temporary file for tesseract and removed at once.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import tempfile

from .errors import ParseError
from .geometry import PageItem, Word, layout_page
from .model import Grid, SourceDocument

MAX_PIXELS = 60_000_000  # an A4 page at 600 dpi is 35 megapixels
MAX_FRAMES = 100  # pages of a multi-page TIFF
DPI = 300  # tesseract reads body text best at 300 dpi
TIMEOUT = 120  # seconds for one page
LANGUAGE = "vie"
# One block of text: tesseract's page segmentation (psm 3) drops the short lone tokens of table cells (`1`, `%`,
# `82`); the columns are found from the words' boxes anyway.
PSM = "6"
RULE = 80  # pixels (6.8 mm at 300 dpi) a dark run must span to be a table rule, not a letter's stroke

_INSTALL = "apt-get install tesseract-ocr tesseract-ocr-vie"


def tesseract() -> str:
    """The tesseract program, or a ParseError saying OCR is not installed on this server."""
    program = shutil.which("tesseract")
    if program is None:
        raise ParseError(
            "Máy chủ này chưa cài chương trình nhận dạng chữ (OCR) nên không đọc được bản quét hay ảnh.",
            expected=f"tệp có lớp chữ (DOCX, XLSX, PDF xuất từ Word), hoặc quản trị viên cài OCR: {_INSTALL}",
        )
    try:
        result = subprocess.run([program, "--list-langs"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        raise ParseError(
            "Chương trình nhận dạng chữ (OCR) trên máy chủ không chạy được.",
            expected=f"quản trị viên cài lại OCR: {_INSTALL}",
        ) from exc
    if LANGUAGE not in (result.stdout + result.stderr).split():
        raise ParseError(
            "Máy chủ này chưa cài dữ liệu tiếng Việt cho nhận dạng chữ (OCR).",
            expected="quản trị viên cài: apt-get install tesseract-ocr-vie",
        )
    return program


class PageRenderer:
    """Renders the pages of a PDF, one at a time, for OCR."""

    def __init__(self, data: bytes) -> None:
        import pypdfium2

        self.program = tesseract()  # say OCR is missing before rendering anything
        try:
            self.document = pypdfium2.PdfDocument(data)
        except Exception as exc:  # noqa: BLE001 - pdfium's errors on a damaged file
            raise ParseError("Không dựng được ảnh trang của tệp PDF quét.", expected="tệp PDF hợp lệ") from exc

    def render(self, index: int):
        page = self.document[index]
        try:
            width, height = page.get_size()  # points
            scale = DPI / 72
            pixels = width * scale * height * scale
            if pixels > MAX_PIXELS:
                scale *= (MAX_PIXELS / pixels) ** 0.5  # a poster-sized page is read at a lower resolution
            return page.render(scale=scale, grayscale=True).to_pil()
        finally:
            page.close()

    def close(self) -> None:
        self.document.close()


def ocr_image(image, page: int) -> list[PageItem]:
    """The text lines and grids of one page image."""
    return layout_page(recognise(image), [], page)


def remove_rules(image):
    """The page without the long horizontal and vertical lines of ruled tables, which tesseract reads as
    stray characters (`¬`, `„`, `|`) glued to the cells' words. A run is a rule when it stays dark over a
    whole block of `RULE` pixels along its direction (letters never do); found with Pillow's box resizing,
    so it costs a few milliseconds, not a pass in Python over every pixel."""
    from PIL import Image, ImageChops, ImageFilter

    gray = image.convert("L")
    width, height = gray.size
    if width < 2 * RULE or height < 2 * RULE:
        return gray
    dark = gray.point(lambda v: 255 if v < 160 else 0)  # ink white on black, to average
    masks = []
    for box in ((width // RULE, height), (width, height // RULE)):
        small = dark.resize(box, Image.Resampling.BOX).point(lambda v: 255 if v > 200 else 0)
        # One block more at each end (the blocks do not line up with the rule's ends) and one pixel across
        # (the rule's antialiased edges).
        small = small.filter(ImageFilter.MaxFilter(3))
        masks.append(small.resize((width, height), Image.Resampling.NEAREST))
    mask = ImageChops.lighter(*masks)
    white = Image.new("L", (width, height), 255)
    return Image.composite(white, gray, mask)


def recognise(image) -> list[Word]:
    """tesseract's words with their boxes (pixels) and confidences (0-1)."""
    program = tesseract()
    with tempfile.TemporaryDirectory(prefix="planwatch-ocr-") as tmp:
        path = os.path.join(tmp, "page.png")
        cleaned = remove_rules(image)
        image.close()
        cleaned.save(path, format="PNG")
        cleaned.close()  # the page image is not needed once written
        try:
            result = subprocess.run(
                [program, path, "stdout", "-l", LANGUAGE, "--dpi", str(DPI), "--psm", PSM, "tsv"],
                capture_output=True,
                timeout=TIMEOUT,
                env={**os.environ, "OMP_THREAD_LIMIT": "1"},  # one page at a time; no thread pile-up on a busy server
            )
        except subprocess.TimeoutExpired as exc:
            raise ParseError(
                f"Nhận dạng chữ một trang quá {TIMEOUT} giây.", expected="bản quét rõ nét, mỗi trang một trang giấy"
            ) from exc
        except OSError as exc:
            raise ParseError("Không chạy được chương trình nhận dạng chữ (OCR).", expected=f"cài OCR: {_INSTALL}") from exc
    if result.returncode != 0:
        raise ParseError("Chương trình nhận dạng chữ (OCR) không đọc được ảnh.", expected="ảnh PNG, JPEG hoặc TIFF rõ nét")
    return _tsv_words(result.stdout.decode("utf-8", "replace"))


def _tsv_words(tsv: str) -> list[Word]:
    words: list[Word] = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        if row.get("level") != "5":
            continue
        text = (row.get("text") or "").strip()
        try:
            conf = float(row.get("conf") or -1)
            left, top = int(row["left"]), int(row["top"])
            width, height = int(row["width"]), int(row["height"])
        except (KeyError, TypeError, ValueError):
            continue
        if not text or conf < 10 or set(text) <= set("|¦‖"):
            continue
        if conf < 60 and not any(ch.isalnum() for ch in text):
            continue  # specks and rule ends read as punctuation
        if conf < 40 and len(text) <= 3:
            continue  # real short cells (`1`, `%`, `82`) are read at 70 or more; specks at 40 or less
        words.append(Word(text, left, left + width, top, top + height, round(conf / 100, 3)))
    return words


# --- images --------------------------------------------------------------------------------------------


def read_image(data: bytes, filename: str | None = None) -> SourceDocument:
    """A PNG, JPEG or TIFF (every frame a page) as recognised text."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    tesseract()
    try:
        image = Image.open(io.BytesIO(data))  # reads the header only
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ParseError("Tệp ảnh bị hỏng, không mở được.", expected="ảnh PNG, JPEG hoặc TIFF hợp lệ") from exc
    lines: list[str] = []
    grids: list[Grid] = []
    try:
        frames = getattr(image, "n_frames", 1)
        if frames > MAX_FRAMES:
            raise ParseError(f"Tệp ảnh có quá nhiều trang ({frames}).", expected=f"không quá {MAX_FRAMES} trang")
        for index in range(frames):
            image.seek(index)
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ParseError(
                    f"Ảnh quá lớn ({width}×{height} điểm ảnh).",
                    expected=f"ảnh không quá {MAX_PIXELS // 1_000_000} triệu điểm ảnh (quét 300 dpi là đủ)",
                )
            try:
                frame = ImageOps.exif_transpose(image.convert("L"))  # a phone photo keeps its rotation in EXIF
            except (OSError, ValueError, SyntaxError) as exc:
                raise ParseError("Tệp ảnh bị hỏng, không đọc được.", expected="ảnh PNG, JPEG hoặc TIFF hợp lệ") from exc
            for item in ocr_image(frame, index + 1):
                if item.grid is not None:
                    item.grid.after_line = len(lines)
                    grids.append(item.grid)
                elif item.text:
                    lines.append(item.text)
    finally:
        image.close()
    if not lines and not grids:
        raise ParseError("Không nhận dạng được chữ nào trong ảnh.", expected="ảnh chụp hoặc quét rõ nét một văn bản")
    return SourceDocument(lines=lines, grids=grids, format="image", filename=filename, ocr=True)
