"""Accounts in the back office: who may do what is audited like any other record.

Django's own user and group admins are replaced by audited subclasses: granting or revoking `is_superuser`,
`is_staff`, `is_active`, groups and permissions, a role or an agency, and setting a password all leave entries
(a password's entry says that it changed, never the hash).
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.db import router, transaction

from planwatch.accounts.models import Membership
from planwatch.audit.admin import AuditedAdmin
from planwatch.audit.services import record_change

User = get_user_model()

PASSWORD_SET = "đã đặt mật khẩu mới"
PASSWORD_DISABLED = "đã tắt đăng nhập bằng mật khẩu"


def _password_state(user) -> str:
    return PASSWORD_SET if user.has_usable_password() else PASSWORD_DISABLED


@admin.register(Membership)
class MembershipAdmin(AuditedAdmin):
    list_display = ["user", "role", "agency", "position"]
    list_filter = ["role"]
    autocomplete_fields = ["agency"]
    raw_id_fields = ["user"]
    list_select_related = ["user", "agency", "position"]


class MembershipInline(admin.StackedInline):
    model = Membership
    autocomplete_fields = ["agency"]
    can_delete = True


for model in (User, Group):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(User)
class AuditedUserAdmin(AuditedAdmin, UserAdmin):
    inlines = [MembershipInline]
    # Bookkeeping, not decisions: the form would round them to the second and "change" them on every save.
    readonly_fields = ["last_login", "date_joined"]

    def save_model(self, request, obj, form, change):
        stored = User._default_manager.filter(pk=obj.pk).values_list("password", flat=True).first() if change else None
        # Compared here, recorded in audit_record: the hash itself never reaches the trail.
        request._audit_password_changed = stored != obj.password
        super().save_model(request, obj, form, change)

    def audit_record(self, request, obj, before, after):
        # Inline rows (the membership) pass through here too, before the user's own record.
        if isinstance(obj, User) and getattr(request, "_audit_password_changed", False):
            before = None if before is None else {**before, "password": ""}
            after = {**after, "password": _password_state(obj)}
            request._audit_password_changed = False
        super().audit_record(request, obj, before, after)

    def user_change_password(self, request, id, form_url=""):
        """Django's password page saves outside any transaction and outside save_model: wrap it, compare, record."""
        if request.method != "POST":
            return super().user_change_password(request, id, form_url)
        with transaction.atomic(using=router.db_for_write(User)):
            # get_object answers None to a malformed id (Django's view then answers 404), never an error.
            user = self.get_object(request, unquote(id))
            stored = user.password if user is not None else None
            response = super().user_change_password(request, id, form_url)
            if user is not None:
                user.refresh_from_db(fields=["password"])
            if user is not None and user.password != stored:
                record_change(
                    user, before={"password": ""}, after={"password": _password_state(user)}, actor=request.user,
                    reason=self.audit_reason,
                )
        return response


@admin.register(Group)
class AuditedGroupAdmin(AuditedAdmin, GroupAdmin):
    pass
