"""Sign-in lockout: django-axes refuses an account and address pair after too many failed sign-ins.

Axes' own backend raises when `authenticate()` is called without a request; Django's test client `login()` and
scripts do just that. Such a call has no address to throttle by and does not come from the network: every sign-in
page (ours and the admin's) passes the request, so they are all counted.
"""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """First in AUTHENTICATION_BACKENDS: refuses a locked-out sign-in before ModelBackend checks the password."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
