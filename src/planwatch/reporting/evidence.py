"""Evidence files: the kinds an office sends (PDF, Word, Excel, OpenDocument, photos), within a size limit.

The extension must be one of these and the first bytes must match it, so a renamed executable is refused.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.utils.translation import gettext as _

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
    from planwatch.reporting.services import ReportingError

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
