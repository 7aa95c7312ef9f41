"""The Government Office's four-way task status (done on time, done late, in time, overdue) as a filter on the plan
page, with how many times each task has been chased."""

from datetime import date

import pytest
from django.urls import reverse

from planwatch.registry.models import Task, TaskDueDate
from planwatch.registry.selectors import DONE_LATE, DONE_ON_TIME, IN_TIME, OVERDUE, tracking_of
from planwatch.reporting.models import Chase

pytestmark = pytest.mark.django_db


@pytest.fixture
def four_tasks(plan_2024):
    """Four tasks of the 2024 plan, one in each state, with every other task moved out of the way."""
    tasks = list(plan_2024.tasks.order_by("order")[:4])
    plan_2024.tasks.exclude(pk__in=[t.pk for t in tasks]).update(status=Task.Status.DONE)
    TaskDueDate.objects.filter(task__in=tasks).delete()
    states = [(Task.Status.DONE, date(2024, 6, 30)), (Task.Status.DONE_LATE, date(2024, 6, 30)),
              (Task.Status.ON_SCHEDULE, date(2030, 12, 31)), (Task.Status.BEHIND, date(2024, 6, 30))]
    for task, (status, due) in zip(tasks, states):
        task.status = status
        task.save()
        TaskDueDate.objects.create(task=task, due=due)
    return tasks


def test_each_task_falls_in_one_of_the_four_ways(four_tasks):
    today = date(2025, 1, 1)
    assert [tracking_of(task, today=today) for task in four_tasks] == [DONE_ON_TIME, DONE_LATE, IN_TIME, OVERDUE]


@pytest.mark.parametrize("tracking, index", [("done_on_time", 0), ("done_late", 1), ("in_time", 2), ("overdue", 3)])
def test_the_plan_page_filters_by_the_four_way_status(client, reviewer, plan_2024, four_tasks, tracking, index):
    client.force_login(reviewer)
    page = client.get(reverse("document", args=[plan_2024.slug]) + f"?tracking={tracking}").content.decode()
    keys = [task.key for task in four_tasks]
    shown = [key for key in keys if f'<tr data-key="{key}">' in page]
    assert shown == [keys[index]]


def test_a_chased_task_says_how_many_times(client, reviewer, plan_2024, four_tasks):
    overdue = four_tasks[3]
    for stage in ("after-1", "after-2", "escalation"):
        Chase.objects.create(task=overdue, subject="task", due=date(2024, 6, 30), kind="after", stage=stage)
    client.force_login(reviewer)
    page = client.get(reverse("document", args=[plan_2024.slug]) + "?tracking=overdue").content.decode()
    assert "đã nhắc 3 lần" in page
    task_page = client.get(reverse("task", args=[overdue.pk])).content.decode()
    assert "Đã nhắc 3 lần" in task_page and "Quá hạn chưa hoàn thành" in task_page
