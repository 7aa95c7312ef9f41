"""Evidence files: the kinds an office sends (PDF, Word, Excel, OpenDocument, photos), within a size limit.

The extension must be one of these and the first bytes must match it, so a renamed executable is refused.

The size limit is kept while the request is read, not after: `EvidenceUploadHandler` stops keeping a file the
moment it passes PLANWATCH_EVIDENCE_MAX_BYTES (what was kept is deleted, the rest only counted), and a request
whose announced length exceeds what one save may carry (`request_too_large`) is refused before its body is read.
The file is stored under a name made of ids and a timestamp (models.evidence_path); the name the person gave is
kept only as text, cleaned of control characters, for the download's Content-Disposition.
"""

from __future__ import annotations

import io
import os

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.utils.translation import gettext as _

from planwatch.reporting.errors import ReportingError

# One save may carry several files, each up to the limit; beyond this many limits' worth the request is refused
# unread, so a client cannot make the server stream gigabytes to disk in one request.
FILES_PER_SAVE = 5

ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0"
KINDS = {
    ".pdf": ("application/pdf", (b"%PDF",)),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (ZIP,)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (ZIP,)),
    ".doc": ("application/msword", (OLE,)),
    ".xls": ("application/vnd.ms-excel", (OLE,)),
    ".odt": ("application/vnd.oasis.opendocument.text", (ZIP,)),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", (ZIP,)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
}
ACCEPT = ",".join(KINDS)


def size_label(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1024))} KB"


def check_evidence(upload) -> str:
    """The file's content type, or ReportingError saying what is accepted."""
    name = os.path.basename(upload.name or "")
    extension = os.path.splitext(name)[1].lower()
    limit = settings.PLANWATCH_EVIDENCE_MAX_BYTES
    if extension not in KINDS:
        raise ReportingError(
            _("Tệp “%(name)s”: chỉ nhận PDF, Word, Excel, OpenDocument hoặc ảnh JPG, PNG.") % {"name": name}
        )
    if upload.size == 0:
        raise ReportingError(_("Tệp “%(name)s” rỗng.") % {"name": name})
    if upload.size > limit:
        raise ReportingError(
            _("Tệp “%(name)s” nặng %(size)s, vượt giới hạn %(limit)s.")
            % {"name": name, "size": size_label(upload.size), "limit": size_label(limit)}
        )
    content_type, signatures = KINDS[extension]
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(signature) for signature in signatures):
        raise ReportingError(
            _("Tệp “%(name)s” không đúng định dạng %(extension)s (nội dung không khớp phần mở rộng).")
            % {"name": name, "extension": extension}
        )
    return content_type


def clean_name(name: str) -> str:
    """The file name as shown and offered on download: no folders, no control characters, at most 255 long."""
    name = os.path.basename((name or "").replace("\\", "/"))
    name = "".join(char for char in name if char.isprintable()).strip()
    return name[:255] or "minh-chung"


class TooLargeUpload(UploadedFile):
    """A file refused while it was being received: its name and size, none of its content."""

    def __init__(self, name: str, content_type: str, size: int, charset=None):
        super().__init__(io.BytesIO(b""), name, content_type, size, charset)


class EvidenceUploadHandler(TemporaryFileUploadHandler):
    """Receives evidence files to temporary files on disk, keeping none past the size limit.

    Past the limit the temporary file is closed (which deletes it) and the rest is only counted, so the person is
    told the real size while the server holds at most one limit's worth of the file at any time.
    """

    def __init__(self, request=None):
        super().__init__(request)
        self.limit = settings.PLANWATCH_EVIDENCE_MAX_BYTES
        self.received = 0
        self.kept = True
        self.largest_kept = 0  # the most bytes of any one file held at once: the tests read it

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        self.kept = True

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if not self.kept:
            return None
        if self.received > self.limit:
            self.file.close()
            self.kept = False
            return None
        self.largest_kept = max(self.largest_kept, self.received)
        return super().receive_data_chunk(raw_data, start)

    def file_complete(self, file_size):
        if not self.kept:
            return TooLargeUpload(self.file_name, self.content_type, self.received, self.charset)
        return super().file_complete(file_size)


def request_too_large(request) -> str | None:
    """Why a request is refused before its body is read (its announced length exceeds one save's), or None."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    allowed = FILES_PER_SAVE * settings.PLANWATCH_EVIDENCE_MAX_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if length <= allowed:
        return None
    return _(
        "Lần lưu này gửi %(size)s, vượt mức %(allowed)s cho một lần lưu (mỗi tệp tối đa %(limit)s). Báo cáo chưa "
        "được lưu: hãy chọn ít tệp hơn rồi lưu lại."
    ) % {
        "size": size_label(length), "allowed": size_label(allowed),
        "limit": size_label(settings.PLANWATCH_EVIDENCE_MAX_BYTES),
    }
