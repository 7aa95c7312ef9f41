"""The portal's part of the demo: the two Hanoi plans the register tracks, published. Idempotent."""

from __future__ import annotations

from django.db import transaction

from planwatch.portal.services import document_publish
from planwatch.registry.models import Document

LOADER = "load-demo"
PUBLISHED = ("kh-ubnd-2024-chi-tieu-dai-hoi-xvii", "183-kh-ubnd")


@transaction.atomic
def load_portal_demo() -> int:
    """Publish the demo's plans (those present and tracked); the number published."""
    documents = Document.objects.filter(slug__in=PUBLISHED, is_tracked=True)
    for document in documents:
        document_publish(document=document, user=LOADER)
    return len(documents)
