"""Writing the audit trail. Services call these inside their transaction.

A snapshot is a dict of field name to display text, taken before and after a change;
the difference becomes one AuditEntry per changed field.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models

from planwatch.audit.models import AuditEntry
from planwatch.engine.numbers import plain

Snapshot = dict[str, str]

# Never copied into the trail: secrets, and bookkeeping that changes without anyone deciding it.
NOT_AUDITED = {"password", "last_login", "search_key"}


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dict):
        # PostgreSQL's jsonb reorders keys: compare JSON values by content, not by key order.
        return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    if isinstance(value, (list, tuple)):
        return "; ".join(_as_text(item) for item in value)
    return str(value)


def snapshot(obj: models.Model, *, m2m: Iterable[str] = ()) -> Snapshot:
    """The object's concrete fields (and the named many-to-many fields) as text."""
    data: Snapshot = {}
    for field in obj._meta.concrete_fields:
        if field.primary_key or getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            continue
        if field.name in NOT_AUDITED:
            continue
        value = getattr(obj, field.name) if not field.is_relation else getattr(obj, field.name, None)
        data[field.name] = _as_text(value)
    if obj.pk:
        for name in m2m:
            data[name] = "; ".join(sorted(str(item) for item in getattr(obj, name).all()))
    return data


def _actor_fields(actor) -> dict:
    if actor is None:
        return {"actor": None, "actor_label": ""}
    if isinstance(actor, str):
        return {"actor": None, "actor_label": actor[:150]}
    return {"actor": actor if actor.pk else None, "actor_label": actor.get_username()[:150]}


def record_change(
    obj: models.Model, *, before: Snapshot | None, after: Snapshot | None, actor=None, reason: str = ""
) -> list[AuditEntry]:
    """Write the entries for one object: created (before is None), deleted (after is None) or updated."""
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    base = {
        "content_type": content_type,
        "object_id": str(obj.pk),
        "object_repr": str(obj)[:300],
        "reason": reason[:300],
        **_actor_fields(actor),
    }
    if before is None:
        action, changes = AuditEntry.Action.CREATE, {k: ("", v) for k, v in (after or {}).items() if v != ""}
    elif after is None:
        action, changes = AuditEntry.Action.DELETE, {k: (v, "") for k, v in before.items() if v != ""}
    else:
        action = AuditEntry.Action.UPDATE
        changes = {
            k: (before.get(k, ""), after.get(k, ""))
            for k in sorted(set(before) | set(after))
            if before.get(k, "") != after.get(k, "")
        }
    if action == AuditEntry.Action.CREATE and not changes:
        changes = {"": ("", str(obj))}
    entries = [
        AuditEntry(action=action, field=field, old_value=old, new_value=new, **base)
        for field, (old, new) in changes.items()
    ]
    return AuditEntry.objects.bulk_create(entries)
