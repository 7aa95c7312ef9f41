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
from django.utils.translation import gettext_lazy

from planwatch import engine

from planwatch.audit.models import AuditEntry


# Fields that hold a code without declaring choices (the engine's scale, the verdict of a Đánh giá column): their
# values read as the register's labels for the same codes (the msgids of registry.Judgement.Status and of the
# parser's verdicts), so a history never shows `very_challenging`.
ENGINE_STATUSES = {
    engine.ACHIEVED_EARLY: gettext_lazy("Đã đạt sớm"), engine.ON_TRACK: gettext_lazy("Dự kiến hoàn thành"),
    engine.DIFFICULT: gettext_lazy("Khó khăn"), engine.VERY_CHALLENGING: gettext_lazy("Rất thách thức"),
    engine.UNKNOWN: gettext_lazy("Chưa đánh giá"),
}
VERDICTS = {"met": gettext_lazy("Đạt"), "exceeded": gettext_lazy("Vượt"), "not_met": gettext_lazy("Không đạt")}
CODED_FIELDS = {
    ("registry.indicator", "document_judgement_status"): ENGINE_STATUSES,
    ("registry.indicator", "assessment"): VERDICTS,
}


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
    if not choices:
        choices = CODED_FIELDS.get((getattr(field.model, "_meta", None) and field.model._meta.label_lower, field.name), {})
    if choices:
        return str(choices.get(value, value))
    return value
