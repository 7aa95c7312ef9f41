"""The parser's warnings on the import review page in the reader's language (issue 10): each warning is kept with its
phrase (`explanation`), rendered through gettext and the active language's number style when the page is not
Vietnamese; in Vietnamese it reads as the message the parser wrote; a draft kept from before phrases shows its
message."""

import html as htmllib
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.translation import gettext, override

from planwatch.docparse import parse_bytes
from planwatch.engine.explain import Phrase, Renderer
from planwatch.registry.explanations import reason_text
from planwatch.registry.models import ImportDraft
from planwatch.registry.quantities import number_text

from tests.web.import_documents import HEADER_ONLY

# A table whose figure reads two ways (1.234 or 1234) with nothing in its row to decide: an `ambiguous_number`.
AMBIGUOUS = """ỦY BAN NHÂN DÂN
THÀNH PHỐ HÀ NỘI
Số: 92/KH-UBND
Hà Nội, ngày 15 tháng 3 năm 2025
KẾ HOẠCH
Thực hiện các chỉ tiêu năm 2025
TT\tChỉ tiêu\tĐơn vị tính\tKế hoạch năm 2025
1\tTổng vốn đầu tư thử nghiệm\ttỷ đồng\t1.234
"""
# A task whose deadline is not understood: an `unknown_deadline` warning beside the task's row.
TASKS = """ỦY BAN NHÂN DÂN
THÀNH PHỐ HÀ NỘI
Số: 93/KH-UBND
Hà Nội, ngày 15 tháng 3 năm 2025
KẾ HOẠCH
Thí điểm số hóa hồ sơ đất đai năm 2025
TT\tNhiệm vụ\tCơ quan chủ trì\tThời hạn
1\tXây dựng cơ sở dữ liệu đất đai\tSở Tài nguyên và Môi trường\tkhi có chỉ đạo
2\tSố hóa hồ sơ\tSở Tài nguyên và Môi trường\tQuý II/2025
"""
VIETNAMESE_READINGS = "có thể là 1.234 hoặc 1,234"  # the stored message: 1234 and 1.234 in vi-VN style


def ambiguous_warning() -> dict:
    parsed = parse_bytes(AMBIGUOUS.encode("utf-8"), filename="x.txt")
    (found,) = [w.to_dict() for w in parsed.warnings if w.code == "ambiguous_number"]
    return found


def in_english(data: dict) -> str:
    """A warning dict's phrase rendered as the page should in English, built here from gettext and the English
    number style, not from the code under test."""
    renderer = Renderer(translate=lambda template, context: gettext(template), number=number_text)
    with override("en"):
        return Phrase.from_dict(data["explanation"]).render(renderer)


# --- the function the template filter calls ----------------------------------------------------------------


def test_a_warning_dict_renders_through_gettext_in_english_and_as_stored_in_vietnamese():
    data = ambiguous_warning()
    assert VIETNAMESE_READINGS in data["message"]
    with override("en"):
        english = reason_text(data, "message")
    assert english == in_english(data)
    # the readings are numbers, written in the reader's style: not the Vietnamese text passed through
    assert VIETNAMESE_READINGS not in english and "1,234" in english
    with override("vi"):
        assert reason_text(data, "message") == data["message"]


def test_the_renderer_in_english_really_uses_english_numbers():
    with override("en"):
        assert (number_text(Decimal("1234")), number_text(Decimal("1.234"))) == ("1,234", "1.234")


def test_a_warning_kept_without_a_phrase_shows_its_message_in_any_language():
    data = ambiguous_warning()
    del data["explanation"]
    for language in ("en", "vi"):
        with override(language):
            assert reason_text(data, "message") == data["message"]


# --- the page -----------------------------------------------------------------------------------------------


def visible_text(markup: str) -> str:
    markup = re.sub(r"<(script|style)\b.*?</\1>", " ", markup, flags=re.S | re.I)
    markup = re.sub(r"<[^>]+>", " ", markup)
    return re.sub(r"\s+", " ", htmllib.unescape(markup)).strip()


def paste(client, user, text) -> ImportDraft:
    client.force_login(user)
    client.post(reverse("import"), {"text": text})
    return ImportDraft.objects.filter(owner=user).latest("pk")


def page(client, draft, language) -> str:
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    return visible_text(client.get(reverse("import-review", args=[draft.pk])).content.decode())


@pytest.mark.django_db
def test_the_review_page_in_english_shows_the_warning_through_its_phrase(client, reviewer):
    draft = paste(client, reviewer, AMBIGUOUS)
    (data,) = [w for w in draft.data["warnings"] if w["code"] == "ambiguous_number"]
    assert "explanation" in data  # kept in the draft
    english = page(client, draft, "en")
    # in the warnings panel and beside the indicator's row
    assert english.count(in_english(data)) == 2
    assert VIETNAMESE_READINGS not in english
    vietnamese = page(client, draft, "vi")
    assert vietnamese.count(data["message"]) == 2


@pytest.mark.django_db
def test_every_warning_on_the_page_reads_its_phrase_in_english(client, reviewer):
    """The stored messages are replaced by a marker: the English page must not show one (it renders the phrases)
    in any list that shows warnings: the reasons of an empty reading, the warnings panel, the rows. In Vietnamese
    the phrase reads as the message the parser wrote."""
    for text in (HEADER_ONLY, AMBIGUOUS, TASKS):
        draft = paste(client, reviewer, text)
        data = draft.data
        assert data["warnings"]
        written = [warning["message"] for warning in data["warnings"]]
        for warning in data["warnings"]:
            warning["message"] = "THÔNG ĐIỆP ĐÃ LƯU"
        draft.data = data
        draft.save(update_fields=["data"])
        english = page(client, draft, "en")
        assert "THÔNG ĐIỆP ĐÃ LƯU" not in english
        for warning in data["warnings"]:
            assert in_english(warning) in english
        vietnamese = page(client, draft, "vi")
        for message in written:
            assert message in vietnamese
        if text == HEADER_ONLY:
            # the reason of an empty reading is shown in the box that explains it and in the warnings panel
            (unread,) = [w for w in data["warnings"] if w["code"] == "table_rows_unread"]
            assert english.count(in_english(unread)) == 2
        else:
            # in the warnings panel and beside the indicator's or the task's row
            code = "ambiguous_number" if text == AMBIGUOUS else "unknown_deadline"
            (beside,) = [w for w in data["warnings"] if w["code"] == code]
            assert english.count(in_english(beside)) == 2


@pytest.mark.django_db
def test_a_draft_kept_before_phrases_shows_its_messages(client, reviewer):
    draft = paste(client, reviewer, AMBIGUOUS)
    data = draft.data
    for warning in data["warnings"]:
        del warning["explanation"]
    draft.data = data
    draft.save(update_fields=["data"])
    english = page(client, draft, "en")
    (message,) = [w["message"] for w in data["warnings"] if w["code"] == "ambiguous_number"]
    assert message in english
