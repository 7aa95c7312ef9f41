"""Importing a plan document: upload or paste, review beside the source, save in one transaction."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from planwatch.accounts.access import can_import, import_draft_get_for_user
from planwatch.docparse.errors import ParseError
from planwatch.registry.importing import (
    import_draft_create,
    import_draft_discard,
    import_draft_save,
    source_ref,
    unknown_agencies,
)
from planwatch.registry.models import Agency, Document, ImportDraft
from planwatch.registry.services import RegisterError
from planwatch.web.forms import ImportForm


@login_required
@require_http_methods(["GET", "POST"])
def import_start(request):
    if not can_import(request.user):
        raise Http404
    form = ImportForm(request.POST if request.method == "POST" else None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data, filename = form.document_bytes()
        try:
            draft = import_draft_create(owner=request.user, data=data, filename=filename)
        except ParseError as exc:
            form.add_error(None, _("Không đọc được văn bản: %(error)s Không có gì được lưu.") % {"error": exc})
        else:
            return redirect("import-review", pk=draft.pk)
    drafts = ImportDraft.objects.filter(owner=request.user).select_related("document")[:20]
    return render(request, "web/import_start.html", {"form": form, "drafts": drafts})


def _warnings_by_ref(data: dict) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for warning in data.get("warnings", []):
        found.setdefault(source_ref(warning.get("source")), []).append(warning)
    return found


@login_required
@require_http_methods(["GET", "POST"])
def import_review(request, pk):
    draft = import_draft_get_for_user(request.user, pk)
    if request.method == "POST" and draft.status == ImportDraft.Status.REVIEW:
        if request.POST.get("action") == "discard":
            import_draft_discard(draft=draft, actor=request.user)
            messages.info(request, _("Đã hủy bản nhập; danh mục không thay đổi."))
            return redirect("import")
        edits = {k: v for k, v in request.POST.items() if k.startswith(("doc-", "ind-", "task-"))}
        new_agencies = {
            request.POST[key]: request.POST.get(f"new-kind-{key.removeprefix('new-agency-')}", "other")
            for key in request.POST if key.startswith("new-agency-")
        }
        try:
            result = import_draft_save(draft=draft, edits=edits, new_agencies=new_agencies, actor=request.user)
        except RegisterError as exc:
            messages.error(request, str(exc))
            return redirect("import-review", pk=draft.pk)
        changes = result.changes
        if changes.created and not changes.updated and not changes.deleted:
            messages.success(request, _("Đã lưu văn bản vào danh mục (%(n)s mục mới).") % {"n": changes.created})
        else:
            messages.success(request, _("Đã cập nhật văn bản: %(c)s mục mới, %(u)s mục sửa, %(d)s mục xóa.") % {
                "c": changes.created, "u": changes.updated, "d": changes.deleted})
        return redirect("import-review", pk=draft.pk)
    data = draft.data
    document = data.get("document") or {}
    existing = Document.objects.filter(slug=document.get("id")).first() if document.get("id") else None
    warnings = _warnings_by_ref(data)
    for item in [*data.get("indicators", []), *data.get("tasks", [])]:
        item["ref"] = source_ref(item.get("source"))
        item["warnings"] = warnings.get(item["ref"], [])
    return render(request, "web/import_review.html", {
        "draft": draft,
        "data": data,
        "document": document,
        "existing": existing,
        "unknown": unknown_agencies(data),
        "kinds": Agency.Kind.choices,
        "editable": draft.status == ImportDraft.Status.REVIEW,
    })
