"""Issue 10: a notification is read in the reader's language, whatever the language it was sent in."""

import pytest
from django.utils import translation
from django.utils.translation import gettext_noop

from planwatch.reporting.models import Notification
from planwatch.reporting.services import notify
from planwatch.reporting.texts import Text

pytestmark = pytest.mark.django_db


def test_a_notification_sent_in_vietnamese_reads_in_english(officer):
    days = Text(gettext_noop("%(n)s ngày"), {"n": 3})
    with translation.override("vi"):
        [sent] = notify(
            users=[officer], kind=Notification.Kind.REMINDER,
            subject=Text(gettext_noop("Nhắc hạn: báo cáo %(title)s, hạn %(deadline)s"),
                         {"title": "Quý 3/2025", "deadline": "15/10/2025"}),
            body=[Text(gettext_noop("%(agency)s chưa nộp báo cáo %(title)s. Hạn nộp: %(deadline)s (còn %(left)s). "
                                    "Báo cáo cần lãnh đạo đơn vị duyệt trước khi nộp."),
                       {"agency": "Sở Y tế", "title": "Quý 3/2025", "deadline": "15/10/2025", "left": days}),
                  "Lời nhắn riêng"],
        )
    stored = Notification.objects.get(pk=sent.pk)
    assert stored.subject == "Nhắc hạn: báo cáo Quý 3/2025, hạn 15/10/2025"  # as sent, for the email
    with translation.override("en"):
        assert "Quý 3/2025" in stored.shown_subject and "Nhắc hạn" not in stored.shown_subject
        assert "3 days" in stored.shown_body or "3 day" in stored.shown_body
        assert stored.shown_body.endswith("\nLời nhắn riêng")
    with translation.override("vi"):
        assert stored.shown_subject == stored.subject
        assert "còn 3 ngày" in stored.shown_body


def test_a_notification_without_source_words_shows_what_was_written(officer):
    [sent] = notify(users=[officer], kind=Notification.Kind.JOB, subject="Đã xong", body="Việc chạy nền")
    with translation.override("en"):
        assert Notification.objects.get(pk=sent.pk).shown_subject == "Đã xong"


def test_a_capitalized_word_is_capitalized_after_translation():
    with translation.override("en"):
        assert str(Text(gettext_noop("nhiệm vụ"), capitalized=True))[0].isupper()
    assert Text.from_json(Text(gettext_noop("%(n)s ngày"), {"n": Text(gettext_noop("nhiệm vụ"))}).to_json()) == Text(
        gettext_noop("%(n)s ngày"), {"n": Text(gettext_noop("nhiệm vụ"))})
