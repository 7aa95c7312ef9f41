"""Contributions of lower plans to a higher one, and the administrative units they report for, over time.

A district's (or department's, or province's) indicator contributes to a city indicator by a rule that fits its
kind (engine/rollup.py). Units carry their validity and successor links, so that a plan begun in 2021 still rolls
up after the 2025 reform merged provinces and removed the district level (docs/cascade.md).
"""

from __future__ import annotations

from collections import deque

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from planwatch.engine import rollup as engine_rollup
from planwatch.registry.models import DECIMAL, Indicator
from planwatch.series.matching import unit_factor


class AdministrativeUnit(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("Tỉnh, thành phố")
        DISTRICT = "district", _("Quận, huyện, thị xã")
        COMMUNE = "commune", _("Xã, phường, thị trấn")

    code = models.CharField(_("mã đơn vị hành chính"), max_length=20, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("đơn vị cấp trên"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("hiệu lực từ ngày"), null=True, blank=True)
    # The last day the unit existed; empty while it exists.
    valid_to = models.DateField(_("hiệu lực đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        ordering = ["level", "name", "code"]

    def __str__(self) -> str:
        if self.valid_to:
            return gettext("%(name)s (đến %(day)s)") % {"name": self.name, "day": self.valid_to.strftime("%d/%m/%Y")}
        return self.name

    def clean(self) -> None:
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": gettext("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.")})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": gettext("Một đơn vị không thể là cấp trên của chính nó.")})

    def as_engine(self) -> engine_rollup.Unit:
        return engine_rollup.Unit(self.code, self.valid_from, self.valid_to)


class UnitSuccession(models.Model):
    class Kind(models.TextChoices):
        MERGE = engine_rollup.MERGE, _("Sáp nhập")
        SPLIT = engine_rollup.SPLIT, _("Chia tách")
        RENAME = engine_rollup.RENAME, _("Đổi tên")

    predecessor = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("đơn vị cũ"), on_delete=models.CASCADE, related_name="successions",
    )
    successor = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("đơn vị kế thừa"), on_delete=models.CASCADE, related_name="predecessions",
    )
    date = models.DateField(_("ngày có hiệu lực"))
    kind = models.CharField(_("hình thức"), max_length=10, choices=Kind.choices, default=Kind.MERGE)

    class Meta:
        verbose_name = _("kế thừa đơn vị hành chính")
        verbose_name_plural = _("kế thừa đơn vị hành chính")
        ordering = ["date", "successor", "predecessor"]
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="cascade_one_succession_per_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor.name} → {self.successor.name} ({self.date:%d/%m/%Y})"

    def clean(self) -> None:
        if self.predecessor_id and self.predecessor_id == self.successor_id:
            raise ValidationError(gettext("Một đơn vị không thể kế thừa chính nó."))

    def as_engine(self) -> engine_rollup.Succession:
        return engine_rollup.Succession(self.predecessor.code, self.successor.code, self.date, self.kind)


class Contribution(models.Model):
    """`contributor` (a lower plan's indicator) counts towards `indicator` (the higher plan's) by `rule`."""

    class Rule(models.TextChoices):
        SUM = engine_rollup.SUM, _("Cộng tổng")
        WEIGHTED_MEAN = engine_rollup.WEIGHTED_MEAN, _("Bình quân gia quyền theo quy mô")
        SHARE_MEETING = engine_rollup.SHARE_MEETING, _("Tỷ lệ đơn vị đạt ngưỡng")
        MIN = engine_rollup.MIN, _("Thấp nhất")
        MAX = engine_rollup.MAX, _("Cao nhất")

    class Direction(models.TextChoices):
        AT_LEAST = "higher_better", _("Đạt khi từ ngưỡng trở lên")
        AT_MOST = "lower_better", _("Đạt khi từ ngưỡng trở xuống")

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("chỉ tiêu cấp trên"), on_delete=models.CASCADE, related_name="contributions",
    )
    contributor = models.ForeignKey(
        Indicator, verbose_name=_("chỉ tiêu đóng góp"), on_delete=models.CASCADE, related_name="contributes_to",
    )
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("đơn vị hành chính"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="contributions",
    )
    rule = models.CharField(_("cách tổng hợp"), max_length=16, choices=Rule.choices, default=Rule.SUM)
    # The base of a weighted mean: a declared figure (population, households) or an indicator holding it by year.
    weight = models.DecimalField(_("quy mô (dân số, số hộ...)"), **DECIMAL)
    base_indicator = models.ForeignKey(
        Indicator, verbose_name=_("chỉ tiêu quy mô"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="weighs",
    )
    threshold = models.DecimalField(_("ngưỡng"), **DECIMAL)
    direction = models.CharField(
        _("chiều đạt ngưỡng"), max_length=16, choices=Direction.choices, default=Direction.AT_LEAST,
    )
    created_at = models.DateTimeField(_("thời điểm tạo"), auto_now_add=True)

    class Meta:
        verbose_name = _("đóng góp chỉ tiêu")
        verbose_name_plural = _("đóng góp chỉ tiêu")
        ordering = ["indicator", "id"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "contributor"], name="cascade_one_contribution_per_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.contributor} → {self.indicator}"

    def clean(self) -> None:
        if not self.indicator_id or not self.contributor_id:
            return
        if self.indicator_id == self.contributor_id:
            raise ValidationError({"contributor": gettext("Một chỉ tiêu không thể đóng góp cho chính nó.")})
        if self.rule == self.Rule.WEIGHTED_MEAN and self.weight is None and self.base_indicator_id is None:
            raise ValidationError({"weight": gettext(
                "Bình quân gia quyền cần quy mô: nhập quy mô hoặc chọn chỉ tiêu quy mô (dân số, số hộ)."
            )})
        if self.weight is not None and self.weight < 0:
            raise ValidationError({"weight": gettext("Quy mô không được âm.")})
        if self.rule == self.Rule.SHARE_MEETING and self.threshold is None:
            raise ValidationError({"threshold": gettext("Tỷ lệ đơn vị đạt ngưỡng cần một ngưỡng.")})
        self._check_units()
        self._check_one_rule()
        self._check_no_cycle()

    def _check_units(self) -> None:
        # Counting units that meet a threshold gives a percent whatever the contributor measures.
        if self.rule == self.Rule.SHARE_MEETING:
            return
        if unit_factor(self.contributor.unit, self.indicator.unit) is None:
            raise ValidationError({"contributor": gettext(
                "Đơn vị tính không tương thích: “%(theirs)s” không quy đổi được sang “%(ours)s”."
            ) % {"theirs": self.contributor.unit, "ours": self.indicator.unit}})

    def _check_one_rule(self) -> None:
        others = Contribution.objects.filter(indicator_id=self.indicator_id).exclude(pk=self.pk)
        other = others.exclude(rule=self.rule).first()
        if other is not None:
            raise ValidationError({"rule": gettext(
                "Chỉ tiêu này đã được tổng hợp theo cách “%(rule)s”: mỗi chỉ tiêu cấp trên chỉ có một cách tổng hợp."
            ) % {"rule": other.get_rule_display()}})
        if self.rule == self.Rule.SHARE_MEETING:
            clash = others.exclude(threshold=self.threshold).exists() or others.exclude(direction=self.direction).exists()
            if clash:
                raise ValidationError({"threshold": gettext(
                    "Các đơn vị đóng góp cho một chỉ tiêu phải dùng cùng một ngưỡng."
                )})

    def _check_no_cycle(self) -> None:
        """The contributor must not already count, directly or through others, towards this indicator's own
        contributors: `indicator` reached from `contributor` going down would loop."""
        seen, queue = {self.contributor_id}, deque([self.contributor_id])
        while queue:
            current = queue.popleft()
            below = Contribution.objects.filter(indicator_id=current).exclude(pk=self.pk).values_list(
                "contributor_id", flat=True,
            )
            for pk in below:
                if pk == self.indicator_id:
                    raise ValidationError({"contributor": gettext(
                        "Không thể tạo vòng lặp: chỉ tiêu cấp trên đã đóng góp (trực tiếp hoặc gián tiếp) cho "
                        "chỉ tiêu này."
                    )})
                if pk not in seen:
                    seen.add(pk)
                    queue.append(pk)

