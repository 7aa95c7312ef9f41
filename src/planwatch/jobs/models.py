"""A piece of round-wide work run away from the request that asked for it (docs/scaling.md)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def job_file_path(job: Job, filename: str) -> str:
    return f"viec/{timezone.now():%Y/%m}/{uuid.uuid4().hex}-{filename}"


class Job(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang chạy")
        DONE = "done", _("Đã xong")
        FAILED = "failed", _("Không thành công")

    kind = models.CharField(_("loại việc"), max_length=40)
    title = models.CharField(_("việc"), max_length=300)
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người yêu cầu"), null=True, on_delete=models.SET_NULL, related_name="+",
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(_("đã làm"), default=0)
    total = models.PositiveIntegerField(_("tổng"), default=0)
    # What came of it, or why it failed, in words for the person who asked.
    message = models.TextField(_("kết quả"), blank=True)
    result_url = models.CharField(_("trang kết quả"), max_length=300, blank=True)
    result_file = models.FileField(_("tệp kết quả"), upload_to=job_file_path, max_length=300, blank=True)
    created_at = models.DateTimeField(_("thời điểm yêu cầu"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    # Renewed while the job runs (services._Heartbeat); a running job whose heartbeat stopped was left by a dead
    # process (services.jobs_reap).
    heartbeat_at = models.DateTimeField(_("còn chạy lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("việc chạy nền")
        verbose_name_plural = _("việc chạy nền")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)
