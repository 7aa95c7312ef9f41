"""The English pass (issue 10): with the language switched to English, the main pages of each role show no raw
code of ours — a field name (`lead_agencies`), a status code (`on_schedule`), a transition written with its codes
(`not_started → on_schedule`) — in what a reader sees.

Only raw codes are checked here: they are a bug whatever the translations hold (a message that forgot gettext, a
history that prints a field's name). The Vietnamese left on English pages is checked by
`test_no_vietnamese_is_left_on_english_pages` in the interface's own words (headings, table heads, labels, buttons,
the navigation), where the register's data (plan titles, indicator and agency names) does not appear.
"""

import html as htmllib
import re

import pytest
from django.urls import reverse

from planwatch.registry.models import Task
from planwatch.reporting.models import Report, Round

pytestmark = pytest.mark.django_db

RAW_CODE = re.compile(r"\b[a-z]+_[a-z_]+\b")
# An arrow between two codes, as a history once wrote a status change.
RAW_TRANSITION = re.compile(r"\b[a-z_]+\s*→\s*[a-z_]+\b")
VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệịỉĩọỏốồổỗộớờởỡợụủũứừửữựỳỵỷỹ]", re.I)


def visible_text(markup: str) -> str:
    """What a reader sees: no script, style or SVG internals but their labels, no tags or attributes."""
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S | re.I)
    markup = re.sub(r"<[^>]+>", " ", markup)
    return re.sub(r"\s+", " ", htmllib.unescape(markup)).strip()


def english(client, user):
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    return client


def pages_of(role, *, plan_2024):
    indicator = plan_2024.indicators.get(key="1")
    task = plan_2024.tasks.order_by("order").first()
    round_ = Round.objects.order_by("-deadline").first()
    report = Report.objects.filter(round=round_).order_by("pk").first()
    common = [
        reverse("home"),
        reverse("document", args=[plan_2024.slug]),
        reverse("indicator", args=[indicator.pk]),
        reverse("task", args=[task.pk]),
        reverse("reporting:notifications"),
    ]
    if role == "reviewer":
        common += [
            reverse("reporting:round", args=[round_.pk]),
            reverse("reporting:report", args=[report.pk]),
            reverse("reports:tracking") + f"?document={plan_2024.slug}",
            reverse("reports:scorecards") + "?year=2024",
            reverse("document-history", args=[plan_2024.slug]),
            reverse("task-history", args=[task.pk]),
            reverse("indicator-history", args=[indicator.pk]),
        ]
    return common


def raw_codes(text: str) -> list[str]:
    return sorted(set(RAW_CODE.findall(text)) | set(RAW_TRANSITION.findall(text)))


@pytest.fixture
def changed_task(reviewer, plan_2024):
    """A task with a status change in its history, as the planning department records one."""
    from planwatch.registry.records import task_status_set

    task = plan_2024.tasks.order_by("order").first()
    task_status_set(task=task, status=Task.Status.ON_SCHEDULE, actor=reviewer, reason="Kiểm tra lịch sử")
    return task


@pytest.mark.parametrize("role", ["reviewer", "officer", "leader"])
def test_english_pages_show_no_raw_codes(request, client, role, plan_2024, changed_task):
    user = request.getfixturevalue(role)
    client = english(client, user)
    found = {}
    for url in pages_of(role, plan_2024=plan_2024):
        response = client.get(url)
        if response.status_code == 404 and role != "reviewer":
            continue  # not in this role's scope
        assert response.status_code == 200, url
        codes = raw_codes(visible_text(response.content.decode()))
        if codes:
            found[url] = codes
    assert not found, found


INTERFACE = re.compile(r"<(h1|h2|h3|th|label|button|legend|caption|nav)\b[^>]*>(.*?)</\1>", re.S | re.I)


def interface_text(markup: str) -> list[str]:
    """The page's own words: headings, table heads, labels, buttons, the navigation."""
    markup = re.sub(r"<(script|style|select)\b.*?</\1>", " ", markup, flags=re.S | re.I)  # a select holds data
    return [visible_text(inner) for _tag, inner in INTERFACE.findall(markup) if visible_text(inner)]


def test_no_vietnamese_is_left_on_english_pages(client, reviewer, plan_2024):
    client = english(client, reviewer)
    for url in (reverse("home"), reverse("reports:index"),
                reverse("reports:tracking") + f"?document={plan_2024.slug}", reverse("portal:manage")):
        words = interface_text(client.get(url).content.decode())
        assert words, url
        left = [text for text in words if VIETNAMESE.search(text) and plan_2024.title not in text]
        assert not left, (url, left)


# The words of the notifications' own sentences (the data in them, names and titles, stays as written).
NOTIFICATION_WORDS = ["đã nộp báo cáo", "Kế hoạch khung", "Nhắc hạn", "Quá hạn", "Đợt báo cáo mới", "chờ đồng chí duyệt",
                      "bị trả lại", "được chấp nhận", "được mở lại", "Sở Kế hoạch và Đầu tư"]


@pytest.mark.parametrize("role", ["reviewer", "officer", "head"])
def test_notifications_read_in_english_whatever_language_they_were_sent_in(request, client, role):
    user = request.getfixturevalue(role)
    client = english(client, user)
    page = client.get(reverse("reporting:notifications")).content.decode()
    text = visible_text(page.split('id="notifications"', 1)[1].split("</ul>", 1)[0])
    assert user.notifications.exists()
    assert not [words for words in NOTIFICATION_WORDS if words in text], text[:500]
