"""The endpoints of `/api/v1/`. Each reads through `selectors` or one `<thing>_get_for_user`; the one write goes
through `reporting.services.report_save`. Errors answer JSON with a Vietnamese `detail`."""

from __future__ import annotations

import math
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Status
from ninja.errors import AuthenticationError, Throttled
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.docs import Swagger
from ninja.renderers import JSONRenderer

from planwatch.accounts.access import (
    document_get_for_user,
    indicator_get_for_user,
    task_get_for_user,
    visible_indicators,
    visible_tasks,
)
from planwatch.api import judgements, selectors
from planwatch.api.auth import BearerToken, TokenRateThrottle
from planwatch.api.schemas import (
    Field,
    FrameworkPlanDetail,
    FrameworkPlanOut,
    Id,
    DocumentStatus,
    IndicatorJudged,
    IndicatorOut,
    ReportDetail,
    ReportLinesIn,
    ReportOut,
    RoundOut,
    TaskDetail,
    TaskOut,
    DocumentDetail,
    DocumentOut,
    Error,
    Page,
    ValidationErrors,
    SeriesDetail,
    SeriesOut,
    ValueOut,
)
from planwatch.engine import schedule
from planwatch.frameworks.access import framework_plan_get_for_user
from planwatch.frameworks.selectors import plan_page
from planwatch.registry.models import Indicator, Task
from planwatch.reporting import services as reporting
from planwatch.reporting.access import (
    can_edit_report,
    report_get_for_user,
    round_get_for_user,
    visible_indicator_lines,
    visible_task_lines,
)


class DocsPage(Swagger):
    """Ninja's Swagger UI, from our static files, with its start-up script in a file (our CSP forbids inline script)."""

    template = "api/docs.html"

    def render_page(self, request, api, **kwargs):
        # The settings go through json_script (escaped for HTML), where ninja's template pastes a string as is.
        data = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        return render(request, self.template, {"swagger_settings_data": data, "api": api})


class JSON(JSONRenderer):
    # Vietnamese as UTF-8 text, readable in curl, not \u escapes.
    json_dumps_params = {"ensure_ascii": False}


api = NinjaAPI(
    renderer=JSON(),
    title="planwatch API",
    version="1",
    description=_(
        "Đọc kế hoạch, chỉ tiêu, nhiệm vụ, kế hoạch khung, đợt báo cáo và báo cáo; ghi số liệu vào báo cáo đang mở. "
        "Xác thực: Authorization: Bearer <khoá API>. Hướng dẫn: docs/api.md."
    ),
    auth=BearerToken(),
    throttle=[TokenRateThrottle()],
    docs=DocsPage(),
    docs_url="/docs",
    openapi_url="/openapi.json",
    urls_namespace="api",
)

# Answers every operation may give besides its own, declared so the schema tells clients (and schemathesis) of them.
COMMON = {400: ValidationErrors, 401: Error, 429: Error}
PageNumber = Annotated[int, Field(ge=1, le=1_000_000, description="trang, từ 1")]
PageSize = Annotated[int, Field(ge=1, le=200, description="số mục mỗi trang, tối đa 200")]
Year = Annotated[int, Field(ge=1900, le=2200)]


# Errors -----------------------------------------------------------------------------------------


def _error(request, status: int, detail: str, **extra) -> HttpResponse:
    return api.create_response(request, {"detail": detail, **extra}, status=status)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    response = _error(request, 401, _("Cần khoá API hợp lệ: gửi tiêu đề Authorization: Bearer <khoá>. "
                                      "Khoá có thể đã bị thu hồi hoặc hết hạn."))
    response["WWW-Authenticate"] = 'Bearer realm="planwatch"'
    return response


@api.exception_handler(Throttled)
def _throttled(request, exc):
    # ninja adds Retry-After (whole seconds) to this response.
    return _error(request, 429, _("Quá nhiều yêu cầu từ khoá API này; hãy thử lại sau %(n)s giây.")
                  % {"n": math.ceil(exc.wait or 1)})


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, _("Không tìm thấy, hoặc bạn không có quyền xem."))


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _error(request, 403, _("Bạn không có quyền thực hiện thao tác này."))


@api.exception_handler(NinjaValidationError)
def _invalid(request, exc):
    errors = [
        {"line": "", "type": "", "id": None, "field": ".".join(str(part) for part in error.get("loc", ())),
         "message": str(error.get("msg", ""))}
        for error in exc.errors
    ]
    return _error(request, 400, _("Tham số không hợp lệ: %(fields)s.") % {
        "fields": ", ".join(error["field"] for error in errors) or "?"}, errors=errors)


# Helpers ----------------------------------------------------------------------------------------


def paginate(queryset, page: int, page_size: int, serialize) -> dict:
    count = queryset.count()
    pages = max(1, math.ceil(count / page_size))
    start = (page - 1) * page_size
    items = list(queryset[start:start + page_size]) if start < count else []
    return {
        "count": count, "page": page, "page_size": page_size, "pages": pages,
        "next": page + 1 if page < pages else None, "previous": page - 1 if 1 < page <= pages + 1 else None,
        "results": [serialize(item) for item in items],
    }


def _agency(agency) -> dict:
    return {"id": agency.pk, "name": agency.name, "short_name": agency.short_name}


def _number(value):
    return None if value is None else float(value)


def _quantity(item) -> dict:
    return {"text": item.text, "op": item.op, "low": _number(item.low), "high": _number(item.high)}


def document_out(document) -> dict:
    return {
        "id": document.pk, "slug": document.slug, "number": document.number, "kind": document.kind,
        "issuer": document.issuer, "date": document.date, "year": document.year, "title": document.title,
        "period_start": document.period_start, "period_end": document.period_end, "is_tracked": document.is_tracked,
        "url": reverse("document", args=[document.slug]),
    }


def indicator_out(indicator) -> dict:
    return {
        "id": indicator.pk, "document": indicator.document_id, "key": indicator.key, "code": indicator.code,
        "group": indicator.group, "name": indicator.name, "unit": indicator.unit, "measure": indicator.measure,
        "direction": indicator.direction, "parent": indicator.parent_id, "lead_text": indicator.lead_text,
        "lead_agencies": [_agency(agency) for agency in indicator.lead_agencies.all()],
        "leader": str(indicator.leader) if indicator.leader_id else None,
        "url": reverse("indicator", args=[indicator.pk]),
    }


def value_out(value) -> dict:
    return {
        **_quantity(value), "id": value.pk, "indicator": value.indicator_id, "period": value.period,
        "kind": value.kind, "source_document": value.source_document_id, "source_note": value.source_note,
        "recorded_at": value.recorded_at,
    }


def task_out(task) -> dict:
    return {
        "id": task.pk, "document": task.document_id, "key": task.key, "code": task.code, "section": task.section,
        "title": task.title, "lead_text": task.lead_text,
        "lead_agencies": [_agency(agency) for agency in task.lead_agencies.all()],
        "coordinating_agencies": [_agency(agency) for agency in task.coordinating_agencies.all()],
        "leader": str(task.leader) if task.leader_id else None, "product": task.product,
        "deadline_text": task.deadline_text, "deadline_kind": task.deadline_kind,
        "due_dates": [due.due for due in task.due_dates.all()],
        "framework_deadline_text": task.framework_deadline_text,
        "framework_deadline_kind": task.framework_deadline_kind, "framework_due": task.framework_due,
        "status": task.status, "url": reverse("task", args=[task.pk]),
    }


def framework_plan_out(plan, *, progress: int | None = None) -> dict:
    if progress is None:
        progress = schedule.derived_progress([step.as_engine_step() for step in plan.steps.all()])
    return {
        "task": plan.task_id, "task_title": plan.task.title, "document": plan.task.document_id,
        "status": plan.status, "due": plan.due, "version": plan.version, "baseline_number": plan.baseline_number,
        "progress": progress, "submitted_at": plan.submitted_at, "approved_at": plan.approved_at,
        "url": reverse("frameworks:plan", kwargs={"task_pk": plan.task_id}),
    }


def round_out(round) -> dict:
    return {
        "id": round.pk, "period": round.period, "title": round.title, "deadline": round.deadline,
        "status": round.status, "origin": round.origin, "due_date": round.due_date,
        "documents": sorted(document.pk for document in round.documents.all()),
        "opened_at": round.opened_at, "closed_at": round.closed_at,
        "url": reverse("reporting:round", args=[round.pk]),
    }


def report_out(report, user) -> dict:
    return {
        "id": report.pk, "round": report.round_id, "round_title": report.round.title,
        "period": report.round.period, "agency": _agency(report.agency), "status": report.status,
        "version": report.version,
        "editable": report.is_editable and (report.round.is_open or report.reopen_count > 0)
        and can_edit_report(user, report),
        "last_saved_at": report.last_saved_at, "submitted_at": report.submitted_at,
        "accepted_at": report.accepted_at, "url": reverse("reporting:report", args=[report.pk]),
    }


def report_detail_out(report, user) -> dict:
    indicator_lines = visible_indicator_lines(user, report).select_related("indicator").order_by("order", "pk")
    task_lines = visible_task_lines(user, report).select_related("task").order_by("order", "pk")
    return {
        **report_out(report, user), "return_reason": report.return_reason,
        "indicator_lines": [
            {"id": line.pk, "indicator": line.indicator_id, "indicator_name": line.indicator.name,
             "unit": line.indicator.unit, "kind": line.kind, "value": line.value_text, "op": line.op,
             "low": _number(line.low), "high": _number(line.high), "note": line.note, "source": line.source}
            for line in indicator_lines
        ],
        "task_lines": [
            {"id": line.pk, "task": line.task_id, "task_title": line.task.title, "role": line.role,
             "status": line.status, "percent": line.percent, "done_text": line.done_text,
             "difficulties": line.difficulties, "proposals": line.proposals, "contribution": line.contribution}
            for line in task_lines
        ],
    }


def etag_of(report) -> str:
    return f'"{report.version}"'


# Documents --------------------------------------------------------------------------------------


@api.get("/documents/", response={200: Page[DocumentOut], **COMMON}, tags=["documents"],
         summary="Văn bản (kế hoạch) người gọi được xem")
def document_list(request, page: PageNumber = 1, page_size: PageSize = 50, q: str | None = None,
                  year: Year | None = None, kind: str | None = None):
    queryset = selectors.documents(request.user, q=q, year=year, kind=kind)
    return paginate(queryset, page, page_size, document_out)


@api.get("/documents/{key}/", response={200: DocumentDetail, 404: Error, **COMMON}, tags=["documents"],
         summary="Một văn bản, theo id hoặc mã (slug)")
def document_detail(request, key: Annotated[str, Field(max_length=120)]):
    document = document_get_for_user(request.user, selectors.clean_text(key))
    return {
        **document_out(document), "signer": document.signer, "signer_title": document.signer_title,
        "implements": sorted(document.implements.values_list("pk", flat=True)),
        "indicators": visible_indicators(request.user).filter(document=document).count(),
        "tasks": visible_tasks(request.user).filter(document=document).count(),
    }


ExportFormat = Literal["dhis2-json", "dhis2-csv", "sdmx-csv"]
_EXPORT_CONTENT = {
    "application/json": {"schema": {"type": "object", "description": "DHIS2 dataValueSets"}},
    "text/csv": {"schema": {"type": "string", "description": "DHIS2 CSV"}},
    "application/vnd.sdmx.data+csv": {"schema": {"type": "string", "description": "SDMX-CSV 2.0"}},
}


@api.get("/documents/{key}/export/{fmt}", response={404: Error, **COMMON}, tags=["documents"],
         summary="Số liệu của văn bản theo chuẩn trao đổi (DHIS2, SDMX)",
         openapi_extra={"responses": {"200": {"description": "Tệp số liệu (docs/exchange.md)",
                                              "content": _EXPORT_CONTENT}}})
def document_export(request, key: Annotated[str, Field(max_length=120)], fmt: ExportFormat):
    """The plan's values as `planwatch export` writes them, within the caller's scope."""
    from planwatch.exchange.exports import FORMATS, download_name, export_document

    document = document_get_for_user(request.user, selectors.clean_text(key))
    exported = export_document(document, fmt=fmt, user=request.user)
    response = HttpResponse(exported.content, content_type=FORMATS[fmt][1])
    response["Content-Disposition"] = f'attachment; filename="{download_name(document, fmt)}"'
    return response


# Indicators and values --------------------------------------------------------------------------


@api.get("/indicators/", response={200: Page[IndicatorOut], **COMMON}, tags=["indicators"],
         summary="Chỉ tiêu")
def indicator_list(request, page: PageNumber = 1, page_size: PageSize = 50, document: Id | None = None,
                   q: str | None = None, agency: Id | None = None):
    queryset = selectors.indicators(request.user, document=document, q=q, agency=agency)
    return paginate(queryset, page, page_size, indicator_out)


@api.get("/indicators/{indicator_id}/", response={200: IndicatorJudged, 404: Error, **COMMON},
         tags=["indicators"], summary="Một chỉ tiêu, với mục tiêu, số liệu, đánh giá và chuỗi")
def indicator_detail(request, indicator_id: Id):
    indicator = indicator_get_for_user(request.user, indicator_id)
    indicator = (Indicator.objects.select_related("leader").prefetch_related("lead_agencies", "targets")
                 .get(pk=indicator.pk))
    values = indicator.values.order_by("period", "kind", "pk")
    return {
        **indicator_out(indicator), "group_title": indicator.group_title, "leader_text": indicator.leader_text,
        "assessment": indicator.assessment,
        "targets": [{**_quantity(target), "horizon": target.horizon} for target in indicator.targets.all()],
        "values": [value_out(value) for value in values],
        **judgements.indicator_judgement_fields(indicator),
    }


@api.get("/documents/{key}/status/", response={200: DocumentStatus, 404: Error, **COMMON}, tags=["documents"],
         summary="Đánh giá từng chỉ tiêu của văn bản, và chỗ văn bản tự đánh giá khác planwatch")
def document_status(request, key: Annotated[str, Field(max_length=120)]):
    document = document_get_for_user(request.user, selectors.clean_text(key))
    return judgements.document_status(request.user, document)


@api.get("/series/", response={200: Page[SeriesOut], **COMMON}, tags=["indicators"],
         summary="Chuỗi chỉ tiêu: một chỉ tiêu qua nhiều văn bản")
def series_list(request, page: PageNumber = 1, page_size: PageSize = 50, document: Id | None = None):
    return paginate(judgements.visible_series(request.user, document=document), page, page_size,
                    judgements.series_out)


@api.get("/series/{series_id}/", response={200: SeriesDetail, 404: Error, **COMMON}, tags=["indicators"],
         summary="Một chuỗi chỉ tiêu, với số liệu các văn bản")
def series_detail(request, series_id: Id):
    series = judgements.visible_series(request.user).filter(pk=series_id).first()
    if series is None:
        raise Http404
    return judgements.series_detail_out(series)


@api.get("/indicator-values/", response={200: Page[ValueOut], **COMMON}, tags=["indicators"],
         summary="Số liệu của các chỉ tiêu (kế hoạch, ước thực hiện, thực hiện)")
def indicator_value_list(request, page: PageNumber = 1, page_size: PageSize = 50, indicator: Id | None = None,
                         document: Id | None = None, year: Year | None = None, kind: str | None = None):
    queryset = selectors.indicator_values(request.user, indicator=indicator, document=document, year=year, kind=kind)
    return paginate(queryset, page, page_size, value_out)


# Tasks and framework plans ----------------------------------------------------------------------


@api.get("/tasks/", response={200: Page[TaskOut], **COMMON}, tags=["tasks"], summary="Nhiệm vụ")
def task_list(request, page: PageNumber = 1, page_size: PageSize = 50, document: Id | None = None,
              q: str | None = None, agency: Id | None = None, status: str | None = None, year: Year | None = None):
    queryset = selectors.tasks(request.user, document=document, q=q, agency=agency, status=status, year=year)
    return paginate(queryset, page, page_size, task_out)


@api.get("/tasks/{task_id}/", response={200: TaskDetail, 404: Error, **COMMON}, tags=["tasks"],
         summary="Một nhiệm vụ")
def task_detail(request, task_id: Id):
    found = task_get_for_user(request.user, task_id)
    task = (Task.objects.select_related("leader", "framework_plan")
            .prefetch_related("lead_agencies", "coordinating_agencies", "due_dates", "lead_groups",
                              "coordinating_groups")
            .get(pk=found.pk))
    plan = getattr(task, "framework_plan", None)
    return {
        **task_out(task), "section_title": task.section_title, "coordinating_text": task.coordinating_text,
        "lead_groups": [group.name for group in task.lead_groups.all()],
        "coordinating_groups": [group.name for group in task.coordinating_groups.all()],
        "leader_text": task.leader_text, "note": task.note,
        "framework_plan_status": plan.status if plan else None,
    }


@api.get("/framework-plans/", response={200: Page[FrameworkPlanOut], **COMMON}, tags=["framework plans"],
         summary="Kế hoạch khung của các nhiệm vụ")
def framework_plan_list(request, page: PageNumber = 1, page_size: PageSize = 50, document: Id | None = None,
                        agency: Id | None = None, status: str | None = None):
    queryset = selectors.framework_plans(request.user, document=document, agency=agency, status=status)
    return paginate(queryset, page, page_size, framework_plan_out)


@api.get("/framework-plans/{task_id}/", response={200: FrameworkPlanDetail, 404: Error, **COMMON},
         tags=["framework plans"], summary="Kế hoạch khung của một nhiệm vụ: các bước, tiến độ, đường găng")
def framework_plan_detail(request, task_id: Id):
    plan = framework_plan_get_for_user(request.user, task_id)
    try:
        page = plan_page(plan, today=timezone.localdate())
    except schedule.ScheduleError:
        # A plan the engine cannot schedule (saved before a check existed) still shows its steps as written.
        page = None
    steps = []
    if page is not None:
        timing = page["schedule"]
        for view in page["steps"]:
            step = view.step
            steps.append({
                "id": step.pk, "number": view.number, "title": step.title, "start": step.start, "end": step.end,
                "duration": step.duration, "milestone": step.milestone,
                "lead": _agency(step.lead) if step.lead_id else None,
                "coordinating": [_agency(agency) for agency in step.coordinating.all()],
                "product": step.product, "progress": step.progress,
                "scheduled_start": view.timing.early_start if view.timing else None,
                "scheduled_end": view.timing.early_end if view.timing else None,
                "total_float": view.timing.total_float if view.timing else None,
                "critical": bool(view.timing and view.timing.critical), "late": view.late,
                "days_late": view.days_late, "after": view.after,
            })
        critical = [int(key) for key in timing.critical_path] if timing else []
        progress, end, late, warnings = page["progress"], timing.end if timing else None, page["forecast_late"], page["outside"]
    else:
        for number, step in enumerate(plan.steps.select_related("lead").prefetch_related("coordinating"), start=1):
            steps.append({
                "id": step.pk, "number": number, "title": step.title, "start": step.start, "end": step.end,
                "duration": step.duration, "milestone": step.milestone,
                "lead": _agency(step.lead) if step.lead_id else None,
                "coordinating": [_agency(agency) for agency in step.coordinating.all()], "product": step.product,
                "progress": step.progress, "scheduled_start": None, "scheduled_end": None, "total_float": None,
                "critical": False, "late": False, "days_late": None, "after": "",
            })
        critical, progress, end, late, warnings = [], 0, None, 0, []
    return {
        **framework_plan_out(plan, progress=progress), "task_due": plan.task_due, "return_reason": plan.return_reason,
        "steps": steps, "critical_path": critical, "forecast_end": end, "forecast_days_late": late,
        "warnings": warnings,
    }


# Rounds and reports -----------------------------------------------------------------------------


@api.get("/rounds/", response={200: Page[RoundOut], **COMMON}, tags=["reports"], summary="Đợt báo cáo")
def round_list(request, page: PageNumber = 1, page_size: PageSize = 50, status: str | None = None,
               year: Year | None = None, document: Id | None = None):
    queryset = selectors.rounds(request.user, status=status, year=year, document=document)
    return paginate(queryset, page, page_size, round_out)


@api.get("/rounds/{round_id}/", response={200: RoundOut, 404: Error, **COMMON}, tags=["reports"],
         summary="Một đợt báo cáo")
def round_detail(request, round_id: Id):
    return round_out(round_get_for_user(request.user, round_id))


@api.get("/reports/", response={200: Page[ReportOut], **COMMON}, tags=["reports"],
         summary="Báo cáo của các đơn vị")
def report_list(request, page: PageNumber = 1, page_size: PageSize = 50, round: Id | None = None,
                agency: Id | None = None, status: str | None = None, year: Year | None = None):
    queryset = selectors.reports(request.user, round=round, agency=agency, status=status, year=year)
    user = request.user
    return paginate(queryset, page, page_size, lambda report: report_out(report, user))


@api.get("/reports/{report_id}/", response={200: ReportDetail, 404: Error, **COMMON}, tags=["reports"],
         summary="Một báo cáo với các dòng; tiêu đề ETag là phiên bản của nó")
def report_detail(request, report_id: Id, response: HttpResponse):
    report = report_get_for_user(request.user, report_id)
    response["ETag"] = etag_of(report)
    return report_detail_out(report, request.user)


def _if_match_versions(value: str) -> list[str]:
    tags = []
    for part in value.split(","):
        part = part.strip()
        if part.startswith("W/"):
            part = part[2:]
        tags.append(part.strip('"'))
    return tags


@api.put(
    "/reports/{report_id}/lines/",
    response={200: ReportDetail, 403: Error, 404: Error, 409: Error, 412: Error, 428: Error, **COMMON},
    tags=["reports"],
    summary="Ghi số liệu chỉ tiêu và tiến độ nhiệm vụ vào báo cáo đang soạn (cần If-Match)",
    description=_(
        "Chỉ cán bộ và lãnh đạo của đơn vị báo cáo, khi báo cáo đang soạn hoặc bị trả lại. Gửi If-Match là ETag "
        "đọc được từ GET; phiên bản đã đổi thì trả 412 cùng ETag mới, thiếu If-Match thì trả 428. Trường nào "
        "không gửi thì giữ nguyên giá trị hiện có."
    ),
)
def report_lines_save(request, report_id: Id, body: ReportLinesIn, response: HttpResponse):
    report = report_get_for_user(request.user, report_id, write=True)
    if_match = request.headers.get("If-Match", "").strip()
    if not if_match or if_match == "*":
        return Status(428, {"detail": _("Cần tiêu đề If-Match mang ETag của báo cáo (đọc bằng GET), để không "
                                        "ghi đè thay đổi của người khác.")})
    if str(report.version) not in _if_match_versions(if_match):
        response["ETag"] = etag_of(report)
        return Status(412, {"detail": _("Báo cáo đã đổi sang phiên bản %(version)s sau khi bạn đọc; hãy đọc lại "
                                        "rồi gửi lần nữa.") % {"version": report.version}})
    current = reporting.content_of(report)
    content: dict[str, dict[str, str]] = {}
    for prefix, lines in (("i", body.indicator_lines), ("t", body.task_lines)):
        for line in lines:
            key = f"{prefix}{line.id}"
            values = dict(current.get(key, {}))
            for name in line.model_fields_set - {"id"}:
                value = getattr(line, name)
                values[name] = "" if value is None else str(value)
            content[key] = values
    try:
        result = reporting.report_save(report=report, actor=request.user, version=report.version, content=content)
    except reporting.StaleReport as exc:
        response["ETag"] = etag_of(exc.report)
        return Status(412, {"detail": str(exc)})
    except reporting.ReportValidationError as exc:
        errors = [
            {"line": key, "type": {"i": "indicator", "t": "task"}.get(key[:1], ""),
             "id": int(key[1:]) if key[1:].isdecimal() else None, "field": field, "message": message}
            for (key, field), message in exc.errors.items()
        ]
        return Status(400, {"detail": str(exc), "errors": errors})
    except reporting.ReportingError as exc:
        return Status(409, {"detail": str(exc)})
    saved = report_get_for_user(request.user, result.report.pk)
    response["ETag"] = etag_of(saved)
    return report_detail_out(saved, request.user)
