"""Framework plans through their services: drafting, the approval path, baselines, slippage, refusals, audit."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from planwatch.accounts.access import visible_tasks
from planwatch.audit.models import AuditEntry
from planwatch.frameworks import selectors, services
from planwatch.frameworks.access import framework_plan_get_for_user
from planwatch.frameworks.models import Baseline, FrameworkPlan
from planwatch.registry.models import Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(officer, leader):
    """A task Sở Y tế leads, under the economy vice-chairman's seat (set here: the demo's may differ)."""
    task = Task.objects.filter(lead_agencies=officer.membership.agency, framework_plan__isnull=True).order_by("pk").first()
    task.leader = leader.membership.position
    task.leader_group = None
    task.save()
    return task


@pytest.fixture
def plan(task, officer):
    return services.framework_plan_start(task=task, actor=officer, due=date(2021, 12, 31))


def _steps(plan, officer):
    draft = services.step_save(plan=plan, actor=officer, version=plan.version, title="Dự thảo đề án",
                               start=date(2025, 3, 1), end=date(2025, 3, 10), budget=50_000_000, people=3)
    plan.refresh_from_db()
    consult = services.step_save(plan=plan, actor=officer, version=plan.version, title="Lấy ý kiến các sở", duration=5,
                                 lead=officer.membership.agency)
    plan.refresh_from_db()
    services.link_save(plan=plan, actor=officer, version=plan.version, before=draft, after=consult)
    plan.refresh_from_db()
    return draft, consult


def test_the_lead_agency_drafts_steps_and_the_engine_places_them(plan, officer):
    draft, consult = _steps(plan, officer)
    schedule = selectors.plan_schedule(plan)
    assert (schedule[str(consult.pk)].early_start, schedule.end) == (date(2025, 3, 11), date(2025, 3, 15))
    assert schedule.critical_path == (str(draft.pk), str(consult.pk))
    assert plan.version == 4  # three content changes after the start
    assert AuditEntry.objects.filter(object_repr__contains="Dự thảo đề án", field="budget", new_value="50000000").exists()


def test_a_link_closing_a_circle_is_refused_in_vietnamese_and_nothing_is_kept(plan, officer):
    draft, consult = _steps(plan, officer)
    with pytest.raises(services.FrameworkError, match="vòng tròn.*Lấy ý kiến các sở → Dự thảo đề án"):
        services.link_save(plan=plan, actor=officer, version=plan.version, before=consult, after=draft)
    assert not draft.links_in.exists()
    plan.refresh_from_db()
    assert plan.version == 4


def test_a_change_from_an_older_version_is_refused(plan, officer):
    old = plan.version
    services.step_save(plan=plan, actor=officer, version=old, title="Bước một", start=date(2025, 1, 1), duration=3)
    with pytest.raises(services.StalePlan):
        services.step_save(plan=plan, actor=officer, version=old, title="Bước hai", start=date(2025, 1, 1), duration=3)


def test_a_step_that_ends_before_it_starts_is_refused(plan, officer):
    with pytest.raises(services.FrameworkError, match="kết thúc trước khi bắt đầu"):
        services.step_save(plan=plan, actor=officer, version=plan.version, title="Sai ngày",
                           start=date(2025, 3, 10), end=date(2025, 3, 1))
    assert not plan.steps.exists()


def test_the_approval_path_freezes_a_baseline_and_slippage_is_measured_against_it(plan, officer, head, leader):
    draft, consult = _steps(plan, officer)
    services.plan_send(plan=plan, actor=officer)
    plan.refresh_from_db()
    assert plan.status == FrameworkPlan.Status.AWAITING_HEAD
    with pytest.raises(PermissionDenied):
        services.plan_approve(plan=plan, actor=head)
    services.plan_send(plan=plan, actor=head)
    services.plan_return(plan=plan, actor=leader, reason="Bổ sung kinh phí cho bước lấy ý kiến")
    plan.refresh_from_db()
    assert (plan.status, plan.return_reason) == ("returned", "Bổ sung kinh phí cho bước lấy ý kiến")
    services.plan_send(plan=plan, actor=head)
    services.plan_approve(plan=plan, actor=leader)
    plan.refresh_from_db()
    assert (plan.status, plan.baseline_number) == ("approved", 1)
    assert Baseline.objects.get(plan=plan).data["steps"][0]["end"] == "2025-03-10"
    with pytest.raises(services.FrameworkError):
        services.step_save(plan=plan, actor=officer, version=plan.version, title="Thêm", duration=1, step=None)

    services.plan_revise(plan=plan, actor=officer, reason="Dự thảo chậm")
    plan.refresh_from_db()
    services.step_save(plan=plan, actor=officer, version=plan.version, step=draft, title=draft.title,
                       start=date(2025, 3, 1), end=date(2025, 3, 14))
    slips = {slip.key: slip.days_late for slip in selectors.plan_slippage(plan)}
    assert slips == {str(draft.pk): 4, str(consult.pk): 4}
    assert Baseline.objects.filter(plan=plan).count() == 1  # the revision waits for its own approval


def test_progress_is_reported_per_step_and_the_task_progress_follows(plan, officer, head):
    draft, consult = _steps(plan, officer)
    services.plan_send(plan=plan, actor=officer)
    services.plan_return(plan=plan, actor=head, reason="Sửa lại")
    plan.refresh_from_db()
    assert plan.status == "returned"
    services.step_progress_set(step=draft, actor=officer, progress=100)
    services.step_progress_set(step=consult, actor=officer, progress=50)
    # Ten days done and five days half done: 1250 / 15.
    assert selectors.plan_progress(plan) == 83
    with pytest.raises(services.FrameworkError):
        services.step_progress_set(step=consult, actor=officer, progress=120)


def test_who_may_see_and_change_a_framework_plan(plan, task, officer, other_officer, outsider, reviewer, leader):
    assert framework_plan_get_for_user(officer, task.pk, write=True) == plan
    assert framework_plan_get_for_user(reviewer, task.pk) == plan
    with pytest.raises(PermissionDenied):
        framework_plan_get_for_user(reviewer, task.pk, write=True)
    with pytest.raises(Http404):
        framework_plan_get_for_user(outsider, task.pk)
    # Another agency reads the plan of a task it coordinates, but never drafts it.
    if visible_tasks(other_officer).filter(pk=task.pk).exists():
        assert framework_plan_get_for_user(other_officer, task.pk) == plan
        with pytest.raises(PermissionDenied):
            framework_plan_get_for_user(other_officer, task.pk, write=True)
    else:
        with pytest.raises(Http404):
            framework_plan_get_for_user(other_officer, task.pk)
    with pytest.raises(PermissionDenied):
        services.step_save(plan=plan, actor=reviewer, version=plan.version, title="Không được", duration=1)
    with pytest.raises(PermissionDenied):
        services.plan_approve(plan=plan, actor=other_officer)


def test_late_plans_are_those_past_due_that_have_not_reached_the_vice_chairman(plan, officer, head):
    assert plan in selectors.late_plans(today=date(2022, 1, 1))
    assert plan not in selectors.late_plans(today=date(2021, 12, 31))
    _steps(plan, officer)
    services.plan_send(plan=plan, actor=head)
    assert plan not in selectors.late_plans(today=date(2022, 1, 1))


def test_the_demo_holds_a_draft_an_approved_plan_and_a_slipping_one(plan_183):
    plans = {plan.task.lead_agencies.first().name: plan for plan in FrameworkPlan.objects.filter(task__document=plan_183)}
    assert {name: plan.status for name, plan in plans.items()} == {
        "Sở Y tế": "draft", "Sở Công Thương": "approved", "Sở Xây dựng": "draft",
    }
    assert plans["Sở Công Thương"].baseline_number == 1 and selectors.plan_progress(plans["Sở Công Thương"]) == 100
    assert [slip.days_late for slip in selectors.plan_slippage(plans["Sở Công Thương"])] == [0, 0, 0, 0, 0]
    slipping = plans["Sở Xây dựng"]
    assert slipping.baseline_number == 1
    # Drafting the scheme ends 30/08 instead of 28/06: 63 days, carried by the two steps after it.
    assert [slip.days_late for slip in selectors.plan_slippage(slipping)] == [0, 63, 63, 63]
    assert selectors.plan_schedule(plans["Sở Y tế"]).end == date(2025, 1, 14)
    # Appendix 2's date is the framework plan's due date; the task itself has no deadline in plan 183.
    for plan in plans.values():
        assert plan.due == plan.task.framework_due is not None
        assert not plan.task.due_dates.exists() and plan.task_due is None


def test_show_json_prints_each_tasks_framework_plan(plan_183):
    import json
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("show", "183/KH-UBND", "--json", stdout=out)
    tasks = json.loads(out.getvalue())["tasks"]
    with_plans = {task["key"]: task["framework_plan"] for task in tasks if "framework_plan" in task}
    # Every task of appendix 2 states its framework plan's deadline: a date, or "Đã ban hành Kế hoạch" (done).
    assert len(with_plans) == len(tasks) == 43
    assert all(plan["due"] or plan["status"] == "done" for plan in with_plans.values())
    statuses = sorted(plan["status"] for plan in with_plans.values() if plan["status"] not in ("not_started", "done"))
    assert statuses == ["approved", "draft", "draft"]
    slipping = next(plan for plan in with_plans.values() if plan["status"] == "draft" and plan["baseline_date"])
    assert [step["key"] for step in slipping["steps"]] == ["1", "2", "3", "4"]
    assert slipping["steps"][1]["end"] == "2024-08-30" and slipping["steps"][2]["depends_on"] == ["2"]
    # Step 1 ends on Friday 29/03 and step 2 is planned from Monday 01/04: two days of float keep 1 off the path.
    assert slipping["critical_path"] == ["2", "3", "4"]

    text = StringIO()
    call_command("show", "183/KH-UBND", stdout=text)
    assert "Tháng 9/2021" in text.getvalue()
