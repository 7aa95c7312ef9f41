"""Signing in under attack and sessions left behind: lockout, sign-in records, password rules, password change,
idle timeout and absolute lifetime (issue 13, ASVS V2, V3, V7)."""

from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from planwatch.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

OFFICER_PASSWORD = "yte-demo-2024"  # the demo's, README table
NEW_PASSWORD = "sen-hong-mua-thu-2031"
LOCKED_TEXT = "Tài khoản tạm khóa do đăng nhập sai nhiều lần; thử lại sau 15 phút."


def sign_in(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def fail(client, username, times, **extra):
    return [sign_in(client, username, "sai-mat-khau", **extra).status_code for _ in range(times)]


# Lockout ---------------------------------------------------------------------------------------------------------


def test_the_right_password_is_refused_after_five_failures(client, officer):
    assert fail(client, "yte", 4) == [200, 200, 200, 200]
    fifth = sign_in(client, "yte", "sai-mat-khau")
    assert fifth.status_code == 429
    response = sign_in(client, "yte", OFFICER_PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)


def test_the_lockout_page_is_vietnamese_and_no_error(client, officer):
    fail(client, "yte", 5)
    response = sign_in(client, "yte", OFFICER_PASSWORD)
    html = response.content.decode()
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    assert LOCKED_TEXT in html
    assert "<h1>Tài khoản tạm khóa</h1>" in html
    assert "Traceback" not in html and "Account locked" not in html


def test_the_failure_limit_and_cool_off_come_from_settings(client, officer, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = timedelta(minutes=40)
    assert fail(client, "yte", 2) == [200, 429]
    assert "thử lại sau 40 phút" in sign_in(client, "yte", OFFICER_PASSWORD).content.decode()


def test_the_lock_holds_for_the_cool_off_and_each_try_restarts_it(client, officer):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        fail(client, "yte", 5)
        clock.move_to(start + timedelta(minutes=14))
        assert sign_in(client, "yte", OFFICER_PASSWORD).status_code == 429
        # That try counted: the 15 minutes run again from minute 14.
        clock.move_to(start + timedelta(minutes=28))
        assert sign_in(client, "yte", OFFICER_PASSWORD).status_code == 429
        clock.move_to(start + timedelta(minutes=28 + 16))
        response = sign_in(client, "yte", OFFICER_PASSWORD)
    assert response.status_code == 302 and signed_in(client)
    # A success clears the count: one more failure does not lock again.
    client.logout()
    assert fail(client, "yte", 1) == [200]


def test_the_lock_is_for_one_account_from_one_address(client, officer, other_officer):
    fail(client, "yte", 5)
    assert sign_in(client, "congthuong", "ct-demo-2024").status_code == 302
    client.logout()
    assert sign_in(client, "yte", OFFICER_PASSWORD, REMOTE_ADDR="10.1.2.3").status_code == 302


def test_the_admin_sign_in_is_locked_too(client):
    url = reverse("admin:login")
    for _ in range(5):
        client.post(url, {"username": "admin", "password": "sai-mat-khau"})
    response = client.post(url, {"username": "admin", "password": "admin-demo-2024"})
    assert response.status_code == 429 and not signed_in(client)


# Records ---------------------------------------------------------------------------------------------------------


def test_failed_and_successful_sign_ins_and_sign_outs_are_recorded(client, officer):
    fail(client, "yte", 2)
    failures = AccessFailureLog.objects.filter(username="yte")
    assert failures.count() == 2 and {f.ip_address for f in failures} == {"127.0.0.1"}
    assert "sai-mat-khau" not in AccessAttempt.objects.get(username="yte").post_data

    assert sign_in(client, "yte", OFFICER_PASSWORD).status_code == 302
    entry = AccessLog.objects.get(username="yte")
    assert entry.logout_time is None and entry.ip_address == "127.0.0.1"
    client.post(reverse("logout"))
    entry.refresh_from_db()
    assert entry.logout_time is not None


def test_a_lockout_is_recorded_as_such(client, officer):
    fail(client, "yte", 5)
    assert list(AccessFailureLog.objects.filter(username="yte").order_by("attempt_time", "id")
                .values_list("locked_out", flat=True)) == [False] * 4 + [True]


def test_administrators_read_the_sign_in_records_but_cannot_change_them(client, officer):
    fail(client, "yte", 1)
    record = AccessFailureLog.objects.get(username="yte")
    client.force_login(get_user_model().objects.get(username="admin"))
    listing = client.get(reverse("admin:axes_accessfailurelog_changelist"))
    assert listing.status_code == 200 and "yte" in listing.content.decode()
    assert client.get(reverse("admin:axes_accesslog_changelist")).status_code == 200
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 200
    assert client.get(reverse("admin:axes_accessfailurelog_change", args=[record.pk])).status_code == 200
    assert client.post(reverse("admin:axes_accessfailurelog_delete", args=[record.pk]), {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:axes_accessfailurelog_add")).status_code == 403
    assert AccessFailureLog.objects.filter(pk=record.pk).exists()


# Password rules --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "password", "rule"),
    [
        ("yte", "yte12345", "password_contains_username"),  # the finding; Django's similarity ratio lets it through
        ("yte", "yte123456789", "password_contains_username"),  # long enough, still the login name
        ("yte", "Mat-khau-YTE-2031", "password_contains_username"),  # in another case
        ("yte.truong", "truong-hoa-sen-2031", "password_contains_username"),  # a part of the login name
        ("yte", "ngan-sen-9", "password_too_short"),  # shorter than 12
        ("yte", "password1234", "password_too_common"),
        ("yte", "203120312031", "password_entirely_numeric"),
    ],
)
def test_weak_passwords_are_refused(username, password, rule):
    user = get_user_model()(username=username)
    with pytest.raises(ValidationError) as refused:
        password_validation.validate_password(password, user)
    assert rule in {error.code for error in refused.value.error_list}


def test_a_long_password_of_ones_own_is_accepted():
    password_validation.validate_password(NEW_PASSWORD, get_user_model()(username="yte"))


def test_a_long_unicode_passphrase_is_accepted_whole_and_not_truncated():
    passphrase = "Đồng lúa chín vàng bên dòng sông Hồng mùa thu năm ấy, gió nhẹ thổi qua 🌾 " * 2
    assert len(passphrase) > 128
    user = get_user_model()(username="yte")
    password_validation.validate_password(passphrase, user)
    user.set_password(passphrase)
    assert user.check_password(passphrase)
    assert not user.check_password(passphrase[:72]) and not user.check_password(passphrase[:-1])


def test_passwords_are_stored_with_a_slow_salted_hash(officer):
    algorithm, iterations, salt, digest = officer.password.split("$")
    assert algorithm in ("pbkdf2_sha256", "argon2", "bcrypt_sha256", "scrypt")
    assert int(iterations) >= 600_000 and len(salt) >= 16
    assert OFFICER_PASSWORD not in officer.password


# Changing one's password -----------------------------------------------------------------------------------------


def test_the_page_header_links_to_the_password_change(client, officer):
    client.force_login(officer)
    assert f'href="{reverse("password-change")}"' in client.get(reverse("home")).content.decode()


def test_signing_in_is_needed_to_change_a_password(client):
    response = client.get(reverse("password-change"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_yte12345_is_refused_for_yte_on_the_change_page(client, officer):
    client.force_login(officer)
    response = client.post(reverse("password-change"), {
        "old_password": OFFICER_PASSWORD, "new_password1": "yte12345", "new_password2": "yte12345",
    })
    html = response.content.decode()
    assert response.status_code == 200
    assert "Mật khẩu không được chứa tên đăng nhập hoặc một phần của tên đăng nhập." in html
    officer.refresh_from_db()
    assert officer.check_password(OFFICER_PASSWORD)


def test_an_officer_changes_their_password_and_other_sessions_end(client, officer):
    from django.test import Client

    assert not officer.is_staff
    elsewhere = Client()
    assert sign_in(elsewhere, "yte", OFFICER_PASSWORD).status_code == 302
    assert sign_in(client, "yte", OFFICER_PASSWORD).status_code == 302
    page = client.get(reverse("password-change"))
    assert page.status_code == 200 and "Mật khẩu hiện tại" in page.content.decode()

    response = client.post(reverse("password-change"), {
        "old_password": OFFICER_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    })
    assert response.status_code == 302 and response["Location"] == reverse("password-change-done")
    assert "Đã đổi mật khẩu" in client.get(response["Location"]).content.decode()
    # This session stays; the other one is over.
    assert client.get(reverse("home")).status_code == 200
    assert elsewhere.get(reverse("home")).status_code == 302
    assert not signed_in(elsewhere)

    # The old password no longer opens the account; the new one does.
    client.logout()
    assert sign_in(client, "yte", OFFICER_PASSWORD).status_code == 200
    assert sign_in(client, "yte", NEW_PASSWORD).status_code == 302

    # The demo loader recorded setting the first password; this is the officer's own change.
    entry = AuditEntry.objects.get(object_id=str(officer.pk), field="password", actor=officer)
    assert entry.actor == officer and entry.reason == "Đổi mật khẩu"
    officer.refresh_from_db()
    assert NEW_PASSWORD not in entry.new_value and officer.password not in entry.new_value


def test_a_wrong_current_password_changes_nothing(client, officer):
    client.force_login(officer)
    response = client.post(reverse("password-change"), {
        "old_password": "khong-dung-2024", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD,
    })
    assert response.status_code == 200
    officer.refresh_from_db()
    assert officer.check_password(OFFICER_PASSWORD)
    assert not AuditEntry.objects.filter(object_id=str(officer.pk), field="password", actor=officer).exists()


# Idle timeout and absolute lifetime ------------------------------------------------------------------------------


@pytest.mark.parametrize("minutes", [30, 5])
def test_an_idle_session_ends_after_the_configured_minutes_and_not_before(client, officer, settings, minutes):
    settings.PLANWATCH_IDLE_TIMEOUT_MINUTES = minutes
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        assert sign_in(client, "yte", OFFICER_PASSWORD).status_code == 302
        # Each use resets the idle clock: twice almost the full time, still signed in.
        clock.move_to(start + timedelta(minutes=minutes - 1))
        assert client.get(reverse("home")).status_code == 200
        clock.move_to(start + timedelta(minutes=2 * minutes - 2))
        assert client.get(reverse("home")).status_code == 200
        clock.move_to(start + timedelta(minutes=3 * minutes - 1))
        response = client.get(reverse("agencies"))
        assert response.status_code == 302
        assert response["Location"] == f'{reverse("login")}?next={reverse("agencies")}'
        login_page = client.get(response["Location"]).content.decode()
        assert f"Phiên làm việc đã kết thúc vì không hoạt động quá {minutes} phút." in login_page
        assert not signed_in(client)
        assert client.get(reverse("home")).status_code == 302
    # The end of the session is a sign-out in the records.
    assert AccessLog.objects.get(username="yte").logout_time is not None


def test_a_session_in_use_ends_at_its_absolute_lifetime(client, officer, settings):
    settings.SESSION_COOKIE_AGE = 2 * 3600
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        client.force_login(officer)
        for minutes in range(20, 120, 20):
            clock.move_to(start + timedelta(minutes=minutes))
            assert client.get(reverse("home")).status_code == 200, minutes
        clock.move_to(start + timedelta(minutes=121))
        response = client.get(reverse("home"))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        assert "Phiên làm việc đã quá 2 giờ kể từ khi đăng nhập." in client.get(response["Location"]).content.decode()
        assert not signed_in(client)


def test_signing_in_gives_a_new_session_and_signing_out_ends_it_on_the_server(client, officer, settings):
    from django.test import Client

    client.get(reverse("login"))
    client.session.save()
    before = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert sign_in(client, "yte", OFFICER_PASSWORD).status_code == 302
    after = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert after and after != before
    client.post(reverse("logout"))
    replay = Client()
    replay.cookies[settings.SESSION_COOKIE_NAME] = after
    assert replay.get(reverse("home")).status_code == 302


def test_the_defaults_are_thirty_minutes_idle_and_twelve_hours_in_all(settings):
    assert settings.PLANWATCH_IDLE_TIMEOUT_MINUTES == 30
    assert settings.SESSION_COOKIE_AGE == 12 * 3600
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == timedelta(minutes=15)


# The test client keeps working --------------------------------------------------------------------------------------


def test_the_test_client_login_and_force_login_still_work(client, officer):
    assert client.login(username="yte", password=OFFICER_PASSWORD)
    assert client.get(reverse("home")).status_code == 200
    client.logout()
    client.force_login(officer)
    assert client.get(reverse("home")).status_code == 200
