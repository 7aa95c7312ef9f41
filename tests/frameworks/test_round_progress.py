"""Progress flows (issue 11, item 4): in a reporting round each task led shows the steps of its approved framework
plan, progress is reported per step, the task's percentage is derived from them, and a step past its end and not
done makes the task late on the dashboards and task lists.

The demo gives Sở Y tế a draft framework plan for task II.20 of plan 183: four steps, 02/09/2024-31/10/2024 done,
45 days at 60 %, then 20 and 10 days not begun; (60 x 100 + 45 x 60) / 135 days = 64 %. The fixtures have it
approved, then open a round for the fourth quarter of 2024.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from planwatch.audit.models import AuditEntry
from planwatch.frameworks import selectors, services
from planwatch.frameworks.models import FrameworkPlan
from planwatch.registry.models import Agency
from planwatch.reporting.models import Report, TaskLine
from planwatch.reporting.services import (
    ReportValidationError,
    StaleReport,
    content_of,
    report_save,
    report_transition,
    round_open,
)

pytestmark = pytest.mark.django_db

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def hanoi(*args) -> datetime:
    return datetime(*args, tzinfo=HANOI)


@pytest.fixture
def plan(officer, head, reviewer) -> FrameworkPlan:
    """Sở Y tế's framework plan, sent on by its head and approved by the planning department for the office."""
    plan = FrameworkPlan.objects.get(task__lead_agencies__name="Sở Y tế")
    services.plan_send(plan=plan, actor=head)
    services.plan_approve(plan=plan, actor=reviewer)
    plan.refresh_from_db()
    return plan


@pytest.fixture
def steps(plan):
    return list(plan.steps.order_by("order"))


@pytest.fixture
def report(plan, reviewer) -> Report:
    """Sở Y tế's report for the fourth quarter of 2024, opened once the plan was approved."""
    round = round_open(period="2024-Q4", deadline=date(2025, 1, 15), actor=reviewer, at=hanoi(2025, 1, 2, 8))
    return round.reports.get(agency__name="Sở Y tế")


@pytest.fixture
def line(report, plan) -> TaskLine:
    return report.task_lines.get(task=plan.task, role=TaskLine.Role.LEAD)


def step_field(line, step) -> str:
    return f"t{line.pk}-step-{step.pk}"


def post(client, report, data):
    return client.post(reverse("reporting:report", args=[report.pk]), {"version": report.version, **data})


# The report page -------------------------------------------------------------------------------


def test_the_report_page_shows_each_step_beneath_its_task_with_an_input_and_the_derived_percentage(
    client, officer, report, line, steps,
):
    client.force_login(officer)
    html = client.get(reverse("reporting:report", args=[report.pk])).content.decode()
    article = html[html.index(f'data-task="{line.task.key}"'):]
    article = article[:article.index("</article>")]
    for step in steps:
        assert step.title in article
        assert f'name="{step_field(line, step)}" value="{step.progress}"' in article
    assert "31/10/2024" in article  # the first step's planned end, day first
    assert f'name="t{line.pk}-percent"' not in article  # no percentage to type: it is derived
    assert "<strong data-derived-percent>64%</strong>" in article
    assert "không nhập trực tiếp" in article
    line.refresh_from_db()
    assert line.percent == 64  # the round pre-filled the percentage the steps give


def test_a_first_draft_is_not_reported_on_by_step(client, officer, reviewer):
    """Before its first approval a plan's steps may still change: the task keeps its typed percentage."""
    round = round_open(period="2024-Q4", deadline=date(2025, 1, 15), actor=reviewer, at=hanoi(2025, 1, 2, 8))
    report = round.reports.get(agency__name="Sở Y tế")
    line = report.task_lines.get(task__framework_plan__isnull=False, role=TaskLine.Role.LEAD)
    client.force_login(officer)
    html = client.get(reverse("reporting:report", args=[report.pk])).content.decode()
    assert f'name="t{line.pk}-percent"' in html and f"t{line.pk}-step-" not in html


def test_the_report_page_with_step_lines_reads_no_task_due_dates(client, officer, report, line, steps):
    """A line shows the plan's written deadline and its steps' own dates: the tasks' due dates are not read, once
    or per line."""
    client.force_login(officer)
    with CaptureQueriesContext(connection) as queries:
        html = client.get(reverse("reporting:report", args=[report.pk])).content.decode()
    assert "data-derived-percent" in html and f"t{line.pk}-step-" in html
    assert not [query for query in queries.captured_queries if "registry_taskduedate" in query["sql"]]


# Saving and accepting --------------------------------------------------------------------------


def test_step_progress_is_saved_with_the_report_and_the_task_percentage_follows(client, officer, report, line, steps):
    client.force_login(officer)
    response = post(client, report, {
        f"t{line.pk}-status": "on_schedule", step_field(line, steps[1]): "100", step_field(line, steps[2]): "50",
    })
    assert response.status_code == 302
    line.refresh_from_db()
    # (60 x 100 + 45 x 100 + 20 x 50 + 10 x 0) / 135 days = 85 %.
    assert (line.percent, line.step_progress) == (85, {str(steps[1].pk): 100, str(steps[2].pk): 50})
    report.refresh_from_db()
    assert report.version == 2
    assert AuditEntry.objects.filter(content_type__model="taskline", object_id=str(line.pk), field="step_progress").exists()
    # Not of record before the planning department accepts the report, as the task's status.
    assert [step.progress for step in steps[1].plan.steps.order_by("order")] == [100, 60, 0, 0]
    html = client.get(reverse("reporting:report", args=[report.pk])).content.decode()
    assert "<strong data-derived-percent>85%</strong>" in html


def test_accepting_the_report_gives_the_steps_their_progress_audited(officer, head, reviewer, report, line, steps, plan):
    content = content_of(report)
    content[f"t{line.pk}"].update({"status": "on_schedule", f"step-{steps[1].pk}": "100", f"step-{steps[2].pk}": "50"})
    report_save(report=report, actor=officer, version=report.version, content=content)
    report.refresh_from_db()
    report_transition(report=report, action="approve", actor=head, version=report.version)
    report_transition(report=report, action="submit", actor=head)
    report_transition(report=report, action="accept", actor=reviewer)
    assert [step.progress for step in plan.steps.order_by("order")] == [100, 100, 50, 0]
    assert selectors.plan_progress(plan) == 85
    entry = AuditEntry.objects.get(content_type__model="step", object_id=str(steps[2].pk), field="progress",
                                   new_value="50")
    assert entry.actor == reviewer and "Chấp nhận báo cáo" in entry.reason and "Sở Y tế" in entry.reason
    # A step the agency did not change is not rewritten.
    assert not AuditEntry.objects.filter(content_type__model="step", object_id=str(steps[0].pk), actor=reviewer).exists()


def test_a_reopened_report_shows_the_step_figures_changed_since_acceptance(
    client, officer, head, reviewer, report, line, steps,
):
    content = content_of(report)
    content[f"t{line.pk}"].update({"status": "on_schedule", f"step-{steps[1].pk}": "80"})
    report_save(report=report, actor=officer, version=report.version, content=content)
    report.refresh_from_db()
    report_transition(report=report, action="approve", actor=head, version=report.version)
    report_transition(report=report, action="submit", actor=head)
    report_transition(report=report, action="accept", actor=reviewer)
    report_transition(report=report, action="reopen", actor=reviewer, reason="Bước 2 chưa xong như báo cáo")
    report.refresh_from_db()
    content = content_of(report)
    content[f"t{line.pk}"][f"step-{steps[1].pk}"] = "70"
    report_save(report=report, actor=officer, version=report.version, content=content)
    client.force_login(reviewer)
    html = client.get(reverse("reporting:report", args=[report.pk])).content.decode()
    changes = html[html.index('id="changes"'):].split("</table>")[0]
    assert "Tiến độ bước 2 (%)" in changes and "<del>80</del>" in changes and "<ins>70</ins>" in changes


def test_an_untouched_save_changes_no_step(officer, report, line):
    content = content_of(report)
    content[f"t{line.pk}"]["status"] = "on_schedule"
    report_save(report=report, actor=officer, version=report.version, content=content)
    line.refresh_from_db()
    assert line.step_progress == {}


@pytest.mark.parametrize("figure", ["150", "-1", "năm mươi", ""])
def test_a_bad_step_figure_is_refused_in_vietnamese_and_nothing_is_saved(client, officer, report, line, steps, figure):
    client.force_login(officer)
    response = post(client, report, {
        f"t{line.pk}-status": "on_schedule", step_field(line, steps[1]): figure,
        step_field(line, steps[2]): "30", f"t{line.pk}-done_text": "Đã lấy ý kiến các sở.",
    })
    assert response.status_code == 200
    assert "Tiến độ của bước là một số nguyên từ 0 đến 100" in response.content.decode()
    line.refresh_from_db()
    report.refresh_from_db()
    assert (line.step_progress, line.done_text, line.percent, report.version) == ({}, "", 64, 1)
    assert [step.progress for step in steps[1].plan.steps.order_by("order")] == [100, 60, 0, 0]


def test_the_task_percentage_of_a_task_measured_by_steps_cannot_be_typed(officer, report, line):
    content = content_of(report)
    content[f"t{line.pk}"].update({"status": "on_schedule", "percent": "30"})
    with pytest.raises(ReportValidationError) as caught:
        report_save(report=report, actor=officer, version=report.version, content=content)
    assert "tính từ tiến độ các bước" in caught.value.errors[(f"t{line.pk}", "percent")]


def test_a_task_done_needs_every_step_done(officer, report, line):
    content = content_of(report)
    content[f"t{line.pk}"].update({"status": "done"})
    with pytest.raises(ReportValidationError) as caught:
        report_save(report=report, actor=officer, version=report.version, content=content)
    assert "mọi bước của kế hoạch khung phải đạt 100%" in caught.value.errors[(f"t{line.pk}", "status")]


def test_a_stale_save_of_step_progress_is_refused_with_the_newer_figure(client, officer, head, report, line, steps):
    read_at = report.version
    content = content_of(report)
    content[f"t{line.pk}"].update({"status": "on_schedule", f"step-{steps[1].pk}": "80"})
    report_save(report=report, actor=head, version=read_at, content=content)  # the head saves first
    content[f"t{line.pk}"][f"step-{steps[1].pk}"] = "90"
    with pytest.raises(StaleReport) as caught:
        report_save(report=report, actor=officer, version=read_at, content=content)
    assert caught.value.current[f"t{line.pk}"][f"step-{steps[1].pk}"] == "80"
    line.refresh_from_db()
    assert line.step_progress == {str(steps[1].pk): 80}
    client.force_login(officer)
    html = post(client, report, {
        "version": read_at, f"t{line.pk}-status": "on_schedule", step_field(line, steps[1]): "90",
    }).content.decode()
    assert "Cả hai cùng sửa ô này" in html and "<q>80</q>" in html


# Who may write steps ---------------------------------------------------------------------------


def test_an_officer_of_another_agency_cannot_write_the_steps_of_a_task_it_does_not_lead(
    client, other_officer, reviewer, report, line, plan, steps,
):
    with pytest.raises(PermissionDenied):
        services.step_progress_record(plan=plan, actor=other_officer, progress={steps[1].pk: 100})
    trade = Agency.objects.get(name="Sở Công Thương")
    with pytest.raises(PermissionDenied):  # nor can its report, accepted by the planning department, carry them
        services.step_progress_record(plan=plan, actor=reviewer, progress={steps[1].pk: 100}, reported_by=trade)
    # Through its own report: a line of a task it leads cannot carry a step of Sở Y tế's plan.
    trade_report = report.round.reports.get(agency=trade)
    own = trade_report.task_lines.filter(role=TaskLine.Role.LEAD).order_by("order").first()
    content = content_of(trade_report)
    content[f"t{own.pk}"][f"step-{steps[1].pk}"] = "100"
    with pytest.raises(ReportValidationError) as caught:
        report_save(report=trade_report, actor=other_officer, version=trade_report.version, content=content)
    assert "không thuộc kế hoạch khung" in caught.value.errors[(f"t{own.pk}", f"step-{steps[1].pk}")]
    # And Sở Y tế's report is not its to write: not found, as for any report of another agency.
    client.force_login(other_officer)
    assert post(client, report, {step_field(line, steps[1]): "100"}).status_code == 404
    assert [step.progress for step in plan.steps.order_by("order")] == [100, 60, 0, 0]


# Late on the dashboards ------------------------------------------------------------------------


def _behind_plan(html: str) -> str:
    return html[html.index('id="behind-plan-tasks"'):].split("</table>")[0]


def test_a_slipping_step_marks_the_task_late_on_the_dashboard_and_the_task_lists(client, officer, reviewer, plan, steps):
    key = plan.task.key
    client.force_login(reviewer)
    # 20/11/2024: the second step (01/11-15/12) is under way; nothing is late.
    with time_machine.travel(hanoi(2024, 11, 20, 9), tick=False):
        html = client.get(reverse("reporting:dashboard")).content.decode()
    assert f'data-key="{key}"' not in _behind_plan(html)
    # 20/12/2024: it ended five days ago at 60 %: the task is behind its framework plan, by one step.
    with time_machine.travel(hanoi(2024, 12, 20, 9), tick=False):
        html = client.get(reverse("reporting:dashboard")).content.decode()
        document = client.get(reverse("document", args=[plan.task.document.slug])).content.decode()
        task_page = client.get(reverse("task", args=[plan.task.pk])).content.decode()
    row = _behind_plan(html).split(f'data-key="{key}"')[1].split("</tr>")[0]
    assert "Chậm tiến độ theo kế hoạch khung: 1 bước" in row
    row = document.split(f'<tr data-key="{key}">')[1].split("</tr>")[0]
    assert "Chậm tiến độ theo kế hoạch khung: 1 bước" in row
    assert "Đang thực hiện, trong hạn" in row  # the four-way status is left as it was: the task has no deadline
    assert "Chậm tiến độ theo kế hoạch khung: 1 bước" in task_page
    # The step done, the flag goes.
    services.step_progress_set(step=steps[1], actor=officer, progress=100)
    with time_machine.travel(hanoi(2024, 12, 20, 9), tick=False):
        html = client.get(reverse("reporting:dashboard")).content.decode()
    assert f'data-key="{key}"' not in _behind_plan(html)


def test_a_first_draft_makes_no_task_late_and_a_plan_under_revision_still_does(client, reviewer):
    """Sở Y tế's draft has steps past their end, but nobody approved them yet; Sở Xây dựng's plan, approved and
    now revised, is measured against its current steps: two of them ended in 2024, unfinished."""
    client.force_login(reviewer)
    with time_machine.travel(hanoi(2025, 3, 1, 9), tick=False):
        html = _behind_plan(client.get(reverse("reporting:dashboard")).content.decode())
    draft = FrameworkPlan.objects.get(task__lead_agencies__name="Sở Y tế")
    revised = FrameworkPlan.objects.get(task__lead_agencies__name="Sở Xây dựng")
    assert (draft.baseline_number, revised.baseline_number, revised.status) == (0, 1, "draft")
    assert f'data-key="{draft.task.key}"' not in html
    assert "Chậm tiến độ theo kế hoạch khung: 2 bước" in html.split(f'data-key="{revised.task.key}"')[1]


def test_the_steps_keep_their_scheduled_end_through_every_change(officer, steps):
    plan = steps[0].plan
    plan_schedule = selectors.plan_schedule(plan)
    assert [step.scheduled_end for step in steps] == [plan_schedule[str(step.pk)].early_end for step in steps]
    assert steps[1].scheduled_end == date(2024, 12, 15)  # 45 days from 01/11, placed by its link alone
    services.plan_revise(plan=plan, actor=officer, reason="Khảo sát kéo dài")
    plan.refresh_from_db()
    services.step_save(plan=plan, actor=officer, version=plan.version, step=steps[0], title=steps[0].title,
                       start=steps[0].start, end=date(2024, 11, 10), lead=steps[0].lead)
    steps[1].refresh_from_db()
    assert steps[1].scheduled_end == date(2024, 12, 25)  # the slip moved what follows it
