"""The portal's pages kept whole in Django's cache, so that a crowd costs two small queries a page.

A page depends on the register (the revision token of registry/results.py, renewed at every commit that changes
what the engine reads), on which plans are published (a digest of the Publication rows: publishing or
unpublishing changes the key at once) and on the language. The key holds all three and the path; query strings
are ignored, since no public page reads one, so made-up parameters cannot fill the cache.

The pages hold no CSRF token, no cookie and nothing of the visitor's, so the same bytes may be served to
everyone, and proxies and browsers may keep them a short while too (`Cache-Control: public`; `private` for a
visitor who has a session cookie, whose answer may renew it). MAX_AGE bounds how
long a browser or proxy may still show a plan just unpublished; the server's copy is retired at once.
"""

from __future__ import annotations

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language

from planwatch.portal.models import Publication
from planwatch.registry.results import current_token

MAX_AGE = 60  # seconds a browser or proxy may reuse a page
TIMEOUT = 15 * 60  # seconds the server keeps a page at most (anything not in the token, such as a unit's rename)
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language")


def publication_state() -> str:
    rows = Publication.objects.order_by("pk").values_list("pk", "document_id", "published_at", "note")
    return hashlib.blake2b(repr(list(rows)).encode(), digest_size=10).hexdigest()


def page_key(request) -> str | None:
    """The cache key of the page at request.path, or None when it must not be kept (inputs changed in this very
    transaction: current_token says so)."""
    token = current_token()
    if token is None:
        return None
    path = hashlib.blake2b(request.path.encode(), digest_size=12).hexdigest()
    return f"planwatch:portal:{token}:{publication_state()}:{get_language() or '-'}:{path}"


def public_page(view):
    """Serve the view's 200 answer from the cache when kept, keep it otherwise; mark it public."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        key = page_key(request) if request.method in ("GET", "HEAD") else None
        kept = cache.get(key) if key else None
        if kept is not None:
            content, headers = kept
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
        else:
            response = view(request, *args, **kwargs)
            if key and response.status_code == 200 and not response.streaming and not response.cookies:
                headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
                cache.set(key, (response.content, headers), TIMEOUT)
        if response.status_code == 200:
            # A signed-in visitor's answer may carry a renewed session cookie: no shared cache may keep that one.
            signed_in = settings.SESSION_COOKIE_NAME in request.COOKIES
            patch_cache_control(response, **{"private" if signed_in else "public": True}, max_age=MAX_AGE)
            patch_vary_headers(response, ("Cookie",))  # the language is the cookie's
        return response

    return wrapper
