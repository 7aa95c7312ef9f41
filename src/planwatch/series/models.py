"""A series: one indicator as several documents state it (the congress resolution, plan 183, the 2024 plan).

Each member is one document's row; a document holds at most one row of a series, so "the other members" are the
other documents' rows. A member is proposed by the matcher (matching.py) and confirmed or rejected by the
planning department; only confirmed members share their values of record (selectors.attach_series_values).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from planwatch.registry.models import Indicator


# How the units of the two rows relate (matching.unit_relation), as the reviewer reads it.
UNIT_GROUNDS = {
    "same": _("cùng đơn vị tính"),
    "convertible": _("đơn vị tính quy đổi được"),
    "unknown": _("một bên không ghi đơn vị tính"),
    "different": _("đơn vị tính khác nhau"),
}


class Series(models.Model):
    name = models.CharField(_("tên chuỗi"), max_length=500)
    unit = models.CharField(_("đơn vị tính"), max_length=100, blank=True)
    created = models.DateTimeField(_("thời điểm tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("chuỗi chỉ tiêu")
        verbose_name_plural = _("chuỗi chỉ tiêu")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})" if self.unit else self.name


class SeriesMember(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Đề xuất")
        CONFIRMED = "confirmed", _("Đã xác nhận")
        # Kept, not deleted: the matcher proposes nothing again for a row someone has turned down.
        REJECTED = "rejected", _("Đã bác bỏ")

    series = models.ForeignKey(Series, verbose_name=_("chuỗi"), on_delete=models.CASCADE, related_name="members")
    indicator = models.OneToOneField(
        Indicator, verbose_name=_("chỉ tiêu"), on_delete=models.CASCADE, related_name="series_member",
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    # The matcher's score (0-1); none for a link a person made and for the row a series was started from.
    score = models.DecimalField(_("điểm tương đồng"), max_digits=4, decimal_places=3, null=True, blank=True)
    # What the score was made of (name, context, unit, measure, code), so that the reviewer sees why.
    basis = models.JSONField(_("căn cứ đề xuất"), default=dict, blank=True)
    proposed_at = models.DateTimeField(_("thời điểm đề xuất"), default=timezone.now)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người xác nhận"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    decided_at = models.DateTimeField(_("thời điểm quyết định"), null=True, blank=True)

    class Meta:
        verbose_name = _("thành viên chuỗi chỉ tiêu")
        verbose_name_plural = _("thành viên chuỗi chỉ tiêu")
        ordering = ["series", "id"]
        indexes = [models.Index(fields=["status", "series"])]

    def __str__(self) -> str:
        return f"{self.indicator} — {self.series}"

    @property
    def started_series(self) -> bool:
        """The row the series was started from (services._series_from): confirmed by no one, proposed by nothing."""
        return self.status == self.Status.CONFIRMED and self.score is None and not self.basis

    def grounds(self) -> list[str]:
        """Why the matcher proposed the row, in the reviewer's words."""
        if self.basis.get("manual"):
            return [str(_("liên kết thủ công"))]
        if not self.basis:
            return []
        found = [str(_("tên giống %(percent)s%%")) % {"percent": round(100 * self.basis.get("name", 0))}]
        unit = self.basis.get("unit")
        if unit in UNIT_GROUNDS:
            found.append(str(UNIT_GROUNDS[unit]))
        if self.basis.get("same_measure"):
            found.append(str(_("cùng loại chỉ tiêu")))
        if self.basis.get("same_code"):
            found.append(str(_("cùng số thứ tự")))
        return found
