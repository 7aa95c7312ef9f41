from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Apps whose objects are reporting work: rounds, reports, their lines, files and steps. A plan page shows none of
# it (it shows what an accepted report wrote into the register, audited under the register's own objects), so a
# page kept until the register changes may ignore these entries: at a deadline they are written every second.
REPORTING_WORK_APPS = frozenset({"reporting"})


class AuditEntry(models.Model):
    """One changed field of one object: who, when, old value, new value."""

    class Action(models.TextChoices):
        CREATE = "create", _("Tạo mới")
        UPDATE = "update", _("Sửa")
        DELETE = "delete", _("Xóa")

    at = models.DateTimeField(_("thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    # Kept as text as well so that the trail survives the account's deletion and names scripted changes.
    actor_label = models.CharField(_("tên người thực hiện"), max_length=150, blank=True)
    action = models.CharField(_("hành động"), max_length=10, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64, db_index=True)
    object_repr = models.CharField(_("đối tượng"), max_length=300)
    field = models.CharField(_("trường"), max_length=100, blank=True)
    old_value = models.TextField(_("giá trị cũ"), blank=True)
    new_value = models.TextField(_("giá trị mới"), blank=True)
    reason = models.CharField(_("lý do"), max_length=300, blank=True)
    # False for an entry about reporting work (REPORTING_WORK_APPS); the latest entry about the register is read
    # through the partial index below (accounts/keeping.py).
    about_register = models.BooleanField(_("về sổ theo dõi"), default=True, editable=False)

    class Meta:
        verbose_name = _("bản ghi nhật ký")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-at"]),
            models.Index(fields=["-id"], condition=Q(about_register=True), name="audit_about_register_latest"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_label} {self.get_action_display()} {self.object_repr} {self.field}"
