"""Reporting rounds: the planning department asks every agency for its figures and progress for a period.

A round (đợt báo cáo) is opened for a period with a deadline; each agency with something to report gets one
report, pre-filled with the indicators it leads and the tasks it leads or coordinates. A report moves through
draft → approved by the agency head → submitted → returned / accepted, each move written to the action log.
Accepted values become indicator values of record.
"""

from __future__ import annotations

import os
from datetime import date

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from planwatch.registry.models import DECIMAL, Agency, Document, Indicator, IndicatorValue, Op, Task
from planwatch.reporting.periods import parse_period, period_label
from planwatch.reporting.texts import shown


class Round(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Đang nhận báo cáo")
        CLOSED = "closed", _("Đã tổng hợp")

    class Origin(models.TextChoices):
        MANUAL = "manual", _("Sở Kế hoạch và Đầu tư mở")
        RECURRING = "recurring", _("Theo thời hạn định kỳ của nhiệm vụ")

    period = models.CharField(_("kỳ báo cáo"), max_length=20, db_index=True)
    title = models.CharField(_("tên đợt báo cáo"), max_length=300)
    deadline = models.DateField(_("hạn nộp"))
    status = models.CharField(_("tình trạng"), max_length=10, choices=Status.choices, default=Status.OPEN)
    origin = models.CharField(_("nguồn"), max_length=10, choices=Origin.choices, default=Origin.MANUAL)
    # A recurring round answers one due date of the tasks whose deadline recurs (`Tháng 6, tháng 10 hàng năm`).
    due_date = models.DateField(_("thời hạn định kỳ"), null=True, blank=True)
    documents = models.ManyToManyField(Document, verbose_name=_("kế hoạch"), related_name="reporting_rounds")
    tasks = models.ManyToManyField(
        Task, verbose_name=_("chỉ các nhiệm vụ"), blank=True, related_name="reporting_rounds",
        help_text=_("Để trống: mọi chỉ tiêu, nhiệm vụ của các kế hoạch đã chọn."),
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người mở"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("thời điểm mở"), default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người khóa"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("thời điểm tổng hợp"), null=True, blank=True)

    class Meta:
        verbose_name = _("đợt báo cáo")
        verbose_name_plural = _("đợt báo cáo")
        ordering = ["-deadline", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["period"], condition=models.Q(origin="manual"), name="one_manual_round_per_period",
            ),
            models.UniqueConstraint(
                fields=["due_date"], condition=models.Q(origin="recurring"), name="one_recurring_round_per_due_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def period_label(self) -> str:
        return period_label(parse_period(self.period))

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def is_past_deadline(self, today: date | None = None) -> bool:
        return (today or timezone.localdate()) > self.deadline


class Report(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        APPROVED = "approved", _("Lãnh đạo đơn vị đã duyệt")
        SUBMITTED = "submitted", _("Đã nộp, chờ xem xét")
        RETURNED = "returned", _("Bị trả lại")
        ACCEPTED = "accepted", _("Đã chấp nhận")

    EDITABLE = (Status.DRAFT, Status.RETURNED)
    DONE = (Status.SUBMITTED, Status.ACCEPTED)

    round = models.ForeignKey(Round, verbose_name=_("đợt báo cáo"), on_delete=models.CASCADE, related_name="reports")
    agency = models.ForeignKey(Agency, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="reports")
    status = models.CharField(_("tình trạng"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # Optimistic concurrency: every saved change of the content raises it; a save made from an older version
    # is refused, so two people editing one draft never overwrite each other unseen.
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    last_saved_at = models.DateTimeField(_("lần lưu gần nhất"), null=True, blank=True)
    last_saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người lưu gần nhất"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    approved_at = models.DateTimeField(_("thời điểm duyệt"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người duyệt"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    # Timeliness is judged on the first submission: a report returned for correction is not late for that.
    first_submitted_at = models.DateTimeField(_("nộp lần đầu"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("thời điểm nộp"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nộp"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("thời điểm chấp nhận"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người chấp nhận"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    reopen_reason = models.TextField(_("lý do mở lại"), blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("số lần mở lại"), default=0)

    class Meta:
        verbose_name = _("báo cáo của đơn vị")
        verbose_name_plural = _("báo cáo của đơn vị")
        ordering = ["round", "agency__name"]
        constraints = [models.UniqueConstraint(fields=["round", "agency"], name="one_report_per_agency_per_round")]

    def __str__(self) -> str:
        return f"{self.round.title} — {self.agency.name}"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def is_late(self) -> bool:
        """Submitted (the first time) after the deadline."""
        if self.first_submitted_at is None:
            return False
        return timezone.localtime(self.first_submitted_at).date() > self.round.deadline

    def days_late(self, today: date | None = None) -> int:
        """Days after the deadline: of the first submission; else until today, or until the round was closed."""
        if self.first_submitted_at is not None:
            day = timezone.localtime(self.first_submitted_at).date()
        elif self.round.closed_at is not None:
            day = timezone.localtime(self.round.closed_at).date()
        else:
            day = today or timezone.localdate()
        return max(0, (day - self.round.deadline).days)

    def is_overdue(self, today: date | None = None) -> bool:
        """Not yet submitted and the deadline has passed."""
        return self.first_submitted_at is None and self.round.is_past_deadline(today)

    @property
    def is_started(self) -> bool:
        return self.last_saved_at is not None or self.status != self.Status.DRAFT


class IndicatorLine(models.Model):
    """The value an agency reports for one indicator it leads."""

    class Kind(models.TextChoices):
        ESTIMATE = IndicatorValue.Kind.ESTIMATE.value, _("Ước thực hiện (ƯTH)")
        ACTUAL = IndicatorValue.Kind.ACTUAL.value, _("Thực hiện (TH)")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="indicator_lines")
    indicator = models.ForeignKey(Indicator, verbose_name=_("chỉ tiêu"), on_delete=models.PROTECT, related_name="+")
    order = models.PositiveIntegerField(default=0)
    kind = models.CharField(_("loại số liệu"), max_length=10, choices=Kind.choices, default=Kind.ESTIMATE)
    value_text = models.CharField(_("giá trị"), max_length=200, blank=True)
    op = models.CharField(_("dạng"), max_length=12, choices=Op.choices, blank=True)
    low = models.DecimalField(_("cận dưới"), **DECIMAL)
    high = models.DecimalField(_("cận trên"), **DECIMAL)
    note = models.TextField(_("ghi chú, đánh giá"), blank=True)
    source = models.CharField(_("nguồn số liệu"), max_length=300, blank=True)
    # The indicator value of record this line became when the report was accepted.
    recorded_value = models.ForeignKey(
        IndicatorValue, null=True, blank=True, on_delete=models.SET_NULL, related_name="report_lines",
    )
    # The other confirmed members of the indicator's series this report would have asked for too: the line asks
    # once for all (services.rounds._reports_create) and acceptance records the value for each (docs/series.md).
    also_for = models.ManyToManyField(
        Indicator, verbose_name=_("dùng chung cho chỉ tiêu"), through="SharedLine", related_name="+", blank=True,
    )

    class Meta:
        verbose_name = _("dòng chỉ tiêu của báo cáo")
        verbose_name_plural = _("dòng chỉ tiêu của báo cáo")
        ordering = ["report", "order"]
        constraints = [models.UniqueConstraint(fields=["report", "indicator"], name="one_line_per_indicator")]

    def __str__(self) -> str:
        return f"{self.report.agency.name}: {self.indicator.name[:80]}"

    @property
    def text(self) -> str:  # the quantity filter reads these names
        return self.value_text


class SharedLine(models.Model):
    """One more indicator an indicator line reports for: another document's row of the same series, asked once.
    Holds the value of record acceptance wrote for that row, as the line holds its own (`recorded_value`), so a
    reopened and corrected report updates or removes it."""

    line = models.ForeignKey(IndicatorLine, on_delete=models.CASCADE, related_name="shares")
    indicator = models.ForeignKey(Indicator, verbose_name=_("chỉ tiêu"), on_delete=models.PROTECT, related_name="+")
    recorded_value = models.ForeignKey(
        IndicatorValue, null=True, blank=True, on_delete=models.SET_NULL, related_name="report_line_shares",
    )

    class Meta:
        verbose_name = _("chỉ tiêu dùng chung số liệu của dòng")
        verbose_name_plural = _("chỉ tiêu dùng chung số liệu của dòng")
        ordering = ["line", "id"]
        constraints = [models.UniqueConstraint(fields=["line", "indicator"], name="one_share_per_line_indicator")]

    def __str__(self) -> str:
        return f"{self.line_id} → {self.indicator_id}"


class TaskLine(models.Model):
    """The progress an agency reports on a task it leads, or its contribution to one it coordinates."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Chủ trì")
        COORDINATING = "coordinating", _("Phối hợp")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="task_lines")
    task = models.ForeignKey(Task, verbose_name=_("nhiệm vụ"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("vai trò"), max_length=12, choices=Role.choices)
    order = models.PositiveIntegerField(default=0)
    status = models.CharField(_("tình trạng"), max_length=12, choices=Task.Status.choices, blank=True)
    percent = models.PositiveSmallIntegerField(_("tỷ lệ hoàn thành (%)"), null=True, blank=True)
    done_text = models.TextField(_("kết quả đã thực hiện"), blank=True)
    difficulties = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    contribution = models.TextField(_("nội dung phối hợp đã thực hiện"), blank=True)
    # Progress the lead agency reports per step of the task's framework plan, by step id ({"12": 60}): only steps
    # whose figure it changed in this report. The steps take them when the report is accepted (reporting/steps.py).
    step_progress = models.JSONField(_("tiến độ từng bước (%)"), default=dict, blank=True)

    class Meta:
        verbose_name = _("dòng nhiệm vụ của báo cáo")
        verbose_name_plural = _("dòng nhiệm vụ của báo cáo")
        ordering = ["report", "role", "order"]
        constraints = [
            models.UniqueConstraint(fields=["report", "task"], name="one_line_per_task"),
            models.CheckConstraint(condition=models.Q(percent__lte=100), name="percent_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.report.agency.name}: {self.task.key}. {self.task.title[:70]}"


def own_columns(model: type[models.Model]) -> list[str]:
    """Every column of the model's own rows, by name: with the few a query reads of the rows it joins, what it
    gives `only()`. A line's indicator or task has a score of columns (search keys, texts as the plan wrote them)
    of which its readers use a handful, and converting the rest for every line cost more than the query (issue 14)."""
    return [field.name for field in model._meta.concrete_fields]


def evidence_path(instance: Evidence, filename: str) -> str:
    report = instance.line.report
    extension = os.path.splitext(filename)[1].lower()
    return f"minh-chung/{report.round_id}/{report.pk}/{instance.line_id}-{timezone.now():%Y%m%d%H%M%S%f}{extension}"


class Evidence(models.Model):
    """A file attached to a task line (a decision, a report, photos), checked for type and size."""

    line = models.ForeignKey(TaskLine, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("tệp"), upload_to=evidence_path, max_length=300)
    name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    content_type = models.CharField(_("loại tệp"), max_length=100)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    uploaded_at = models.DateTimeField(_("thời điểm tải lên"), default=timezone.now)
    # Removing a file from a report keeps it on record (the audit trail and an accepted report may name it).
    removed_at = models.DateTimeField(_("thời điểm gỡ"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("tệp minh chứng")
        verbose_name_plural = _("tệp minh chứng")
        ordering = ["line", "uploaded_at"]

    def __str__(self) -> str:
        return self.name


class Revision(models.Model):
    """The editable content of a report at one version: the base a stale save is compared against."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField()
    data = models.JSONField()
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("phiên bản báo cáo")
        verbose_name_plural = _("phiên bản báo cáo")
        ordering = ["report", "version"]
        constraints = [models.UniqueConstraint(fields=["report", "version"], name="one_revision_per_version")]

    def __str__(self) -> str:
        return f"{self.report_id} v{self.version}"


class Action(models.Model):
    """The action log: every transition of a round or a report, every comment, with who and when."""

    class Kind(models.TextChoices):
        OPEN = "open", _("Mở đợt báo cáo")
        CLOSE = "close", _("Tổng hợp, khóa đợt")
        DEADLINE = "deadline", _("Đổi hạn nộp")
        CREATE = "create", _("Tạo báo cáo")
        SAVE = "save", _("Lưu")
        # Not a move: the report stays as it is; the agency's heads are told it waits for them (approval.py).
        REQUEST_APPROVAL = "request_approval", _("Trình lãnh đạo đơn vị duyệt")
        APPROVE = "approve", _("Lãnh đạo đơn vị duyệt")
        WITHDRAW = "withdraw", _("Rút lại để sửa")
        SUBMIT = "submit", _("Nộp báo cáo")
        RETURN = "return", _("Trả lại")
        ACCEPT = "accept", _("Chấp nhận")
        REOPEN = "reopen", _("Mở lại báo cáo đã chấp nhận")
        COMMENT = "comment", _("Ý kiến")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="actions")
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField(_("hành động"), max_length=20, choices=Kind.choices)
    from_status = models.CharField(_("từ"), max_length=10, blank=True)
    to_status = models.CharField(_("sang"), max_length=10, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    actor_label = models.CharField(_("người thực hiện"), max_length=150, blank=True)
    at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    comment = models.TextField(_("nội dung, lý do"), blank=True)
    # For an acceptance: the content accepted, so later pages can show what changed since; for a request for
    # approval: the version asked about and the heads told.
    data = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = _("nhật ký xử lý")
        verbose_name_plural = _("nhật ký xử lý")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.actor_label} {self.at:%d/%m/%Y %H:%M}"

    @staticmethod
    def status_label(value: str) -> str:
        if value in Report.Status.values:
            return Report.Status(value).label
        return Round.Status(value).label if value in Round.Status.values else value

    @property
    def from_label(self) -> str:
        return self.status_label(self.from_status)

    @property
    def to_label(self) -> str:
        return self.status_label(self.to_status)


class Reminder(models.Model):
    """One reminder (or the escalation) sent about one report; the stage makes sending idempotent."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("Nhắc trước hạn")
        AFTER = "after", _("Nhắc quá hạn")
        ESCALATION = "escalation", _("Báo cáo lãnh đạo phụ trách")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    stage = models.CharField(_("mốc"), max_length=30)
    sent_at = models.DateTimeField(_("thời điểm gửi"), default=timezone.now)
    recipients = models.PositiveSmallIntegerField(_("số người nhận"), default=0)

    class Meta:
        verbose_name = _("lần nhắc")
        verbose_name_plural = _("lần nhắc")
        ordering = ["report", "sent_at"]
        constraints = [models.UniqueConstraint(fields=["report", "stage"], name="one_reminder_per_stage")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.stage}"


class Chase(models.Model):
    """One reminder (or the escalation) sent about a task's due date or its framework plan's; the stage makes
    sending idempotent, and the rows count how many times a task was chased."""

    class Subject(models.TextChoices):
        TASK = "task", _("Nhiệm vụ")
        FRAMEWORK_PLAN = "framework_plan", _("Kế hoạch khung")

    Kind = Reminder.Kind

    task = models.ForeignKey("registry.Task", on_delete=models.CASCADE, related_name="chases")
    subject = models.CharField(_("nhắc về"), max_length=14, choices=Subject.choices)
    due = models.DateField(_("hạn"))
    kind = models.CharField(_("loại"), max_length=10, choices=Reminder.Kind.choices)
    stage = models.CharField(_("mốc"), max_length=30)
    sent_at = models.DateTimeField(_("thời điểm gửi"), default=timezone.now)
    recipients = models.PositiveSmallIntegerField(_("số người nhận"), default=0)

    class Meta:
        verbose_name = _("lần nhắc nhiệm vụ")
        verbose_name_plural = _("lần nhắc nhiệm vụ")
        ordering = ["task", "sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["task", "subject", "due", "stage"], name="one_chase_per_stage"),
        ]

    def __str__(self) -> str:
        return f"{self.get_subject_display()} {self.task_id} {self.stage}"


class Notification(models.Model):
    """A message in the app (and by email when the account has an address)."""

    class Kind(models.TextChoices):
        REMINDER = "reminder", _("Nhắc hạn")
        ESCALATION = "escalation", _("Báo cáo chậm")
        APPROVAL_REQUESTED = "request_approval", _("Báo cáo chờ lãnh đạo đơn vị duyệt")
        APPROVED = "approved", _("Báo cáo đã được lãnh đạo đơn vị duyệt")
        SUBMITTED = "submitted", _("Báo cáo đã nộp")
        RETURNED = "returned", _("Báo cáo bị trả lại")
        ACCEPTED = "accepted", _("Báo cáo được chấp nhận")
        REOPENED = "reopened", _("Báo cáo được mở lại")
        ROUND = "round", _("Đợt báo cáo mới")
        CHASE = "chase", _("Nhắc nhiệm vụ")
        FRAMEWORK = "framework", _("Kế hoạch khung")
        JOB = "job", _("Việc chạy nền xong")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    report = models.ForeignKey(Report, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications")
    round = models.ForeignKey(Round, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications")
    subject = models.CharField(_("tiêu đề"), max_length=300)
    body = models.TextField(_("nội dung"))
    # The subject and body as source words and values (reporting/texts.py), translated for whoever reads them;
    # `subject` and `body` are the same in the language of the moment it was sent (emails, older notifications).
    message = models.JSONField(_("nội dung theo ngôn ngữ"), default=dict, blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(_("thời điểm"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("đã đọc lúc"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("đã gửi thư lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.subject

    @property
    def shown_subject(self) -> str:
        """The subject in the reader's language, when it was kept as source words (reporting/texts.py)."""
        return shown(self.message["subject"], self.subject) if self.message.get("subject") else self.subject

    @property
    def shown_body(self) -> str:
        return shown(self.message["body"], self.body) if self.message.get("body") else self.body
