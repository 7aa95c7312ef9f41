"""Who may call the API at all: a valid, unrevoked, unexpired token of an active user. And the token page."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from planwatch.api.models import ApiToken
from planwatch.api.services import api_token_create, api_token_revoke, digest_of
from planwatch.audit.models import AuditEntry


def _refused(response):
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "khoá API" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_it_refuses_an_anonymous_caller(api_as):
    _refused(api_as(None).get("/tasks/"))


def test_it_refuses_a_made_up_token_and_a_session(client, officer):
    _refused(client.get("/api/v1/tasks/", headers={"Authorization": "Bearer pw_not-a-real-token"}))
    _refused(client.get("/api/v1/tasks/", headers={"Authorization": "Basic eXRlOnh4eA=="}))
    # A signed-in browser session is not an API credential (no CSRF exposure through cookies).
    client.force_login(officer)
    _refused(client.get("/api/v1/tasks/"))


def test_it_refuses_a_revoked_or_expired_token(client, officer):
    created = api_token_create(user=officer, name="cron", actor=officer)
    headers = {"Authorization": f"Bearer {created.secret}"}
    assert client.get("/api/v1/tasks/", headers=headers).status_code == 200
    api_token_revoke(token=created.token, actor=officer)
    _refused(client.get("/api/v1/tasks/", headers=headers))

    expiring = api_token_create(user=officer, name="short", actor=officer,
                                expires_at=timezone.now() + timedelta(hours=1))
    ApiToken.objects.filter(pk=expiring.token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    _refused(client.get("/api/v1/tasks/", headers={"Authorization": f"Bearer {expiring.secret}"}))


def test_it_refuses_the_token_of_a_deactivated_user(client, officer):
    created = api_token_create(user=officer, name="cron", actor=officer)
    officer.is_active = False
    officer.save(update_fields=["is_active"])
    _refused(client.get("/api/v1/tasks/", headers={"Authorization": f"Bearer {created.secret}"}))


def test_only_a_hash_of_the_token_is_stored_and_the_audit_holds_neither(officer):
    created = api_token_create(user=officer, name="máy tổng hợp", actor=officer)
    api_token_revoke(token=created.token, actor=officer)
    token = ApiToken.objects.get(pk=created.token.pk)
    assert token.digest == digest_of(created.secret) and created.secret not in token.digest
    entries = AuditEntry.objects.filter(object_id=str(token.pk), content_type__model="apitoken")
    assert entries.count() >= 2  # created, then revoked
    for entry in entries:
        text = " ".join(str(value) for value in entry.__dict__.values())
        assert created.secret not in text and token.digest not in text


def test_the_page_shows_a_new_token_once_and_revokes_it(client, officer):
    client.force_login(officer)
    page = client.get("/tai-khoan/api/")
    assert page.status_code == 200 and "Chưa có khoá nào" in page.content.decode()

    created = client.post("/tai-khoan/api/", {"name": "Báo cáo tự động", "expires": ""})
    assert created.status_code == 201
    assert created["Cache-Control"] == "no-store"
    html = created.content.decode()
    token = ApiToken.objects.get(user=officer)
    secret = html.split('<code id="new-token">')[1].split("</code>")[0]
    assert digest_of(secret) == token.digest
    assert client.get("/api/v1/tasks/", headers={"Authorization": f"Bearer {secret}"}).status_code == 200
    # Shown once: the list page afterwards holds the prefix only.
    again = client.get("/tai-khoan/api/").content.decode()
    assert secret not in again and token.prefix in again

    revoked = client.post(f"/tai-khoan/api/{token.pk}/thu-hoi/", follow=True)
    assert "Đã thu hồi khoá" in revoked.content.decode()
    assert ApiToken.objects.get(pk=token.pk).revoked
    assert client.get("/api/v1/tasks/", headers={"Authorization": f"Bearer {secret}"}).status_code == 401
    assert AuditEntry.objects.filter(object_id=str(token.pk), content_type__model="apitoken").exists()


def test_a_user_cannot_revoke_another_users_token(client, officer, other_officer):
    created = api_token_create(user=other_officer, name="x", actor=other_officer)
    client.force_login(officer)
    assert client.post(f"/tai-khoan/api/{created.token.pk}/thu-hoi/").status_code == 404
    assert not ApiToken.objects.get(pk=created.token.pk).revoked


def test_the_page_needs_a_signed_in_user(client):
    response = client.get("/tai-khoan/api/")
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


def test_the_command_prints_a_working_token_once(client, officer):
    out, err = StringIO(), StringIO()
    call_command("api_token", officer.username, "--name", "cron", stdout=out, stderr=err)
    secret = out.getvalue().strip()
    assert secret.startswith("pw_") and "\n" not in secret
    token = ApiToken.objects.get(user=officer, name="cron")
    assert token.digest == digest_of(secret)
    assert client.get("/api/v1/documents/", headers={"Authorization": f"Bearer {secret}"}).status_code == 200


def test_the_command_says_when_the_user_does_not_exist(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Không có tài khoản"):
        call_command("api_token", "khong-co-ai", stdout=StringIO(), stderr=StringIO())
