"""Input refused at the door: text parameters holding a NUL character.

No form of the site has a use for NUL (U+0000), and PostgreSQL refuses it in text and JSON columns with an error
that would be a 500 (SQLite stores it silently, so the same input passes on a developer's machine). Django's form
fields refuse it one by one; the report form, the import review and the search read the request directly. One
check here answers every such request 400, whatever the view.
"""

from __future__ import annotations

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _


def _has_nul(query_dict) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in query_dict.lists())


def nul_refused(request):
    """The 400 for a request with a NUL in its parameters, else None; for views that read their body themselves."""
    if _has_nul(request.GET) or (request.method == "POST" and _has_nul(request.POST)):
        return HttpResponseBadRequest(
            _("Yêu cầu chứa ký tự không hợp lệ (NUL)."), content_type="text/plain; charset=utf-8")
    return None


class RejectNulMiddleware:
    """400 for a NUL in a query parameter or a form field (uploaded files are not text and are not looked at).

    In process_view, after CsrfViewMiddleware, which reads the POST body first in any case. A view exempt from it
    may have to choose how its body is read (the report form's upload limit): its body is left alone here, and
    such a view calls nul_refused() itself once it has read it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if getattr(view_func, "csrf_exempt", False):
            return nul_refused(_QueryOnly(request))
        return nul_refused(request)


class _QueryOnly:
    """A request seen through its query string only: its body is not read."""

    method = "GET"

    def __init__(self, request):
        self.GET = request.GET
