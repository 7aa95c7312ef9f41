"""Creating, revoking and checking API tokens. Writes are audited; the secret never reaches the audit trail."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from planwatch.api.models import ApiToken
from planwatch.audit.services import record_change, snapshot

# Recognisable in a log or a secret scanner; the rest is 256 random bits.
TOKEN_PREFIX = "pw_"
# last_used_at is bookkeeping: written at most this often, so a busy client does not write on every call.
LAST_USED_EVERY = timedelta(minutes=1)


@dataclass(frozen=True)
class CreatedToken:
    token: ApiToken
    secret: str  # shown once to its owner, kept nowhere


def digest_of(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def _audited(token: ApiToken) -> dict[str, str]:
    data = snapshot(token)
    data.pop("digest", None)  # a hash of the secret lets one confirm a guess: not for the trail either
    return data


@transaction.atomic
def api_token_create(*, user, name: str, actor, expires_at: datetime | None = None,
                     at: datetime | None = None) -> CreatedToken:
    """A new token for `user`; `actor` is the user themself (the page) or a label (the command)."""
    if not getattr(user, "is_active", False):
        raise ValidationError(_("Tài khoản này đã bị khoá, không tạo được khoá API."))
    if actor is not None and not isinstance(actor, str) and actor.pk != user.pk and not actor.is_superuser:
        raise PermissionDenied
    at = at or timezone.now()
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user, name=(name or "").strip() or _("Khoá API"), digest=digest_of(secret),
        prefix=secret[: len(TOKEN_PREFIX) + 6], created_at=at, expires_at=expires_at,
    )
    if expires_at is not None and expires_at <= at:
        raise ValidationError({"expires_at": _("Ngày hết hạn phải sau thời điểm tạo khoá.")})
    token.full_clean()
    token.save()
    record_change(token, before=None, after=_audited(token), actor=actor, reason=_("Tạo khoá API"))
    return CreatedToken(token=token, secret=secret)


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor, at: datetime | None = None) -> ApiToken:
    """Revoke a token at once; revoking twice changes nothing."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if actor is not None and not isinstance(actor, str) and actor.pk != token.user_id and not actor.is_superuser:
        raise PermissionDenied
    if token.revoked_at is not None:
        return token
    before = _audited(token)
    token.revoked_at = at or timezone.now()
    token.save(update_fields=["revoked_at"])
    record_change(token, before=before, after=_audited(token), actor=actor, reason=_("Thu hồi khoá API"))
    return token


def api_token_authenticate(secret: str, *, now: datetime | None = None) -> ApiToken | None:
    """The usable token for a presented secret (its user active), or None. Records when it was last used."""
    if not secret or not secret.startswith(TOKEN_PREFIX) or len(secret) > 200:
        return None
    now = now or timezone.now()
    token = (
        ApiToken.objects.select_related("user").filter(digest=digest_of(secret)).first()
    )
    if token is None or not token.is_usable(now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_EVERY:
        # Bookkeeping, not a decision: no audit entry, one UPDATE.
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
