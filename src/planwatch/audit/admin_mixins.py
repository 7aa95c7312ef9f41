"""The back office cannot escape the audit trail.

Two kinds of admin, chosen per model by one rule: if a service exists for a write, the admin must not bypass it
(`ReadOnlyAdmin`, `ReadOnlyInline`: shown for inspection, never added, changed or deleted there); if the admin is the
only editor, its writes are audited (`AuditedAdmin`: every add, change and delete, of the object, its many-to-many
sets and its inline rows, leaves the same entries as the services, in the admin view's transaction).
"""

from __future__ import annotations

from django.contrib import admin
from django.db import models, router, transaction

from planwatch.audit.services import Snapshot, record_change, record_deletion, snapshot

# The reason every back-office entry carries: the trail shows where a change came from.
ADMIN_REASON = "qua trang quản trị"


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that only the application writes: shown in the back office, never edited there."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """Rows a service owns, listed under their parent for inspection only."""

    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def m2m_names(model: type[models.Model]) -> list[str]:
    return [field.name for field in model._meta.many_to_many]


def _stored(obj: models.Model) -> models.Model:
    # By the time the admin saves, the form has already copied its values onto obj: "before" is the database's.
    return type(obj)._default_manager.get(pk=obj.pk)


class AuditedAdmin(admin.ModelAdmin):
    """Back-office edits leave the same trail as the services: field, old value, new value, who.

    Django runs the add, change and delete views in one transaction, so an entry and its change commit together;
    the bulk delete action is not, so `delete_queryset` opens its own.
    """

    audit_reason = ADMIN_REASON

    def audit_snapshot(self, obj: models.Model) -> Snapshot:
        return snapshot(obj, m2m=m2m_names(type(obj)))

    def audit_record(self, request, obj: models.Model, before: Snapshot | None, after: Snapshot) -> None:
        if before != after:
            record_change(obj, before=before, after=after, actor=request.user, reason=self.audit_reason)

    def _pending(self, request) -> dict:
        if not hasattr(request, "_audit_before"):
            request._audit_before = {}
        return request._audit_before

    def save_model(self, request, obj, form, change):
        before = self.audit_snapshot(_stored(obj)) if change else None
        super().save_model(request, obj, form, change)
        self._pending(request)[(obj._meta.label, obj.pk)] = before

    def save_related(self, request, form, formsets, change):
        # The many-to-many sets are saved here, after save_model: the "after" snapshot waits for them.
        super().save_related(request, form, formsets, change)
        obj = form.instance
        before = self._pending(request).pop((obj._meta.label, obj.pk), None)
        self.audit_record(request, obj, before, self.audit_snapshot(obj))

    def save_formset(self, request, form, formset, change):
        """Inline rows: each created, changed or deleted row leaves its entries (read-only inlines change nothing)."""
        befores = {}
        deleted = set(formset.deleted_forms)
        for inline_form in formset.initial_forms:
            instance = inline_form.instance
            if instance.pk is None:
                continue
            if inline_form in deleted:
                record_deletion(_stored(instance), actor=request.user, reason=self.audit_reason)
            elif inline_form.has_changed():
                befores[instance.pk] = self.audit_snapshot(_stored(instance))
        super().save_formset(request, form, formset, change)
        for obj in formset.new_objects:
            self.audit_record(request, obj, None, self.audit_snapshot(obj))
        for obj, _changed in formset.changed_objects:
            self.audit_record(request, obj, befores.get(obj.pk), self.audit_snapshot(obj))

    def delete_model(self, request, obj):
        record_deletion(obj, actor=request.user, reason=self.audit_reason)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # One entry set per object (and per row each delete takes with it), all or nothing.
        with transaction.atomic(using=router.db_for_write(self.model)):
            for obj in queryset:
                self.delete_model(request, obj)
