from django.contrib import admin

from planwatch.accounts.models import Membership
from planwatch.audit.admin import AuditedAdmin


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["user", "role", "agency", "position"]
    list_filter = ["role"]
    autocomplete_fields = ["agency"]
    raw_id_fields = ["user"]
