"""Reporting in the back office: read-only. Rounds and reports change only through their services (and pages),
so that every change goes through the workflow's guards and leaves its trail."""

from django.contrib import admin

from planwatch.audit.admin import ReadOnlyAdmin, ReadOnlyInline
from planwatch.reporting.models import Action, IndicatorLine, Notification, Reminder, Report, Round, TaskLine


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = ["title", "period", "deadline", "status", "origin", "opened_at"]
    list_filter = ["status", "origin"]


class IndicatorLineInline(ReadOnlyInline):
    model = IndicatorLine
    fields = ["indicator", "kind", "value_text", "note", "source", "recorded_value"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("indicator", "recorded_value")


class TaskLineInline(ReadOnlyInline):
    model = TaskLine
    fields = ["task", "role", "status", "percent", "done_text", "difficulties", "proposals", "contribution"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("task")


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["round", "agency", "status", "version", "first_submitted_at", "accepted_at"]
    list_filter = ["status", "round"]
    search_fields = ["agency__name"]
    list_select_related = ["round", "agency"]
    inlines = [IndicatorLineInline, TaskLineInline]


@admin.register(Action)
class ActionAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_label", "kind", "round", "report", "from_status", "to_status"]
    list_filter = ["kind"]


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdmin):
    list_display = ["sent_at", "report", "kind", "stage", "recipients"]
    list_filter = ["kind"]


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "kind", "subject", "read_at", "emailed_at"]
    list_filter = ["kind"]
