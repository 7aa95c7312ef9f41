"""Personal API tokens. Only a SHA-256 of each token is kept: the token itself is shown once, when created."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="api_tokens",
    )
    name = models.CharField(_("tên khoá"), max_length=100)
    # A hash is enough to check a presented token; a leaked database then holds nothing a caller could present.
    # No salt is needed: the token is 256 random bits, not a password a dictionary could guess.
    digest = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters, so a person can tell their tokens apart (and match one found in a log).
    prefix = models.CharField(_("mở đầu"), max_length=16, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"), default=timezone.now)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    expires_at = models.DateTimeField(_("hết hạn lúc"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("khoá API")
        verbose_name_plural = _("khoá API")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
