from django.contrib import admin

from planwatch.audit.admin_mixins import AuditedAdmin, ReadOnlyAdmin, ReadOnlyInline
from planwatch.audit.models import AuditEntry

__all__ = ["AuditedAdmin", "ReadOnlyAdmin", "ReadOnlyInline", "AuditEntryAdmin"]


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """The trail is read-only, even for administrators."""

    list_display = ["at", "actor_label", "action", "object_repr", "field", "old_value", "new_value", "reason"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "actor_label", "field", "old_value", "new_value"]
    date_hierarchy = "at"
