"""The register in the back office.

The admin is the only editor of the reference data (agencies, their aliases and groups, leadership seats and
tenures, documents' metadata, corrections to indicator and task definitions): those edits are audited. Values of
record and the planners' judgements are written only by services (an import, an accepted report, a judgement) and
carry their provenance: here they are read-only. Plans' indicators and tasks are neither added nor deleted here
(they come and go with their document's import, and deleting one would take its values of record along).
"""

from django.contrib import admin

from planwatch.audit.admin import AuditedAdmin, ReadOnlyAdmin, ReadOnlyInline
from planwatch.registry.models import (
    Agency,
    AgencyAlias,
    AgencyGroup,
    Document,
    Indicator,
    IndicatorValue,
    Judgement,
    LeaderGroup,
    Position,
    Target,
    Task,
    TaskDueDate,
    TaskReference,
    Tenure,
)


class AgencyAliasInline(admin.TabularInline):
    model = AgencyAlias
    extra = 0


@admin.register(Agency)
class AgencyAdmin(AuditedAdmin):
    list_display = ["name", "short_name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["search_key", "aliases__key"]
    inlines = [AgencyAliasInline]
    autocomplete_fields = ["parent"]

    def get_search_results(self, request, queryset, search_term):
        from planwatch import textnorm

        return super().get_search_results(request, queryset, textnorm.fold(search_term))


@admin.register(AgencyGroup)
class AgencyGroupAdmin(AuditedAdmin):
    list_display = ["name", "is_open"]
    filter_horizontal = ["members"]


class TenureInline(admin.TabularInline):
    model = Tenure
    extra = 0


@admin.register(Position)
class PositionAdmin(AuditedAdmin):
    list_display = ["name", "title", "portfolio", "order"]
    inlines = [TenureInline]


@admin.register(LeaderGroup)
class LeaderGroupAdmin(AuditedAdmin):
    filter_horizontal = ["positions"]


@admin.register(Document)
class DocumentAdmin(AuditedAdmin):
    list_display = ["number", "slug", "kind", "issuer", "date", "year", "is_tracked"]
    list_filter = ["kind", "is_tracked"]
    search_fields = ["search_key", "number", "slug"]
    filter_horizontal = ["implements"]

    def get_readonly_fields(self, request, obj=None):
        # The slug is the document's address and the key a re-import finds it by.
        return ["slug"] if obj is not None else []

    def has_delete_permission(self, request, obj=None):
        # Deleting a document deletes its plan: indicators, tasks, values of record.
        return False


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


class IndicatorValueInline(ReadOnlyInline):
    """Values of record: written by imports and accepted reports, each with its source; never edited here."""

    model = IndicatorValue
    fields = [
        "period", "kind", "text", "op", "low", "high", "source_document", "source_note", "recorded_by", "recorded_at",
    ]
    readonly_fields = fields


class JudgementInline(ReadOnlyInline):
    model = Judgement
    fields = ["judged_at", "status", "reason", "judged_by"]
    readonly_fields = fields


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    list_display = ["key", "name", "unit", "measure", "direction", "document"]
    list_filter = ["document", "measure", "direction"]
    search_fields = ["search_key"]
    autocomplete_fields = ["lead_agencies"]
    raw_id_fields = ["parent"]
    inlines = [TargetInline, IndicatorValueInline, JudgementInline]
    list_select_related = ["document"]

    def get_readonly_fields(self, request, obj=None):
        # Reports, values and re-imports find an indicator by its document and key.
        return ["document", "key"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReadOnlyAdmin):
    """For inspection: which value of record came from where, entered by whom."""

    list_display = ["indicator", "period", "kind", "text", "source_document", "source_note", "recorded_at"]
    list_filter = ["kind", "period"]
    search_fields = ["indicator__search_key", "source_note"]
    list_select_related = ["indicator", "source_document"]


class TaskDueDateInline(admin.TabularInline):
    model = TaskDueDate
    extra = 0


class TaskReferenceInline(admin.TabularInline):
    model = TaskReference
    extra = 0
    raw_id_fields = ["document"]


@admin.register(Task)
class TaskAdmin(AuditedAdmin):
    list_display = ["key", "title", "lead_text", "deadline_text", "status", "document"]
    list_filter = ["document", "status", "deadline_kind", "leader"]
    search_fields = ["search_key"]
    autocomplete_fields = ["lead_agencies", "coordinating_agencies"]
    inlines = [TaskDueDateInline, TaskReferenceInline]
    list_select_related = ["document"]

    def get_readonly_fields(self, request, obj=None):
        # A task's progress follows the accepted reports of its lead agency, not the back office.
        return ["document", "key", "status"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
