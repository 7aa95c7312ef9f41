"""Every way a password is set leaves a trail entry that says so, and never the password or its hash."""

import pytest
from django.urls import reverse

from planwatch.accounts.models import Membership
from planwatch.accounts.services import account_save
from planwatch.audit.selectors import audit_entries_for

pytestmark = pytest.mark.django_db


def _password_entries(user):
    return list(audit_entries_for(user).filter(field="password").values_list("new_value", flat=True))


def test_a_password_set_by_the_account_service_is_recorded_once_and_not_again_when_unchanged(reviewer):
    user = account_save(username="kiemtra", password="mot-mat-khau-dai-2024", role=Membership.Role.PLANNING,
                        actor=reviewer)
    assert _password_entries(user) == ["đã đặt mật khẩu mới"]
    account_save(username="kiemtra", password="mot-mat-khau-dai-2024", role=Membership.Role.PLANNING, actor=reviewer)
    assert len(_password_entries(user)) == 1
    account_save(username="kiemtra", password="mat-khau-khac-hoan-toan", role=Membership.Role.PLANNING,
                 actor=reviewer)
    assert len(_password_entries(user)) == 2
    user.refresh_from_db()
    assert user.check_password("mat-khau-khac-hoan-toan")
    assert not any(user.password in entry.new_value or "mat-khau" in entry.new_value
                   for entry in audit_entries_for(user))


def test_the_admins_own_password_page_leads_to_the_audited_one(client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="admin"))
    response = client.get("/admin/password_change/")
    assert response.status_code == 302 and response["Location"] == reverse("password-change")
