"""Password rules of our own, next to Django's validators (see AUTH_PASSWORD_VALIDATORS in settings).

Django's UserAttributeSimilarityValidator compares whole strings: `yte12345` is only 55 % like `yte`, under its
70 % threshold, so a password built from the login name passes. This one refuses any password that contains the
login name, or a part of it (`yte.truong` → `yte`, `truong`), whatever the case or the accents.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from planwatch.textnorm import fold

# Shorter parts (`cd` of `cd.tp`) occur by chance in good passwords; refusing them would only annoy.
MIN_PART_LENGTH = 3


def _fold(text: str) -> str:
    return fold(text).replace(" ", "")


def _name_parts(username: str) -> set[str]:
    folded = _fold(username)
    parts = {part for part in re.split(r"[^0-9a-z]+", folded) if len(part) >= MIN_PART_LENGTH}
    return parts | ({folded} if folded else set())


class UsernameInPasswordValidator:
    """Refuses a password that contains the user's login name or a part of it."""

    def validate(self, password: str, user=None) -> None:
        if user is None or not user.get_username():
            return
        folded = _fold(password)
        if any(part in folded for part in _name_parts(user.get_username())):
            raise ValidationError(
                _("Mật khẩu không được chứa tên đăng nhập hoặc một phần của tên đăng nhập."),
                code="password_contains_username",
            )

    def get_help_text(self) -> str:
        return _("Mật khẩu không được chứa tên đăng nhập.")
