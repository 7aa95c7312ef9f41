"""Round-wide work as jobs (planwatch.jobs): started by a page, run once, its progress and outcome shown to the
person who asked and to no one else, a file to download when it makes one."""

import csv
from io import StringIO

import pytest
from django.urls import reverse
from django.utils import translation

from planwatch.audit.models import AuditEntry
from planwatch.jobs.models import Job
from planwatch.jobs.services import KINDS, JobRefused, Outcome, job_kind, job_run, job_start, live_progress
from planwatch.reporting.models import Notification, Round

pytestmark = pytest.mark.django_db


@pytest.fixture
def h1():
    return Round.objects.get(period="2024-H1", origin="manual")


@pytest.fixture
def test_kind():
    """A kind of the test's own, removed after it."""
    seen = {}

    @job_kind("test_kind")
    def run(job, progress):
        progress(1, 4)
        seen["midway"] = live_progress(Job.objects.get(pk=job.pk))
        if job.params.get("refuse"):
            raise JobRefused("Không có gì để làm.")
        if job.params.get("crash"):
            raise ZeroDivisionError
        progress(3, 4)
        return Outcome(message="Xong.", url="/ket-qua/")

    yield seen
    KINDS.pop("test_kind")


def _rows(content: bytes) -> list[list[str]]:
    return list(csv.reader(StringIO(content.decode("utf-8-sig"))))


def test_the_round_export_job_writes_the_file_the_direct_download_gives(client, reviewer, h1):
    client.force_login(reviewer)
    response = client.post(reverse("reporting:round-export-start", args=[h1.pk]))
    job = Job.objects.get(kind="round_export")
    assert response.url == reverse("jobs:job", args=[job.pk])
    page = client.get(response.url).content.decode()
    assert "Đã xong" in page and reverse("jobs:download", args=[job.pk]) in page
    kept = b"".join(client.get(reverse("jobs:download", args=[job.pk])).streaming_content)
    direct = client.get(reverse("reporting:round-export", args=[h1.pk])).getvalue()
    assert _rows(kept) == _rows(direct)
    assert len(_rows(kept)) > 10 and {"Sở Y tế", "Sở Công Thương"} <= {row[0] for row in _rows(kept)[1:]}
    job.refresh_from_db()
    assert job.status == "done" and job.done == job.total == h1.reports.count()
    told = Notification.objects.get(user=reviewer, kind="job")
    assert told.url == reverse("jobs:job", args=[job.pk]) and "dòng" in told.subject
    assert AuditEntry.objects.filter(object_id=str(job.pk), reason="yêu cầu việc chạy nền").exists()


def test_the_round_export_job_writes_in_the_language_it_was_asked_in(client, reviewer, h1):
    client.force_login(reviewer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    client.post(reverse("reporting:round-export-start", args=[h1.pk]))
    job = Job.objects.get(kind="round_export")
    kept = _rows(b"".join(client.get(reverse("jobs:download", args=[job.pk])).streaming_content))
    direct = _rows(client.get(reverse("reporting:round-export", args=[h1.pk])).getvalue())
    assert kept == direct
    with translation.override("en"):
        assert kept[0][0] == translation.gettext("Đơn vị") != "Đơn vị"


def test_a_job_is_seen_by_the_person_who_asked_only(client, reviewer, officer, outsider, h1):
    client.force_login(reviewer)
    client.post(reverse("reporting:round-export-start", args=[h1.pk]))
    job = Job.objects.get(kind="round_export")
    for other in (officer, outsider):
        client.force_login(other)
        assert client.get(reverse("jobs:job", args=[job.pk])).status_code == 404
        assert client.get(reverse("jobs:download", args=[job.pk])).status_code == 404
        assert job.title not in client.get(reverse("jobs:list")).content.decode()
    client.logout()
    assert client.get(reverse("jobs:job", args=[job.pk])).status_code == 302


def test_an_officer_s_export_job_holds_only_the_agency_s_report(client, officer, h1):
    client.force_login(officer)
    client.post(reverse("reporting:round-export-start", args=[h1.pk]))
    job = Job.objects.get(kind="round_export", requested_by=officer)
    kept = b"".join(client.get(reverse("jobs:download", args=[job.pk])).streaming_content)
    assert {row[0] for row in _rows(kept)[1:]} == {"Sở Y tế"}


def test_opening_a_round_runs_as_a_job_and_lands_on_the_round(client, reviewer, plan_2024):
    client.force_login(reviewer)
    response = client.post(reverse("reporting:round-open"), {
        "period": "2024-Q3", "deadline": "15/10/2024", "documents": [plan_2024.pk],
    })
    round = Round.objects.get(period="2024-Q3")
    assert response.url == reverse("reporting:round", args=[round.pk])
    job = Job.objects.get(kind="round_open")
    assert job.status == "done" and job.result_url == response.url and job.params["documents"] == [plan_2024.pk]
    assert "đơn vị có báo cáo" in client.get(response.url).content.decode()


def test_progress_is_seen_while_the_job_runs_and_a_job_runs_once(reviewer, test_kind):
    job = job_start(kind="test_kind", title="Thử", params={}, actor=reviewer)
    assert test_kind["midway"] == (1, 4)
    assert (job.status, job.message, job.result_url, job.done, job.total) == ("done", "Xong.", "/ket-qua/", 4, 4)
    assert job_run(job.pk) is None  # taken already: not run twice
    assert live_progress(job) == (4, 4)


def test_a_refused_job_says_why_and_a_crashed_one_says_it_failed(client, reviewer, test_kind):
    refused = job_start(kind="test_kind", title="Thử", params={"refuse": True}, actor=reviewer)
    assert (refused.status, refused.message) == ("failed", "Không có gì để làm.")
    crashed = job_start(kind="test_kind", title="Thử", params={"crash": True}, actor=reviewer)
    assert crashed.status == "failed" and "lỗi hệ thống" in crashed.message
    client.force_login(reviewer)
    page = client.get(reverse("jobs:job", args=[crashed.pk])).content.decode()
    assert "Không thành công" in page and "lỗi hệ thống" in page and 'http-equiv="refresh"' not in page


def test_a_waiting_job_s_page_refreshes_itself(client, reviewer):
    job = Job.objects.create(kind="round_export", title="Chờ", requested_by=reviewer)
    client.force_login(reviewer)
    page = client.get(reverse("jobs:job", args=[job.pk])).content.decode()
    assert 'http-equiv="refresh"' in page and "Đang chờ" in page and "<progress" in page


def test_an_unknown_kind_is_refused_before_anything_is_written(reviewer):
    with pytest.raises(ValueError):
        job_start(kind="no_such_kind", title="Thử", params={}, actor=reviewer)
    assert not Job.objects.exists()


def test_the_scorecards_file_job_makes_the_file_the_link_downloads(client, reviewer):
    from openpyxl import load_workbook
    from io import BytesIO

    client.force_login(reviewer)
    response = client.post(reverse("reports:scorecards-file"), {"year": "2024", "format": "xlsx"})
    job = Job.objects.get(kind="scorecards_file")
    assert response.url == reverse("jobs:job", args=[job.pk]) and job.status == "done"
    kept = b"".join(client.get(reverse("jobs:download", args=[job.pk])).streaming_content)
    direct = client.get(reverse("reports:scorecards"), {"year": "2024", "format": "xlsx"}).content
    rows = lambda data: [list(row) for row in load_workbook(BytesIO(data)).active.iter_rows(values_only=True)]  # noqa: E731
    assert rows(kept) == rows(direct) and len(rows(kept)) > 5


def test_the_scorecards_file_job_refuses_an_unknown_format(client, reviewer):
    client.force_login(reviewer)
    response = client.post(reverse("reports:scorecards-file"), {"year": "2024", "format": "exe"})
    assert response.status_code == 400 and not Job.objects.exists()
