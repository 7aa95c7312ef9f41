"""The agencies' scorecards file as a job (planwatch.jobs): a year of every agency's tasks is a minute's work at
national scale, too long for the request that asks."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from planwatch.jobs.models import Job
from planwatch.jobs.services import JobRefused, Outcome, Progress, job_kind
from planwatch.reports.periods import ReportError
from planwatch.reports.scorecards import scorecard_report
from planwatch.reports.writers import render as render_file

SCORECARDS_FILE = "scorecards_file"


@job_kind(SCORECARDS_FILE)
def scorecards_file_job(job: Job, progress: Progress) -> Outcome:
    progress(0, 2)
    try:
        report = scorecard_report(user=job.requested_by, year=job.params["year"])
        progress(1, 2)
        rendered = render_file(report, job.params["format"])
    except ReportError as error:
        raise JobRefused(str(error)) from error
    return Outcome(
        message=_("Đã tạo tệp %(name)s.") % {"name": rendered.filename},
        file_name=rendered.filename, file=ContentFile(rendered.content),
    )
