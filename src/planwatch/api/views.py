"""The signed-in user's own API tokens: create (the token shown once) and revoke."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from planwatch.api import services
from planwatch.api.forms import TokenForm
from planwatch.api.models import ApiToken


def _page(request, *, form, created=None, status=200):
    response = render(request, "api/tokens.html", {
        "form": form, "created": created, "tokens": ApiToken.objects.filter(user=request.user),
    }, status=status)
    # The page may hold a token in clear: no cache anywhere may keep it.
    response["Cache-Control"] = "no-store"
    return response


@login_required
def token_list(request):
    if request.method != "POST":
        return _page(request, form=TokenForm())
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form=form, status=400)
    try:
        created = services.api_token_create(
            user=request.user, name=form.cleaned_data["name"], expires_at=form.cleaned_data["expires"],
            actor=request.user,
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return _page(request, form=form, status=400)
    # Rendered, not redirected: the token is in this one response and nowhere else (no session, no log).
    return _page(request, form=TokenForm(), created=created, status=201)


@login_required
@require_POST
def token_revoke(request, pk):
    token = ApiToken.objects.filter(pk=pk, user=request.user).first()
    if token is None:
        raise Http404
    services.api_token_revoke(token=token, actor=request.user)
    messages.success(request, _("Đã thu hồi khoá %(name)s.") % {"name": str(token)})
    return redirect("api-tokens")
