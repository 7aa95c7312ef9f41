"""Round-wide work as jobs (planwatch.jobs): opening a round for every plan, and the round's CSV export written to a
file row by row. Each tells the person who asked in a notification when it is done."""

from __future__ import annotations

import tempfile
from datetime import date

from django.core.files import File
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_noop

from planwatch.jobs.models import Job
from planwatch.jobs.services import JobRefused, Outcome, Progress, job_kind
from planwatch.registry.models import Document
from planwatch.reporting import exports, services
from planwatch.reporting.access import round_get_for_user
from planwatch.reporting.models import Notification
from planwatch.reporting.texts import Text
from planwatch.spreadsheets import write_csv

ROUND_OPEN = "round_open"
ROUND_EXPORT = "round_export"


def _tell(job: Job, subject: Text) -> None:
    if job.requested_by is not None:
        services.notify(
            users=[job.requested_by], kind=Notification.Kind.JOB, subject=subject, body=job.title,
            url=reverse("jobs:job", args=[job.pk]),
        )


@job_kind(ROUND_OPEN)
def round_open_job(job: Job, progress: Progress) -> Outcome:
    params = job.params
    documents = list(Document.objects.filter(pk__in=params["documents"]).order_by("pk"))
    progress(0, 1)
    try:
        round = services.round_open(
            period=params["period"], deadline=date.fromisoformat(params["deadline"]), documents=documents,
            actor=job.requested_by,
        )
    except services.ReportingError as exc:
        raise JobRefused(str(exc)) from exc
    progress(1, 1)
    told = Text(gettext_noop("Đã mở %(title)s: %(n)s đơn vị có báo cáo."),
                {"title": round.title, "n": round.reports.count()})
    _tell(job, told)
    message = str(told)
    return Outcome(message=message, url=reverse("reporting:round", args=[round.pk]))


@job_kind(ROUND_EXPORT)
def round_export_job(job: Job, progress: Progress) -> Outcome:
    round = round_get_for_user(job.requested_by, job.params["round"])
    # A file on disk, not a string: a round of 700 reports is tens of megabytes. The job service closes it.
    raw = tempfile.TemporaryFile("w+b")
    text = open(raw.fileno(), "w", encoding="utf-8", newline="", closefd=False)
    # The header is not a row of the round.
    with translation.override(job.params.get("language")):  # none for a job asked before the language was kept
        rows = write_csv(text, exports.export_csv_rows(user=job.requested_by, round=round, progress=progress),
                         bom=True) - 1
    text.close()
    raw.seek(0)
    told = Text(gettext_noop("Đã xuất %(rows)s dòng của %(title)s."), {"rows": rows, "title": round.title})
    _tell(job, told)
    message = str(told)
    return Outcome(message=message, file_name=f"dot-bao-cao-{round.pk}-{round.period}.csv", file=File(raw))
