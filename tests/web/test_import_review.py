"""The review page of an import: nothing saved from an empty reading, confidence shown, a column's meaning fixed
once for a whole table (the original read again), sources of table rows, OCR pages."""

import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from planwatch.audit.models import AuditEntry
from planwatch.registry.models import Document, ImportDraft

from tests.web.import_documents import BLOCKS_PLAN, HEADER_ONLY, HTML_IN_TEXT

pytestmark = pytest.mark.django_db


def _paste(client, user, text):
    client.force_login(user)
    response = client.post(reverse("import"), {"text": text})
    draft = ImportDraft.objects.filter(owner=user).latest("pk")
    assert response["Location"] == reverse("import-review", args=[draft.pk])
    return draft, response["Location"]


def test_an_empty_reading_is_explained_and_offers_no_save(client, reviewer):
    draft, url = _paste(client, reviewer, HEADER_ONLY)
    html = client.get(url).content.decode()
    assert 'id="nothing-read"' in html
    assert "Không đọc được chỉ tiêu hay nhiệm vụ nào" in html
    assert "Tìm thấy dòng tiêu đề của một bảng (dòng 7) nhưng không đọc được dòng nào" in html
    assert "Lưu vào danh mục" not in html and 'value="save"' not in html
    assert "Hủy bản nhập" in html
    # the table whose header was found can still have its columns fixed
    assert 'id="bang-1"' in html and 'name="col-1-1"' in html
    # a save forced through the form is refused by the service, in Vietnamese
    html = client.post(url, {"action": "save", "doc-id": "90-kh-ubnd"}, follow=True).content.decode()
    assert "không có gì để lưu vào danh mục" in html
    assert not Document.objects.filter(slug="90-kh-ubnd").exists()
    draft.refresh_from_db()
    assert draft.status == ImportDraft.Status.REVIEW


def test_a_reading_with_rows_offers_the_save(client, reviewer):
    _, url = _paste(client, reviewer, BLOCKS_PLAN)
    html = client.get(url).content.decode()
    assert 'id="nothing-read"' not in html and 'value="save"' in html


def test_each_table_shows_how_it_was_read_and_a_labelled_select_per_column(client, reviewer):
    _, url = _paste(client, reviewer, BLOCKS_PLAN)
    html = client.get(url).content.decode()
    assert "Bảng 1: chỉ tiêu" in html and "Bảng 2: nhiệm vụ" in html
    assert "Cách trình bày: mỗi ô một dòng" in html
    assert "Độ tin cậy: 100%" in html and "Số dòng: 6" in html and "Số dòng: 4" in html
    assert "Dòng chưa chắc chắn: 0" in html
    assert 'href="#line-9"' in html  # the table's header in the source
    # every select has its label; the current meaning is selected, with its period
    for t, width in ((1, 5), (2, 5)):
        for j in range(width):
            assert f'<label for="col-{t}-{j}">' in html and f'id="col-{t}-{j}"' in html
    select = html.split('id="col-1-3"')[1].split("</select>")[0]
    assert '<option value="plan" selected>' in select
    assert 'name="period-1-3" value="2025"' in html


def test_an_uncertain_row_shows_its_confidence_and_reasons(client, reviewer):
    draft, url = _paste(client, reviewer, BLOCKS_PLAN)
    data = draft.data
    data["indicators"][2]["confidence"] = 0.45
    data["indicators"][2]["reasons"] = ["ô 'Đơn vị tính' không giống nội dung cột"]
    data["tasks"][1]["confidence"] = 0.69
    data["tasks"][1]["reasons"] = ["hàng thiếu ô, đã căn theo tiêu đề"]
    draft.data = data
    draft.save(update_fields=["data"])
    html = client.get(url).content.decode()
    row = html.split('data-key="3"')[1].split("</tr>")[0]
    assert "Độ tin cậy 45%" in row and "ô &#x27;Đơn vị tính&#x27; không giống nội dung cột" in row
    assert "Độ tin cậy 69%" in html and "hàng thiếu ô, đã căn theo tiêu đề" in html
    assert html.count("row-confidence") == 2  # rows at 0.7 or more show nothing
    assert "uncertain" in html.split('data-key="3"')[0].rsplit("<tr", 1)[1]  # the row is highlighted
    assert "uncertain" not in html.split('data-key="2"')[0].rsplit("<tr", 1)[1]


def test_changing_a_columns_meaning_reads_the_original_again(client, reviewer):
    draft, url = _paste(client, reviewer, BLOCKS_PLAN)
    assert draft.source_file and draft.data["indicators"][0]["values"][0]["kind"] == "plan"
    entries = AuditEntry.objects.count()
    fields = {"action": "columns", "table": "1", **{f"col-1-{j}": m for j, m in enumerate(
        ["tt", "name", "unit", "target", "lead"])}, "period-1-3": "2025"}
    response = client.post(url, fields, follow=True)
    html = response.content.decode()
    assert "Đã đọc lại văn bản gốc với nghĩa cột đã chọn cho bảng 1: 6 chỉ tiêu, 4 nhiệm vụ." in html
    draft.refresh_from_db()
    assert draft.status == ImportDraft.Status.REVIEW
    first = draft.data["indicators"][0]
    assert first["values"] == [] and first["targets"][0]["horizon"] == "2025" and first["targets"][0]["text"] == "8"
    assert draft.data["column_choices"] == {"1": {"3": "Chỉ tiêu (mục tiêu) năm 2025"}}
    column = draft.data["tables"][0]["columns"][3]
    assert column["read_header"] == "Kế hoạch năm 2025" and column["role"] == "target"
    assert '<option value="target" selected>' in html.split('id="col-1-3"')[1].split("</select>")[0]
    assert "Kế hoạch năm 2025" in html  # the header as the document writes it stays shown
    entry = AuditEntry.objects.filter(reason="đọc lại văn bản với nghĩa cột đã chọn").get()
    assert entry.field == "columns" and "bảng 1, cột 4: Chỉ tiêu (mục tiêu) năm 2025" in entry.new_value
    assert AuditEntry.objects.count() == entries + 1  # the counts read did not change: one field changed
    # a second table's choice adds to the first
    client.post(url, {"action": "columns", "table": "2", "col-2-3": "other"})
    draft.refresh_from_db()
    assert draft.data["column_choices"] == {"1": {"3": "Chỉ tiêu (mục tiêu) năm 2025"}, "2": {"3": ""}}
    assert draft.data["indicators"][0]["targets"][0]["horizon"] == "2025"
    assert all(task["coordinating_text"] is None for task in draft.data["tasks"])
    assert draft.data["tables"][1]["columns"][3]["read_header"] == "Cơ quan phối hợp"
    # and the draft saves as reread
    client.post(url, {"action": "save", "doc-id": "45-kh-ubnd"})
    document = Document.objects.get(slug="45-kh-ubnd")
    assert document.indicators.count() == 6 and document.tasks.count() == 4


def test_a_meaning_with_a_period_needs_one(client, reviewer):
    draft, url = _paste(client, reviewer, BLOCKS_PLAN)
    before = draft.data
    html = client.post(url, {"action": "columns", "table": "1", "col-1-3": "actual", "period-1-3": "năm ngoái"},
                       follow=True).content.decode()
    assert "Hãy ghi năm hoặc giai đoạn" in html and "Kế hoạch năm 2025" in html
    draft.refresh_from_db()
    assert draft.data == before


def test_nothing_changed_reads_nothing_again(client, reviewer):
    draft, url = _paste(client, reviewer, BLOCKS_PLAN)
    html = client.post(url, {"action": "columns", "table": "1", "col-1-3": "plan", "period-1-3": "2025"},
                       follow=True).content.decode()
    assert "Không cột nào đổi nghĩa" in html
    assert not AuditEntry.objects.filter(reason="đọc lại văn bản với nghĩa cột đã chọn").exists()


def test_rows_of_an_html_table_in_text_link_to_their_source(client, reviewer):
    _, url = _paste(client, reviewer, HTML_IN_TEXT)
    html = client.get(url).content.decode()
    assert 'href="#table-1-row-2"' in html and 'id="table-1-row-2"' in html
    assert 'id="line-7"' in html  # the text lines are there too, the table's rows after the line before it
    assert html.index('id="line-7"') < html.index('id="table-1-row-2"') < html.index('id="line-8"')


def test_the_review_page_runs_a_bounded_number_of_queries(client, reviewer, django_assert_max_num_queries):
    _, url = _paste(client, reviewer, BLOCKS_PLAN)
    with django_assert_max_num_queries(8):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(20):  # the register as the parser's directories, the draft, the trail
        client.post(url, {"action": "columns", "table": "1", "col-1-3": "target", "period-1-3": "2025"})


def _pdf(pages: int) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    for n in range(1, pages + 1):
        pdf.add_page()
        pdf.set_font("helvetica", size=20)
        pdf.cell(text=f"Trang {n}")
    return bytes(pdf.output())


def test_an_ocr_reading_is_flagged_and_its_pages_are_shown(client, reviewer, outsider):
    # A reading as the OCR reader gives it: a PDF whose table rows stand on pages, `ocr` set.
    draft, _ = _paste(client, reviewer, HTML_IN_TEXT)
    draft.data = {**draft.data, "reading": {"format": "pdf", "ocr": True, "pages": [1, 2]}}
    draft.source_lines = [{**line, "page": 2} for line in draft.source_lines if line["ref"].startswith("table-")]
    draft.save()
    draft.source_file.save("scan.pdf", ContentFile(_pdf(2)))
    client.force_login(reviewer)
    html = client.get(reverse("import-review", args=[draft.pk])).content.decode()
    assert "Đọc bằng nhận dạng ký tự (OCR): độ tin cậy thấp hơn, hãy đối chiếu với ảnh trang" in html
    image_url = reverse("import-page", args=[draft.pk, 2])
    assert f'src="{image_url}"' in html and "Ảnh trang 2" in html
    response = client.get(image_url)
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    from PIL import Image

    assert Image.open(io.BytesIO(response.content)).size[0] > 500
    assert client.get(reverse("import-page", args=[draft.pk, 3])).status_code == 404
    client.force_login(outsider)
    assert client.get(image_url).status_code == 404


def test_a_text_reading_has_no_ocr_notice_nor_page_images(client, reviewer):
    _, url = _paste(client, reviewer, BLOCKS_PLAN)
    html = client.get(url).content.decode()
    assert "ocr-notice" not in html and "trang-1.png" not in html
