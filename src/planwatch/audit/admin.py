from django.contrib import admin

from planwatch.audit.models import AuditEntry
from planwatch.audit.services import record_change, snapshot


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that only the application writes: shown in the back office, never edited there."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    """The trail is read-only, even for administrators."""

    list_display = ["at", "actor_label", "action", "object_repr", "field", "old_value", "new_value"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "actor_label", "field", "old_value", "new_value"]
    date_hierarchy = "at"


class AuditedAdmin(admin.ModelAdmin):
    """Back-office edits leave the same trail as the services: field, old value, new value, who."""

    def _m2m_names(self):
        return [field.name for field in self.model._meta.many_to_many]

    def save_model(self, request, obj, form, change):
        request._audit_before = snapshot(type(obj).objects.get(pk=obj.pk), m2m=self._m2m_names()) if change else None
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        after = snapshot(obj, m2m=self._m2m_names())
        before = getattr(request, "_audit_before", None)
        if before != after:
            record_change(obj, before=before, after=after, actor=request.user, reason="admin")

    def delete_model(self, request, obj):
        record_change(obj, before=snapshot(obj, m2m=self._m2m_names()), after=None, actor=request.user, reason="admin")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)
