"""Series pages: the links waiting for the planning department, and the decisions on them. Views stay thin: look up
with permission (series.access), call a service, say what happened, go back."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from planwatch.accounts.access import indicator_get_for_user
from planwatch.httpinputs import bounded_int
from planwatch.series import access, selectors, services

DECISIONS = {
    "xac-nhan": (services.series_confirm, gettext_lazy("Đã xác nhận liên kết chuỗi chỉ tiêu.")),
    "bac-bo": (services.series_reject, gettext_lazy("Đã bác bỏ liên kết chuỗi chỉ tiêu.")),
}


def _back(request, default: str):
    """To the page the form was on (the indicator page or the list), never to another site."""
    target = request.POST.get("next") or default
    safe = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure(),
    )
    return redirect(target if safe else default)


@login_required
@require_GET
def proposal_list(request):
    if not access.can_see_series(request.user):
        raise Http404
    return render(request, "series/proposals.html", {
        "proposals": selectors.proposals(user=request.user),
        "can_decide": access.can_decide(request.user),
    })


@login_required
@require_POST
def member_decide(request, pk, action):
    if action not in DECISIONS:
        raise Http404
    member = access.series_member_get_for_user(request.user, pk, write=True)
    service, done = DECISIONS[action]
    try:
        service(member=member, actor=request.user)
    except services.SeriesError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done)
    return _back(request, reverse("series:proposals"))


@login_required
@require_POST
def indicator_link(request, pk):
    indicator = indicator_get_for_user(request.user, pk, write=True)
    other_pk = bounded_int(request.POST.get("other"))
    if other_pk is None:
        raise Http404
    other = indicator_get_for_user(request.user, other_pk)
    try:
        services.series_link(indicator=indicator, other=other, actor=request.user)
    except services.SeriesError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã liên kết “%(indicator)s” với “%(other)s”.") % {
            "indicator": indicator.name, "other": other.name})
    return redirect(reverse("indicator", args=[indicator.pk]) + "#series")
