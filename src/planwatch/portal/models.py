"""What the public portal shows: the plans the planning department chose to publish.

Publication is the portal's own data, beside the register: a document is public while its row exists, and
unpublishing deletes the row (the audit trail keeps who published it, when, and who took it down).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Publication(models.Model):
    document = models.OneToOneField(
        "registry.Document", verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="publication",
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người công bố"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    published_at = models.DateTimeField(_("thời điểm công bố"), default=timezone.now)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("văn bản công khai")
        verbose_name_plural = _("văn bản công khai")
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return str(_("Công khai: %(document)s") % {"document": self.document})
