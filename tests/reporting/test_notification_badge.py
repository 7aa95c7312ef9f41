"""The count of unread notifications beside "Thông báo" in the site's navigation: the shared base template asks it
through web's own tag (web/templatetags/nav.py), which reporting answers (ReportingConfig.nav_badges)."""

import re

import pytest
from django.urls import reverse

from planwatch.reporting.services import notifications_mark_read, notify

pytestmark = pytest.mark.django_db


def nav_link(client) -> str:
    html = client.get(reverse("reporting:rounds")).content.decode()
    return re.search(r'<a [^>]*id="nav-notifications">.*?</a>', html).group(0)


def test_the_navigation_counts_the_unread_notifications_until_they_are_read(client, other_officer, officer):
    notifications_mark_read(user=other_officer)  # the seeded ones
    notify(users=[other_officer], kind="reminder", subject="Nhắc nộp báo cáo", body="Hạn 15/7/2024")
    notify(users=[other_officer], kind="reminder", subject="Nhắc lần hai", body="Hạn 15/7/2024")
    notify(users=[officer], kind="reminder", subject="Của đơn vị khác", body="")
    client.force_login(other_officer)
    assert '<span class="badge">2</span>' in nav_link(client)
    notifications_mark_read(user=other_officer)
    assert "badge" not in nav_link(client)
