from django.contrib import admin

from planwatch.audit.admin import AuditedAdmin
from planwatch.registry.models import (
    Agency,
    AgencyAlias,
    AgencyGroup,
    Document,
    Indicator,
    IndicatorValue,
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


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


class IndicatorValueInline(admin.TabularInline):
    model = IndicatorValue
    extra = 0
    fields = ["period", "kind", "text", "op", "low", "high", "source_document", "source_note"]


@admin.register(Indicator)
class IndicatorAdmin(AuditedAdmin):
    list_display = ["key", "name", "unit", "measure", "direction", "document"]
    list_filter = ["document", "measure", "direction"]
    search_fields = ["search_key"]
    autocomplete_fields = ["lead_agencies"]
    raw_id_fields = ["parent"]
    inlines = [TargetInline, IndicatorValueInline]
    list_select_related = ["document"]


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
