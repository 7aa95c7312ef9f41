from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet

from planwatch.audit.models import AuditEntry


def audit_entries_for(obj: models.Model) -> QuerySet[AuditEntry]:
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return AuditEntry.objects.filter(content_type=content_type, object_id=str(obj.pk)).select_related("actor")
