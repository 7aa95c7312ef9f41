"""Entries about reporting work (reports being written, their lines) apart from those about the register: a page
kept until the register changes reads the latest of the second kind alone (accounts/keeping.py)."""

from datetime import date

import pytest
from django.utils import timezone

from planwatch.audit.models import REPORTING_WORK_APPS, AuditEntry
from planwatch.audit.selectors import audit_entries_for
from planwatch.audit.services import record_change, snapshot
from planwatch.reporting.models import IndicatorLine
from planwatch.reporting.services import round_open

pytestmark = pytest.mark.django_db


def _a_line_and_a_task_changed(reviewer, plan, *, note: str, title: str):
    """A report line's note and a task's title changed, each audited: the round opened for it first."""
    opened = round_open(period="2024-Q2", deadline=date(2024, 7, 15), actor=reviewer)
    line = IndicatorLine.objects.filter(report__round=opened).order_by("pk").first()
    before = snapshot(line)
    line.note = note
    record_change(line, before=before, after=snapshot(line), actor=reviewer)
    task = plan.tasks.first()
    before = snapshot(task)
    task.title = title
    record_change(task, before=before, after=snapshot(task), actor=reviewer)
    return line, task


def test_an_entry_about_reporting_work_is_marked_apart_from_the_register(reviewer, plan_2024):
    line, task = _a_line_and_a_task_changed(reviewer, plan_2024, note="Số liệu ước tính", title="Tên mới")
    line_entries = audit_entries_for(line).filter(field="note", new_value="Số liệu ước tính")
    task_entries = audit_entries_for(task).filter(field="title", new_value="Tên mới")
    assert list(line_entries.values_list("about_register", flat=True)) == [False]
    assert list(task_entries.values_list("about_register", flat=True)) == [True]
    latest = AuditEntry.objects.filter(about_register=True).order_by("-pk").first()
    assert latest.object_id == str(task.pk)


def test_the_migrations_data_step_marks_the_entries_written_before_the_field_existed(reviewer, plan_2024):
    """`audit/0002_about_register` ran its data step on the bench's 1.85 M entries; here on entries written as the
    previous release wrote them (every one about the register), with the step's own function and the live models."""
    from importlib import import_module
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    migration = import_module("planwatch.audit.migrations.0002_about_register")
    assert set(migration.REPORTING_WORK_APPS) == set(REPORTING_WORK_APPS)
    line, task = _a_line_and_a_task_changed(reviewer, plan_2024, note="Trước khi có trường",
                                            title="Tên trước khi có trường")
    AuditEntry.objects.update(about_register=True)  # as the field's default left every entry written before

    migration.mark_reporting_work(apps, SimpleNamespace(connection=connection))

    assert set(audit_entries_for(line).values_list("about_register", flat=True)) == {False}
    assert set(audit_entries_for(task).values_list("about_register", flat=True)) == {True}
    reporting_kinds = AuditEntry.objects.filter(content_type__app_label="reporting")
    assert reporting_kinds.exists() and not reporting_kinds.filter(about_register=True).exists()
    assert not AuditEntry.objects.exclude(content_type__app_label="reporting").filter(about_register=False).exists()


def test_a_batch_written_for_the_requests_lazy_user_names_that_user(reviewer, plan_2024):
    """The views pass request.user, a lazy object: the entries carry the account itself, by id, and its name."""
    from django.utils.functional import SimpleLazyObject

    from planwatch.audit.services import record_changes

    lazy = SimpleLazyObject(lambda: reviewer)
    tasks = list(plan_2024.tasks.order_by("pk")[:2])
    changes = []
    for number, task in enumerate(tasks):
        before = snapshot(task)
        task.title = f"Tên mới {number}"
        changes.append((task, before, snapshot(task)))
    started = timezone.now()
    assert record_changes(changes, actor=lazy, reason="Thử") == 2
    written = AuditEntry.objects.filter(reason="Thử").order_by("pk")
    # On PostgreSQL the batch is copied in (audit/services.py _copy_rows): the moment is set there, not by the field.
    assert all(started <= entry.at <= timezone.now() for entry in written)
    assert [(e.object_id, e.field, e.new_value) for e in written] == [
        (str(tasks[0].pk), "title", "Tên mới 0"), (str(tasks[1].pk), "title", "Tên mới 1")]
    assert {(e.actor_id, e.actor_label) for e in written} == {(reviewer.pk, reviewer.username)}
    assert written[0].actor == reviewer
