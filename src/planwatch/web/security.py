"""Response headers that keep data from becoming code in the browser.

Escaping is the first defence against stored XSS; the Content-Security-Policy is the second: should a name from an
import or the admin ever reach a page unescaped, the browser still refuses to run it, because no page needs inline
script, inline event handlers, inline style or anything from another origin. The scripts the pages need are files
under the apps' `static/` folders.

One header needs no dependency (django-csp would add nonces and per-view policies we have no use for).
Django's SecurityMiddleware already sends `X-Content-Type-Options: nosniff` (SECURE_CONTENT_TYPE_NOSNIFF) and
`Referrer-Policy: same-origin` (SECURE_REFERRER_POLICY); this middleware only fills them in if a setting turned
them off, so the pages never go without them.
"""

from __future__ import annotations

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    # The indicator chart is inline SVG (not an image); data: covers the admin's and browsers' small icons.
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])

FALLBACK_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


class SecurityHeadersMiddleware:
    """Adds the Content-Security-Policy (and the fallbacks above) to every response, error pages included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # setdefault: a view with a stricter policy of its own (none today) keeps it.
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        for name, value in FALLBACK_HEADERS.items():
            response.headers.setdefault(name, value)
        return response
