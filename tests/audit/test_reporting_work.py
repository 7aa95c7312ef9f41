"""Entries about reporting work (reports being written, their lines) apart from those about the register: a page
kept until the register changes reads the latest of the second kind alone (accounts/keeping.py)."""

from datetime import date

import pytest

from planwatch.audit.models import AuditEntry
from planwatch.audit.selectors import audit_entries_for
from planwatch.audit.services import record_change, snapshot
from planwatch.reporting.models import IndicatorLine
from planwatch.reporting.services import round_open

pytestmark = pytest.mark.django_db


def test_an_entry_about_reporting_work_is_marked_apart_from_the_register(reviewer, plan_2024):
    opened = round_open(period="2024-Q2", deadline=date(2024, 7, 15), actor=reviewer)
    line = IndicatorLine.objects.filter(report__round=opened).order_by("pk").first()
    before = snapshot(line)
    line.note = "Số liệu ước tính"
    record_change(line, before=before, after=snapshot(line), actor=reviewer)
    task = plan_2024.tasks.first()
    before = snapshot(task)
    task.title = "Tên mới"
    record_change(task, before=before, after=snapshot(task), actor=reviewer)
    line_entries = audit_entries_for(line).filter(field="note", new_value="Số liệu ước tính")
    task_entries = audit_entries_for(task).filter(field="title", new_value="Tên mới")
    assert list(line_entries.values_list("about_register", flat=True)) == [False]
    assert list(task_entries.values_list("about_register", flat=True)) == [True]
    latest = AuditEntry.objects.filter(about_register=True).order_by("-pk").first()
    assert latest.object_id == str(task.pk)
