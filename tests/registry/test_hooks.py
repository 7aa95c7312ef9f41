"""The register's registration points (registry/hooks.py): framework plans and series add to what the register
reads and prints without the register importing them (issue 15), and the register stands without them."""

from datetime import date

import pytest

from planwatch.frameworks.selectors import late_steps_count, show_framework_plans
from planwatch.registry import hooks
from planwatch.registry.models import Task
from planwatch.registry.selectors import with_late_steps
from planwatch.series.selectors import attach_series_values, show_series

pytestmark = pytest.mark.django_db


def test_the_apps_above_fill_the_hooks_when_ready():
    assert list(hooks.late_steps) == [late_steps_count]
    assert list(hooks.value_sources) == [attach_series_values]
    assert list(hooks.show_sections) == [show_framework_plans, show_series]  # the order of INSTALLED_APPS


def test_a_second_registration_replaces_rather_than_doubles():
    hook = hooks.Hook("test")
    hook.register(late_steps_count)
    hook.register(late_steps_count)
    assert list(hook) == [late_steps_count] and hook


def test_without_framework_plans_every_task_counts_no_late_step(plan_2024, monkeypatch):
    monkeypatch.setattr(hooks, "late_steps", hooks.Hook("late_steps"))
    tasks = with_late_steps(Task.objects.filter(document=plan_2024), today=date(2030, 1, 1))
    assert tasks.exists() and set(tasks.values_list("late_steps", flat=True)) == {0}
