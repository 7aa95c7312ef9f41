"""The demo's framework plans: three tasks of plan 183, one in each state a planner meets.

- Sở Y tế: a draft its officer is still writing;
- Sở Công Thương: approved by the vice-chairman's office and on schedule;
- Sở Xây dựng: approved, then revised because a step slipped: the page shows days late against the baseline.

Written through the services as the people concerned, so the audit trail reads as it would. Idempotent: a task that
already has a framework plan is left alone.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model

from planwatch.frameworks import services
from planwatch.frameworks.models import FrameworkPlan
from planwatch.registry.models import Agency, Document, Task

# (title, start, end, days, after step number, progress)
DRAFT = [
    ("Khảo sát hiện trạng hạ tầng công nghệ thông tin các bệnh viện", date(2024, 9, 2), date(2024, 10, 31), None, None, 100),
    ("Xây dựng dự thảo đề án", None, None, 45, 1, 60),
    ("Lấy ý kiến các sở, ngành và quận, huyện", None, None, 20, 2, 0),
    ("Trình UBND Thành phố phê duyệt", None, None, 10, 3, 0),
]
ON_SCHEDULE = [
    ("Đánh giá kết quả giai đoạn trước", date(2024, 3, 1), date(2024, 4, 30), None, None, 100),
    ("Xây dựng dự thảo chương trình", date(2024, 5, 2), date(2024, 7, 31), None, 1, 100),
    ("Tổ chức hội thảo lấy ý kiến doanh nghiệp", None, None, 14, 2, 100),
    ("Hoàn thiện, trình UBND Thành phố", None, None, 30, 3, 100),
    ("UBND Thành phố ban hành", None, date(2024, 10, 15), None, 4, 100),
]
SLIPPING = [
    ("Rà soát quỹ đất, quy hoạch", date(2024, 1, 15), date(2024, 3, 29), None, None, 100),
    ("Lập đề án, khái toán kinh phí", date(2024, 4, 1), date(2024, 6, 28), None, 1, 100),
    ("Thẩm định, lấy ý kiến", None, None, 30, 2, 40),
    ("Trình HĐND Thành phố", None, None, 15, 3, 0),
]


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def _task(document: Document, agency: str) -> Task | None:
    lead = Agency.objects.filter(name=agency).first()
    if lead is None:
        return None
    return document.tasks.filter(lead_agencies=lead).order_by("order").first()


def _draft(task: Task, officer, steps, *, due: date | None) -> FrameworkPlan:
    plan = services.framework_plan_start(task=task, actor=officer, due=due)
    made = []
    for title, start, end, days, after, progress in steps:
        plan.refresh_from_db()
        step = services.step_save(plan=plan, actor=officer, version=plan.version, title=title, start=start, end=end,
                                  duration=days, lead=task.lead_agencies.first(), milestone=end is not None and
                                  start is None and days is None)
        made.append(step)
        if after:
            plan.refresh_from_db()
            services.link_save(plan=plan, actor=officer, version=plan.version, before=made[after - 1], after=step)
    for step, spec in zip(made, steps):
        if spec[-1]:
            services.step_progress_set(step=step, actor=officer, progress=spec[-1])
    plan.refresh_from_db()
    return plan


def load_framework_demo() -> list[FrameworkPlan]:
    document = Document.objects.filter(slug="183-kh-ubnd").first()
    people = {name: _user(name) for name in (
        "yte", "congthuong", "congthuong.truong", "xaydung", "xaydung.truong", "khdt")}
    if document is None or None in people.values():
        return []
    made = []
    for agency, officer, head, steps, state in (
        ("Sở Y tế", "yte", None, DRAFT, "draft"),
        ("Sở Công Thương", "congthuong", "congthuong.truong", ON_SCHEDULE, "approved"),
        ("Sở Xây dựng", "xaydung", "xaydung.truong", SLIPPING, "slipping"),
    ):
        task = _task(document, agency)
        if task is None or FrameworkPlan.objects.filter(task=task).exists():
            continue
        plan = _draft(task, people[officer], steps, due=task.framework_due)
        if state != "draft":
            services.plan_send(plan=plan, actor=people[head])
            services.plan_approve(plan=plan, actor=people["khdt"])
        if state == "slipping":
            plan.refresh_from_db()
            services.plan_revise(plan=plan, actor=people[officer], reason="Lập đề án chậm do chờ số liệu quy hoạch")
            plan.refresh_from_db()
            second = plan.steps.order_by("order")[1]
            services.step_save(
                plan=plan, actor=people[officer], version=plan.version, step=second, title=second.title,
                start=second.start, end=date(2024, 8, 30), lead=second.lead,
            )
        plan.refresh_from_db()
        made.append(plan)
    return made
