from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Membership(models.Model):
    """What an account is: its role and, for agency roles, its agency; for leaders, their seat."""

    class Role(models.TextChoices):
        PLANNING = "planning", _("Cán bộ Sở Kế hoạch và Đầu tư")
        OFFICER = "officer", _("Cán bộ đơn vị")
        HEAD = "head", _("Lãnh đạo đơn vị")
        LEADER = "leader", _("Lãnh đạo UBND Thành phố")
        ADMIN = "admin", _("Quản trị hệ thống")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership")
    role = models.CharField(_("vai trò"), max_length=10, choices=Role.choices)
    agency = models.ForeignKey(
        "registry.Agency", verbose_name=_("đơn vị"), null=True, blank=True, on_delete=models.PROTECT, related_name="members",
    )
    position = models.ForeignKey(
        "registry.Position", verbose_name=_("chức vụ"), null=True, blank=True, on_delete=models.PROTECT, related_name="accounts",
    )

    class Meta:
        verbose_name = _("vai trò của tài khoản")
        verbose_name_plural = _("vai trò của tài khoản")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role__in=["officer", "head"]) | models.Q(agency__isnull=False),
                name="agency_roles_have_an_agency",
            ),
            models.CheckConstraint(
                condition=~models.Q(role="leader") | models.Q(position__isnull=False),
                name="leaders_have_a_position",
            ),
        ]

    def __str__(self) -> str:
        where = self.agency or self.position or ""
        return f"{self.user.get_username()}: {self.get_role_display()} {where}".strip()
