"""The shapes the API reads and writes. They are the OpenAPI document's components: keep names stable."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Generic, TypeVar

from ninja import Field, Schema

# The largest id a database column holds: a bigger one is a 404, not an overflow (as the web's <id:...> converter).
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]

T = TypeVar("T")


class Error(Schema):
    detail: str


class FieldError(Schema):
    line: str = Field(description="i<id> cho dòng chỉ tiêu, t<id> cho dòng nhiệm vụ")
    type: str = Field(description="indicator | task")
    id: int | None
    field: str
    message: str


class ValidationErrors(Schema):
    detail: str
    errors: list[FieldError]


class Page(Schema, Generic[T]):
    count: int
    page: int
    page_size: int
    pages: int
    next: int | None = Field(description="số trang sau, nếu có")
    previous: int | None
    results: list[T]


class AgencyRef(Schema):
    id: int
    name: str
    short_name: str


class DocumentOut(Schema):
    id: int
    slug: str
    number: str
    kind: str
    issuer: str
    date: date | None
    year: int | None
    title: str
    period_start: int | None
    period_end: int | None
    is_tracked: bool
    url: str


class DocumentDetail(DocumentOut):
    signer: str
    signer_title: str
    implements: list[int]
    indicators: int = Field(description="số chỉ tiêu người gọi được xem")
    tasks: int = Field(description="số nhiệm vụ người gọi được xem")


class QuantityOut(Schema):
    text: str
    op: str
    low: float | None
    high: float | None


class TargetOut(QuantityOut):
    horizon: str


class ValueOut(QuantityOut):
    id: int
    indicator: int
    period: str
    kind: str
    source_document: int | None
    source_note: str
    recorded_at: datetime


class IndicatorOut(Schema):
    id: int
    document: int
    key: str
    code: str
    group: str
    name: str
    unit: str
    measure: str
    direction: str
    parent: int | None
    lead_text: str
    lead_agencies: list[AgencyRef]
    leader: str | None
    url: str


class IndicatorDetail(IndicatorOut):
    group_title: str
    leader_text: str
    assessment: str
    targets: list[TargetOut]
    values: list[ValueOut]


class TaskOut(Schema):
    id: int
    document: int
    key: str
    code: str
    section: str
    title: str
    lead_text: str
    lead_agencies: list[AgencyRef]
    coordinating_agencies: list[AgencyRef]
    leader: str | None
    product: str
    deadline_text: str
    deadline_kind: str
    due_dates: list[date]
    framework_deadline_text: str
    framework_deadline_kind: str
    framework_due: date | None
    status: str
    url: str


class TaskDetail(TaskOut):
    section_title: str
    coordinating_text: str
    lead_groups: list[str]
    coordinating_groups: list[str]
    leader_text: str
    note: str
    framework_plan_status: str | None


class FrameworkPlanOut(Schema):
    task: int
    task_title: str
    document: int
    status: str
    due: date | None
    version: int
    baseline_number: int
    progress: int = Field(description="tiến độ chung (%), theo thời lượng các bước")
    submitted_at: datetime | None
    approved_at: datetime | None
    url: str


class StepOut(Schema):
    id: int
    number: int
    title: str
    start: date | None = Field(description="ngày bắt đầu như đã lập")
    end: date | None
    duration: int | None
    milestone: bool
    lead: AgencyRef | None
    coordinating: list[AgencyRef]
    product: str
    progress: int
    scheduled_start: date | None = Field(description="ngày bắt đầu sau khi áp các ràng buộc giữa các bước")
    scheduled_end: date | None
    total_float: int | None
    critical: bool
    late: bool
    days_late: int | None = Field(description="số ngày chậm so với lần phê duyệt gần nhất")
    after: str = Field(description="các bước phải xong trước, theo cách ghi của bảng (2KT+3)")


class FrameworkPlanDetail(FrameworkPlanOut):
    task_due: date | None
    return_reason: str
    steps: list[StepOut]
    critical_path: list[int] = Field(description="id các bước trên đường găng, theo thứ tự")
    forecast_end: date | None
    forecast_days_late: int
    warnings: list[str]


class RoundOut(Schema):
    id: int
    period: str
    title: str
    deadline: date
    status: str
    origin: str
    due_date: date | None
    documents: list[int]
    opened_at: datetime
    closed_at: datetime | None
    url: str


class ReportOut(Schema):
    id: int
    round: int
    round_title: str
    period: str
    agency: AgencyRef
    status: str
    version: int
    editable: bool = Field(description="người gọi ghi được vào báo cáo này lúc này")
    last_saved_at: datetime | None
    submitted_at: datetime | None
    accepted_at: datetime | None
    url: str


class IndicatorLineOut(Schema):
    id: int
    indicator: int
    indicator_name: str
    unit: str
    kind: str
    value: str
    op: str
    low: float | None
    high: float | None
    note: str
    source: str


class TaskLineOut(Schema):
    id: int
    task: int
    task_title: str
    role: str
    status: str
    percent: int | None
    done_text: str
    difficulties: str
    proposals: str
    contribution: str


class ReportDetail(ReportOut):
    return_reason: str
    indicator_lines: list[IndicatorLineOut]
    task_lines: list[TaskLineOut]


class IndicatorLineIn(Schema):
    """Fields left out keep their current value."""

    id: Id
    kind: str | None = Field(None, description="estimate (ước thực hiện) | actual (thực hiện)")
    value: str | None = Field(None, description="như người dùng gõ: 7,5 hoặc 7,5-8,0 hoặc > 75")
    note: str | None = None
    source: str | None = None


class TaskLineIn(Schema):
    """Fields left out keep their current value; percent null clears it."""

    id: Id
    status: str | None = Field(None, description="not_started | on_schedule | behind | done | done_late")
    percent: Annotated[int, Field(ge=0, le=100)] | None = None
    done_text: str | None = None
    difficulties: str | None = None
    proposals: str | None = None
    contribution: str | None = None


class ReportLinesIn(Schema):
    indicator_lines: list[IndicatorLineIn] = []
    task_lines: list[TaskLineIn] = []


# Judgements and series (issue 12): what the plan page says of each indicator, and the same indicator across documents.


class JudgementOut(Schema):
    status: str = Field(description="achieved_early | on_track | difficult | very_challenging | unknown")
    label: str
    expected_early: bool = Field(description="achieved early only by a plan value (dự kiến đạt sớm)")
    reason: str
    plan_period: str | None
    so_far: float | None = Field(description="what the plan period has reached so far (engine: so_far.value)")
    required_period: str | None
    required_low: float | None = Field(description="what the rest of the plan period must still reach, low bound")
    required_high: float | None
    warnings: list[str]


class StatedJudgementOut(Schema):
    text: str = Field(description="the document's own words (Đánh giá column, 'sớm 2 năm')")
    status: str | None


class PeopleJudgementOut(Schema):
    status: str
    reason: str
    judged_at: datetime


class SeriesRef(Schema):
    id: int
    name: str
    membership: str = Field(description="proposed | confirmed | rejected")


class IndicatorJudged(IndicatorDetail):
    judgement: JudgementOut | None
    document_judgement: StatedJudgementOut | None
    people_judgement: PeopleJudgementOut | None
    series: SeriesRef | None


class IndicatorStatusOut(Schema):
    indicator: int
    key: str
    name: str
    parent: int | None
    status: str
    label: str
    expected_early: bool
    reason: str
    document_judgement: StatedJudgementOut | None


class DisagreementOut(Schema):
    indicator: int
    aspect: str = Field(description="status (outlook for the plan's end) | verdict (a value against its plan)")
    document_label: str
    document_text: str
    planwatch_label: str
    planwatch_reason: str


class DocumentStatus(Schema):
    document: int
    summary: dict[str, int] = Field(description="top-level rows per status")
    indicators: list[IndicatorStatusOut]
    disagreements: list[DisagreementOut]


class SeriesMemberOut(Schema):
    indicator: int
    document: int
    name: str
    unit: str
    membership: str


class SeriesOut(Schema):
    id: int
    name: str
    unit: str
    members: list[SeriesMemberOut]


class SeriesValueOut(QuantityOut):
    indicator: int
    document: int
    period: str
    kind: str


class SeriesDetail(SeriesOut):
    values: list[SeriesValueOut]
