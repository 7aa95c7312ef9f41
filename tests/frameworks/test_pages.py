"""The framework-plan pages through the Django test client: drafting by form, the Gantt, exports, approval, drag."""

import io
import re
from datetime import date

import pytest
from django.urls import reverse
from docx import Document as WordDocument
from openpyxl import load_workbook

from planwatch.frameworks import services
from planwatch.frameworks.models import FrameworkPlan, Step
from planwatch.registry.models import Task

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def before_the_steps(time_machine):
    """The pages are read on 01/02/2025, before any step starts: nothing is late yet."""
    time_machine.move_to("2025-02-01T09:00:00+07:00", tick=False)


@pytest.fixture
def task(officer, leader):
    task = Task.objects.filter(lead_agencies=officer.membership.agency, framework_plan__isnull=True).order_by("pk").first()
    task.leader, task.leader_group = leader.membership.position, None
    task.save()
    return task


def url(name, task, *args):
    return reverse(f"frameworks:{name}", args=[task.pk, *args])


def _draft_by_form(client, task):
    assert client.post(url("start", task)).status_code == 302
    plan = FrameworkPlan.objects.get(task=task)
    response = client.post(url("step-add", task), {
        "version": plan.version, "title": "Khảo sát hiện trạng", "start": "03/03/2025", "end": "14/03/2025",
        "budget": "120.000.000", "people": "4",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    plan.refresh_from_db()
    assert client.post(url("step-add", task), {"version": plan.version, "title": "Trình UBND", "duration": "5"}).status_code == 302
    plan.refresh_from_db()
    first, second = Step.objects.filter(plan=plan).order_by("order")
    assert client.post(url("link-add", task), {
        "version": plan.version, "before": first.pk, "after": second.pk, "kind": "FS", "lag": "2",
    }).status_code == 302
    plan.refresh_from_db()
    return plan, first, second


def test_an_officer_drafts_a_plan_by_form_and_sees_it_on_a_gantt_chart(client, officer, task):
    client.force_login(officer)
    plan, first, second = _draft_by_form(client, task)
    assert first.budget == 120_000_000
    page = client.get(url("plan", task)).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="gantt"' in page
    assert page.count('class="gantt-bar critical draggable"') == 2
    assert 'marker-end="url(#gantt-arrow)"' in page
    assert re.search(r'id="forecast-end">21/03/2025', page)  # 14/03, two days' lag, five days: 17–21/03
    assert "120.000.000" in page
    quarter = client.get(url("plan", task) + "?zoom=quarter").content.decode()
    assert 'data-day-width="1.4"' in quarter


def test_a_form_error_is_said_in_vietnamese_and_nothing_is_saved(client, officer, task):
    client.force_login(officer)
    client.post(url("start", task))
    plan = FrameworkPlan.objects.get(task=task)
    response = client.post(url("step-add", task), {"version": plan.version, "title": "Thiếu ngày", "start": "31/02/2025"})
    assert response.status_code == 200
    assert "Chưa lưu bước" in response.content.decode()
    assert not plan.steps.exists()


def test_the_exports_open_back_with_the_steps(client, officer, task):
    client.force_login(officer)
    _draft_by_form(client, task)
    xlsx = client.get(url("export", task, "xlsx"))
    assert xlsx["Content-Disposition"].startswith("attachment")
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert [sheet.cell(row, 2).value for row in (7, 8)] == ["Khảo sát hiện trạng", "Trình UBND"]
    assert sheet.cell(8, 12).value == "1FS+2"
    docx = client.get(url("export", task, "docx"))
    word = WordDocument(io.BytesIO(b"".join(docx.streaming_content)))
    steps, chart = word.tables
    assert [cell.text for cell in steps.rows[2].cells][:4] == ["2", "Trình UBND", "17/03/2025", "21/03/2025"]
    assert len(chart.rows) == 3 and chart.rows[0].cells[1].text == "03/03"
    assert 'w:fill="C0392B"' in chart.rows[1].cells[1]._tc.xml


def test_the_approval_path_through_the_pages_asks_for_confirmation(client, officer, head, leader, task):
    client.force_login(officer)
    plan, first, _ = _draft_by_form(client, task)
    client.post(url("transition", task, "gui"))
    client.force_login(head)
    client.post(url("transition", task, "gui"))
    plan.refresh_from_db()
    assert plan.status == "submitted"
    client.force_login(leader)
    page = client.get(url("plan", task)).content.decode()
    assert 'id="framework-approve"' in page and "Tôi xác nhận phê duyệt" in page
    client.post(url("transition", task, "phe-duyet"))
    plan.refresh_from_db()
    assert plan.status == "submitted"  # not confirmed
    client.post(url("transition", task, "phe-duyet"), {"confirm": "1"})
    plan.refresh_from_db()
    assert (plan.status, plan.baseline_number) == ("approved", 1)
    # Revised and slipped: the page shows days late against the approved baseline.
    services.plan_revise(plan=plan, actor=officer)
    plan.refresh_from_db()
    services.step_reschedule(step=first, actor=officer, version=plan.version, start=date(2025, 3, 3),
                             end=date(2025, 3, 18))
    client.force_login(officer)
    page = client.get(url("plan", task)).content.decode()
    assert page.count('<strong class="late">+4</strong>') == 2
    assert 'class="gantt-baseline"' in page


def test_dragging_a_bar_moves_the_step_and_a_stale_page_is_refused(client, officer, task):
    client.force_login(officer)
    plan, first, second = _draft_by_form(client, task)
    moved = client.post(url("step-reschedule", task, first.pk),
                        {"version": plan.version, "start": "2025-03-10", "end": "2025-03-21"})
    assert moved.json() == {"ok": True}
    second_page = client.get(url("plan", task)).content.decode()
    assert 'id="forecast-end">28/03/2025' in second_page
    stale = client.post(url("step-reschedule", task, first.pk),
                        {"version": plan.version, "start": "2025-03-11", "end": "2025-03-22"})
    assert stale.status_code == 409 and "phiên bản" in stale.json()["error"]
    bad = client.post(url("step-reschedule", task, first.pk), {"version": plan.version + 1, "start": "²", "end": "x"})
    assert bad.status_code == 400


def test_who_sees_what(client, task, officer, reviewer, outsider, other_officer):
    client.force_login(officer)
    _draft_by_form(client, task)
    client.force_login(reviewer)
    page = client.get(url("plan", task)).content.decode()
    assert "gantt-bar critical\"" in page or "gantt-bar critical " in page
    assert 'id="step-add"' not in page and "draggable" not in page
    assert client.post(url("step-add", task), {"version": 1, "title": "x", "duration": "1"}).status_code == 403
    client.force_login(outsider)
    assert client.get(url("plan", task)).status_code == 404
    assert client.get(url("export", task, "xlsx")).status_code == 404


def test_the_plan_wide_gantt_groups_tasks_by_agency_or_leader_in_few_queries(
    client, officer, reviewer, task, plan_183, django_assert_max_num_queries,
):
    client.force_login(officer)
    _draft_by_form(client, task)
    client.force_login(reviewer)
    gantt = reverse("frameworks:document-gantt", args=[task.document.slug])
    with django_assert_max_num_queries(20):
        page = client.get(gantt).content.decode()
    assert 'class="gantt-heading"' in page and "Sở Y tế" in page
    assert f'href="{reverse("frameworks:plan", args=[task.pk])}"' in page
    by_leader = client.get(gantt + "?theo=lanh-dao").content.decode()
    assert str(task.leader) in by_leader


def test_a_step_past_the_task_deadline_is_kept_with_a_warning(client, officer, task):
    from planwatch.registry.models import TaskDueDate

    task.due_dates.all().delete()
    TaskDueDate.objects.create(task=task, due=date(2025, 3, 20))
    client.force_login(officer)
    _draft_by_form(client, task)
    page = client.get(url("plan", task)).content.decode()
    assert "Bước 2 kết thúc 21/03/2025, sau hạn hoàn thành nhiệm vụ (20/03/2025)." in page
    assert "Bước 1 kết thúc" not in page
    assert "chậm 1 ngày" in page
