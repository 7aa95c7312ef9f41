from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "planwatch.accounts"
    verbose_name = _("Tài khoản và vai trò")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from planwatch.accounts import login_records
        from planwatch.accounts.middleware import mark_signed_in

        user_logged_in.connect(mark_signed_in, dispatch_uid="planwatch-session-clocks")
        # Here rather than in admin.py: axes' models are shown read-only in place of axes' own admin.
        login_records.register()
