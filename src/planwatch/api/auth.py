"""Bearer tokens and the per-token rate limit for the API."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from planwatch.api.models import ApiToken
from planwatch.api.services import api_token_authenticate


class BearerToken(HttpBearer):
    """`Authorization: Bearer pw_…`. The request then acts as the token's user, with that user's web scope."""

    def authenticate(self, request, token: str) -> ApiToken | None:
        found = api_token_authenticate(token.strip())
        if found is None:
            return None
        # Views and access helpers read request.user: the API caller is its token's user, never a session.
        request.user = found.user
        return found


UNITS = {"s": 1, "second": 1, "m": 60, "min": 60, "minute": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    try:
        count, window = rate.strip().split("/", 1)
        digits = "".join(ch for ch in window if ch.isdigit())
        unit = window[len(digits):].strip().lower()
        if not window.startswith(digits) or unit not in UNITS or int(count) < 1:
            raise ValueError
        return int(count), int(digits or 1) * UNITS[unit]
    except ValueError:
        raise ImproperlyConfigured(
            f"PLANWATCH_API_RATE={rate!r}: cần dạng 600/hour, 10/minute, 5/second hoặc 1000/day. "
            f"/ expected a rate such as 600/hour."
        ) from None


class TokenRateThrottle(SimpleRateThrottle):
    """N requests per window for each token, in Django's cache (a sliding window of request times).

    The rate is read on every request, so a changed PLANWATCH_API_RATE (or a test's settings) applies at once.
    """

    scope = "planwatch-api"
    timer = time.time

    def __init__(self):
        super().__init__(rate=settings.PLANWATCH_API_RATE)

    def allow_request(self, request) -> bool:
        rate = settings.PLANWATCH_API_RATE
        if rate != self.rate:
            self.rate = rate
            self.num_requests, self.duration = self.parse_rate(rate)
        return super().allow_request(request)

    def parse_rate(self, rate):
        """`600/hour`, `10/minute`, `5/second`, `1000/day` (or s, m, h, d; `100/15m`): (requests, seconds)."""
        return parse_rate(rate)

    def get_cache_key(self, request) -> str | None:
        token = getattr(request, "auth", None)
        if not isinstance(token, ApiToken):
            return None  # refused before this by authentication
        return self.cache_format % {"scope": self.scope, "ident": token.pk}
