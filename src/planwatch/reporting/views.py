"""Reporting pages. Views stay thin: look up with permission, call a service or a selector, render."""

from __future__ import annotations

import csv

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST, require_safe

from planwatch.accounts.access import (
    agency_get_for_user,
    can_approve_report,
    can_edit_report,
    can_review_reports,
    evidence_get_for_user,
    indicator_line_get_for_user,
    notification_get_for_user,
    report_get_for_user,
    round_get_for_user,
    scope_of,
    task_line_get_for_user,
)
from planwatch.audit.selectors import audit_entries_for
from planwatch.reporting import approval, selectors, services
from planwatch.spreadsheets import safe_field
from planwatch.reporting.acceptance import acceptance_preview
from planwatch.reporting.evidence import ACCEPT, EvidenceUploadHandler, clean_name, request_too_large, size_label
from planwatch.reporting.forms import (
    AcceptForm,
    ApprovalRequestForm,
    CommentForm,
    DeadlineForm,
    ReasonForm,
    ReportFilterForm,
    ReportForm,
    RoundOpenForm,
)
from planwatch.reporting.models import IndicatorLine, Report, Round
from planwatch.registry.models import Task
from planwatch.web.converters import bounded_int
from planwatch.web.inputs import nul_refused


def _require_reviewer(user) -> None:
    if not can_review_reports(user):
        raise PermissionDenied


def _errors_as_messages(request, form) -> None:
    """A small form posted from another page: its errors go back there as messages."""
    for field_errors in form.errors.values():
        for error in field_errors:
            messages.error(request, error)


# Rounds -----------------------------------------------------------------------------------------


@login_required
def round_list(request):
    return render(request, "reporting/round_list.html", {
        "rounds": selectors.round_list(user=request.user),
        "my_reports": selectors.my_reports(user=request.user),
        "can_review": can_review_reports(request.user),
        "scope": scope_of(request.user),
        "today": timezone.localdate(),
    })


@login_required
def round_open(request):
    _require_reviewer(request.user)
    form = RoundOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            round = services.round_open(
                period=form.cleaned_data["period"], deadline=form.cleaned_data["deadline"],
                documents=form.cleaned_data["documents"], actor=request.user,
            )
        except services.ReportingError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Đã mở %(title)s: %(n)s đơn vị có báo cáo.") % {
                "title": round.title, "n": round.reports.count()})
            return redirect("reporting:round", round.pk)
    return render(request, "reporting/round_open.html", {"form": form})


@login_required
def round_detail(request, pk):
    round = round_get_for_user(request.user, pk)
    form = ReportFilterForm(request.GET or None)
    filters = selectors.ReportFilter()
    if form.is_valid():
        filters = selectors.ReportFilter(query=form.cleaned_data["q"], state=form.cleaned_data["state"])
    reviewer = can_review_reports(request.user)
    return render(request, "reporting/round_detail.html", {
        "round": round,
        "rows": selectors.report_rows(user=request.user, round=round, filters=filters),
        "form": form,
        "can_review": reviewer,
        "deadline_form": DeadlineForm(initial={"deadline": round.deadline}) if reviewer and round.is_open else None,
        "actions": round.actions.filter(report__isnull=True).select_related("actor") if reviewer else [],
        "today": timezone.localdate(),
    })


@login_required
@require_POST
def round_close(request, pk):
    round = round_get_for_user(request.user, pk, write=True)
    try:
        services.round_close(round=round, actor=request.user)
    except services.ReportingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã tổng hợp và khóa đợt báo cáo."))
    return redirect("reporting:round", round.pk)


@login_required
@require_POST
def round_deadline(request, pk):
    round = round_get_for_user(request.user, pk, write=True)
    form = DeadlineForm(request.POST)
    if not form.is_valid():
        _errors_as_messages(request, form)
        return redirect("reporting:round", round.pk)
    try:
        services.round_deadline_change(
            round=round, deadline=form.cleaned_data["deadline"], reason=form.cleaned_data["reason"], actor=request.user,
        )
    except services.ReportingError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã đổi hạn nộp."))
    return redirect("reporting:round", round.pk)


@login_required
def round_export(request, pk):
    round = round_get_for_user(request.user, pk)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="dot-bao-cao-{round.pk}-{round.period}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 only with the mark
    writer = csv.writer(response)
    writer.writerow(selectors.EXPORT_HEADER)
    for row in selectors.export_rows(user=request.user, round=round):
        writer.writerow([safe_field(cell) for cell in row])
    return response


# Reports ----------------------------------------------------------------------------------------


def _report_context(request, report: Report, form: ReportForm | None = None) -> dict:
    user = request.user
    indicator_lines = selectors.indicator_lines_for(user=user, report=report)
    task_lines = selectors.task_lines_for(user=user, report=report)
    editable = can_edit_report(user, report) and report.is_editable and (report.round.is_open or report.reopen_count > 0)
    if form is None:
        form = ReportForm(indicator_lines=indicator_lines, task_lines=task_lines, version=report.version)
    lines = {**{f"i{line.pk}": line for line in indicator_lines}, **{f"t{line.pk}": line for line in task_lines}}
    current = {key: dict(value) for key, value in services.content_of(report).items() if key in lines}
    transitions = services.transitions_for(user, report)
    actions = selectors.actions_for(report)
    may_request_approval = approval.approval_request_possible(user, report)
    return {
        "report": report,
        "round": report.round,
        "form": form,
        "editable": editable,
        "transitions": transitions,
        "transition_names": {t.name for t in transitions},
        "can_approve": can_approve_report(user, report),
        "may_request_approval": may_request_approval,
        "approval_request_form": (
            ApprovalRequestForm(initial={"version": report.version}) if may_request_approval else None
        ),
        "approval_request": approval.pending_approval_request_in(actions),
        "reason_form": ReasonForm(initial={"version": report.version}),
        "comment_form": CommentForm(),
        "actions": actions,
        "changes": selectors.changes_since_acceptance(report, lines, current),
        "last_acceptance": selectors.last_acceptance(report),
        "previous": selectors.previous_lines(report) if editable else {},
        "statuses": Task.Status.choices,
        "kinds": IndicatorLine.Kind.choices,
        "accept": ACCEPT,
        "max_size": size_label(settings.PLANWATCH_EVIDENCE_MAX_BYTES),
        "today": timezone.localdate(),
        "reminders": report.reminders.all(),
    }


# Evidence uploads (issue 13): the size limit is kept while the body is read, which must be decided before
# anything reads request.POST; the CSRF middleware would, so the check runs in the exempt outer view and the
# real view is protected by csrf_protect itself.
@csrf_exempt
def report_detail(request, pk):
    if request.method == "POST":
        refused = request_too_large(request) if request.user.is_authenticated else None
        if refused:
            messages.error(request, refused)  # the body is left unread
            return redirect("reporting:report", pk)
        request.upload_handlers = [EvidenceUploadHandler(request)]
    return _report_detail(request, pk)


@login_required
@csrf_protect
def _report_detail(request, pk):
    if request.method != "POST":
        report = report_get_for_user(request.user, pk)
        return render(request, "reporting/report_detail.html", _report_context(request, report))
    report = report_get_for_user(request.user, pk, write=True)
    refused = nul_refused(request)  # the body is read now, with the upload limit: see report_detail
    if refused:
        return refused
    form = ReportForm(
        indicator_lines=selectors.indicator_lines_for(user=request.user, report=report),
        task_lines=selectors.task_lines_for(user=request.user, report=report),
        version=report.version, data=request.POST, files=request.FILES,
    )
    try:
        result = services.report_save(
            report=report, actor=request.user, version=form.version, content=form.content(), files=form.files,
            remove_evidence=form.remove_evidence,
        )
    except services.StaleReport as exc:
        form.apply_stale(exc)
        messages.error(request, str(exc))
        report = exc.report
    except services.ReportValidationError as exc:
        form.set_errors(exc.errors)
        if form.files:
            form.non_field_errors.append(_("Tệp đính kèm chưa được lưu; hãy chọn lại tệp rồi lưu."))
        messages.error(request, str(exc))
    except services.ReportingError as exc:
        messages.error(request, str(exc))
        report.refresh_from_db()
    else:
        if result.changed:
            messages.success(request, _("Đã lưu báo cáo (phiên bản %(version)s).") % {"version": result.report.version})
        else:
            messages.info(request, _("Không có gì thay đổi."))
        for notice in result.notices:
            messages.warning(request, notice)
        return redirect("reporting:report", report.pk)
    return render(request, "reporting/report_detail.html", _report_context(request, report, form), status=200)


@login_required
@require_POST
def report_transition(request, pk, action):
    if action not in services.TRANSITIONS:
        raise Http404
    report = report_get_for_user(request.user, pk)
    if action == "accept":
        return _report_accept(request, report)
    form = ReasonForm(request.POST)
    form.is_valid()
    return _move_then_back(request, report, lambda: services.report_transition(
        report=report, action=action, actor=request.user, reason=form.cleaned_data.get("reason", ""),
        version=form.cleaned_data.get("version") if action == "approve" else None,
    ))


def _require_accept_right(user, report: Report) -> None:
    if not services.TRANSITIONS["accept"].guard(user, report):
        raise PermissionDenied


@login_required
@require_safe
def report_accept_confirm(request, pk):
    """What accepting writes into the register, and the box to tick; the form posts to report_transition."""
    report = report_get_for_user(request.user, pk)
    _require_accept_right(request.user, report)
    if "accept" not in {t.name for t in services.transitions_for(request.user, report)}:
        messages.error(request, _("Báo cáo đang ở trạng thái “%(status)s”: không có gì để chấp nhận.")
                       % {"status": report.get_status_display()})
        return redirect("reporting:report", report.pk)
    return render(request, "reporting/report_accept.html", {
        "report": report, "round": report.round, "preview": acceptance_preview(report),
        "form": AcceptForm(initial={"version": report.version}),
    })


def _report_accept(request, report: Report):
    """Accept only with the confirmation ticked; without it, back to the summary, nothing written."""
    _require_accept_right(request.user, report)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        _errors_as_messages(request, form)
        return redirect("reporting:report-accept", report.pk)
    return _move_then_back(request, report, lambda: services.report_transition(
        report=report, action="accept", actor=request.user, version=form.cleaned_data["version"],
    ))


@login_required
@require_POST
def report_request_approval(request, pk):
    report = report_get_for_user(request.user, pk)
    form = ApprovalRequestForm(request.POST)
    if not form.is_valid():
        _errors_as_messages(request, form)
        return redirect("reporting:report", report.pk)
    return _move_then_back(request, report, lambda: approval.report_approval_request(
        report=report, actor=request.user, note=form.cleaned_data["note"], version=form.cleaned_data["version"],
    ))


def _move_then_back(request, report: Report, move):
    """Run one move of the report (a service call), say how it went, and go back to the report."""
    try:
        result = move()
    except services.ReportingError as exc:
        messages.error(request, str(exc))
    else:
        (messages.success if result.done else messages.info)(request, result.message)
    return redirect("reporting:report", report.pk)


@login_required
@require_POST
def report_comment(request, pk):
    report = report_get_for_user(request.user, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        services.report_comment(report=report, actor=request.user, text=form.cleaned_data["text"])
        messages.success(request, _("Đã gửi ý kiến."))
    else:
        messages.error(request, _("Ý kiến không được để trống."))
    return redirect(reverse("reporting:report", args=[report.pk]) + "#y-kien")


@login_required
def evidence_download(request, pk):
    evidence = evidence_get_for_user(request.user, pk)
    if evidence.removed_at is not None:
        # A removed file stays in storage for the record (models.Evidence), but is no longer served.
        raise Http404
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=clean_name(evidence.name), content_type=evidence.content_type,
    )
    # Always a download, never rendered in the app's origin: no sniffing, no script, not kept by shared caches.
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


# Dashboard, records, notifications ---------------------------------------------------------------


@login_required
def dashboard(request):
    _require_reviewer(request.user)
    rounds = list(Round.objects.order_by("-deadline", "-id")[:30])
    chosen = None
    wanted = bounded_int(request.GET.get("dot"))
    if wanted is not None:
        chosen = round_get_for_user(request.user, wanted)
    else:
        chosen = next((r for r in rounds if r.is_open and r.origin == Round.Origin.MANUAL), None) or (rounds[0] if rounds else None)
    state = request.GET.get("tinh-trang", "")
    board = selectors.dashboard(user=request.user, round=chosen, state=state if state in selectors.STATE_LABELS else "")
    return render(request, "reporting/dashboard.html", {
        "board": board, "rounds": rounds, "state": state, "states": selectors.STATE_LABELS,
        "today": timezone.localdate(),
    })


@login_required
def agency_record(request, pk):
    agency = agency_get_for_user(request.user, pk)
    scope = scope_of(request.user)
    if not scope.everything and scope.agency_id != agency.pk:
        raise Http404
    return render(request, "reporting/agency_record.html", {
        "agency": agency, "reports": selectors.agency_record(user=request.user, agency=agency),
    })


@login_required
def notification_list(request):
    if request.method == "POST":
        services.notifications_mark_read(user=request.user)
        messages.success(request, _("Đã đánh dấu mọi thông báo là đã đọc."))
        return redirect("reporting:notifications")
    return render(request, "reporting/notifications.html", {
        "notifications": selectors.notifications_for(user=request.user),
    })


@login_required
@require_POST
def notification_open(request, pk):
    notification = notification_get_for_user(request.user, pk)
    services.notifications_mark_read(user=request.user, ids=[notification.pk])
    target = notification.url or reverse("reporting:notifications")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("reporting:notifications")
    return redirect(target)


# History ----------------------------------------------------------------------------------------


@login_required
def round_history(request, pk):
    round = round_get_for_user(request.user, pk)
    # The round's own log counts other agencies' reports: for the planning department only.
    actions = round.actions.filter(report__isnull=True).select_related("actor") if can_review_reports(request.user) else []
    entries = audit_entries_for(round)[:500]
    return render(request, "reporting/history.html", {
        "object": round, "entries": entries, "actions": actions, "back": reverse("reporting:round", args=[round.pk]),
    })


@login_required
def report_history(request, pk):
    report = report_get_for_user(request.user, pk)
    scope = scope_of(request.user)
    # A leader reads only the lines of the portfolio; the full trail names every line, so it is not shown.
    entries = selectors.report_history(report)[:1000] if scope.position_id is None or scope.everything else []
    return render(request, "reporting/history.html", {
        "object": report, "entries": entries, "actions": selectors.actions_for(report),
        "back": reverse("reporting:report", args=[report.pk]),
    })


@login_required
def line_history(request, kind, pk):
    if kind == "chi-tieu":
        line = indicator_line_get_for_user(request.user, pk)
    elif kind == "nhiem-vu":
        line = task_line_get_for_user(request.user, pk)
    else:
        raise Http404
    return render(request, "reporting/history.html", {
        "object": line, "entries": audit_entries_for(line)[:500], "actions": [],
        "back": reverse("reporting:report", args=[line.report_id]),
    })

