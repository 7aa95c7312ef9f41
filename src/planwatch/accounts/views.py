"""Signing in and out is Django's; here: changing one's own password, and the page shown when locked out."""

from __future__ import annotations

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse_lazy

from planwatch.accounts.services import account_password_change


class PasswordChangeView(auth_views.PasswordChangeView):
    """Every signed-in user, staff or not; the write goes through the service so that it leaves a trace."""

    # Not Django's registration/password_change_form.html: the admin app, listed first, ships one of that name.
    template_name = "registration/change_password.html"
    success_url = reverse_lazy("password-change-done")

    def form_valid(self, form):
        account_password_change(
            user=form.user, new_password=form.cleaned_data["new_password1"], actor=self.request.user,
        )
        # This session stays signed in; the user's other sessions end (their password hash no longer matches).
        update_session_auth_hash(self.request, form.user)
        return HttpResponseRedirect(self.get_success_url())


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "registration/change_password_done.html"


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: a page in the site's language, 429 Too Many Requests, instead of axes' bare text."""
    cool_off = get_cool_off(request)
    minutes = max(1, round(cool_off.total_seconds() / 60)) if cool_off else None
    return render(
        request, "registration/locked_out.html", {"minutes": minutes}, status=settings.AXES_HTTP_RESPONSE_CODE,
    )
