"""Publishing a plan on the public portal and taking it down.

Keyword-only arguments, one transaction, an audit record per write. `user` is the account deciding, who must be
of the planning department (portal.access.can_publish), or a string naming a script (`load-demo`).
Both services are idempotent: publishing a published plan or unpublishing an unpublished one changes nothing.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from planwatch.audit.services import record_change, snapshot
from planwatch.portal.access import can_publish
from planwatch.portal.models import Publication
from planwatch.registry.models import Document

PUBLISH_REASON = "công bố trên cổng dữ liệu công khai"
UNPUBLISH_REASON = "thôi công bố trên cổng dữ liệu công khai"


class PortalError(ValueError):
    """A publication that cannot be made; the message is for the planner."""


def _check(user) -> None:
    if not isinstance(user, str) and not can_publish(user):
        raise PermissionDenied


@transaction.atomic
def document_publish(*, document: Document, user, note: str = "") -> Publication:
    _check(user)
    if not document.is_tracked:
        # Only a tracked plan has indicators judged and kept up to date; a reference document has nothing to show.
        raise PortalError(_("Chỉ công bố được kế hoạch đang được theo dõi thực hiện."))
    existing = Publication.objects.select_for_update().filter(document=document).first()
    if existing is not None:
        return existing
    publication = Publication(
        document=document, published_by=None if isinstance(user, str) else user, note=note.strip(),
    )
    publication.full_clean()
    publication.save()
    record_change(publication, before=None, after=snapshot(publication), actor=user, reason=PUBLISH_REASON)
    return publication


@transaction.atomic
def document_unpublish(*, document: Document, user) -> bool:
    """True when the plan was published and no longer is."""
    _check(user)
    publication = Publication.objects.select_for_update().filter(document=document).first()
    if publication is None:
        return False
    record_change(publication, before=snapshot(publication), after=None, actor=user, reason=UNPUBLISH_REASON)
    publication.delete()
    return True
