"""A head is told when a report waits for approval (issue 10).

An officer of Sở Y tế presses "Trình lãnh đạo đơn vị duyệt" on a draft or returned report: the report keeps its
status, the action log records the request with the version asked about, and each head of the agency gets a
notification (in the app, and by email when the account has one). The head sees it on the notifications page,
on the home page's "waiting for my approval" with when it was asked, and on the report page, until the report moves.
"""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.messages import get_messages
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from planwatch.accounts.models import Membership
from planwatch.reporting.approval import pending_approval_requests, report_approval_request
from planwatch.reporting.models import Action, Notification, Report
from planwatch.reporting.services import ReportingError, TransitionError, content_of, report_save, report_transition

from .conftest import hanoi

pytestmark = pytest.mark.django_db

ASKED_AT = hanoi(2024, 7, 9, 14, 30)


def request_url(report) -> str:
    return reverse("reporting:report-request-approval", args=[report.pk])


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def requests_told(user):
    return Notification.objects.filter(user=user, kind=Notification.Kind.APPROVAL_REQUESTED)


def save_a_value(report, officer, value="33,5"):
    report.refresh_from_db()
    line = report.indicator_lines.order_by("order").first()
    content = content_of(report)
    content[f"i{line.pk}"]["value"] = value
    report_save(report=report, actor=officer, version=report.version, content=content)
    report.refresh_from_db()
    return report


@pytest.fixture
def deputy_head(health):
    """A second head of Sở Y tế: both are told."""
    user = get_user_model().objects.create_user("yte.pho", password="pho-giam-doc-2024", email="pho@yte.example")
    Membership.objects.create(user=user, role=Membership.Role.HEAD, agency=health)
    return user


# The service -----------------------------------------------------------------------------------------


def test_the_officer_s_request_tells_every_head_of_the_agency_and_no_one_else(
    officer, head, deputy_head, other_head, reviewer, health_report, django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        result = report_approval_request(report=health_report, actor=officer, note="Kính trình anh xem giúp.",
                                         version=health_report.version, at=ASKED_AT)
    assert result.done
    assert result.message == "Đã trình lãnh đạo đơn vị duyệt: đã thông báo cho yte.pho, Lãnh đạo Sở Y tế."
    health_report.refresh_from_db()
    assert health_report.status == Report.Status.DRAFT  # asking is no move
    for user in (head, deputy_head):
        note = requests_told(user).get()
        assert note.report == health_report and note.url == reverse("reporting:report", args=[health_report.pk])
        assert note.subject == "Báo cáo quý II/2024 của Sở Y tế chờ đồng chí duyệt"
        assert note.body == (
            "Cán bộ Sở Y tế trình đồng chí duyệt Báo cáo quý II/2024 của Sở Y tế (phiên bản 1), hạn nộp 15/07/2024. "
            "Sau khi duyệt, đơn vị nộp báo cáo lên Sở Kế hoạch và Đầu tư.\nLời nhắn: Kính trình anh xem giúp."
        )
    for user in (officer, other_head, reviewer):
        assert not requests_told(user).exists()
    # The deputy has an email address: the notification goes by email too.
    assert [message.to for message in mail.outbox] == [["pho@yte.example"]]
    assert "chờ đồng chí duyệt" in mail.outbox[0].subject


def test_the_request_is_in_the_action_log_with_the_version_asked_about(officer, head, health_report):
    report_approval_request(report=health_report, actor=officer, note="Đã cập nhật số liệu", at=ASKED_AT)
    entry = health_report.actions.get(kind=Action.Kind.REQUEST_APPROVAL)
    assert (entry.actor, entry.at, entry.comment) == (officer, ASKED_AT, "Đã cập nhật số liệu")
    assert (entry.from_status, entry.to_status) == ("draft", "draft")
    assert entry.data == {"version": 1, "heads": ["yte.truong"]}
    assert entry.get_kind_display() == "Trình lãnh đạo đơn vị duyệt"


def test_asking_again_about_the_same_version_tells_nobody_twice(officer, head, health_report):
    report_approval_request(report=health_report, actor=officer, at=ASKED_AT)
    again = report_approval_request(report=health_report, actor=officer)
    assert not again.done
    assert again.message == (
        "Phiên bản 1 của báo cáo đã được trình lãnh đạo đơn vị lúc 14:30 09/07/2024; không gửi lại thông báo.")
    assert requests_told(head).count() == 1
    assert health_report.actions.filter(kind=Action.Kind.REQUEST_APPROVAL).count() == 1


def test_a_new_version_can_be_asked_about_again(officer, head, health_report):
    report_approval_request(report=health_report, actor=officer, at=ASKED_AT)
    report = save_a_value(health_report, officer)
    assert report_approval_request(report=report, actor=officer, version=report.version).done
    assert requests_told(head).count() == 2


def test_a_returned_report_can_be_asked_about(officer, head, reviewer, health_report):
    report_transition(report=health_report, action="approve", actor=head, version=health_report.version)
    report_transition(report=health_report, action="submit", actor=officer)
    report_transition(report=health_report, action="return", actor=reviewer, reason="Thiếu nguồn số liệu")
    report = save_a_value(health_report, officer, "34,1")
    assert report_approval_request(report=report, actor=officer, version=report.version).done


@pytest.mark.parametrize("moves, status", [
    (["approve"], "Lãnh đạo đơn vị đã duyệt"),
    (["approve", "submit"], "Đã nộp, chờ xem xét"),
])
def test_only_a_draft_or_a_returned_report_is_asked_about(officer, head, health_report, moves, status):
    for move in moves:
        health_report.refresh_from_db()
        report_transition(report=health_report, action=move, actor=head, version=health_report.version)
    with pytest.raises(TransitionError) as refused:
        report_approval_request(report=health_report, actor=officer)
    assert str(refused.value) == (
        f"Chỉ trình duyệt được báo cáo đang soạn hoặc bị trả lại; báo cáo đang ở trạng thái “{status}”.")
    assert not requests_told(head).exists()


def test_a_version_saved_by_someone_else_since_is_not_asked_about_unseen(officer, head, health_report):
    seen = health_report.version
    save_a_value(health_report, head)
    with pytest.raises(TransitionError, match="Báo cáo đã được sửa sau khi bạn mở trang .nay là phiên bản 2."):
        report_approval_request(report=health_report, actor=officer, version=seen)
    assert not requests_told(head).exists()


def test_an_agency_with_no_head_account_is_told_so(officer, head, health_report):
    head.is_active = False
    head.save()
    with pytest.raises(ReportingError) as refused:
        report_approval_request(report=health_report, actor=officer)
    assert str(refused.value) == (
        "Sở Y tế chưa có tài khoản lãnh đạo đơn vị để duyệt báo cáo; đề nghị quản trị hệ thống tạo tài khoản.")
    assert not health_report.actions.filter(kind=Action.Kind.REQUEST_APPROVAL).exists()


@pytest.mark.parametrize("who", ["other_officer", "head", "reviewer", "leader", "outsider"])
def test_only_the_agency_s_officers_ask(request, health_report, who):
    with pytest.raises(PermissionDenied):
        report_approval_request(report=health_report, actor=request.getfixturevalue(who))
    assert not health_report.actions.filter(kind=Action.Kind.REQUEST_APPROVAL).exists()
    assert not Notification.objects.filter(kind=Notification.Kind.APPROVAL_REQUESTED).exists()


def test_the_request_stays_pending_until_the_report_moves(officer, head, health_report):
    report_approval_request(report=health_report, actor=officer, at=ASKED_AT)
    save_a_value(health_report, officer)  # a save is no move: the head approves what is there when he looks
    assert pending_approval_requests([health_report])[health_report.pk].at == ASKED_AT
    health_report.refresh_from_db()
    report_transition(report=health_report, action="approve", actor=head, version=health_report.version)
    assert pending_approval_requests([health_report]) == {}


def test_a_request_does_not_hide_a_move_repeated_by_a_double_click(officer, head, health_report):
    """The workflow says "done already" to a move repeated at once; a request in between is no move."""
    report_transition(report=health_report, action="approve", actor=head, version=health_report.version)
    report_transition(report=health_report, action="withdraw", actor=officer)
    report_approval_request(report=health_report, actor=officer)
    again = report_transition(report=health_report, action="withdraw", actor=officer)
    assert not again.done and "đã được thực hiện trước đó" in again.message


# The pages ----------------------------------------------------------------------------------------------


def test_the_officer_s_report_page_has_the_button_and_the_head_s_has_not(client, officer, head, health_report):
    client.force_login(officer)
    html = client.get(reverse("reporting:report", args=[health_report.pk])).content.decode()
    assert f'action="{request_url(health_report)}"' in html and "Trình lãnh đạo đơn vị duyệt</button>" in html
    assert f'name="version" value="{health_report.version}"' in html
    client.force_login(head)
    html = client.get(reverse("reporting:report", args=[health_report.pk])).content.decode()
    assert request_url(health_report) not in html  # the head approves instead


def test_the_officer_asks_through_the_page_and_the_head_reads_it_everywhere(client, officer, head, health_report):
    client.force_login(officer)
    response = client.post(request_url(health_report), {"version": health_report.version, "note": "Nhờ anh duyệt"})
    assert response.status_code == 302 and response["Location"] == reverse("reporting:report", args=[health_report.pk])
    assert messages_of(response)[0].startswith("Đã trình lãnh đạo đơn vị duyệt: đã thông báo cho ")
    html = client.get(reverse("reporting:report", args=[health_report.pk])).content.decode()
    assert 'id="approval-requested"' in html and "Đã trình lãnh đạo đơn vị duyệt lúc" in html and "(yte)" in html
    assert "Nhờ anh duyệt" in html

    client.force_login(head)
    notifications = client.get(reverse("reporting:notifications")).content.decode()
    assert "Báo cáo quý II/2024 của Sở Y tế chờ đồng chí duyệt" in notifications
    assert "Báo cáo chờ lãnh đạo đơn vị duyệt" in notifications  # the kind
    home = client.get(reverse("home")).content.decode()
    waiting = home[home.index('id="awaiting-approval"'):home.index('id="my-reports"')]
    assert reverse("reporting:report", args=[health_report.pk]) in waiting
    assert "Trình duyệt lúc" in waiting and "(yte)" in waiting


def test_the_home_page_shows_no_request_date_for_a_report_nobody_asked_about(client, head, health_report):
    client.force_login(head)
    home = client.get(reverse("home")).content.decode()
    waiting = home[home.index('id="awaiting-approval"'):home.index('id="my-reports"')]
    assert reverse("reporting:report", args=[health_report.pk]) in waiting and "Trình duyệt lúc" not in waiting


def test_a_refusal_through_the_page_is_a_vietnamese_message(client, officer, head, health_report):
    report_transition(report=health_report, action="approve", actor=head, version=health_report.version)
    client.force_login(officer)
    response = client.post(request_url(health_report), {"version": health_report.version})
    assert messages_of(response) == [
        "Chỉ trình duyệt được báo cáo đang soạn hoặc bị trả lại; báo cáo đang ở trạng thái “Lãnh đạo đơn vị đã duyệt”."
    ]


@pytest.mark.parametrize("who, status", [
    ("other_officer", 404), ("outsider", 404), ("head", 403), ("reviewer", 403),
])
def test_others_cannot_ask_through_the_page(client, request, health_report, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.post(request_url(health_report), {"version": health_report.version}).status_code == status
    assert not Notification.objects.filter(kind=Notification.Kind.APPROVAL_REQUESTED).exists()


def test_asking_is_a_post(client, officer, health_report):
    client.force_login(officer)
    assert client.get(request_url(health_report)).status_code == 405


def test_a_closed_round_s_draft_is_not_asked_about(officer, reviewer, health_report):
    from planwatch.reporting.services import round_close

    round_close(round=health_report.round, actor=reviewer)
    with pytest.raises(TransitionError, match="Đợt báo cáo đã tổng hợp"):
        report_approval_request(report=health_report, actor=officer)


def test_a_draft_of_a_round_of_another_year_is_asked_about_like_any(officer, head, reviewer):
    from planwatch.reporting.services import round_open

    round = round_open(period="2026-Q3", deadline=date(2026, 10, 15), actor=reviewer)
    report = round.reports.get(agency__name="Sở Y tế")
    assert report_approval_request(report=report, actor=officer).done


# The answer: the officer who asked is told of the approval (issue 10) -----------------------------------------


def approvals_told(user):
    return Notification.objects.filter(user=user, kind=Notification.Kind.APPROVED)


def test_the_officer_who_asked_is_told_when_the_head_approves(
    officer, head, deputy_head, reviewer, health_report, django_capture_on_commit_callbacks,
):
    officer.email = "canbo@yte.example"
    officer.save(update_fields=["email"])
    report_approval_request(report=health_report, actor=officer, at=ASKED_AT)
    with django_capture_on_commit_callbacks(execute=True):
        report_transition(report=health_report, action="approve", actor=head, version=health_report.version)
    note = approvals_told(officer).get()
    assert note.report == health_report and note.url == reverse("reporting:report", args=[health_report.pk])
    assert note.subject == "Báo cáo quý II/2024 của Sở Y tế đã được lãnh đạo đơn vị duyệt"
    assert note.body == (
        "Lãnh đạo Sở Y tế đã duyệt Báo cáo quý II/2024 của Sở Y tế. "
        "Đơn vị có thể nộp báo cáo lên Sở Kế hoạch và Đầu tư."
    )
    assert note.get_kind_display() == "Báo cáo đã được lãnh đạo đơn vị duyệt"
    for user in (head, deputy_head, reviewer):
        assert not approvals_told(user).exists()
    assert [message.to for message in mail.outbox] == [["canbo@yte.example"]]


def test_an_approval_nobody_asked_for_tells_nobody(officer, head, health_report):
    report_transition(report=health_report, action="approve", actor=head, version=health_report.version)
    assert not Notification.objects.filter(kind=Notification.Kind.APPROVED).exists()


def test_a_request_answered_by_another_move_is_not_told_again_at_the_next_approval(officer, head, health_report):
    report_approval_request(report=health_report, actor=officer, at=ASKED_AT)
    report_transition(report=health_report, action="approve", actor=head, version=health_report.version)
    report_transition(report=health_report, action="withdraw", actor=officer)
    health_report.refresh_from_db()
    report_transition(report=health_report, action="approve", actor=head, version=health_report.version)
    assert approvals_told(officer).count() == 1
