"""The contributions page of a higher indicator: who contributes, add one, remove one (the planning department).
Views stay thin: look up with permission, call a service, say what happened, go back."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from planwatch.accounts.access import indicator_get_for_user, visible_indicators
from planwatch.cascade import access, selectors, services
from planwatch.cascade.forms import ContributionForm


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


@login_required
def contributions_edit(request, pk):
    indicator = indicator_get_for_user(request.user, pk)
    if not access.can_edit_contributions(request.user):
        raise PermissionDenied
    form = ContributionForm(
        request.POST or None,
        candidates=selectors.contributor_candidates(user=request.user, indicator=indicator),
        bases=visible_indicators(request.user).select_related("document").order_by("document_id", "order"),
        units=selectors.units_for_choice(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.contribution_add(indicator=indicator, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm chỉ tiêu đóng góp."))
            return redirect("cascade:edit", pk=indicator.pk)
    return render(request, "cascade/contributions.html", {
        "indicator": indicator,
        "rollup": selectors.rollup_of(indicator, user=request.user),
        "form": form,
    }, status=400 if request.method == "POST" else 200)


@login_required
@require_POST
def contribution_remove(request, pk, contribution_pk):
    contribution = access.contribution_get_for_user(request.user, contribution_pk, write=True)
    if contribution.indicator_id != pk:
        raise Http404
    services.contribution_remove(contribution=contribution, actor=request.user)
    messages.success(request, _("Đã bỏ chỉ tiêu đóng góp."))
    return redirect("cascade:edit", pk=pk)
