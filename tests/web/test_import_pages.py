"""Importing through the pages: upload or paste, review beside the source, save, re-import."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from planwatch.registry.models import Agency, Document, ImportDraft

from tests.registry.test_importing import PLAN_183, SMALL_PLAN

pytestmark = pytest.mark.django_db


def test_only_the_planning_department_imports(client, officer, leader, outsider):
    for user in (officer, leader, outsider):
        client.force_login(user)
        assert client.get(reverse("import")).status_code == 404


def test_pasting_a_plan_opens_the_review_beside_the_source(client, reviewer):
    client.force_login(reviewer)
    response = client.post(reverse("import"), {"text": SMALL_PLAN})
    draft = ImportDraft.objects.get(owner=reviewer)
    assert response["Location"] == reverse("import-review", args=[draft.pk])
    html = client.get(response["Location"]).content.decode()
    assert 'name="task-0-title"' in html and "Số hóa hồ sơ địa chính" in html
    assert 'id="line-8"' in html and 'href="#line-8"' in html  # the row links to its source line
    assert "Trung tâm Số hóa Đất Việt" in html and 'id="unknown-agencies"' in html
    assert not Document.objects.filter(number="77/KH-UBND").exists()


def test_saving_with_an_unaccepted_agency_is_refused_and_keeps_the_edits(client, reviewer):
    client.force_login(reviewer)
    client.post(reverse("import"), {"text": SMALL_PLAN})
    draft = ImportDraft.objects.get(owner=reviewer)
    url = reverse("import-review", args=[draft.pk])
    response = client.post(url, {"action": "save", "doc-id": "77-kh-ubnd", "task-1-product": "Quyết định"}, follow=True)
    assert "Còn cơ quan chưa có trong danh mục" in response.content.decode()
    assert not Document.objects.filter(slug="77-kh-ubnd").exists()
    draft.refresh_from_db()
    assert draft.data["tasks"][1]["product"] == "Quyết định"
    response = client.post(url, {
        "action": "save", "doc-id": "77-kh-ubnd", "new-agency-1": "Trung tâm Số hóa Đất Việt", "new-kind-1": "institute",
    }, follow=True)
    assert "Đã lưu văn bản vào danh mục" in response.content.decode()
    document = Document.objects.get(slug="77-kh-ubnd")
    assert document.tasks.get(code="2").product == "Quyết định"
    assert Agency.objects.filter(name="Trung tâm Số hóa Đất Việt", kind="institute").exists()


def test_a_binary_file_is_refused_in_vietnamese_and_nothing_is_saved(client, reviewer):
    client.force_login(reviewer)
    upload = SimpleUploadedFile("anh.txt", bytes(range(256)) * 50, content_type="text/plain")
    html = client.post(reverse("import"), {"file": upload}).content.decode()
    assert "Không đọc được văn bản" in html and "Không có gì được lưu" in html
    assert ImportDraft.objects.count() == 0


@pytest.mark.parametrize("post, message", [
    ({}, "Hãy chọn một tệp hoặc dán nội dung văn bản."),
    ({"text": "   "}, "Hãy chọn một tệp hoặc dán nội dung văn bản."),
])
def test_an_empty_import_is_explained(client, reviewer, post, message):
    client.force_login(reviewer)
    assert message in client.post(reverse("import"), post).content.decode()


def test_a_file_of_another_type_is_refused(client, reviewer):
    client.force_login(reviewer)
    upload = SimpleUploadedFile("ke-hoach.zip", b"PK\x03\x04", content_type="application/zip")
    html = client.post(reverse("import"), {"file": upload}).content.decode()
    assert "Chỉ nhận tệp văn bản (.txt, .md), Word (.docx, .doc), Excel (.xlsx, .xls), PDF" in html


def test_a_damaged_pdf_is_taken_to_the_reader_and_refused_with_its_reason(client, reviewer):
    client.force_login(reviewer)
    upload = SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4", content_type="application/pdf")
    html = client.post(reverse("import"), {"file": upload}).content.decode()
    assert "Không đọc được văn bản" in html and "Không có gì được lưu" in html
    assert not ImportDraft.objects.exists()


def test_reimporting_plan_183_updates_it_and_lists_the_changes(client, reviewer, plan_183):
    client.force_login(reviewer)
    upload = SimpleUploadedFile("183.txt", PLAN_183.read_bytes(), content_type="text/plain")
    response = client.post(reverse("import"), {"file": upload})
    html = client.get(response["Location"]).content.decode()
    assert "Văn bản này đã có trong danh mục" in html
    draft = ImportDraft.objects.get(owner=reviewer)
    fields = {"action": "save", "doc-id": "183-kh-ubnd", "task-1-deadline": "Tháng 10/2021"}
    fields.update({f"new-agency-{n}": name for n, name in enumerate(_unknown(draft), start=1)})
    html = client.post(response["Location"], fields, follow=True).content.decode()
    assert "Đã cập nhật văn bản" in html and 'id="saved-result"' in html
    assert re.search(r"Sửa nhiệm vụ I\.2: .*deadline_text", html)
    assert Document.objects.filter(number="183/KH-UBND").count() == 1
    assert plan_183.tasks.get(code="2").due_dates.get().due.isoformat() == "2021-10-31"


def _unknown(draft):
    from planwatch.registry.importing import unknown_agencies

    return unknown_agencies(draft.data)


BAD = Path(__file__).resolve().parents[1] / "docparse" / "documents" / "bad"


@pytest.mark.parametrize("name", [
    "empty.txt", "binary.bin", "zip-bomb.docx", "xml-bomb.docx", "no-header.docx", "english.txt", "french.txt",
])
def test_bad_documents_are_refused_and_nothing_is_saved(client, reviewer, name):
    client.force_login(reviewer)
    documents, drafts = Document.objects.count(), ImportDraft.objects.count()
    filename = name if not name.endswith(".bin") else "binary.txt"
    upload = SimpleUploadedFile(filename, (BAD / name).read_bytes())
    response = client.post(reverse("import"), {"file": upload})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Không đọc được văn bản" in html or "Hãy chọn một tệp" in html
    assert (Document.objects.count(), ImportDraft.objects.count()) == (documents, drafts)
