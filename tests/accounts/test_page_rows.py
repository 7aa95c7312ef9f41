"""The plan page's rows (accounts/selectors.py indicator_rows, task_rows): the relations a row shows read as plain
rows, the same as the models' relations hold, in the same order, whatever the user's scope."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planwatch.accounts.selectors import indicator_rows, task_list, task_rows
from planwatch.registry.models import AgencyGroup, Task
from planwatch.registry.selectors import TaskFilter, tracking_of

pytestmark = pytest.mark.django_db


def _quantity(target):
    return (target.horizon, target.text, target.op, target.low, target.high, target.relative_direction,
            target.relative_base)


@pytest.mark.parametrize("who", ["reviewer", "officer", "leader"])
def test_an_indicator_row_holds_its_targets_and_lead_agencies_as_the_relations_do(request, who, plan_2024):
    user = request.getfixturevalue(who)
    rows = indicator_rows(user=user, document=plan_2024)
    assert rows
    with_targets = 0
    for indicator in rows:
        assert [_quantity(t) for t in indicator.target_list] == [_quantity(t) for t in indicator.targets.all()]
        assert [(a.pk, a.name, a.short_name) for a in indicator.lead_agency_list] == [
            (a.pk, a.name, a.short_name) for a in indicator.lead_agencies.all()]
        with_targets += bool(indicator.target_list)
    assert with_targets


def test_a_task_row_holds_its_leads_and_due_dates_as_the_relations_do(reviewer, plan_2024):
    task = Task.objects.filter(document=plan_2024, lead_agencies__isnull=False).first()
    group = AgencyGroup.objects.first()
    task.lead_groups.add(group)  # a task led by agencies and a group of agencies both
    rows = task_rows(user=reviewer, document=plan_2024)
    listed = list(task_list(user=reviewer, document=plan_2024))
    assert [t.pk for t in rows] == [t.pk for t in listed]
    for row, model in zip(rows, listed):
        assert [(a.pk, a.name) for a in row.lead_agency_list] == [(a.pk, a.name) for a in model.lead_agencies.all()]
        assert [(g.pk, g.name) for g in row.lead_group_list] == [(g.pk, g.name) for g in model.lead_groups.all()]
        assert [d.due for d in row.due_date_list] == [d.due for d in model.due_dates.all()]
        assert row.late_steps == model.late_steps
        for today in (date(2024, 1, 1), date(2025, 7, 1), date(2027, 1, 1)):
            assert tracking_of(row, today=today) == tracking_of(model, today=today)
    assert group.name in [g.name for g in next(r for r in rows if r.pk == task.pk).lead_group_list]


def test_the_task_rows_follow_the_filter_and_read_a_fixed_number_of_queries(reviewer, plan_2024):
    Task.objects.filter(document=plan_2024, key__in=["I.25", "I.29"]).update(status=Task.Status.DONE)
    task_rows(user=reviewer, document=plan_2024)  # the user's scope, read once per request
    with CaptureQueriesContext(connection) as every:
        rows = task_rows(user=reviewer, document=plan_2024)
    done = task_rows(user=reviewer, document=plan_2024, filters=TaskFilter(status=Task.Status.DONE))
    assert [t.key for t in done] == [t.key for t in rows if t.key in ("I.25", "I.29")]
    assert len(every.captured_queries) == 4  # the tasks, their agencies, their groups, their due dates
