"""What a request may carry, checked before any app reads it: ids a database can hold, whole numbers, no NUL.

Below every app (no planwatch import), so each app's URLs and views use it; web/converters.py and web/inputs.py
name the same things.

Ids: `<id:pk>` is Django's `<int:pk>` bounded to what a database key can hold. A 20-digit id in a URL is nobody's
record: it must be a 404 like any other missing id, but past 2**63 - 1 SQLite raises OverflowError and PostgreSQL
a DataError (bigint out of range), both 500s. So the URL itself does not match, before any query is made.

NUL: no form of the site has a use for NUL (U+0000), and PostgreSQL refuses it in text and JSON columns with an
error that would be a 500 (SQLite stores it silently, so the same input passes on a developer's machine). Django's
form fields refuse it one by one; the report form, the import review and the search read the request directly. One
check here answers every such request 400, whatever the view.
"""

from __future__ import annotations

from django.http import HttpResponseBadRequest
from django.urls import register_converter
from django.utils.translation import gettext as _

# The largest value of a BigAutoField (a signed 64-bit integer) on both SQLite and PostgreSQL.
MAX_ID = 2**63 - 1


class IdConverter:
    # ASCII digits only (not `\d`, which also matches `²`-like and Arabic-Indic digits in some engines), at most 19.
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            # ValueError makes the resolver try the next pattern, then answer 404.
            raise ValueError(f"{value} is beyond the largest id")
        return number

    def to_url(self, value: int) -> str:
        return str(int(value))


register_converter(IdConverter, "id")


def bounded_int(text: str | None, *, low: int = 0, high: int = MAX_ID) -> int | None:
    """The whole number a query parameter or a form's hidden field carries, or None when it is not one.

    ASCII digits only: `'²'.isdigit()` and `'٣'.isdigit()` are True, yet `int('²')` raises and `int('٣')` is 3,
    a value nobody typed on purpose. Bounded, so that no query ever sees an integer the database cannot hold.
    """
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(high)):
        return None
    number = int(text)
    return number if low <= number <= high else None


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
