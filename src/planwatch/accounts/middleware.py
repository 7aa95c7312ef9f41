"""Sessions end after a while unused (idle timeout) and after a fixed time from sign-in (absolute lifetime).

Why a middleware rather than SESSION_SAVE_EVERY_REQUEST with a short SESSION_COOKIE_AGE: that slides the expiry
on every request, which gives an idle timeout but no absolute lifetime (a session in steady use would live for ever),
and it writes the session row on every request. Here the session keeps two timestamps: when its user signed in and
when it was last used. The last-use time is written at most every SEEN_RESOLUTION seconds, so a session may end up
to that many seconds before the full idle time, never after it. SESSION_COOKIE_AGE (the absolute lifetime too)
still bounds a session nobody comes back to, and `clearsessions` removes those.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils import timezone
from django.utils.translation import gettext as _

SIGNED_IN_AT = "planwatch_signed_in_at"
SEEN_AT = "planwatch_seen_at"
SEEN_RESOLUTION = 30  # seconds


def _now() -> float:
    return timezone.now().timestamp()


def mark_signed_in(sender, request, user, **kwargs) -> None:
    """user_logged_in receiver: the session's clocks start at sign-in."""
    session = getattr(request, "session", None)
    if session is not None:
        now = _now()
        session[SIGNED_IN_AT] = now
        session[SEEN_AT] = now


def session_end_reason(session, now: float) -> str | None:
    """Why this signed-in session is over, in words for its user; None while it is still valid."""
    idle_seconds = settings.PLANWATCH_IDLE_TIMEOUT_MINUTES * 60
    seen_at = session.get(SEEN_AT)
    signed_in_at = session.get(SIGNED_IN_AT)
    if seen_at is not None and now - seen_at > idle_seconds:
        minutes = settings.PLANWATCH_IDLE_TIMEOUT_MINUTES
        return _("Phiên làm việc đã kết thúc vì không hoạt động quá %(minutes)d phút. Vui lòng đăng nhập lại.") % {
            "minutes": minutes
        }
    if signed_in_at is not None and now - signed_in_at > settings.SESSION_COOKIE_AGE:
        hours = settings.SESSION_COOKIE_AGE // 3600
        return _("Phiên làm việc đã quá %(hours)d giờ kể từ khi đăng nhập. Vui lòng đăng nhập lại.") % {"hours": hours}
    return None


class SessionTimeoutMiddleware:
    """After AuthenticationMiddleware and MessageMiddleware: signs out an expired session and sends to sign-in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            session, now = request.session, _now()
            reason = session_end_reason(session, now)
            if reason:
                logout(request)
                messages.warning(request, reason)
                return redirect_to_login(request.get_full_path())
            # A session from before this middleware has no sign-in time: its lifetime counts from now.
            session.setdefault(SIGNED_IN_AT, now)
            if now - session.get(SEEN_AT, 0) >= SEEN_RESOLUTION:
                session[SEEN_AT] = now
        return self.get_response(request)
