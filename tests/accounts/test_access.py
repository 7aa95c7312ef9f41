"""Who sees what in the register. A forbidden object answers 404 like a missing one."""

import pytest
from django.urls import reverse

from planwatch.accounts.access import (
    document_get_for_user,
    indicator_get_for_user,
    task_get_for_user,
    visible_indicators,
    visible_tasks,
)
from planwatch.registry.models import Agency, Task

pytestmark = pytest.mark.django_db


def test_the_planning_department_sees_every_task(reviewer):
    assert visible_tasks(reviewer).count() == Task.objects.count()


def test_an_officer_sees_what_the_agency_leads_or_coordinates(officer, plan_2024):
    health = Agency.objects.get(name="Sở Y tế")
    tasks = visible_tasks(officer)
    assert tasks.exists()
    for task in tasks:
        direct = health in task.lead_agencies.all() or health in task.coordinating_agencies.all()
        by_group = any(g.contains(health) and not g.is_open for g in [*task.lead_groups.all(), *task.coordinating_groups.all()])
        assert direct or by_group, task
    for indicator in visible_indicators(officer):
        assert health in indicator.lead_agencies.all() or indicator.lead_groups.exists()


def test_an_officer_cannot_open_a_task_outside_the_agency(client, officer, plan_2024):
    """I.25 is led by Sở Khoa học và Công nghệ and coordinated by the groups; I.1 only by Sở Công Thương's partners."""
    outside = plan_2024.tasks.get(key="II.2")  # led by the State Bank branch, no coordinating agencies
    client.force_login(officer)
    assert client.get(reverse("task", args=[outside.pk])).status_code == 404
    with pytest.raises(Exception):
        task_get_for_user(officer, outside.pk)


def test_an_officer_cannot_open_another_agencys_indicator(client, officer, plan_2024):
    trade = plan_2024.indicators.get(key="1.3.1")  # + Công nghiệp, led by Sở Công Thương
    client.force_login(officer)
    assert client.get(reverse("indicator", args=[trade.pk])).status_code == 404
    health = plan_2024.indicators.filter(lead_agencies__name="Sở Y tế").first()
    assert client.get(reverse("indicator", args=[health.pk])).status_code == 200


def test_a_leader_sees_the_portfolio(leader, plan_2024):
    seat = leader.membership.position
    tasks = visible_tasks(leader)
    assert tasks.exists()
    assert all(task.leader == seat or (task.leader_group and seat in task.leader_group.positions.all()) for task in tasks)
    grdp = plan_2024.indicators.get(key="1")
    assert indicator_get_for_user(leader, grdp.pk) == grdp


def test_an_outsider_sees_nothing(client, outsider, plan_2024):
    client.force_login(outsider)
    assert client.get(reverse("document", args=[plan_2024.slug])).status_code == 404
    assert visible_tasks(outsider).count() == 0
    html = client.get(reverse("search"), {"q": "GRDP"}).content.decode()
    assert "Tăng trưởng GRDP" not in html


def test_a_document_is_found_by_slug_number_or_id(reviewer, plan_183):
    assert document_get_for_user(reviewer, "183-kh-ubnd") == plan_183
    assert document_get_for_user(reviewer, "183/KH-UBND") == plan_183
    assert document_get_for_user(reviewer, plan_183.pk) == plan_183


def test_search_shows_an_officer_only_their_scope(client, officer):
    client.force_login(officer)
    html = client.get(reverse("search"), {"q": "san giao dich"}).content.decode()
    # I.25 is coordinated by the group of departments, which includes Sở Y tế.
    assert "Sàn giao dịch công nghệ" in html
    html = client.get(reverse("search"), {"q": "lai suat tin dung"}).content.decode()
    assert "chính sách ưu đãi về lãi suất" not in html
