"""The trail as a person reads it: the model's labels for fields and coded values, in the reader's language."""

import pytest
from django.urls import reverse

from planwatch.audit.services import record_change, snapshot
from planwatch.registry.models import Task

pytestmark = pytest.mark.django_db


def test_a_task_history_names_the_field_and_its_values_as_the_page_does(client, reviewer, plan_2024):
    task = plan_2024.tasks.order_by("order").first()
    before = snapshot(task)
    task.status = Task.Status.ON_SCHEDULE
    task.save()
    record_change(task, before=before, after=snapshot(task), actor=reviewer)
    client.force_login(reviewer)
    page = client.get(reverse("task-history", args=[task.pk])).content.decode()
    row = page[page.index("<td>Tình trạng</td>"):][:200]
    assert "<td>Chưa triển khai</td><td>Đúng tiến độ</td>" in row
    assert "not_started" not in page and "on_schedule" not in page

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(reverse("task-history", args=[task.pk])).content.decode()
    assert "<td>Not started</td><td>On schedule</td>" in english


def test_a_field_the_model_no_longer_has_is_shown_as_stored(reviewer, plan_2024):
    from planwatch.audit import display
    from planwatch.audit.models import AuditEntry

    task = plan_2024.tasks.first()
    [entry] = record_change(task, before={"retired_field": "a"}, after={"retired_field": "b"}, actor=reviewer)
    assert (display.field_label(entry), display.value_label(entry, entry.new_value)) == ("retired_field", "b")
    assert isinstance(entry, AuditEntry)


def test_dates_in_the_trail_read_dd_mm_yyyy(reviewer, plan_183):
    from datetime import date

    from planwatch.audit import display

    task = plan_183.tasks.exclude(framework_due=None).first()
    before = snapshot(task)
    task.framework_due = date(2021, 12, 31)
    task.save()
    entries = record_change(task, before=before, after=snapshot(task), actor=reviewer)
    [entry] = [e for e in entries if e.field == "framework_due"]
    assert display.value_label(entry, entry.new_value) == "31/12/2021"
    assert display.value_label(entry, "not a date") == "not a date"
