"""Series in the back office: read-only. Links change only through their services (and pages), which keep one row
per document in a series and leave the trail."""

from django.contrib import admin

from planwatch.audit.admin import ReadOnlyAdmin, ReadOnlyInline
from planwatch.series.models import Series, SeriesMember


class MemberInline(ReadOnlyInline):
    model = SeriesMember
    fields = ["indicator", "status", "score", "confirmed_by", "decided_at"]
    readonly_fields = fields


@admin.register(Series)
class SeriesAdmin(ReadOnlyAdmin):
    list_display = ["name", "unit", "created"]
    search_fields = ["name"]
    inlines = [MemberInline]


@admin.register(SeriesMember)
class SeriesMemberAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "series", "status", "score"]
    list_filter = ["status"]
    list_select_related = ["indicator", "series"]
