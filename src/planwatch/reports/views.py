"""Downloads of the plan's appendices and the agency scorecards. Views stay thin: look up with permission, ask a
selector, hand the report to a writer."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from planwatch.accounts.access import document_get_for_user, scope_of, visible_documents
from planwatch.httpinputs import bounded_int
from planwatch.jobs.services import job_start
from planwatch.reports import report_jobs
from planwatch.registry.forms import TaskFilterForm
from planwatch.registry.models import Agency, Position
from planwatch.reports.forms import TrackingForm
from planwatch.reports.periods import ReportError, default_period
from planwatch.paging import PAGE_PARAM
from planwatch.reports.scorecards import (
    scorecard_report, scorecard_table, scorecards_page,
)
from planwatch.reports.selectors import APPENDICES, document_report
from planwatch.reports.tracking import task_tracking as tracking_counts
from planwatch.reports.tracking import tracking_report, tracking_table
from planwatch.reports.writers import FORMATS, RenderedFile, render as render_file


def _download(rendered: RenderedFile) -> HttpResponse:
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    response["Content-Disposition"] = f'attachment; filename="{rendered.filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _refused(request, message: str) -> HttpResponse:
    return render(request, "reports/error.html", {"message": message}, status=400)


@login_required
def document_export(request, slug):
    """`?period=2024&format=xlsx&appendix=all`, plus the plan page's task filters (agency, leader, status...)."""
    document = document_get_for_user(request.user, slug)
    fmt = request.GET.get("format", "xlsx")
    appendix = request.GET.get("appendix", "all")
    if fmt not in FORMATS or appendix not in APPENDICES:
        return _refused(request, _("Định dạng hoặc phụ lục không hợp lệ."))
    if fmt == "csv" and appendix == "all":
        appendix = "tasks"  # a CSV holds one table: the task appendix, the one people filter and sort
    # The same filter form as the plan page, so the export holds the rows the page shows.
    form = TaskFilterForm(request.GET or None, agencies=Agency.objects.all(), leaders=Position.objects.all())
    if form.is_bound and not form.is_valid():
        return _refused(request, _("Bộ lọc nhiệm vụ không hợp lệ."))
    try:
        report = document_report(
            user=request.user, document=document, period=request.GET.get("period") or default_period(document),
            appendix=appendix, filters=form.to_filter(),
        )
        rendered = render_file(report, fmt)
    except ReportError as error:
        return _refused(request, str(error))
    return _download(rendered)


def _year(request) -> int:
    year = bounded_int(request.GET.get("year"), low=2000, high=2100)
    return year if year is not None else timezone.localdate().year


@login_required
@require_POST
def scorecards_file_start(request):
    """The scorecards file made by a job, for a year of a whole country's agencies (the links download at once)."""
    if scope_of(request.user).nothing:
        raise Http404
    fmt = request.POST.get("format")
    if fmt not in FORMATS:
        return _refused(request, _("Định dạng không hợp lệ."))
    year = bounded_int(request.POST.get("year"), low=2000, high=2100) or timezone.localdate().year
    job = job_start(kind=report_jobs.SCORECARDS_FILE, actor=request.user, params={"year": year, "format": fmt},
                    title=_("Tệp xếp hạng cơ quan năm %(year)s (%(format)s)") % {"year": year, "format": fmt.upper()})
    return redirect("jobs:job", job.pk)


@login_required
def scorecards(request):
    """The agencies' scorecards of a year, as a page and as a download (`?year=2024&format=xlsx`)."""
    if scope_of(request.user).nothing:
        raise Http404
    year = _year(request)
    fmt = request.GET.get("format")
    if fmt:
        if fmt not in FORMATS:
            return _refused(request, _("Định dạng không hợp lệ."))
        try:
            return _download(render_file(scorecard_report(user=request.user, year=year), fmt))
        except ReportError as error:
            return _refused(request, str(error))
    query = (request.GET.get("q") or "").strip()[:200]
    # Thousands of agencies at national scale: the page shows one page of the ranking (ranks stay the whole
    # register's), narrowed by name; the downloads above hold every row.
    shown, cards = scorecards_page(user=request.user, year=year, query=query, number=request.GET.get(PAGE_PARAM))
    this_year = timezone.localdate().year
    return render(request, "reports/scorecards.html", {
        "year": year,
        "years": range(this_year, 2020, -1),
        "table": scorecard_table(shown),
        "cards": cards,
        "query": query,
        "formats": ["xlsx", "docx", "pdf", "csv"],
    })


@login_required
def index(request):
    """The reports under /phu-luc/: what each one holds and where to open it."""
    if scope_of(request.user).nothing:
        raise Http404
    return render(request, "reports/index.html", {"year": timezone.localdate().year})


@login_required
def task_tracking(request):
    """The four-way task tracking per lead agency (`?document=<slug>&on=31/12/2024&format=xlsx`)."""
    if scope_of(request.user).nothing:
        raise Http404
    documents = visible_documents(request.user).filter(is_tracked=True).order_by("-year", "number")
    form = TrackingForm(request.GET or None, documents=documents)
    if form.is_bound and not form.is_valid():
        if request.GET.get("format"):
            return _refused(request, _("Văn bản hoặc ngày không hợp lệ."))
        return render(request, "reports/tracking.html", {"form": form}, status=400)
    data = form.cleaned_data if form.is_bound else {}
    document, on = data.get("document"), data.get("on") or timezone.localdate()
    fmt = request.GET.get("format")
    if fmt:
        if fmt not in FORMATS:
            return _refused(request, _("Định dạng không hợp lệ."))
        return _download(render_file(tracking_report(user=request.user, document=document, on=on), fmt))
    result = tracking_counts(user=request.user, document=document, on=on)
    query = f"document={document.slug}&" if document else ""
    return render(request, "reports/tracking.html", {
        "form": form, "result": result, "table": tracking_table(result), "on": on, "document": document,
        "download_query": f"{query}on={on.strftime('%d/%m/%Y')}", "formats": FORMATS,
    })
