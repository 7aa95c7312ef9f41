"""The framework-plan pages: one per task, and a Gantt chart of a whole plan. Views stay thin: the forms clean,
the services decide, the selectors read."""

from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from planwatch.accounts.access import document_get_for_user, task_get_for_user, visible_tasks
from planwatch.audit.selectors import audit_entries_for
from planwatch.frameworks import access, documents, selectors, services, workbook
from planwatch.frameworks.forms import (
    LinkForm, ProgressForm, ReasonForm, RescheduleForm, StepForm, UploadForm, VersionForm,
)
from planwatch.frameworks.gantt import ZOOMS, gantt_svg
from planwatch.frameworks.models import FrameworkPlan, Step, StepLink


def _page(request, task, plan, *, step_form=None, link_form=None):
    today = timezone.localdate()
    editable = plan is not None and plan.editable and access.can_draft(request.user, task)
    context = {
        "task": task, "plan": plan, "today": today, "editable": editable,
        "can_start": plan is None and (access.can_draft(request.user, task) or access.scope_of(request.user).everything),
        "can_send": plan is not None and access.can_draft(request.user, task),
        "can_send_on": plan is not None and access.can_send_on(request.user, task),
        "can_decide": plan is not None and access.can_decide(request.user, task),
        "can_report": plan is not None and access.can_draft(request.user, task),
        "zoom": request.GET.get("zoom") if request.GET.get("zoom") in ZOOMS else "week", "zooms": ZOOMS,
    }
    if plan is not None:
        page = selectors.plan_page(plan, today=today)
        rows, links = selectors.gantt_rows(page, editable=editable)
        context.update(page)
        context["gantt"] = gantt_svg(rows, links, zoom=context["zoom"], today=today, title=task.title)
        context["step_form"] = step_form or StepForm(initial={"version": plan.version})
        context["link_form"] = link_form or LinkForm(initial={"version": plan.version}, plan=plan)
        context["edit_forms"] = {view.step.pk: StepForm.for_step(view.step, plan.version) for view in page["steps"]} \
            if editable else {}
        context["history"] = audit_entries_for(plan)[:30]
    return render(request, "frameworks/plan.html", context)


def _plan_or_none(task):
    return FrameworkPlan.objects.filter(task=task).first()


@login_required
def plan_detail(request, task_pk):
    task = task_get_for_user(request.user, task_pk)
    return _page(request, task, _plan_or_none(task))


def _back(plan_or_task_pk):
    return redirect("frameworks:plan", task_pk=plan_or_task_pk)


@login_required
@require_POST
def plan_start(request, task_pk):
    task = task_get_for_user(request.user, task_pk)
    services.framework_plan_start(task=task, actor=request.user)
    messages.success(request, _("Đã mở kế hoạch khung; thêm các bước thực hiện."))
    return _back(task.pk)


@login_required
@require_POST
def step_save(request, task_pk, step_pk=None):
    plan = access.framework_plan_get_for_user(request.user, task_pk, write=True)
    step = get_object_or_404(Step, pk=step_pk, plan=plan) if step_pk else None
    form = StepForm(request.POST, prefix=f"s{step.pk}" if step else None)
    if not form.is_valid():
        messages.error(request, _("Chưa lưu bước: %(errors)s") % {"errors": _errors(form)})
        return _page(request, plan.task, plan, step_form=form if step is None else None)
    data = form.cleaned_data
    try:
        services.step_save(
            plan=plan, actor=request.user, version=data["version"], step=step, title=data["title"],
            start=data["start"], end=data["end"], duration=data["duration"], milestone=data["milestone"],
            lead=data["lead"], coordinating=data["coordinating"], product=data["product"], budget=data["budget"],
            people=data["people"],
        )
    except services.FrameworkError as error:
        messages.error(request, str(error))
        return _page(request, plan.task, plan, step_form=form if step is None else None)
    messages.success(request, _("Đã lưu bước “%(title)s”.") % {"title": data["title"]})
    return _back(task_pk)


def _errors(form) -> str:
    return "; ".join(
        f"{form.fields[name].label}: {' '.join(errors)}" if name in form.fields else " ".join(errors)
        for name, errors in form.errors.items()
    )


@login_required
@require_POST
def step_delete(request, task_pk, step_pk):
    plan = access.framework_plan_get_for_user(request.user, task_pk, write=True)
    step = get_object_or_404(Step, pk=step_pk, plan=plan)
    form = VersionForm(request.POST)
    if form.is_valid():
        try:
            services.step_delete(step=step, actor=request.user, version=form.cleaned_data["version"])
            messages.success(request, _("Đã xoá bước."))
        except services.FrameworkError as error:
            messages.error(request, str(error))
    return _back(task_pk)


@login_required
@require_POST
def link_save(request, task_pk):
    plan = access.framework_plan_get_for_user(request.user, task_pk, write=True)
    form = LinkForm(request.POST, plan=plan)
    if not form.is_valid():
        messages.error(request, _("Chưa lưu quan hệ: %(errors)s") % {"errors": _errors(form)})
        return _page(request, plan.task, plan, link_form=form)
    data = form.cleaned_data
    try:
        services.link_save(plan=plan, actor=request.user, version=data["version"], before=data["before"],
                           after=data["after"], kind=data["kind"], lag=data["lag"])
    except services.FrameworkError as error:
        messages.error(request, str(error))
        return _page(request, plan.task, plan, link_form=form)
    messages.success(request, _("Đã lưu quan hệ giữa hai bước."))
    return _back(task_pk)


@login_required
@require_POST
def link_delete(request, task_pk, link_pk):
    plan = access.framework_plan_get_for_user(request.user, task_pk, write=True)
    link = get_object_or_404(StepLink, pk=link_pk, before__plan=plan)
    form = VersionForm(request.POST)
    if form.is_valid():
        try:
            services.link_delete(link=link, actor=request.user, version=form.cleaned_data["version"])
            messages.success(request, _("Đã bỏ quan hệ."))
        except services.FrameworkError as error:
            messages.error(request, str(error))
    return _back(task_pk)


@login_required
@require_POST
def step_progress(request, task_pk, step_pk):
    plan = access.framework_plan_get_for_user(request.user, task_pk, write=True)
    step = get_object_or_404(Step, pk=step_pk, plan=plan)
    form = ProgressForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Tiến độ phải là số nguyên từ 0 đến 100."))
    else:
        services.step_progress_set(step=step, actor=request.user, progress=form.cleaned_data["progress"])
        messages.success(request, _("Đã cập nhật tiến độ."))
    return _back(task_pk)


@login_required
@require_POST
def step_reschedule(request, task_pk, step_pk):
    """The Gantt chart's drag: JSON in and out, with the same stale-write protection as the forms."""
    plan = access.framework_plan_get_for_user(request.user, task_pk, write=True)
    step = get_object_or_404(Step, pk=step_pk, plan=plan)
    form = RescheduleForm(request.POST)
    if not form.is_valid():
        return JsonResponse({"error": _("Ngày không hợp lệ.")}, status=400)
    data = form.cleaned_data
    try:
        services.step_reschedule(step=step, actor=request.user, version=data["version"], start=data["start"],
                                 end=data["end"])
    except services.StalePlan as error:
        return JsonResponse({"error": str(error)}, status=409)
    except services.FrameworkError as error:
        return JsonResponse({"error": str(error)}, status=400)
    return JsonResponse({"ok": True})


@login_required
@require_POST
def plan_transition(request, task_pk, action):
    task = task_get_for_user(request.user, task_pk)
    plan = _plan_or_none(task)
    if plan is None:
        raise Http404
    try:
        if action == "gui":
            services.plan_send(plan=plan, actor=request.user)
            messages.success(request, _("Đã gửi kế hoạch khung."))
        elif action == "tra-lai":
            form = ReasonForm(request.POST)
            if not form.is_valid():
                messages.error(request, _("Cần ghi lý do trả lại."))
                return _back(task.pk)
            services.plan_return(plan=plan, actor=request.user, reason=form.cleaned_data["reason"])
            messages.success(request, _("Đã trả lại kế hoạch khung."))
        elif action == "phe-duyet":
            if request.POST.get("confirm") != "1":
                messages.error(request, _("Hãy đánh dấu xác nhận trước khi phê duyệt."))
                return _back(task.pk)
            services.plan_approve(plan=plan, actor=request.user)
            messages.success(request, _("Đã phê duyệt kế hoạch khung; lịch đã được lưu làm mốc so sánh."))
        elif action == "dieu-chinh":
            services.plan_revise(plan=plan, actor=request.user, reason=request.POST.get("reason", "")[:300])
            messages.success(request, _("Kế hoạch khung đã mở lại để điều chỉnh; bản phê duyệt cũ vẫn là mốc so sánh."))
        else:
            raise Http404
    except services.FrameworkError as error:
        messages.error(request, str(error))
    return _back(task.pk)


@login_required
@require_POST
def plan_upload(request, task_pk):
    plan = access.framework_plan_get_for_user(request.user, task_pk, write=True)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _errors(form))
        return _back(task_pk)
    read = workbook.read_plan(form.cleaned_data["file"].read())
    try:
        services.plan_load(plan=plan, actor=request.user, version=form.cleaned_data["version"], read=read)
    except services.FrameworkError as error:
        messages.error(request, str(error))
        return _back(task_pk)
    messages.success(request, _("Đã nạp %(count)s bước từ tệp.") % {"count": len(read.rows)})
    return _back(task_pk)


@login_required
def plan_export(request, task_pk, fmt):
    task = task_get_for_user(request.user, task_pk)
    plan = _plan_or_none(task)
    if plan is None:
        raise Http404
    if fmt == "xlsx":
        content, kind = workbook.write_plan(plan), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif fmt == "docx":
        content = documents.write_plan(plan, today=timezone.localdate())
        kind = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        raise Http404
    response = FileResponse(io.BytesIO(content), as_attachment=True, filename=f"ke-hoach-khung-{task.key}.{fmt}",
                            content_type=kind)
    return response


@login_required
def document_gantt(request, slug):
    document = document_get_for_user(request.user, slug)
    today = timezone.localdate()
    group_by = "leader" if request.GET.get("theo") == "lanh-dao" else "agency"
    zoom = request.GET.get("zoom") if request.GET.get("zoom") in ZOOMS else "month"
    tasks = visible_tasks(request.user, document.tasks.all())
    rows = selectors.document_gantt(tasks, group_by=group_by, today=today)
    return render(request, "frameworks/document_gantt.html", {
        "document": document, "gantt": gantt_svg(rows, zoom=zoom, today=today, title=str(document)),
        "group_by": group_by, "zoom": zoom, "zooms": ZOOMS,
        "count": sum(1 for row in rows if not row.heading),
    })
