"""Importing a plan document: upload or paste, review beside the source, save in one transaction."""

import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from planwatch.accounts.access import can_import, import_draft_get_for_user
from planwatch.docparse.errors import ParseError
from planwatch.docparse.model import UNCERTAIN
from planwatch.registry.importing import (
    has_content,
    import_draft_create,
    import_draft_discard,
    import_draft_reread,
    import_draft_save,
    render_page,
    source_ref,
    unknown_agencies,
)
from planwatch.registry.models import Agency, Document, ImportDraft
from planwatch.registry.services import RegisterError
from planwatch.series.services import series_propose
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
        if request.POST.get("action") == "columns":
            return _reread_with_columns(request, draft)
        edits = {k: v for k, v in request.POST.items() if k.startswith(("doc-", "ind-", "task-", "cand-"))}
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
        # The document's indicators proposed into the series of other documents' for the planning department to
        # confirm (docs/series.md); a re-import proposes only rows not yet in a series.
        proposed = series_propose(document=result.document, actor=request.user)
        if proposed:
            messages.info(request, _(
                "%(n)s chỉ tiêu được đề xuất vào chuỗi chỉ tiêu; hãy xác nhận ở trang Chuỗi chỉ tiêu."
            ) % {"n": len(proposed)})
        return redirect("import-review", pk=draft.pk)
    data = draft.data
    document = data.get("document") or {}
    existing = Document.objects.filter(slug=document.get("id")).first() if document.get("id") else None
    warnings = _warnings_by_ref(data)
    for item in [*data.get("indicators", []), *data.get("tasks", [])]:
        item["ref"] = source_ref(item.get("source"))
        item["warnings"] = [w for w in warnings.get(item["ref"], []) if w.get("code") != "row_uncertain"]
        confidence = item.get("confidence")
        item["uncertain"] = confidence is not None and confidence < UNCERTAIN
        item["percent"] = None if confidence is None else round(confidence * 100)
    for indicator in data.get("indicators", []):
        for value in indicator.get("values", []):
            value["kind_label"] = VALUE_KINDS.get(value.get("kind"), value.get("kind"))
    editable = draft.status == ImportDraft.Status.REVIEW
    empty = not has_content(data)
    refs = {line.get("ref") for line in draft.source_lines or []}
    tables = _tables_view(data)
    for table in tables:
        ref = source_ref(table.get("source"))
        table["ref"] = ref if ref in refs else ""
    reading = data.get("reading") or {}
    return render(request, "web/import_review.html", {
        "draft": draft,
        "data": data,
        "document": document,
        "existing": existing,
        "unknown": unknown_agencies(data),
        "kinds": Agency.Kind.choices,
        "editable": editable,
        "empty": empty,
        # Candidates read from sentences are saved only when the reviewer ticks them: a draft of candidates alone
        # offers the save, and the service refuses it while none is ticked.
        "savable": not empty or bool(data.get("candidate_indicators")),
        "empty_reasons": [w for w in data.get("warnings", []) if w.get("code") in EMPTY_REASONS] if empty else [],
        "tables": tables,
        "meanings": MEANINGS,
        "can_reread": editable and bool(draft.source_file),
        "ocr": bool(reading.get("ocr")),
        "pages": (reading.get("pages") or []) if reading.get("ocr") and draft.source_file else [],
    })


# The meaning of a table's columns, fixed once for the whole table ----------------------------------------
#
# Each meaning is written as the header a planner would give the column (docparse reads it with its own
# vocabulary of headers): these headers are Vietnamese whatever the page's language, only the labels translate.

MEANINGS = [
    # code, label, needs a period
    ("tt", gettext_lazy("Số thứ tự (TT)"), False),
    ("name", gettext_lazy("Tên"), False),
    ("unit", gettext_lazy("Đơn vị tính"), False),
    ("target", gettext_lazy("Chỉ tiêu (mục tiêu) năm …"), True),
    ("actual", gettext_lazy("Thực hiện năm …"), True),
    ("estimate", gettext_lazy("Ước thực hiện năm …"), True),
    ("plan", gettext_lazy("Kế hoạch năm …"), True),
    ("required", gettext_lazy("Cần đạt năm …"), True),
    ("lead", gettext_lazy("Cơ quan chủ trì"), False),
    ("coord", gettext_lazy("Cơ quan phối hợp"), False),
    ("leader", gettext_lazy("Lãnh đạo phụ trách"), False),
    ("product", gettext_lazy("Sản phẩm"), False),
    ("deadline", gettext_lazy("Thời hạn"), False),
    ("note", gettext_lazy("Ghi chú"), False),
    ("progress", gettext_lazy("Tình hình thực hiện"), False),
    ("assessment", gettext_lazy("Đánh giá"), False),
    ("other", gettext_lazy("Bỏ qua"), False),
]
_WITH_PERIOD = {code for code, _label, period in MEANINGS if period}
_HEADERS = {
    "tt": "STT", "name": "Tên chỉ tiêu, nhiệm vụ", "unit": "Đơn vị tính", "lead": "Cơ quan chủ trì",
    "coord": "Cơ quan phối hợp", "leader": "Lãnh đạo phụ trách", "product": "Sản phẩm", "deadline": "Thời hạn",
    "note": "Ghi chú", "progress": "Tình hình thực hiện", "assessment": "Đánh giá", "other": "",
}
_PREFIX = {
    "target": "Chỉ tiêu (mục tiêu)", "actual": "Thực hiện", "estimate": "Ước thực hiện", "plan": "Kế hoạch",
    "required": "Cần đạt",
}
# The periods headers name; ASCII digits only (\d alone would let `20٢٥` through to the re-read).
PERIOD = re.compile(r"^((?:19|20)\d\d)(?:\s*[-–]\s*((?:19|20)\d\d)|-(H1|9M|Q[1-4]))?$", re.ASCII)
_ROMAN = {"1": "I", "2": "II", "3": "III", "4": "IV"}


def column_meaning(column: dict) -> str:
    """The meaning a column of the parsed format has, as the select offers it."""
    role = column.get("role") or "other"
    if role == "value":
        return column.get("kind") if column.get("kind") in _PREFIX else "actual"
    return role if role in _HEADERS or role == "target" else "other"


def column_header(meaning: str, period: str = "") -> str:
    """The header a planner would write for a column of this meaning (and period: `2025`, `2021-2025`,
    `2024-H1`, `2024-9M`, `2024-Q2`), as docparse reads headers.

    ValueError for an unknown meaning or a period the headers cannot name."""
    if meaning in _HEADERS:
        return _HEADERS[meaning]
    if meaning not in _PREFIX:
        raise ValueError(meaning)
    match = PERIOD.match((period or "").strip())
    if not match:
        raise ValueError(period)
    year, end, part = match.groups()
    if end:
        when = f"năm {year}-{end}"
    elif part == "H1":
        when = f"6 tháng đầu năm {year}"
    elif part == "9M":
        when = f"9 tháng đầu năm {year}"
    elif part:
        when = f"quý {_ROMAN[part[1]]}/{year}"
    else:
        when = f"năm {year}"
    return f"{_PREFIX[meaning]} {when}"


LAYOUTS = {
    "pipe": gettext_lazy("bảng bị dàn phẳng, mỗi ô kết thúc bằng dấu |"),
    "tab": gettext_lazy("mỗi hàng một dòng, các ô cách nhau bằng dấu tab"),
    "blocks": gettext_lazy("mỗi ô một dòng, các hàng cách nhau bằng dòng trống"),
    "lines": gettext_lazy("mỗi ô một dòng"),
    "paragraphs": gettext_lazy("mỗi ô một đoạn văn"),
    "markdown": gettext_lazy("bảng markdown, các ô cách nhau bằng dấu |"),
    "spaces": gettext_lazy("các cột cách nhau bằng khoảng trắng"),
    "numeric": gettext_lazy("mỗi hàng một dòng: tên, đơn vị rồi các số liệu"),
    "text": gettext_lazy("bảng HTML dán trong văn bản"),
    "html": gettext_lazy("bảng của trang web (HTML)"),
    "docx": gettext_lazy("bảng Word"),
    "xlsx": gettext_lazy("trang tính Excel"),
    "pdf": gettext_lazy("bảng trong tệp PDF"),
    "image": gettext_lazy("bảng đọc từ ảnh chụp (OCR)"),
}
VALUE_KINDS = {
    "actual": gettext_lazy("Thực hiện"), "estimate": gettext_lazy("Ước thực hiện"), "plan": gettext_lazy("Kế hoạch"),
    "required": gettext_lazy("Cần đạt"),
}
# What explains an import that read nothing: shown above the (absent) save button.
EMPTY_REASONS = {"table_rows_unread", "nothing_found", "table_uncertain", "rows_not_recovered"}


def _tables_view(data: dict) -> list[dict]:
    tables = []
    for table in data.get("tables") or []:
        confidence = table.get("confidence")
        columns = []
        for j, column in enumerate(table.get("columns") or []):
            meaning = column_meaning(column)
            columns.append({
                "index": j, "read": column.get("read_header", column.get("header")) or "",
                "header": column.get("header") or "", "meaning": meaning,
                "period": (column.get("period") or "") if meaning in _WITH_PERIOD else "",
            })
        tables.append({
            **table,
            "layout_label": LAYOUTS.get(table.get("layout"), table.get("layout")),
            "percent": None if confidence is None else round(confidence * 100),
            "uncertain": confidence is not None and confidence < UNCERTAIN,
            "column_list": columns,
            "chosen": bool((data.get("column_choices") or {}).get(str(table.get("index")))),
        })
    return tables


def _reread_with_columns(request, draft):
    """The columns form of one table: each column's meaning (and period), the original read again with them."""
    tables = {str(t.get("index")): t for t in draft.data.get("tables") or []}
    table = tables.get(request.POST.get("table", ""))
    if table is None:
        messages.error(request, _("Không tìm thấy bảng cần sửa nghĩa cột."))
        return redirect("import-review", pk=draft.pk)
    t = table["index"]
    changed: dict[int, str] = {}
    problems = []
    for j, column in enumerate(table.get("columns") or []):
        meaning = request.POST.get(f"col-{t}-{j}")
        if meaning is None:
            continue
        period = request.POST.get(f"period-{t}-{j}", "").strip()
        current = column_meaning(column)
        if meaning == current and (meaning not in _WITH_PERIOD or period == (column.get("period") or "")):
            continue
        try:
            changed[j] = column_header(meaning, period)
        except ValueError:
            label = column.get("read_header", column.get("header")) or str(j + 1)
            problems.append(label)
    # Back to the top of the page, where the message is and the tables' cards follow.
    anchor = reverse("import-review", args=[draft.pk])
    if problems:
        messages.error(request, _(
            "Hãy ghi năm hoặc giai đoạn (ví dụ 2025, 2021-2025, 2024-H1, 2024-9M, 2024-Q2) cho cột: %(columns)s. "
            "Chưa đọc lại văn bản.") % {"columns": "; ".join(problems)})
        return redirect(anchor)
    if not changed:
        messages.info(request, _("Không cột nào đổi nghĩa: văn bản không cần đọc lại."))
        return redirect(anchor)
    try:
        import_draft_reread(draft=draft, columns={t: changed}, actor=request.user)
    except RegisterError as exc:
        messages.error(request, str(exc))
        return redirect(anchor)
    messages.success(request, _(
        "Đã đọc lại văn bản gốc với nghĩa cột đã chọn cho bảng %(table)s: %(indicators)s chỉ tiêu, %(tasks)s nhiệm vụ.")
        % {"table": t, "indicators": len(draft.data.get("indicators", [])), "tasks": len(draft.data.get("tasks", []))})
    return redirect(anchor)


@login_required
@require_GET
def import_page_image(request, pk, page):
    """A page of a draft's original PDF as an image, to check what OCR read against it."""
    draft = import_draft_get_for_user(request.user, pk)
    if not draft.source_file:
        raise Http404
    try:
        image = render_page(draft, page)
    except RegisterError:
        image = None
    if image is None:
        raise Http404
    response = HttpResponse(image, content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response
