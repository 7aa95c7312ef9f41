"""Sign-in records in the back office, read-only: failed sign-ins, lockouts, and sign-ins with their sign-out time.

django-axes writes them (AccessFailureLog: every failure; AccessAttempt: the running count that locks out;
AccessLog: every successful sign-in and its sign-out). Axes' own admin lets an administrator edit or delete them;
with AXES_ENABLE_ADMIN off, these take its place, so no one erases a trace from the back office. An account is
unlocked by the cool-off or by `planwatch axes-reset-username NAME`.
"""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin

from planwatch.audit.admin_mixins import ReadOnlyAdmin


class _LoginRecordAdmin(ReadOnlyAdmin):
    date_hierarchy = "attempt_time"
    search_fields = ["username", "ip_address", "user_agent"]
    list_filter = ["attempt_time"]


class AccessFailureLogAdmin(_LoginRecordAdmin):
    list_display = ["attempt_time", "username", "ip_address", "locked_out", "path_info", "user_agent"]
    list_filter = ["attempt_time", "locked_out"]


class AccessAttemptAdmin(_LoginRecordAdmin):
    list_display = ["attempt_time", "username", "ip_address", "failures_since_start", "path_info", "user_agent"]
    exclude = ["post_data"]


class AccessLogAdmin(_LoginRecordAdmin):
    list_display = ["attempt_time", "logout_time", "username", "ip_address", "path_info", "user_agent"]
    exclude = ["session_hash"]


def register(site: admin.AdminSite = admin.site) -> None:
    for model, model_admin in (
        (AccessFailureLog, AccessFailureLogAdmin), (AccessAttempt, AccessAttemptAdmin), (AccessLog, AccessLogAdmin),
    ):
        if not site.is_registered(model):
            site.register(model, model_admin)
