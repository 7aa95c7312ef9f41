"""How a trail entry reads to a person: the field's own label, and coded values as their labels.

The trail stores field names and values as text (`status`, `not_started`), so it stays readable after a model
changes; the pages show them as the model names them today (`Tình trạng`, `Chưa triển khai`), in the reader's
language. A field the model no longer has, or a value outside its choices, is shown as stored.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from planwatch.audit.models import AuditEntry


@lru_cache(maxsize=512)
def _field(content_type_id: int, name: str) -> models.Field | None:
    from django.contrib.contenttypes.models import ContentType

    model = ContentType.objects.get_for_id(content_type_id).model_class()
    if model is None or not name:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def field_label(entry: AuditEntry) -> str:
    field = _field(entry.content_type_id, entry.field)
    if field is None or not hasattr(field, "verbose_name"):
        return entry.field
    label = str(field.verbose_name)
    return label[:1].upper() + label[1:]


def value_label(entry: AuditEntry, value: str) -> str:
    field = _field(entry.content_type_id, entry.field)
    if field is None or value == "":
        return value
    if isinstance(field, models.BooleanField):
        return {"True": _("Có"), "False": _("Không")}.get(value, value)
    if isinstance(field, models.DateTimeField):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return f"{moment:%d/%m/%Y %H:%M}"
    if isinstance(field, models.DateField):
        try:
            return f"{date.fromisoformat(value):%d/%m/%Y}"
        except ValueError:
            return value
    choices = dict(getattr(field, "flatchoices", None) or [])
    if choices:
        return str(choices.get(value, value))
    return value
