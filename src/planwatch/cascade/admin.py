"""Contributions and units in the back office: read-only. They change through their services (the contributions
page, `planwatch load-units`), which validate and leave the trail."""

from django.contrib import admin

from planwatch.audit.admin import ReadOnlyAdmin
from planwatch.cascade.models import AdministrativeUnit, Contribution, UnitSuccession


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "level", "parent", "valid_from", "valid_to"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(ReadOnlyAdmin):
    list_display = ["predecessor", "successor", "date", "kind"]
    list_filter = ["kind"]
    list_select_related = ["predecessor", "successor"]


@admin.register(Contribution)
class ContributionAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "contributor", "unit", "rule", "weight", "threshold"]
    list_filter = ["rule"]
    list_select_related = ["indicator", "contributor", "unit"]
