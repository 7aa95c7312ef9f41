"""The reporting pages as their users read them: Vietnamese, nothing lost on bad input, bounded queries."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from planwatch.reporting.models import Evidence, Report, Round, TaskLine
from planwatch.reporting.services import content_of, report_save, report_transition

from .conftest import hanoi

pytestmark = pytest.mark.django_db


def form_data(report, **overrides):
    """The report form as the browser sends it, with the current content, then the overrides."""
    data = {"version": str(report.version)}
    for key, values in content_of(report).items():
        for name, value in values.items():
            data[f"{key}-{name}"] = value
    data.update(overrides)
    return data


def first_indicator(report):
    return report.indicator_lines.select_related("indicator").order_by("order").first()


def first_lead(report):
    return report.task_lines.filter(role=TaskLine.Role.LEAD).select_related("task").order_by("order").first()


def test_an_officer_sees_the_prefilled_form_in_vietnamese(client, officer, health_report):
    client.force_login(officer)
    html = client.get(reverse("reporting:report", args=[health_report.pk])).content.decode()
    assert "Chỉ tiêu đơn vị chủ trì" in html and "Nhiệm vụ đơn vị chủ trì" in html and "Nhiệm vụ đơn vị phối hợp" in html
    assert "Lưu báo cáo" in html
    line = first_indicator(health_report)
    assert f'name="i{line.pk}-value"' in html
    assert f'name="version" value="{health_report.version}"' in html
    assert "Sau khi lưu, lãnh đạo đơn vị duyệt báo cáo rồi mới nộp được." in html


def test_the_planning_department_reads_the_report_without_a_form(client, reviewer, health_report):
    client.force_login(reviewer)
    html = client.get(reverse("reporting:report", args=[health_report.pk])).content.decode()
    assert 'id="report-form"' not in html and "Nhiệm vụ đơn vị chủ trì" in html


def test_a_save_through_the_page_redirects_and_keeps_the_values(client, officer, health_report):
    client.force_login(officer)
    line = first_indicator(health_report)
    response = client.post(reverse("reporting:report", args=[health_report.pk]), form_data(
        health_report, **{f"i{line.pk}-value": "33,5", f"i{line.pk}-note": "Ước tính"},
    ))
    assert response.status_code == 302
    html = client.get(response["Location"]).content.decode()
    assert "Đã lưu báo cáo (phiên bản 2)" in html
    assert 'value="33,5"' in html


def test_bad_input_is_refused_field_by_field_and_nothing_typed_is_lost(client, officer, health_report):
    client.force_login(officer)
    line = first_indicator(health_report)
    lead = first_lead(health_report)
    response = client.post(reverse("reporting:report", args=[health_report.pk]), form_data(
        health_report, **{
            f"i{line.pk}-value": "6.27", f"i{line.pk}-note": "Ghi chú dài công phu không được mất",
            f"t{lead.pk}-status": "on_schedule", f"t{lead.pk}-percent": "150",
            f"t{lead.pk}-done_text": "Đã họp ba lần với các quận",
        },
    ))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Báo cáo chưa được lưu: có 2 ô cần sửa." in html
    assert "dấu phẩy cho phần thập phân" in html and "từ 0 đến 100" in html
    # Each message is markup under its field, not text escaped into the page.
    assert len(re.findall(r'<p class="error" role="alert">[^<]+</p>', html)) == 2
    assert 'value="6.27"' in html and "Ghi chú dài công phu không được mất" in html
    assert 'value="150"' in html and "Đã họp ba lần với các quận" in html
    health_report.refresh_from_db()
    assert health_report.version == 1


def test_an_evidence_file_of_the_wrong_type_is_refused(client, officer, health_report):
    client.force_login(officer)
    lead = first_lead(health_report)
    data = form_data(health_report, **{f"t{lead.pk}-done_text": "Có quyết định kèm theo"})
    data[f"t{lead.pk}-evidence"] = SimpleUploadedFile("virus.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    html = client.post(reverse("reporting:report", args=[health_report.pk]), data).content.decode()
    assert "chỉ nhận PDF, Word, Excel" in html
    assert "Có quyết định kèm theo" in html and "hãy chọn lại tệp" in html
    assert not Evidence.objects.filter(line=lead).exists()


def test_a_renamed_file_is_refused(client, officer, health_report):
    client.force_login(officer)
    lead = first_lead(health_report)
    data = form_data(health_report)
    data[f"t{lead.pk}-evidence"] = SimpleUploadedFile("bao-cao.pdf", b"MZ\x90\x00 not a pdf")
    html = client.post(reverse("reporting:report", args=[health_report.pk]), data).content.decode()
    assert "không đúng định dạng .pdf" in html


def test_an_evidence_file_over_the_limit_is_refused(client, officer, health_report, settings):
    settings.PLANWATCH_EVIDENCE_MAX_BYTES = 1024
    client.force_login(officer)
    lead = first_lead(health_report)
    data = form_data(health_report)
    data[f"t{lead.pk}-evidence"] = SimpleUploadedFile("anh.png", b"\x89PNG\r\n\x1a\n" + b"0" * 4096)
    html = client.post(reverse("reporting:report", args=[health_report.pk]), data).content.decode()
    assert "vượt giới hạn 1 KB" in html


def test_evidence_is_attached_listed_and_removed_on_record(client, officer, health_report):
    client.force_login(officer)
    lead = first_lead(health_report)
    data = form_data(health_report)
    data[f"t{lead.pk}-evidence"] = [
        SimpleUploadedFile("quyet-dinh.pdf", b"%PDF-1.7 ..."), SimpleUploadedFile("anh.jpg", b"\xff\xd8\xff\xe0 jpeg"),
    ]
    assert client.post(reverse("reporting:report", args=[health_report.pk]), data).status_code == 302
    files = Evidence.objects.filter(line=lead).order_by("name")
    assert [(f.name, f.content_type) for f in files] == [("anh.jpg", "image/jpeg"), ("quyet-dinh.pdf", "application/pdf")]
    html = client.get(reverse("reporting:report", args=[health_report.pk])).content.decode()
    assert "quyet-dinh.pdf" in html
    health_report.refresh_from_db()
    data = form_data(health_report, remove_evidence=str(files[1].pk))
    assert client.post(reverse("reporting:report", args=[health_report.pk]), data).status_code == 302
    html = client.get(reverse("reporting:report", args=[health_report.pk])).content.decode()
    assert "quyet-dinh.pdf" not in html and "anh.jpg" in html
    removed = Evidence.objects.get(name="quyet-dinh.pdf")
    assert removed.removed_at is not None and removed.removed_by == officer
    history = client.get(reverse("reporting:report-history", args=[health_report.pk])).content.decode()
    assert "Thời điểm gỡ" in history and "quyet-dinh.pdf" in history


def test_a_stale_save_is_refused_and_shows_the_newer_values(client, officer, head, health_report):
    """The officer opened version 1; meanwhile the head saved a note. The officer's save is refused, the
    head's value is shown, and the officer's own input is still in the form."""
    line = first_indicator(health_report)
    lead = first_lead(health_report)
    stale = form_data(health_report, **{f"t{lead.pk}-status": "on_schedule", f"t{lead.pk}-done_text": "Phần của cán bộ"})
    content = content_of(health_report)
    content[f"i{line.pk}"]["note"] = "Ghi chú của lãnh đạo"
    report_save(report=health_report, actor=head, version=1, content=content, at=hanoi(2024, 7, 5, 10, 30))
    client.force_login(officer)
    response = client.post(reverse("reporting:report", args=[health_report.pk]), stale)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Báo cáo vừa được yte.truong lưu lúc 10:30 05/07/2024 (phiên bản 2)" in html
    assert "Thay đổi của bạn chưa được lưu" in html
    assert "Ghi chú của lãnh đạo" in html  # the newer value, filled into the field the officer did not touch
    assert "Phần của cán bộ" in html  # the officer's own input
    assert 'name="version" value="2"' in html
    lead.refresh_from_db()
    assert lead.done_text == ""
    # Saving again, now from version 2, keeps both.
    again = form_data(health_report)
    again.update({f"t{lead.pk}-status": "on_schedule", f"t{lead.pk}-done_text": "Phần của cán bộ"})
    health_report.refresh_from_db()
    again["version"] = str(health_report.version)
    assert client.post(reverse("reporting:report", args=[health_report.pk]), again).status_code == 302
    line.refresh_from_db()
    lead.refresh_from_db()
    assert line.note == "Ghi chú của lãnh đạo" and lead.done_text == "Phần của cán bộ"


def test_a_stale_save_marks_a_field_both_changed(client, officer, head, health_report):
    line = first_indicator(health_report)
    stale = form_data(health_report, **{f"i{line.pk}-value": "31"})
    content = content_of(health_report)
    content[f"i{line.pk}"]["value"] = "32"
    report_save(report=health_report, actor=head, version=1, content=content)
    client.force_login(officer)
    html = client.post(reverse("reporting:report", args=[health_report.pk]), stale).content.decode()
    assert "Cả hai cùng sửa ô này. Giá trị mới nhất đã lưu:" in html
    assert 'value="31"' in html and "<q>32</q>" in html


def test_a_double_click_on_submit_submits_once(client, officer, head, health_report):
    report_transition(report=health_report, action="approve", actor=head, version=1)
    client.force_login(officer)
    url = reverse("reporting:report-transition", args=[health_report.pk, "submit"])
    assert client.post(url).status_code == 302
    response = client.post(url, follow=True)
    assert "đã được thực hiện trước đó" in response.content.decode()
    assert health_report.actions.filter(kind="submit").count() == 1


def test_the_returned_report_shows_the_reason(client, officer, head, reviewer, health_report):
    report_transition(report=health_report, action="approve", actor=head, version=1)
    report_transition(report=health_report, action="submit", actor=officer)
    client.force_login(reviewer)
    response = client.post(reverse("reporting:report-transition", args=[health_report.pk, "return"]), {"reason": ""}, follow=True)
    assert "Cần ghi lý do" in response.content.decode()
    client.post(reverse("reporting:report-transition", args=[health_report.pk, "return"]), {"reason": "Thiếu nguồn số liệu"})
    client.force_login(officer)
    html = client.get(reverse("reporting:report", args=[health_report.pk])).content.decode()
    assert "Sở Kế hoạch và Đầu tư trả lại báo cáo. Lý do:" in html and "Thiếu nguồn số liệu" in html
    assert 'id="report-form"' in html


def accepted_with_value(report, value, *, officer, head, reviewer, at=None):
    """The report with `value` on its first indicator line, approved, submitted and accepted."""
    line = first_indicator(report)
    content = content_of(report)
    content[f"i{line.pk}"]["value"] = value
    report_save(report=report, actor=officer, version=report.version, content=content)
    report.refresh_from_db()
    report_transition(report=report, action="approve", actor=head, version=report.version)
    report_transition(report=report, action="submit", actor=officer)
    report_transition(report=report, action="accept", actor=reviewer, at=at)
    return line


def test_a_reopened_report_shows_what_changed_since_acceptance(client, officer, head, reviewer, health_report):
    line = accepted_with_value(health_report, "33,5", officer=officer, head=head, reviewer=reviewer)
    report_transition(report=health_report, action="reopen", actor=reviewer, reason="Có số chính thức")
    health_report.refresh_from_db()
    content = content_of(health_report)
    content[f"i{line.pk}"].update(value="34,1", kind="actual")
    report_save(report=health_report, actor=officer, version=health_report.version, content=content)
    client.force_login(reviewer)
    html = client.get(reverse("reporting:report", args=[health_report.pk])).content.decode()
    section = re.search(r'<section id="changes">(.*?)</section>', html, re.S).group(1)
    assert "<del>33,5</del>" in section and "<ins>34,1</ins>" in section
    assert "<del>Ước thực hiện (ƯTH)</del>" in section and "<ins>Thực hiện (TH)</ins>" in section
    assert "Có số chính thức" in html


def test_the_indicator_page_shows_an_accepted_value_with_its_provenance(client, reviewer, officer, head, health_report):
    line = accepted_with_value(
        health_report, "33,5", officer=officer, head=head, reviewer=reviewer, at=hanoi(2024, 7, 22, 9),
    )
    client.force_login(officer)
    html = client.get(reverse("indicator", args=[line.indicator_id])).content.decode()
    row = re.search(r"<tr><td>2024-Q2</td>(.*?)</tr>", html, re.S).group(1)
    assert "33,5" in row and "Báo cáo quý II/2024" in row and "Sở Y tế" in row and "khdt" in row


def test_opening_a_round_through_the_page(client, reviewer):
    client.force_login(reviewer)
    html = client.get(reverse("reporting:round-open")).content.decode()
    assert "Mở đợt báo cáo" in html and '<select name="period"' in html  # a list of periods: test_round_period_list.py
    response = client.post(reverse("reporting:round-open"), {"period": "2024-Q5", "deadline": "31/13/2024"})
    html = response.content.decode()
    assert "Kỳ báo cáo “2024-Q5” không hợp lệ" in html
    assert "Nhập một ngày hợp lệ." in html and "Chọn ít nhất một kế hoạch để báo cáo." in html
    documents = Round.objects.get(period="2024-H1").documents.values_list("pk", flat=True)
    response = client.post(reverse("reporting:round-open"), {"period": "2024-q3", "deadline": "15/10/2024", "documents": list(documents)})
    round = Round.objects.get(period="2024-Q3")
    assert response.status_code == 302 and response["Location"] == reverse("reporting:round", args=[round.pk])
    assert round.deadline.isoformat() == "2024-10-15"  # dd/mm/yyyy, not mm/dd


def test_the_round_page_marks_late_and_overdue_reports(client, reviewer):
    h1 = Round.objects.get(period="2024-H1")
    client.force_login(reviewer)
    html = client.get(reverse("reporting:round", args=[h1.pk])).content.decode()
    trade = re.search(r'<tr data-agency="Sở Công Thương">(.*?)</tr>', html, re.S).group(1)
    assert "Nộp muộn" in trade and "7 ngày" in trade
    health = re.search(r'<tr data-agency="Sở Y tế">(.*?)</tr>', html, re.S).group(1)
    assert "Nộp đúng hạn" in health and "Đã chấp nhận" in health
    assert "Quá hạn, chưa nộp" in html


# Query caps -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name, cap", [("rounds", 14), ("dashboard", 18), ("notifications", 10)])
def test_list_pages_run_a_bounded_number_of_queries(client, reviewer, officer, name, cap, django_assert_max_num_queries):
    """The caps include what the shared page frame costs (session, account, scope, unread count)."""
    for user in (reviewer, officer):
        client.force_login(user)
        with django_assert_max_num_queries(cap):
            assert client.get(reverse(f"reporting:{name}")).status_code in (200, 403)


def test_the_round_page_runs_a_bounded_number_of_queries(client, reviewer, officer, django_assert_max_num_queries):
    h1 = Round.objects.get(period="2024-H1")
    assert h1.reports.count() > 30
    for user in (reviewer, officer):
        client.force_login(user)
        with django_assert_max_num_queries(12):
            assert client.get(reverse("reporting:round", args=[h1.pk])).status_code == 200


def test_a_report_page_runs_a_bounded_number_of_queries(client, officer, reviewer, django_assert_max_num_queries):
    report = Report.objects.get(round__period="2024-H1", agency__name="Sở Xây dựng")  # returned: editable, many lines
    assert report.task_lines.count() > 50
    client.force_login(report.agency.members.get(role="officer").user)
    with django_assert_max_num_queries(26):
        assert client.get(reverse("reporting:report", args=[report.pk])).status_code == 200
    client.force_login(reviewer)
    with django_assert_max_num_queries(22):
        assert client.get(reverse("reporting:report", args=[report.pk])).status_code == 200


def test_the_dashboard_shows_counts_tasks_and_timeliness(client, reviewer):
    h1 = Round.objects.get(period="2024-H1")
    client.force_login(reviewer)
    html = client.get(reverse("reporting:dashboard"), {"dot": h1.pk}).content.decode()
    counts = re.search(r'<ul class="tiles" id="counts">(.*?)</ul>', html, re.S).group(1)
    submitted = h1.reports.filter(first_submitted_at__isnull=False).count()
    assert f"<strong>{submitted}</strong> đã nộp" in counts
    assert "Nhiệm vụ quá hạn" in html and "Nhiệm vụ đến hạn trong 30 ngày tới" in html
    trade = re.search(r'<tr data-agency="Sở Công Thương" class="state-late">(.*?)</tr>', html, re.S).group(1)
    assert 'class="dot late"' in trade
    overdue_only = client.get(reverse("reporting:dashboard"), {"dot": h1.pk, "tinh-trang": "overdue"}).content.decode()
    assert 'data-agency="Sở Công Thương"' not in overdue_only and 'class="state-overdue"' in overdue_only


def test_the_report_page_reads_in_english_when_chosen(client, officer, health_report, settings):
    client.force_login(officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get(reverse("reporting:report", args=[health_report.pk])).content.decode()
    assert "Save report" in html and "Tasks the agency leads" in html and "Lưu báo cáo" not in html
    line = first_indicator(health_report)
    response = client.post(reverse("reporting:report", args=[health_report.pk]), form_data(health_report, **{f"i{line.pk}-value": "6.27"}))
    assert "write numbers in the Vietnamese style" in response.content.decode()
