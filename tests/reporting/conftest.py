"""Reporting tests: rounds opened on the Hanoi data, the cast of tests/conftest.py plus the heads the demo adds.

Jobs run in-process (huey immediate), whatever the environment says; email goes to Django's test outbox.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth import get_user_model

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def hanoi(*args) -> datetime:
    return datetime(*args, tzinfo=HANOI)


@pytest.fixture(autouse=True)
def _jobs_in_process(settings, tmp_path):
    from huey.contrib.djhuey import HUEY

    was = HUEY.immediate
    HUEY.immediate = True
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PLANWATCH_REMINDER_DAYS_BEFORE = [7, 2]
    settings.PLANWATCH_REMINDER_EVERY_DAYS = 3
    settings.PLANWATCH_ESCALATE_AFTER_REMINDERS = 2
    yield
    HUEY.immediate = was


@pytest.fixture
def other_head(db):
    """The head of Sở Công Thương (a demo account the reporting demo adds)."""
    return get_user_model().objects.get(username="congthuong.truong")


@pytest.fixture
def admin_user_(db):
    return get_user_model().objects.get(username="admin")


@pytest.fixture
def health(db):
    from planwatch.registry.models import Agency

    return Agency.objects.get(name="Sở Y tế")


@pytest.fixture
def trade(db):
    from planwatch.registry.models import Agency

    return Agency.objects.get(name="Sở Công Thương")


@pytest.fixture
def q2_round(reviewer):
    """A round for the second quarter of 2024, due 15/7/2024, opened on 1/7/2024 by the planning department."""
    from planwatch.reporting.services import round_open

    return round_open(period="2024-Q2", deadline=date(2024, 7, 15), actor=reviewer, at=hanoi(2024, 7, 1, 8, 0))


@pytest.fixture
def health_report(q2_round, health):
    return q2_round.reports.get(agency=health)


@pytest.fixture
def trade_report(q2_round, trade):
    return q2_round.reports.get(agency=trade)
