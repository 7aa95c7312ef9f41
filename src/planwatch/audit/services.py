"""Writing the audit trail. Services call these inside their transaction.

A snapshot is a dict of field name to display text, taken before and after a change;
the difference becomes one AuditEntry per changed field.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import date, datetime
from datetime import timezone as dt_timezone
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import connections, models, router
from django.db.models.deletion import Collector
from django.utils import timezone

from planwatch.audit.models import REPORTING_WORK_APPS, AuditEntry
from planwatch.engine.numbers import plain

Snapshot = dict[str, str]

# Never copied into the trail: secrets, and bookkeeping that changes without anyone deciding it.
NOT_AUDITED = {"password", "last_login", "search_key", "scheduled_end"}


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return plain(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        # One instant, one text: a form hands back local time where the database gives UTC.
        return value.astimezone(dt_timezone.utc).isoformat()
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


def snapshot(obj: models.Model, *, m2m: Iterable[str] = (), fields: Iterable[str] | None = None) -> Snapshot:
    """The object's concrete fields (and the named many-to-many fields) as text; with `fields`, those only: a
    service that writes no other field compares those, without writing out every relation by name."""
    data: Snapshot = {}
    concrete = obj._meta.concrete_fields if fields is None else [obj._meta.get_field(name) for name in fields]
    for field in concrete:
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
    # By id: the actor is often the request's lazy user, and assigning it to each of a save's hundreds of entries
    # went through the lazy object's proxy at every check of the relation (15 ms of a 117-line save on the bench).
    if actor is None:
        return {"actor_id": None, "actor_label": ""}
    if isinstance(actor, str):
        return {"actor_id": None, "actor_label": actor[:150]}
    return {"actor_id": actor.pk or None, "actor_label": actor.get_username()[:150]}


def record_change(
    obj: models.Model, *, before: Snapshot | None, after: Snapshot | None, actor=None, reason: str = ""
) -> list[AuditEntry]:
    """Write the entries for one object: created (before is None), deleted (after is None) or updated."""
    return AuditEntry.objects.bulk_create(_entries(obj, before=before, after=after, who=_actor_fields(actor),
                                                   reason=reason))


def record_changes(changes: Iterable[tuple[models.Model, Snapshot | None, Snapshot | None]], *, actor=None,
                   reason: str = "", batch_size: int = 1000) -> int:
    """The entries of many objects changed at once, (object, before, after) each: what record_change writes for
    each, in the same order, written together in a few queries. Returns how many entries were written."""
    who = _actor_fields(actor)
    rows = [
        row for obj, before, after in changes
        for row in _entry_rows(obj, before=before, after=after, who=who, reason=reason)
    ]
    connection = connections[router.db_for_write(AuditEntry)]
    if connection.vendor != "postgresql":
        AuditEntry.objects.bulk_create([AuditEntry(**row) for row in rows], batch_size=batch_size)
    elif rows:
        _copy_rows(connection, rows)
    return len(rows)


# The columns of a batch copied into PostgreSQL, in order; `at` first, the batch's moment as auto_now_add sets it.
COPIED = ("at", "actor_id", "actor_label", "action", "content_type_id", "object_id", "object_repr", "field",
          "old_value", "new_value", "reason", "about_register")


def _copy_rows(connection, rows: list[dict]) -> None:
    """The rows in one COPY: a deadline-day save writes some 400 entries, and Django's INSERT prepared each of their
    5 000 values in Python, half of the save's work counted in instructions (issue 14, docs/scaling.md)."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(AuditEntry._meta.get_field(name).column) for name in COPIED)
    at = timezone.now()
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {quote(AuditEntry._meta.db_table)} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row((at, *(row[name] for name in COPIED[1:])))


def record_creations(created: Iterable[tuple[models.Model, Snapshot]], *, actor=None, reason: str = "",
                     batch_size: int = 1000) -> int:
    """The entries of many objects created at once, (object, its snapshot) each: the entries record_change(obj,
    before=None, after=snapshot) writes for each, written together in a few queries."""
    return record_changes(((obj, None, after) for obj, after in created), actor=actor, reason=reason,
                          batch_size=batch_size)


def _entries(
    obj: models.Model, *, before: Snapshot | None, after: Snapshot | None, who: dict, reason: str,
) -> list[AuditEntry]:
    return [AuditEntry(**row) for row in _entry_rows(obj, before=before, after=after, who=who, reason=reason)]


def _entry_rows(
    obj: models.Model, *, before: Snapshot | None, after: Snapshot | None, who: dict, reason: str,
) -> list[dict]:
    """The fields of each entry (AuditEntry's names). `who`: _actor_fields of the actor, worked out once for a
    batch."""
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    base = {
        "content_type_id": content_type.pk,
        "object_id": str(obj.pk),
        "object_repr": str(obj)[:300],
        "reason": reason[:300],
        "about_register": content_type.app_label not in REPORTING_WORK_APPS,
        **who,
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
    return [
        {"action": action, "field": field, "old_value": old, "new_value": new, **base}
        for field, (old, new) in changes.items()
    ]


class _EveryRowCollector(Collector):
    """Loads every row a delete takes with it: Django would delete some in one query, unseen by the trail."""

    def can_fast_delete(self, *args, **kwargs):
        return False


def _link_field(model: type[models.Model]) -> models.ManyToManyField | None:
    """The many-to-many field whose link table `model` is, when Django made that table."""
    owner = model._meta.auto_created
    if not owner:
        return None
    return next((field for field in owner._meta.many_to_many if field.remote_field.through is model), None)


def record_deletion(obj: models.Model, *, actor=None, reason: str = "") -> list[AuditEntry]:
    """Entries for deleting obj, every row the delete cascades to and every reference it clears (SET_NULL).

    A many-to-many link the delete removes is recorded on the object that stays (`members: A; B` becomes `A`).
    Call it just before deleting, in the same transaction. The trail's own rows are left out: an entry whose
    actor is deleted keeps the actor's name in `actor_label`.
    """
    collector = _EveryRowCollector(using=router.db_for_write(type(obj), instance=obj), origin=obj)
    collector.collect([obj])
    gone = {(model._meta.concrete_model, row.pk) for model, rows in collector.data.items() for row in rows}
    cascade_reason = f"{reason} (xóa kèm {obj})"[:300]
    entries: list[AuditEntry] = []
    losing_links: dict[tuple[str, object, str], tuple[models.Model, models.ManyToManyField]] = {}
    for model, instances in collector.data.items():
        if model is AuditEntry:
            continue
        link = _link_field(model)
        if link is not None:
            for row in instances:
                owner = getattr(row, link.m2m_field_name())
                if (type(owner)._meta.concrete_model, owner.pk) not in gone:
                    losing_links[(owner._meta.label, owner.pk, link.name)] = (owner, link)
            continue
        m2m = [field.name for field in model._meta.many_to_many]
        for instance in instances:
            entries += record_change(
                instance, before=snapshot(instance, m2m=m2m), after=None, actor=actor,
                reason=reason[:300] if instance is obj else cascade_reason,
            )
    for owner, link in losing_links.values():
        target = link.related_model._meta.concrete_model
        members = [str(m) for m in getattr(owner, link.name).all()]
        staying = [str(m) for m in getattr(owner, link.name).all() if (target, m.pk) not in gone]
        entries += record_change(
            owner, before={link.name: "; ".join(sorted(members))}, after={link.name: "; ".join(sorted(staying))},
            actor=actor, reason=cascade_reason,
        )
    for (field, value), groups in collector.field_updates.items():
        if field.model is AuditEntry:
            continue
        for group in groups:
            for row in group:
                entries += record_change(
                    row, before={field.name: _as_text(getattr(row, field.name))}, after={field.name: _as_text(value)},
                    actor=actor, reason=cascade_reason,
                )
    return entries
