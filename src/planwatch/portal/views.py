"""The public portal's pages (no sign-in) and the planners' publishing page.

Public views: look up through portal.access (404 for anything not published), read a selector, render; each is
kept whole by caching.public_page. They render no CSRF token and set no cookie, so one copy serves everyone.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST, require_safe

from planwatch.portal import selectors
from planwatch.portal.access import (
    agency_get_public,
    can_publish,
    document_get_for_publishing,
    document_get_public,
    indicator_get_public,
)
from planwatch.portal.caching import public_page
from planwatch.portal.downloads import DOWNLOADS
from planwatch.portal.services import PortalError, document_publish, document_unpublish


@require_safe
@public_page
def index(request):
    return render(request, "portal/index.html", {
        "plans": selectors.published_plans(),
        "units": selectors.published_units(),
    })


@require_safe
@public_page
def document_page(request, pk):
    document = document_get_public(pk)
    return render(request, "portal/document.html", {
        "document": document,
        "board": selectors.plan_board(document),
    })


@require_safe
@public_page
def indicator_page(request, pk, indicator_pk):
    document = document_get_public(pk)
    indicator = indicator_get_public(document, indicator_pk)
    board = selectors.plan_board(document)
    card = board.card(indicator.pk)
    if card is None:
        raise Http404
    return render(request, "portal/indicator.html", {
        "document": document,
        "card": card,
        "values": selectors.indicator_values(card, published=selectors.published_ids()),
        "children": [c for c in board.cards if c.indicator.parent_id == indicator.pk],
        "parent": board.card(indicator.parent_id) if indicator.parent_id else None,
    })


@require_safe
@public_page
def unit_page(request, pk):
    agency = agency_get_public(pk)
    return render(request, "portal/unit.html", {"agency": agency, "plans": selectors.unit_boards(agency)})


@require_safe
@public_page
def download(request, pk, suffix):
    if suffix not in DOWNLOADS:
        raise Http404
    document = document_get_public(pk)
    writer, content_type, ending = DOWNLOADS[suffix]
    response = HttpResponse(writer(document), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{document.slug}-cong-khai.{ending}"'
    return response


@require_GET
def language(request):
    """The portal's language switch: a GET, so that its pages carry no CSRF token and can be kept whole. Choosing
    a language is no harm to anyone; `next` must stay on the portal."""
    code = request.GET.get("language", "")
    target = request.GET.get("next", "")
    if not (target.startswith("/cong-khai/") and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure())):
        target = "/cong-khai/"
    response = HttpResponseRedirect(target)
    if code in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, code, max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


@login_required
def manage(request):
    if not can_publish(request.user):
        raise PermissionDenied
    return render(request, "portal/manage.html", {"documents": selectors.publishing_list()})


@require_POST
@login_required
def publish(request, pk):
    document = document_get_for_publishing(request.user, pk)
    try:
        document_publish(document=document, user=request.user, note=request.POST.get("note", "")[:500])
    except PortalError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã công bố %(document)s trên cổng dữ liệu công khai.") % {"document": document})
    return redirect("portal:manage")


@require_POST
@login_required
def unpublish(request, pk):
    document = document_get_for_publishing(request.user, pk)
    if document_unpublish(document=document, user=request.user):
        messages.success(request, _("Đã thôi công bố %(document)s.") % {"document": document})
    return redirect("portal:manage")
