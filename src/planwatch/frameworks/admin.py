"""Framework plans in the back office: read-only. They change only through their services (and pages), which
check the schedule, the version and the approval path, and leave the trail."""

from django.contrib import admin

from planwatch.audit.admin import ReadOnlyAdmin, ReadOnlyInline
from planwatch.frameworks.models import Baseline, FrameworkPlan, Step


class StepInline(ReadOnlyInline):
    model = Step
    fields = ["order", "title", "start", "end", "duration", "milestone", "lead", "budget", "people", "progress"]
    readonly_fields = fields


class BaselineInline(ReadOnlyInline):
    model = Baseline
    fields = ["number", "approved_at", "approved_by"]
    readonly_fields = fields


@admin.register(FrameworkPlan)
class FrameworkPlanAdmin(ReadOnlyAdmin):
    list_display = ["task", "status", "due", "version", "baseline_number"]
    list_filter = ["status"]
    search_fields = ["task__title", "task__key"]
    list_select_related = ["task"]
    inlines = [StepInline, BaselineInline]
