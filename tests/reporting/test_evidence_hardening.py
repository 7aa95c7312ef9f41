"""Evidence files under pressure: a file over the limit is dropped while it arrives, a request too large for one
save is refused unread, a removed file no longer downloads, and a download is always an inert attachment.

The big upload is streamed to the page from a file on disk, as a browser sends it, so what the server holds is
measured apart from what the test holds: the bytes in the upload temporary folder while the body is read
(sampled at every read) and the Python memory the request allocates (tracemalloc).
"""

import tracemalloc
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from planwatch.reporting.models import Evidence, TaskLine
from planwatch.reporting.services import content_of, report_save

pytestmark = pytest.mark.django_db

MB = 1024 * 1024
PDF = b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
BOUNDARY = "----planwatch-test-boundary"


def lead_line(report) -> TaskLine:
    return report.task_lines.filter(role=TaskLine.Role.LEAD).order_by("order").first()


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir() if p.is_file())


class BodyFromDisk:
    """wsgi.input reading the request body from a file, noting the bytes read and, at each read, how many
    bytes the server keeps in the upload temporary folder."""

    def __init__(self, path: Path, watched: Path | None = None):
        self.handle = path.open("rb")
        self.watched = watched
        self.read_bytes = 0
        self.most_on_disk = 0

    def read(self, size=-1):
        if self.watched is not None:
            self.most_on_disk = max(self.most_on_disk, folder_bytes(self.watched))
        data = self.handle.read(size)
        self.read_bytes += len(data)
        return data

    def readline(self, size=-1):
        data = self.handle.readline(size)
        self.read_bytes += len(data)
        return data


def write_body(path: Path, fields: dict[str, str], file_field: str, filename: str, head: bytes, size: int) -> int:
    """A multipart body with the form's fields and one file of `size` bytes, written in pieces."""
    with path.open("wb") as out:
        for name, value in fields.items():
            out.write(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
        out.write(f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="{file_field}"; filename="{filename}"\r\n'
                  f"Content-Type: image/png\r\n\r\n".encode())
        out.write(head)
        block = b"\0" * MB
        left = size - len(head)
        while left > 0:
            out.write(block[:left])
            left -= min(left, MB)
        out.write(f"\r\n--{BOUNDARY}--\r\n".encode())
    return path.stat().st_size


def streamed(stream: BodyFromDisk, length: int) -> dict:
    """The WSGI environment of a body read from `stream` (the test client would build it in memory)."""
    return {"wsgi.input": stream, "CONTENT_LENGTH": str(length),
            "CONTENT_TYPE": f"multipart/form-data; boundary={BOUNDARY}"}


def form_fields(report) -> dict[str, str]:
    fields = {"version": str(report.version)}
    for key, values in content_of(report).items():
        for name, value in values.items():
            fields[f"{key}-{name}"] = value
    return fields


def test_a_30_mb_upload_is_refused_without_being_kept_whole(client, officer, health_report, settings, tmp_path):
    assert settings.PLANWATCH_EVIDENCE_MAX_BYTES == 10 * MB
    temporary = tmp_path / "upload-tmp"
    temporary.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(temporary)
    line = lead_line(health_report)
    body = tmp_path / "body"
    length = write_body(body, form_fields(health_report), f"t{line.pk}-evidence", "anh-chup.png",
                        b"\x89PNG\r\n\x1a\n", 30 * MB)
    stream = BodyFromDisk(body, watched=temporary)
    client.force_login(officer)

    tracemalloc.start()
    try:
        response = client.generic(
            "POST", reverse("reporting:report", args=[health_report.pk]), b"",
            **streamed(stream, length),
        )
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert response.status_code == 200
    html = response.content.decode()
    assert "Tệp “anh-chup.png” nặng 30,0 MB, vượt giới hạn 10,0 MB." in html
    assert "Tệp đính kèm chưa được lưu" in html
    # The body was read (the connection stays usable), but never more than the limit of the file was kept ...
    assert stream.read_bytes == length
    assert stream.most_on_disk <= 10 * MB + 64 * 1024
    assert folder_bytes(temporary) == 0  # ... and what was kept is gone
    # ... nor held in memory: the whole request, page rendering included, allocated less than the limit
    # (about 6 MB, most of it the page; reading the file into memory would add 30 MB).
    assert peak < 10 * MB
    assert not Evidence.objects.filter(line=line).exists()
    health_report.refresh_from_db()
    assert health_report.version == 1


def test_a_file_within_the_limit_still_arrives_whole(client, officer, health_report, settings, tmp_path):
    settings.PLANWATCH_EVIDENCE_MAX_BYTES = 3 * MB
    line = lead_line(health_report)
    body = tmp_path / "body"
    length = write_body(body, form_fields(health_report), f"t{line.pk}-evidence", "so-do.png",
                        b"\x89PNG\r\n\x1a\n", 3 * MB)
    client.force_login(officer)
    response = client.generic(
        "POST", reverse("reporting:report", args=[health_report.pk]), b"",
        **streamed(BodyFromDisk(body), length),
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get(line=line)
    assert (evidence.name, evidence.size, evidence.content_type) == ("so-do.png", 3 * MB, "image/png")
    assert evidence.file.size == 3 * MB


def test_a_request_too_large_for_one_save_is_refused_unread(client, officer, health_report, settings, tmp_path):
    settings.PLANWATCH_EVIDENCE_MAX_BYTES = 100 * 1024
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100 * 1024  # one save may carry 5 × 100 KB + 100 KB
    line = lead_line(health_report)
    body = tmp_path / "body"
    length = write_body(body, form_fields(health_report), f"t{line.pk}-evidence", "anh.png",
                        b"\x89PNG\r\n\x1a\n", 2 * MB)
    stream = BodyFromDisk(body)
    client.force_login(officer)
    url = reverse("reporting:report", args=[health_report.pk])
    response = client.generic("POST", url, b"", **streamed(stream, length))
    assert response.status_code == 302 and response["Location"] == url
    assert stream.read_bytes == 0
    html = client.get(url).content.decode()
    assert "vượt mức 600 KB cho một lần lưu (mỗi tệp tối đa 100 KB)" in html
    assert not Evidence.objects.filter(line=line).exists()


def attach(report, name="quyết định 12.pdf", content=PDF):
    line = lead_line(report)
    upload = SimpleUploadedFile(name, content, content_type="text/html")  # what the browser claims is ignored
    report_save(report=report, actor="planwatch", version=report.version, content=content_of(report),
                files={f"t{line.pk}": [upload]})
    report.refresh_from_db()
    return Evidence.objects.filter(line=line).latest("pk")


def test_a_removed_file_no_longer_downloads_but_stays_on_record(client, officer, reviewer, health_report):
    evidence = attach(health_report)
    url = reverse("reporting:evidence", args=[evidence.pk])
    client.force_login(officer)
    assert client.get(url).status_code == 200
    report_save(report=health_report, actor=officer, version=health_report.version,
                content=content_of(health_report), remove_evidence=[evidence.pk])
    evidence.refresh_from_db()
    assert evidence.removed_at is not None
    assert client.get(url).status_code == 404
    client.force_login(reviewer)
    assert client.get(url).status_code == 404
    # Kept in storage for the audit trail (an accepted report may have named it), just not served.
    assert evidence.file.storage.exists(evidence.file.name)


def test_only_those_who_may_read_the_line_download(client, outsider, other_officer, officer, health_report):
    evidence = attach(health_report)
    url = reverse("reporting:evidence", args=[evidence.pk])
    assert client.get(url).status_code == 302  # to the sign-in page
    for user in (outsider, other_officer):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(officer)
    assert client.get(url).status_code == 200


def test_a_download_is_an_inert_attachment_with_the_vietnamese_name(client, officer, health_report):
    evidence = attach(health_report)
    client.force_login(officer)
    response = client.get(reverse("reporting:evidence", args=[evidence.pk]))
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"  # from the checked extension, not the browser's claim
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote('quyết định 12.pdf')}"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]


def test_a_stored_name_carries_no_folder_and_no_control_character(client, officer, health_report):
    evidence = attach(health_report, name="../../etc/bao\r\ncao\t\"cuoi\".pdf")
    assert evidence.name == 'baocao"cuoi".pdf'
    report = evidence.line.report
    assert evidence.file.name.startswith(f"minh-chung/{report.round_id}/{report.pk}/{evidence.line_id}-")
    assert ".." not in evidence.file.name and evidence.file.name.endswith(".pdf")
    client.force_login(officer)
    response = client.get(reverse("reporting:evidence", args=[evidence.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="baocao\\"cuoi\\".pdf"'


def test_the_report_form_is_still_protected_against_cross_site_posts(officer, health_report):
    """The upload limit needs the view exempt from the CSRF middleware; the view protects itself instead."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    url = reverse("reporting:report", args=[health_report.pk])
    fields = form_fields(health_report)
    line = health_report.indicator_lines.order_by("order").first()
    fields[f"i{line.pk}-value"] = "77"
    assert client.post(url, fields).status_code == 403
    health_report.refresh_from_db()
    assert health_report.version == 1
    client.get(url)  # the page sets the CSRF cookie, as a browser would have it
    token = client.cookies["csrftoken"].value
    assert client.post(url, {**fields, "csrfmiddlewaretoken": token}).status_code == 302
    health_report.refresh_from_db()
    assert health_report.version == 2
