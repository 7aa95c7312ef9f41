"""Tasks and framework plans are chased like reports: before and after their date, then the leader, once each;
and a framework plan's moves tell whoever acts next. Reminders 7 and 2 days before, every 3 days after,
escalation after 2 (tests/reporting/conftest.py)."""

from datetime import date

import pytest
import time_machine

from planwatch.frameworks import services as frameworks
from planwatch.frameworks.models import FrameworkPlan
from planwatch.registry.models import Task, TaskDueDate
from planwatch.reporting.chase import chase_counts, chase_send
from planwatch.reporting.models import Chase, Notification

from .conftest import hanoi

pytestmark = pytest.mark.django_db


@pytest.fixture
def health_task(officer, leader, plan_2024):
    """A task of the tracked 2024 plan, given to Sở Y tế alone, due 31/12/2024, under the economy seat."""
    task = plan_2024.tasks.exclude(status__in=["done", "done_late"]).order_by("order").first()
    task.lead_agencies.set([officer.membership.agency])
    task.lead_groups.clear()
    task.leader, task.leader_group = leader.membership.position, None
    task.save()
    task.due_dates.all().delete()
    TaskDueDate.objects.create(task=task, due=date(2024, 12, 31))
    # Only this task is chased in these tests: the other due dates of the demo are taken away.
    TaskDueDate.objects.exclude(task=task).delete()
    FrameworkPlan.objects.all().delete()
    return task


def chase_at(*args):
    with time_machine.travel(hanoi(*args), tick=False):
        return chase_send()


def stages(task, subject="task"):
    return list(Chase.objects.filter(task=task, subject=subject).order_by("sent_at", "id").values_list("stage", flat=True))


def test_a_task_is_reminded_before_and_after_its_date_then_its_leader_is_told_once(health_task, officer, head, leader):
    chase_at(2024, 12, 20, 9)  # eleven days before: too early
    assert stages(health_task) == []
    chase_at(2024, 12, 24, 9)
    chase_at(2024, 12, 24, 15)  # the hourly job again, same day
    assert stages(health_task) == ["before-7"]
    chase_at(2024, 12, 29, 9)
    chase_at(2025, 1, 1, 9)
    chase_at(2025, 1, 2, 9)  # too soon after the last one
    chase_at(2025, 1, 4, 9)
    assert stages(health_task) == ["before-7", "before-2", "after-1", "after-2", "escalation"]
    notes = Notification.objects.filter(user=officer, kind="chase").order_by("created_at")
    assert [n.subject[:9] for n in notes] == ["Nhắc hạn:", "Nhắc hạn:", "Quá hạn: ", "Quá hạn: "]
    assert notes[0].subject == f"Nhắc hạn: nhiệm vụ {health_task.key}. {health_task.title[:200]}, hạn 31/12/2024"
    assert notes[0].url == f"/nhiem-vu/{health_task.pk}/"
    assert Notification.objects.filter(user=head, kind="chase").count() == 4
    [escalation] = Notification.objects.filter(user=leader, kind="chase")
    assert escalation.subject.startswith("Chậm: nhiệm vụ") and "đã được nhắc 2 lần" in escalation.body
    assert chase_counts([health_task]) == {health_task.pk: 5}


def test_a_done_task_and_an_old_date_are_not_chased(health_task, settings):
    health_task.status = Task.Status.DONE
    health_task.save()
    chase_at(2024, 12, 24, 9)
    assert stages(health_task) == []
    health_task.status = Task.Status.BEHIND
    health_task.save()
    settings.PLANWATCH_CHASE_WINDOW_DAYS = 30
    chase_at(2025, 3, 1, 9)  # 60 days late: overdue on the pages, no longer reminded
    assert stages(health_task) == []


def test_a_framework_plan_not_sent_by_its_date_is_chased_and_its_moves_tell_who_acts_next(
    health_task, officer, head, leader, reviewer,
):
    plan = frameworks.framework_plan_start(task=health_task, actor=officer, due=date(2024, 9, 30))
    chase_at(2024, 10, 1, 9)
    assert stages(health_task, "framework_plan") == ["after-1"]
    note = Notification.objects.get(user=officer, kind="chase")
    assert note.subject.startswith("Quá hạn: kế hoạch khung của nhiệm vụ") and note.url.endswith("/ke-hoach-khung/")

    frameworks.step_save(plan=plan, actor=officer, version=plan.version, title="Dự thảo", start=date(2024, 10, 1),
                         duration=10)
    frameworks.plan_send(plan=plan, actor=officer)
    assert Notification.objects.filter(user=head, kind="framework", subject__startswith="Kế hoạch khung chờ duyệt",
                                       url__contains=f"/nhiem-vu/{health_task.pk}/").exists()
    frameworks.plan_send(plan=plan, actor=head)
    about = Notification.objects.filter(kind="framework", url=f"/nhiem-vu/{health_task.pk}/ke-hoach-khung/")
    assert about.filter(user=leader).count() == 1 and about.filter(user=reviewer).count() == 1
    chase_at(2024, 10, 10, 9)  # sent on: no more chasing
    assert stages(health_task, "framework_plan") == ["after-1"]
    frameworks.plan_return(plan=plan, actor=leader, reason="Bổ sung kinh phí")
    returned = about.get(user=officer)
    assert "Lý do: Bổ sung kinh phí" in returned.body
    assert not about.filter(user=leader, subject__contains="bị trả lại").exists()
