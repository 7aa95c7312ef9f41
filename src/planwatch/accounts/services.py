from django.contrib.auth import get_user_model, password_validation
from django.db import transaction

from planwatch.accounts.models import Membership
from planwatch.audit.services import record_change, snapshot


@transaction.atomic
def account_save(
    *, username: str, password: str | None, role: str, agency=None, position=None, full_name: str = "",
    email: str = "", is_superuser: bool = False, actor=None, reason: str = "",
):
    """Create or update an account with its role; the password is set only when given."""
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    created = user is None
    if created:
        user = User(username=username)
    before = None if created else snapshot(user)
    first, _, last = full_name.rpartition(" ")
    user.first_name, user.last_name, user.email = first, last, email
    user.is_staff = user.is_superuser = is_superuser
    # The same password given again (the demo loaded twice) is no change; checking it costs what hashing it would.
    password_changed = bool(password) and (created or not user.check_password(password))
    if password_changed:
        user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    after = snapshot(user)
    if created or before != after:
        record_change(user, before=before, after=after, actor=actor, reason=reason)
    if password_changed:
        # The trail says that the password was set, never the password or its hash.
        record_change(user, before={"password": ""}, after={"password": "đã đặt mật khẩu mới"}, actor=actor,
                      reason=reason)

    membership = Membership.objects.filter(user=user).first()
    membership_before = snapshot(membership) if membership else None
    membership = membership or Membership(user=user)
    membership.role, membership.agency, membership.position = role, agency, position
    membership.full_clean()
    membership.save()
    membership_after = snapshot(membership)
    if membership_before != membership_after:
        record_change(membership, before=membership_before, after=membership_after, actor=actor, reason=reason)
    return user


@transaction.atomic
def account_password_change(*, user, new_password: str, actor=None, reason: str = "Đổi mật khẩu") -> None:
    """Set a new password under the password rules; the trail records that it changed, never the password.

    Every other session of the user ends on its next request (Django checks the password hash kept in each
    session); a view that wants to keep its own session calls update_session_auth_hash afterwards.
    """
    password_validation.validate_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    record_change(
        user, before={"password": ""}, after={"password": "đã đặt mật khẩu mới"}, actor=actor or user, reason=reason,
    )
