"""Accepting a report asks for confirmation (issue 10).

The report page's "Chấp nhận" leads to a page listing what acceptance writes into the register (the values of
record, the tasks' statuses, the framework plans' step progress) with a box to tick; only a request with the box
ticked accepts, with or without JavaScript. The summary and the acceptance follow the same rules: the writes the
page announces are the writes that happen.
"""

import re
from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from planwatch.frameworks import services as frameworks
from planwatch.frameworks.models import FrameworkPlan
from planwatch.registry.models import IndicatorValue, Task
from planwatch.reporting.acceptance import CREATE, DELETE, SAME, UPDATE, acceptance_preview
from planwatch.reporting.models import Action, Report, TaskLine
from planwatch.reporting.services import content_of, report_save, report_transition, round_open

from .conftest import hanoi

pytestmark = pytest.mark.django_db

CONFIRMATION = "Tôi đã xem xét và chấp nhận báo cáo này"


def first_indicator_line(report):
    return report.indicator_lines.select_related("indicator").order_by("order").first()


def first_lead_line(report):
    return report.task_lines.filter(role=TaskLine.Role.LEAD).select_related("task").order_by("order").first()


def submitted(report, officer, head, **values_by_key) -> Report:
    """The report with these values saved, approved by the head and submitted."""
    content = content_of(report)
    for key, values in values_by_key.items():
        content[key].update(values)
    report_save(report=report, actor=officer, version=report.version, content=content, at=hanoi(2024, 7, 10, 9))
    report.refresh_from_db()
    report_transition(report=report, action="approve", actor=head, version=report.version, at=hanoi(2024, 7, 10, 10))
    report_transition(report=report, action="submit", actor=officer, at=hanoi(2024, 7, 10, 11))
    report.refresh_from_db()
    return report


@pytest.fixture
def waiting(health_report, officer, head):
    """Sở Y tế's Q2 report waiting for review: a value on its first indicator, its first task behind schedule."""
    line, task_line = first_indicator_line(health_report), first_lead_line(health_report)
    assert task_line.task.status != Task.Status.BEHIND
    return submitted(health_report, officer, head, **{
        f"i{line.pk}": {"value": "33,5", "source": "Sở Y tế"},
        f"t{task_line.pk}": {"status": Task.Status.BEHIND, "percent": "40"},
    })


def accept(client, report, **data):
    return client.post(reverse("reporting:report-transition", args=[report.pk, "accept"]), data)


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


# The way there --------------------------------------------------------------------------------------


def test_the_report_page_s_accept_button_leads_to_the_confirmation_page(client, reviewer, waiting):
    client.force_login(reviewer)
    html = client.get(reverse("reporting:report", args=[waiting.pk])).content.decode()
    form = re.search(r'<form method="get" action="([^"]+)" class="move move-accept">.*?</form>', html, re.S)
    assert form and form.group(1) == reverse("reporting:report-accept", args=[waiting.pk])
    assert "Chấp nhận</button>" in form.group(0)
    # No form posts the acceptance from the report page itself.
    assert reverse("reporting:report-transition", args=[waiting.pk, "accept"]) not in html


def test_the_confirmation_page_says_what_acceptance_writes(client, reviewer, waiting):
    line, task_line = first_indicator_line(waiting), first_lead_line(waiting)
    client.force_login(reviewer)
    response = client.get(reverse("reporting:report-accept", args=[waiting.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    values = html[html.index('id="accept-values"'):html.index('id="accept-statuses"')]
    row = re.search(rf'<tr class="change-create" data-indicator="{line.indicator_id}">(.*?)</tr>', values, re.S)
    row = row.group(1)
    assert line.indicator.name in row and "<strong>33,5</strong>" in row and "ghi mới" in row
    assert "kỳ Quý II/2024" in values
    statuses = html[html.index('id="accept-statuses"'):html.index('id="accept-steps"')]
    row = re.search(rf'<tr data-task="{task_line.task_id}">(.*?)</tr>', statuses, re.S).group(1)
    assert task_line.task.get_status_display() in row and "<strong>Chậm tiến độ</strong>" in row
    form = html[html.index('id="accept-form"'):]
    assert f'action="{reverse("reporting:report-transition", args=[waiting.pk, "accept"])}"' in html
    assert re.search(r'<input type="checkbox" name="confirm" required[^>]*>', form)
    assert CONFIRMATION in form
    assert f'name="version" value="{waiting.version}"' in form


# Confirmed or not --------------------------------------------------------------------------------------


def test_a_post_without_the_confirmation_accepts_nothing(client, reviewer, waiting):
    line, task_line = first_indicator_line(waiting), first_lead_line(waiting)
    status_before = Task.objects.get(pk=task_line.task_id).status
    client.force_login(reviewer)
    response = accept(client, waiting, version=waiting.version)
    assert response.status_code == 302 and response["Location"] == reverse("reporting:report-accept", args=[waiting.pk])
    assert messages_of(response) == [
        "Báo cáo chưa được chấp nhận: hãy xem lại nội dung sẽ ghi nhận và đánh dấu ô "
        "“Tôi đã xem xét và chấp nhận báo cáo này”."
    ]
    waiting.refresh_from_db()
    assert waiting.status == Report.Status.SUBMITTED and waiting.accepted_at is None
    assert not waiting.actions.filter(kind=Action.Kind.ACCEPT).exists()
    assert not IndicatorValue.objects.filter(indicator=line.indicator, period="2024-Q2").exists()
    assert Task.objects.get(pk=task_line.task_id).status == status_before


@pytest.mark.parametrize("confirm", ["", "false", "0", "no", "off"])
def test_an_unticked_box_accepts_nothing(client, reviewer, waiting, confirm):
    client.force_login(reviewer)
    accept(client, waiting, version=waiting.version, confirm=confirm)
    waiting.refresh_from_db()
    assert waiting.status == Report.Status.SUBMITTED


def test_the_confirmed_acceptance_writes_the_register(client, reviewer, waiting):
    line, task_line = first_indicator_line(waiting), first_lead_line(waiting)
    client.force_login(reviewer)
    response = accept(client, waiting, version=waiting.version, confirm="on")
    assert response.status_code == 302 and response["Location"] == reverse("reporting:report", args=[waiting.pk])
    assert messages_of(response) == ["Đã chấp nhận báo cáo; số liệu được ghi nhận."]
    waiting.refresh_from_db()
    assert waiting.status == Report.Status.ACCEPTED and waiting.accepted_by == reviewer
    assert IndicatorValue.objects.get(indicator=line.indicator, period="2024-Q2").text == "33,5"
    assert Task.objects.get(pk=task_line.task_id).status == Task.Status.BEHIND


def test_a_report_changed_since_the_summary_is_not_accepted_unseen(client, reviewer, waiting, officer, head):
    """The summary was of version 2; the report was returned, corrected and resubmitted meanwhile."""
    seen = waiting.version
    report_transition(report=waiting, action="return", actor=reviewer, reason="Thiếu nguồn số liệu")
    line = first_indicator_line(waiting)
    waiting.refresh_from_db()
    submitted(waiting, officer, head, **{f"i{line.pk}": {"value": "34,1"}})
    client.force_login(reviewer)
    response = accept(client, waiting, version=seen, confirm="on")
    assert "Báo cáo đã được sửa sau khi bạn mở trang (nay là phiên bản 3)" in messages_of(response)[0]
    waiting.refresh_from_db()
    assert waiting.status == Report.Status.SUBMITTED


def test_the_confirmation_page_of_a_report_not_waiting_sends_back_with_a_reason(client, reviewer, health_report):
    client.force_login(reviewer)
    response = client.get(reverse("reporting:report-accept", args=[health_report.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("reporting:report", args=[health_report.pk])
    assert messages_of(response) == ["Báo cáo đang ở trạng thái “Đang soạn”: không có gì để chấp nhận."]


# Who may -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who, status", [
    ("officer", 403), ("head", 403), ("leader", 403), ("other_officer", 404), ("outsider", 404),
])
def test_only_the_planning_department_sees_the_confirmation_or_accepts(client, request, waiting, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("reporting:report-accept", args=[waiting.pk])).status_code == status
    assert accept(client, waiting, version=waiting.version, confirm="on").status_code == status
    waiting.refresh_from_db()
    assert waiting.status == Report.Status.SUBMITTED


def test_an_anonymous_visitor_is_sent_to_sign_in(client, waiting):
    response = client.get(reverse("reporting:report-accept", args=[waiting.pk]))
    assert response.status_code == 302 and reverse("login") in response["Location"]


# The summary and the acceptance agree -----------------------------------------------------------------


@pytest.fixture
def measured_plan(head, reviewer) -> FrameworkPlan:
    """Sở Y tế's framework plan (task II.20 of plan 183, four steps), approved: its progress is reported by step."""
    plan = FrameworkPlan.objects.get(task__lead_agencies__name="Sở Y tế")
    frameworks.plan_send(plan=plan, actor=head)
    frameworks.plan_approve(plan=plan, actor=reviewer)
    return plan


def test_what_the_summary_announces_is_what_acceptance_writes(client, officer, head, reviewer, measured_plan):
    round = round_open(period="2024-Q4", deadline=date(2025, 1, 15), actor=reviewer, at=hanoi(2025, 1, 2, 8))
    report = round.reports.get(agency__name="Sở Y tế")
    steps = list(measured_plan.steps.order_by("order"))
    stepped = report.task_lines.get(task=measured_plan.task, role=TaskLine.Role.LEAD)
    emptied, kept, added, changed = report.indicator_lines.order_by("order")[:4]
    report = submitted(report, officer, head, **{
        f"i{emptied.pk}": {"value": "33,5"}, f"i{kept.pk}": {"value": "12"}, f"i{added.pk}": {"value": ""},
        f"i{changed.pk}": {"value": "40"},
        f"t{stepped.pk}": {
            "status": Task.Status.ON_SCHEDULE, f"step-{steps[1].pk}": "100", f"step-{steps[2].pk}": "50",
        },
    })

    preview = acceptance_preview(report)
    changes = {row.line.pk: row.change for row in preview.values}
    assert [changes.get(line.pk) for line in (emptied, kept, added, changed)] == [CREATE, CREATE, None, CREATE]
    assert [(change.step.pk, change.before, change.after) for change in preview.steps] == [
        (steps[1].pk, 60, 100), (steps[2].pk, 0, 50),
    ]
    client.force_login(reviewer)
    html = client.get(reverse("reporting:report-accept", args=[report.pk])).content.decode()
    step_rows = html[html.index('id="accept-steps"'):html.index('id="accept-form"')]
    assert f'<tr data-step="{steps[1].pk}">' in step_rows and "<strong>50%</strong>" in step_rows
    assert_acceptance_writes_what_was_announced(report, preview, reviewer)
    assert [step.progress for step in measured_plan.steps.order_by("order")] == [100, 100, 50, 0]

    # Reopened and corrected: one value emptied, one kept, one added, one changed.
    report_transition(report=report, action="reopen", actor=reviewer, reason="Số liệu chưa chính xác")
    report.refresh_from_db()
    report = submitted(report, officer, head, **{
        f"i{emptied.pk}": {"value": ""}, f"i{added.pk}": {"value": "7"}, f"i{changed.pk}": {"value": "41"},
    })
    emptied_value = report.indicator_lines.get(pk=emptied.pk).recorded_value
    preview = acceptance_preview(report)
    changes = {row.line.pk: row.change for row in preview.values}
    assert [changes.get(line.pk) for line in (emptied, kept, added, changed)] == [DELETE, SAME, CREATE, UPDATE]
    assert not preview.steps and not preview.statuses  # of record since the first acceptance
    assert_acceptance_writes_what_was_announced(report, preview, reviewer)
    assert not IndicatorValue.objects.filter(pk=emptied_value.pk).exists()
    assert report.indicator_lines.get(pk=changed.pk).recorded_value.text == "41"


def assert_acceptance_writes_what_was_announced(report, preview, reviewer):
    before = {
        line.pk: (line.recorded_value.text, line.recorded_value.kind) if line.recorded_value else None
        for line in report.indicator_lines.select_related("recorded_value")
    }
    statuses_before = {line.task_id: line.task.status for line in report.task_lines.select_related("task")}
    report_transition(report=report, action="accept", actor=reviewer)
    after = {
        line.pk: (line.recorded_value.text, line.recorded_value.kind) if line.recorded_value else None
        for line in report.indicator_lines.select_related("recorded_value")
    }
    announced = {row.line.pk: row.change for row in preview.values}
    for pk in after:
        change = announced.get(pk)
        if change is None:
            assert before[pk] is None and after[pk] is None
        elif change == DELETE:
            assert before[pk] is not None and after[pk] is None
        elif change == CREATE:
            assert before[pk] is None and after[pk] is not None
        else:
            assert before[pk] is not None and (after[pk] == before[pk]) == (change == SAME)
    statuses_after = {line.task_id: line.task for line in report.task_lines.select_related("task")}
    changed = {task_id for task_id, task in statuses_after.items() if task.status != statuses_before[task_id]}
    assert changed == {change.task.pk for change in preview.statuses}
    for change in preview.statuses:
        assert statuses_after[change.task.pk].get_status_display() == change.after
