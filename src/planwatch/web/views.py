"""Pages. Views stay thin: look up with permission, ask a selector, render."""

import zlib

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils import timezone

from planwatch.accounts.access import (
    agency_get_for_user,
    can_edit_register,
    document_get_for_user,
    indicator_get_for_user,
    position_get_for_user,
    scope_of,
    task_get_for_user,
    visible_indicators,
    visible_tasks,
)
from planwatch.accounts.selectors import (
    agency_portfolio,
    document_list,
    indicator_rows,
    position_portfolio,
    search,
    task_rows,
)
from planwatch.audit.selectors import audit_entries_for
from planwatch.registry.models import Agency, IndicatorValue, Position
from planwatch.registry.selectors import tracking_of
from planwatch.registry.computing import indicator_analysis, indicators_for_computing, plan_computation
from planwatch.registry.judgements import judgement_disagreements
from planwatch.registry.services import indicator_judge
from planwatch.reporting.chase import chase_counts, latest_chase_id
from planwatch.series.selectors import indicator_series
from planwatch.web.charts import trajectory_svg
from planwatch.web.forms import JudgementForm, TaskFilterForm
from planwatch.web.home import board_html
from planwatch.accounts.keeping import kept_until_changed
from planwatch.paging import PAGE_PARAM, page_of

TRACKING_LABELS = dict(TaskFilterForm.TRACKING)
from planwatch.web.tables import build_indicator_table

REFERENCES_PAGE = "trang_lq"  # the home page's second list, the documents the plans refer to
AGENCIES_PER_PAGE = 100  # a line each: Hanoi has about 600 agencies and communes, a country many more


@login_required
def home(request):
    """A page per role (see web/home.py), above the list of plans everyone with a scope sees."""
    documents = list(document_list(user=request.user))  # one light query; only a page of each list is shown
    return render(request, "web/home.html", {
        "board": board_html(user=request.user),
        "plans": page_of([d for d in documents if d.is_tracked], request.GET.get(PAGE_PARAM)),
        "references": page_of([d for d in documents if not d.is_tracked], request.GET.get(REFERENCES_PAGE)),
        "scope": scope_of(request.user),
        "today": timezone.localdate(),
    })


PLAN_PAGE_SECONDS = 300


@login_required
def document_detail(request, slug):
    """The plan page. Its content is kept for the person's scope and the address until the register changes
    (accounts/keeping.py): a plan page is opened far more often than a plan changes."""
    document = document_get_for_user(request.user, slug)
    today = timezone.localdate()
    content = kept_until_changed(
        "plan-page-zlib", user=request.user, today=today, seconds=PLAN_PAGE_SECONDS, register_only=True,
        # The hourly chases are written by a job, not a service, so they leave no audit entry: the latest names them.
        parts=(document.pk, latest_chase_id(), *sorted(request.GET.lists())),
        # Compressed: a plan's content is 50-100 KB of HTML, and each process's own cache holds up to 2 000 entries.
        compute=lambda: zlib.compress(render_to_string(
            "web/_document_content.html", _document_context(request, document, today), request=request,
        ).encode()),
    )
    return render(request, "web/document_detail.html", {
        "document": document, "content": mark_safe(zlib.decompress(content).decode()),
    })


def _document_context(request, document, today) -> dict:
    indicators = indicator_rows(user=request.user, document=document)
    computation = plan_computation(document, indicators, load=lambda: indicators_for_computing(
        document, visible_indicators(request.user, document.indicators.all())))
    status_filter = request.GET.get("trang_thai", "")
    columns, rows = build_indicator_table(indicators, computation, status_filter=status_filter)
    document_tasks = visible_tasks(request.user, document.tasks.all())
    form = TaskFilterForm(
        request.GET or None,
        agencies=Agency.objects.filter(led_tasks__in=document_tasks).distinct(),
        leaders=Position.objects.filter(Q(tasks__in=document_tasks) | Q(groups__tasks__in=document_tasks)).distinct(),
    )
    tasks = task_rows(user=request.user, document=document, filters=form.to_filter(), today=today)
    return {
        "chases": chase_counts(tasks),
        "tracking": {task.pk: TRACKING_LABELS[tracking_of(task, today=today)] for task in tasks},
        "document": document,
        "columns": columns,
        "rows": rows,
        "summary": computation.summary(),
        "disagreements": judgement_disagreements(computation),
        "status_filter": status_filter,
        "tasks": tasks,
        "task_total": document_tasks.count(),
        "form": form,
        "implements": document.implements.all(),
        "implemented_by": document.implemented_by.all(),
        "today": today,
    }


@login_required
def indicator_detail(request, pk):
    indicator = indicator_get_for_user(request.user, pk)
    judge_form = JudgementForm(request.POST or None) if can_edit_register(request.user) else None
    if request.method == "POST" and judge_form is not None and judge_form.is_valid():
        indicator_judge(indicator=indicator, actor=request.user, **judge_form.cleaned_data)
        messages.success(request, _("Đã lưu đánh giá."))
        return redirect("indicator", pk=indicator.pk)
    analysis = indicator_analysis(indicator)
    values = (
        IndicatorValue.objects.filter(indicator=indicator)
        .select_related("source_document", "recorded_by")
        .order_by("period", "kind", "part")
    )
    return render(request, "web/indicator_detail.html", {
        "indicator": indicator,
        "targets": indicator.targets.all(),
        "values": values,
        "children": visible_indicators(request.user, indicator.children.all()).prefetch_related("targets"),
        "lead_agencies": indicator.lead_agencies.all(),
        "lead_groups": indicator.lead_groups.all(),
        "holder": indicator.leader.holder_on(None) if indicator.leader_id else "",
        "history": audit_entries_for(indicator)[:50],
        "analysis": analysis,
        # Safe markup from charts.py, every data text in it escaped there: no mark_safe here.
        "chart": trajectory_svg(analysis.series, analysis.computed, analysis.plan_period),
        "judgements": indicator.judgements.select_related("judged_by")[:10],
        "judge_form": judge_form,
        "series": indicator_series(
            user=request.user, indicator=indicator, with_candidates=request.GET.get("lien_ket") == "1",
        ),
        **_contributions(request.user, indicator),
    })


def _contributions(user, indicator) -> dict:
    """The "Đóng góp từ cấp dưới" section (planwatch.cascade, docs/cascade.md); the page stands without it."""
    if not apps.is_installed("planwatch.cascade"):
        return {}
    from planwatch.cascade.access import can_edit_contributions
    from planwatch.cascade.selectors import rollup_of

    # Rolling up reads every contributor's values and computes their plans: kept for the scope until the register
    # changes, as the plan page is (a contribution added or removed is audited, a value renews the token); reports
    # being written leave it kept.
    today = timezone.localdate()
    rollup = kept_until_changed(
        "rollup", user=user, today=today, parts=(indicator.pk,), seconds=ROLLUP_SECONDS, register_only=True,
        compute=lambda: rollup_of(indicator, user=user, on=today),
    )
    return {"rollup": rollup, "can_edit_contributions": can_edit_contributions(user)}


ROLLUP_SECONDS = 300


@login_required
def task_detail(request, pk):
    task = task_get_for_user(request.user, pk)
    return render(request, "web/task_detail.html", {
        "task": task,
        "tracking": TRACKING_LABELS[tracking_of(task, today=timezone.localdate())],
        "chased": chase_counts([task]).get(task.pk, 0),
        "due_dates": task.due_dates.all(),
        "references": task.references.select_related("document"),
        "holder": task.leader.holder_on(None) if task.leader_id else "",
        "holder_then": task.leader.holder_on(task.document.effective_date) if task.leader_id else "",
        "history": audit_entries_for(task)[:50],
        "today": timezone.localdate(),
    })


@login_required
def agency_list(request):
    agencies = page_of(Agency.objects.order_by("kind", "name", "pk"), request.GET.get(PAGE_PARAM), per_page=AGENCIES_PER_PAGE)
    return render(request, "web/agency_list.html", {"agencies": agencies, "kinds": Agency.Kind})


@login_required
def agency_detail(request, pk):
    agency = agency_get_for_user(request.user, pk)
    return render(request, "web/agency_detail.html", {
        "agency": agency,
        "aliases": agency.aliases.all(),
        **agency_portfolio(
            user=request.user, agency=agency, indicator_page=request.GET.get("trang_chi_tieu"),
            led_page=request.GET.get("trang_chu_tri"), coordinated_page=request.GET.get("trang_phoi_hop"),
        ),
        "today": timezone.localdate(),
    })


@login_required
def position_list(request):
    positions = Position.objects.prefetch_related("tenures").order_by("order")
    return render(request, "web/position_list.html", {"positions": positions, "today": timezone.localdate()})


@login_required
def position_detail(request, pk):
    position = position_get_for_user(request.user, pk)
    portfolio = position_portfolio(user=request.user, position=position)
    return render(request, "web/position_detail.html", {
        "position": position,
        "tenures": position.tenures.order_by("start"),
        "holder": position.holder_on(None),
        "tasks": page_of(portfolio["tasks"], request.GET.get("trang_nhiem_vu")),
        "indicators": page_of(portfolio["indicators"], request.GET.get("trang_chi_tieu")),
    })


@login_required
def search_view(request):
    query = request.GET.get("q", "").strip()[:200]
    results = search(user=request.user, query=query) if query else None
    return render(request, "web/search.html", {"query": query, "results": results})


@login_required
def history(request, kind, pk):
    lookups = {
        "document": lambda: document_get_for_user(request.user, pk),
        "indicator": lambda: indicator_get_for_user(request.user, pk),
        "task": lambda: task_get_for_user(request.user, pk),
    }
    obj = lookups[kind]()
    return render(request, "web/history.html", {"object": obj, "kind": kind, "entries": audit_entries_for(obj)[:500]})

