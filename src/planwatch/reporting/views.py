"""Reporting pages. Views stay thin: look up with permission, call a service or a selector, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST, require_safe

from planwatch.accounts.access import agency_get_for_user, scope_of
from planwatch.audit.selectors import audit_entries_for
from planwatch.httpinputs import bounded_int, nul_refused
from planwatch.jobs.models import Job
from planwatch.jobs.services import job_start
from planwatch.reporting import approval, exports, round_jobs, selectors, services
from planwatch.reporting.access import (
    can_approve_report,
    can_edit_report,
    can_review_reports,
    evidence_get_for_user,
    indicator_line_get_for_user,
    notification_get_for_user,
    report_get_for_user,
    round_get_for_user,
    task_line_get_for_user,
)
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
    posted_line_ids,
)
from planwatch.reporting.models import IndicatorLine, Report, Round
from planwatch.registry.models import Task
from planwatch.paging import PAGE_PARAM, page_of
from planwatch.spreadsheets import csv_lines


def _require_reviewer(user) -> None:
    if not can_review_reports(user):
        raise PermissionDenied


def _errors_as_messages(request, form) -> None:
    """A small form posted from another page: its errors go back there as messages."""
    for field_errors in form.errors.values():
        for error in field_errors:
            messages.error(request, error)


# Rounds -----------------------------------------------------------------------------------------

MY_REPORTS_PAGE = "trang_bao_cao"


@login_required
def round_list(request):
    return render(request, "reporting/round_list.html", {
        "rounds": page_of(selectors.round_list(user=request.user), request.GET.get(PAGE_PARAM)),
        # The agency's own reports, a list of their own beside the rounds: a page number of their own.
        "my_reports": page_of(selectors.my_reports(user=request.user), request.GET.get(MY_REPORTS_PAGE)),
        "can_review": can_review_reports(request.user),
        "scope": scope_of(request.user),
        "today": timezone.localdate(),
    })


@login_required
def round_open(request):
    _require_reviewer(request.user)
    form = RoundOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # A round for every plan of a country is minutes of work: a job, whose page shows how far it has come.
        job = job_start(kind=round_jobs.ROUND_OPEN, actor=request.user, title=_("Mở đợt báo cáo %(period)s") % {
            "period": form.cleaned_data["period"]}, params={
            "period": form.cleaned_data["period"], "deadline": form.cleaned_data["deadline"].isoformat(),
            "documents": [document.pk for document in form.cleaned_data["documents"]],
        })
        if job.status == Job.Status.DONE:
            messages.success(request, job.message)
            return redirect(job.result_url)
        if job.status != Job.Status.FAILED:
            return redirect("jobs:job", job.pk)
        form.add_error(None, job.message)
    return render(request, "reporting/round_open.html", {"form": form})


@login_required
def round_detail(request, pk):
    round = round_get_for_user(request.user, pk)
    form = ReportFilterForm(request.GET or None)
    filters = selectors.ReportFilter()
    if form.is_valid():
        filters = selectors.ReportFilter(query=form.cleaned_data["q"], state=form.cleaned_data["state"])
    reviewer = can_review_reports(request.user)
    reports = selectors.round_reports(user=request.user, round=round, filters=filters, page=request.GET.get(PAGE_PARAM))
    return render(request, "reporting/round_detail.html", {
        "round": round,
        "rows": reports.page,
        "counts": reports.counts,
        # Every choice of the filter with how many reports of the whole round it holds, whatever is filtered.
        "state_counts": [
            (value, label, reports.counts.get(value, 0)) for value, label in form.fields["state"].choices if value
        ],
        "state": filters.state,
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
    """The round's table streamed row by row as it is read (the round page offers it as a job with progress)."""
    round = round_get_for_user(request.user, pk)
    lines = csv_lines(exports.export_csv_rows(user=request.user, round=round), bom=True)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="dot-bao-cao-{round.pk}-{round.period}.csv"'
    return response


@login_required
@require_POST
def round_export_start(request, pk):
    round = round_get_for_user(request.user, pk)
    # The file is written in the language of the page it was asked from, as the direct download is.
    params = {"round": round.pk, "language": get_language()}
    job = job_start(kind=round_jobs.ROUND_EXPORT, actor=request.user, params=params, title=_(
        "Xuất bảng tổng hợp %(title)s (CSV)") % {"title": round.title})
    return redirect("jobs:job", job.pk)


# Reports ----------------------------------------------------------------------------------------


def _report_context(request, report: Report, form: ReportForm | None = None) -> dict:
    """The report page: one page of its lines, those to fill first (issue 14). After a refused save, `form` holds
    the lines the person posted, shown again as they were; otherwise the page's lines are read whole here."""
    user = request.user
    editable = can_edit_report(user, report) and report.is_editable and (report.round.is_open or report.reopen_count > 0)
    refused = form if form is not None and form.lines else None
    line_page = selectors.report_line_page(
        user=user, report=report, number=request.GET.get(PAGE_PARAM),
        flagged=refused.flagged if refused else set(), shown=set(refused.lines) if refused else None,
    )
    if refused is None:
        fresh = ReportForm(
            indicator_lines=selectors.indicator_lines_for(user=user, report=report, pks=line_page.ids("i")),
            task_lines=selectors.task_lines_for(user=user, report=report, pks=line_page.ids("t")),
            version=report.version,
        )
        fresh.non_field_errors = form.non_field_errors if form is not None else []
        form = fresh
    actions = selectors.actions_for(report)
    last_acceptance = selectors.last_acceptance(report, actions)
    transitions = services.transitions_for(user, report)
    may_request_approval = approval.approval_request_possible(user, report)
    return {
        "report": report,
        "round": report.round,
        "form": form,
        "line_page": line_page,
        "to_fill": form.group(line_page.to_fill),
        "filled": form.group(line_page.filled),
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
        "changes": selectors.changes_since_acceptance(report, user=user, accepted=last_acceptance),
        "last_acceptance": last_acceptance,
        "previous": selectors.previous_lines(
            report, task_ids=[line_form.line.task_id for key, line_form in form.lines.items() if key[0] == "t"],
        ) if editable else {},
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
    # The lines of the page the save was made from, those the request carries: the others are not read, nor changed.
    indicator_ids, task_ids = posted_line_ids(request.POST, request.FILES)
    form = ReportForm(
        indicator_lines=selectors.indicator_lines_for(user=request.user, report=report, pks=indicator_ids),
        task_lines=selectors.task_lines_for(user=request.user, report=report, pks=task_ids),
        version=report.version, data=request.POST, files=request.FILES,
    )
    try:
        result = services.report_save(
            report=report, actor=request.user, version=form.version, content=form.posted_content(), files=form.files,
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
        return redirect(_same_page(request, reverse("reporting:report", args=[report.pk])))
    return render(request, "reporting/report_detail.html", _report_context(request, report, form), status=200)


def _same_page(request, url: str) -> str:
    """The address with the page of the list the request was made from (`?trang=3`), the first page bare."""
    number = bounded_int(request.GET.get(PAGE_PARAM), low=1)
    return f"{url}?{PAGE_PARAM}={number}" if number and number > 1 else url


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
    board = selectors.dashboard(user=request.user, round=chosen, state=state if state in selectors.STATE_LABELS else "",
                                page=request.GET.get(PAGE_PARAM))
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
        "agency": agency, "reports": selectors.agency_record(user=request.user, agency=agency, page=request.GET.get(PAGE_PARAM)),
    })


@login_required
def notification_list(request):
    if request.method == "POST":
        services.notifications_mark_read(user=request.user)
        messages.success(request, _("Đã đánh dấu mọi thông báo là đã đọc."))
        return redirect("reporting:notifications")
    return render(request, "reporting/notifications.html", {
        "notifications": page_of(selectors.notifications_for(user=request.user), request.GET.get(PAGE_PARAM)),
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

