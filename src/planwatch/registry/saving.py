"""What every write of the register shares: the audited save and delete, what a save did (`Changes`), the
refusal (`RegisterError`) and the reading of the dates, periods and numbers the data gives as text.

The services (services.py, records.py) write through these; nothing here is a service itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import models
from django.utils.text import slugify

from planwatch import textnorm
from planwatch.audit.services import record_change, snapshot


class RegisterError(ValueError):
    """Data that cannot be saved; the message is for the person who supplied it."""


@dataclass
class Changes:
    """What a save did, for the person who asked for it."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    messages: list[str] = field(default_factory=list)
    # Objects created by this save: a later step completing them (links, parent) is part of their creation.
    created_objects: set[tuple[str, int]] = field(default_factory=set, repr=False)

    def merge(self, other: Changes) -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.deleted += other.deleted
        self.messages.extend(other.messages)
        self.created_objects |= other.created_objects

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)


def save_with_audit(
    obj: models.Model, values: dict, *, actor, reason: str, changes: Changes, m2m: dict[str, Iterable] | None = None,
    label: str = "",
) -> models.Model:
    """Apply values (and many-to-many sets) to obj, save only when something differs, audit the difference."""
    m2m = m2m or {}
    creating = obj.pk is None
    before = None if creating else snapshot(obj, m2m=m2m.keys())
    for name, value in values.items():
        setattr(obj, name, value)
    _refuse_too_long(obj, label)
    if creating:
        obj.save()
    else:
        current = snapshot(obj, m2m=())
        if any(current.get(k) != before.get(k) for k in current):
            obj.save()
    for name, items in m2m.items():
        getattr(obj, name).set(list(items))
    after = snapshot(obj, m2m=m2m.keys())
    identity = (obj._meta.label, obj.pk)
    if creating:
        record_change(obj, before=None, after=after, actor=actor, reason=reason)
        changes.created += 1
        changes.created_objects.add(identity)
    elif before != after:
        record_change(obj, before=before, after=after, actor=actor, reason=reason)
        if identity in changes.created_objects:
            return obj
        changes.updated += 1
        changed_fields = ", ".join(k for k in after if before.get(k) != after.get(k))
        changes.messages.append(f"Sửa {label or obj}: {changed_fields}")
    else:
        changes.unchanged += 1
    return obj


def _refuse_too_long(obj: models.Model, label: str) -> None:
    """Text longer than its column: a Vietnamese refusal, where PostgreSQL would fail the save (SQLite keeps it)."""
    for field in obj._meta.concrete_fields:
        limit = getattr(field, "max_length", None)
        value = getattr(obj, field.attname, None)
        if limit and isinstance(value, str) and len(value) > limit:
            raise RegisterError(
                f"{label or obj._meta.verbose_name}: “{field.verbose_name}” dài {len(value)} ký tự, "
                f"tối đa {limit} ký tự."
            )


def delete_with_audit(obj: models.Model, *, actor, reason: str, changes: Changes, label: str = "") -> None:
    record_change(obj, before=snapshot(obj), after=None, actor=actor, reason=reason)
    changes.messages.append(f"Xóa {label or obj}")
    obj.delete()
    changes.deleted += 1


def parse_date(text: str | None) -> tuple[date | None, int | None]:
    """ISO date, or a bare year; returns (date, year)."""
    text = (text or "").strip()
    if not text:
        return None, None
    if len(text) == 4 and text.isascii() and text.isdigit():  # not `²024`: isdigit() is True, int() raises
        return None, int(text)
    try:
        day = date.fromisoformat(text)
    except ValueError as exc:
        raise RegisterError(f"Ngày không hợp lệ: {text!r} (cần dạng YYYY-MM-DD hoặc năm YYYY).") from exc
    return day, day.year


def parse_period(text: str | None) -> tuple[int | None, int | None]:
    text = (text or "").strip()
    if not text:
        return None, None
    start, _, end = text.partition("-")
    end = end or start
    # Years of four ASCII digits, in order: int() also reads `٢٠٢١` and 30 digits, which no column can hold.
    if not all(len(y) == 4 and y.isascii() and y.isdigit() for y in (start, end)) or end < start:
        raise RegisterError(f"Giai đoạn không hợp lệ: {text!r} (cần dạng 2021-2025).")
    return int(start), int(end)


# Quantities are numeric(24, 6): 18 digits before the point. PostgreSQL refuses more with an error (a 500 from the
# import review, where a reviewer may type any number); SQLite would store it and fail to read it back.
LARGEST = Decimal(10) ** 18


def to_decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation as exc:
        raise RegisterError(f"Số không hợp lệ: {str(value)[:40]!r}.") from exc
    if not number.is_finite() or abs(number) >= LARGEST:
        raise RegisterError(f"Số quá lớn hoặc không hợp lệ: {str(value)[:40]!r} (tối đa 18 chữ số trước dấu phẩy).")
    return number


def document_slug(number: str) -> str:
    return slugify(textnorm.fold(number).replace("/", "-"))
