"""The register in the arguments of console commands: the document a person means, checked before any work is done.

A bad argument is a CommandError in Vietnamese, as in planwatch.commandargs (the arguments that need no database).
"""

from __future__ import annotations

from django.core.management.base import CommandError

from planwatch.registry.models import Document


def document_argument(key: str | None, *, option: str = "mã văn bản") -> Document:
    """The document a person means by `key` (slug, number as written or database id); CommandError otherwise."""
    text = (key or "").strip()
    if not text:
        raise CommandError(f"Thiếu {option}: ghi mã (183-kh-ubnd), số ký hiệu (183/KH-UBND) hoặc số id. "
                           "Xem danh sách: planwatch list")
    document = Document.objects.by_key(text).first()
    if document is None:
        raise CommandError(f"Không tìm thấy văn bản “{text}”. Xem danh sách: planwatch list")
    return document
