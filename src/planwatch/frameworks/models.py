"""Framework plans (kế hoạch khung): for one task, the steps its lead agency will take, in order, with resources.

A plan is drafted by the lead agency, approved by its head, then sent to the responsible vice-chairman's office,
which returns it with a reason or approves it. Approval freezes a baseline (a copy of the steps' dates); a later
change opens the next version, and pages measure slippage against the latest baseline. The date arithmetic is
the engine's (`planwatch.engine.schedule`).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from planwatch.engine import schedule


class FrameworkPlan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang lập")
        AWAITING_HEAD = "awaiting_head", _("Chờ lãnh đạo đơn vị duyệt")
        SUBMITTED = "submitted", _("Đã gửi lãnh đạo UBND")
        RETURNED = "returned", _("Bị trả lại")
        APPROVED = "approved", _("Đã phê duyệt")

    task = models.OneToOneField(
        "registry.Task", verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="framework_plan",
    )
    # The date the plan must reach the vice-chairman (appendix 2 of plan 183), apart from the task's own deadline.
    due = models.DateField(_("hạn gửi kế hoạch khung"), null=True, blank=True)
    status = models.CharField(_("trạng thái"), max_length=14, choices=Status.choices, default=Status.DRAFT)
    # Raised by every saved change: a change made from an older version is refused, as for reports.
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    # The baseline the plan is measured against: the number of the latest approval (0 before the first).
    baseline_number = models.PositiveIntegerField(_("lần phê duyệt"), default=0)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    approved_at = models.DateTimeField(_("phê duyệt lúc"), null=True, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("kế hoạch khung")
        verbose_name_plural = _("kế hoạch khung")
        ordering = ["task"]

    def __str__(self) -> str:
        return f"{_('Kế hoạch khung')}: {self.task}"

    @property
    def task_due(self):
        """The task's own completion deadline (its latest due date): the date the steps must end by."""
        dates = [due.due for due in self.task.due_dates.all()]
        return max(dates) if dates else None

    @property
    def editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def measures_progress(self) -> bool:
        """Approved at least once: its steps are what the task is measured against, in reports and on lists.

        A first draft's steps may still change before the vice-chairman sees them; a plan under revision keeps
        being measured, against its current steps, as its pages measure slippage against the last approval.
        """
        return self.baseline_number > 0


def measured(prefix: str = "") -> models.Q:
    """The plans `measures_progress` holds for, as a query condition; `prefix` is the path to the plan."""
    return models.Q(**{f"{prefix}baseline_number__gt": 0})


class Step(models.Model):
    plan = models.ForeignKey(FrameworkPlan, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    title = models.CharField(_("bước"), max_length=500)
    start = models.DateField(_("bắt đầu"), null=True, blank=True)
    end = models.DateField(_("kết thúc"), null=True, blank=True)
    duration = models.PositiveIntegerField(_("số ngày"), null=True, blank=True)
    milestone = models.BooleanField(_("mốc"), default=False)
    lead = models.ForeignKey(
        "registry.Agency", verbose_name=_("đơn vị chủ trì"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="led_steps",
    )
    coordinating = models.ManyToManyField(
        "registry.Agency", verbose_name=_("đơn vị phối hợp"), blank=True, related_name="coordinated_steps",
    )
    product = models.CharField(_("sản phẩm"), max_length=500, blank=True)
    budget = models.DecimalField(_("kinh phí (đồng)"), max_digits=18, decimal_places=0, null=True, blank=True)
    people = models.PositiveIntegerField(_("nhân lực (người)"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    # The step's end once the links are applied (the engine's early end), kept by the services at every change of
    # the plan's content: list pages find late steps with one query instead of scheduling every plan.
    scheduled_end = models.DateField(_("kết thúc theo lịch"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("bước của kế hoạch khung")
        verbose_name_plural = _("bước của kế hoạch khung")
        ordering = ["plan", "order", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="step_progress_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.title[:80]}"

    def as_engine_step(self) -> schedule.Step:
        return schedule.Step(
            key=str(self.pk), start=self.start, end=self.end, duration=self.duration, milestone=self.milestone,
            progress=self.progress,
        )


class StepLink(models.Model):
    class Kind(models.TextChoices):
        FINISH_TO_START = schedule.FINISH_TO_START, _("Kết thúc → bắt đầu")
        START_TO_START = schedule.START_TO_START, _("Bắt đầu cùng")
        FINISH_TO_FINISH = schedule.FINISH_TO_FINISH, _("Kết thúc cùng")

    before = models.ForeignKey(Step, verbose_name=_("bước trước"), on_delete=models.CASCADE, related_name="links_out")
    after = models.ForeignKey(Step, verbose_name=_("bước sau"), on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(_("loại"), max_length=2, choices=Kind.choices, default=Kind.FINISH_TO_START)
    lag = models.IntegerField(_("độ trễ (ngày)"), default=0)

    class Meta:
        verbose_name = _("quan hệ giữa các bước")
        verbose_name_plural = _("quan hệ giữa các bước")
        constraints = [models.UniqueConstraint(fields=["before", "after"], name="one_link_per_pair_of_steps")]

    def __str__(self) -> str:
        return f"{self.before_id} {self.kind} {self.after_id} ({self.lag:+d})"

    def as_engine_link(self) -> schedule.Link:
        return schedule.Link(str(self.before_id), str(self.after_id), self.kind, self.lag)


class Baseline(models.Model):
    """The steps' dates as approved: frozen, never edited; slippage is measured against the latest."""

    plan = models.ForeignKey(FrameworkPlan, on_delete=models.CASCADE, related_name="baselines")
    number = models.PositiveIntegerField(_("lần phê duyệt"))
    approved_at = models.DateTimeField(_("phê duyệt lúc"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người phê duyệt"), null=True, on_delete=models.SET_NULL, related_name="+",
    )
    # {"steps": [{"key", "title", "start", "end", "duration", "milestone"}], "links": [{"before", "after", "kind", "lag"}]}
    data = models.JSONField(_("nội dung"))

    class Meta:
        verbose_name = _("bản phê duyệt")
        verbose_name_plural = _("bản phê duyệt")
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="one_baseline_per_number")]

    def __str__(self) -> str:
        return f"{self.plan_id} #{self.number}"
