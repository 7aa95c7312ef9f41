"""Who sees what on the portal, in one place.

Anyone, signed in or not, sees the published plans: tracked documents with a Publication. Everything else answers
404 on every portal address, exactly like an id that does not exist, so guessing ids tells nothing. Publishing
writes what the public sees, so only the planning department (and administrators) do it: the scope that may edit
the register (accounts.access.can_edit_register).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from planwatch.accounts.access import can_edit_register
from planwatch.registry.models import Agency, Document, Indicator


def can_publish(user) -> bool:
    return getattr(user, "is_authenticated", False) and can_edit_register(user)


def published_documents() -> QuerySet[Document]:
    return Document.objects.filter(is_tracked=True, publication__isnull=False)


def document_get_public(pk: int) -> Document:
    document = published_documents().select_related("publication").filter(pk=pk).first()
    if document is None:
        raise Http404
    return document


def indicator_get_public(document: Document, pk: int) -> Indicator:
    """An indicator of `document` (itself published): another document's indicator answers 404 here."""
    indicator = Indicator.objects.select_related("parent").filter(document=document, pk=pk).first()
    if indicator is None:
        raise Http404
    indicator.document = document
    return indicator


def agency_get_public(pk: int) -> Agency:
    """A unit has a public page while it leads an indicator of a published plan."""
    agency = Agency.objects.filter(pk=pk, led_indicators__document__in=published_documents()).distinct().first()
    if agency is None:
        raise Http404
    return agency


def document_get_for_publishing(user, pk: int) -> Document:
    """A tracked document the user may publish or unpublish: the planning department's, else 403."""
    if not can_publish(user):
        raise PermissionDenied
    document = Document.objects.filter(pk=pk, is_tracked=True).first()
    if document is None:
        raise Http404
    return document
