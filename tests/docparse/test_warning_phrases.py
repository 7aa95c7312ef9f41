"""The parser's warnings as phrases (engine/explain.py): each message is a `gettext_noop` template with named values,
so that the review page can show it in the reader's language, while `message` stays the Vietnamese text it always
was. No Django here: the parser is pure Python."""

import ast
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from planwatch.docparse import parse_bytes
from planwatch.docparse.model import ParseWarning, Source
from planwatch.engine.explain import Phrase, Renderer, literal, phrase

DOCPARSE = Path(__file__).resolve().parents[2] / "src" / "planwatch" / "docparse"

# A figure that reads two ways (1.234 or 1234) with nothing in its row to decide.
AMBIGUOUS = "KẾ HOẠCH năm 2024\n\nTT\tChỉ tiêu\tĐơn vị tính\tKH 2025\n1\tChỉ tiêu thử\ttỷ đồng\t1.234\n"
# A markdown row whose unit, lead and deadline cells do not look like their columns: an uncertain row.
UNCERTAIN_ROW = """KẾ HOẠCH năm 2024

| TT | Chỉ tiêu | Đơn vị tính | KH 2025 | Đơn vị chủ trì | Thời hạn |
|---|---|---|---|---|---|
| 1 | Tốc độ tăng trưởng GRDP | % | 8,0 | Sở Kế hoạch và Đầu tư | Năm 2025 |
| 2 | Thu ngân sách | Sở Tài chính chủ trì thực hiện việc này | 12,5 | 45.000 | Sở Tài chính |
| 3 | Số doanh nghiệp | doanh nghiệp | 1.234 | Sở Công Thương | Năm 2025 |
"""
# Word's automatic numbering lost in the copy, and a row shorter than the header.
RENUMBERED = "TT\tChỉ tiêu\tĐVT\tKH 2025\n1.\tA một\t%\t5\n1.\tB hai\t%\t6\n1.\tC ba\t%\t7\n"
SHORT_ROW = "TT\tChỉ tiêu\tĐVT\tTH 2023\tKH 2024\n1\tGRDP\t%\t6,2\t7,0\n2\tThu ngân sách\ttỷ đồng\t120\n"
# A table header with no row under it.
HEADER_ONLY = "KẾ HOẠCH năm 2024\n\nTT\nChỉ tiêu\nĐơn vị tính\nKế hoạch năm 2025\n\n" + "Văn bản kết thúc ở đây. " * 80
DOCUMENTS = [AMBIGUOUS, UNCERTAIN_ROW, RENUMBERED, SHORT_ROW, HEADER_ONLY]


def warnings_of(text: str) -> list[ParseWarning]:
    return parse_bytes(text.encode("utf-8"), filename="x.txt").warnings


def one(text: str, code: str) -> ParseWarning:
    (found,) = [w for w in warnings_of(text) if w.code == code]
    return found


# --- the templates in the source --------------------------------------------------------------------------

# `gettext_noop(` then one or more string literals (implicitly joined), then `)`: what makemessages extracts.
NOOP_CALL = re.compile(r"""\bgettext_noop\(\s*((?:"(?:[^"\\\n]|\\.)*"\s*)+)\)""")
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def noop_templates() -> list[tuple[str, str]]:
    """(file, template) of every `gettext_noop("…")` in the parser, the literals joined as Python joins them."""
    found = []
    for path in sorted(DOCPARSE.glob("*.py")):
        for match in NOOP_CALL.finditer(path.read_text(encoding="utf-8")):
            found.append((path.name, ast.literal_eval("(" + match.group(1) + ")")))
    return found


def test_every_marked_template_is_a_literal_the_catalogue_tools_can_extract():
    calls = sum(path.read_text(encoding="utf-8").count("gettext_noop(") for path in DOCPARSE.glob("*.py"))
    # Every call has string literals only (no f-string, no variable), or makemessages would miss it.
    assert len(noop_templates()) == calls
    assert calls >= 30  # the parser's warnings and the words inside them
    for path in DOCPARSE.glob("*.py"):
        assert not re.search(r"gettext_noop\s+as\b", path.read_text(encoding="utf-8")), path.name


@pytest.mark.parametrize("where, template", noop_templates())
def test_every_template_is_a_valid_format_string_with_the_names_it_contains(where, template):
    names = PLACEHOLDER.findall(template)
    filled = template % {name: "x" for name in names}  # a stray `%` raises here (or is caught below)
    # Besides `%(name)s` only `%%` is allowed: `% d` or `%s` would fill from something else.
    assert "%" not in PLACEHOLDER.sub("", template).replace("%%", ""), (where, template)
    assert filled.count("%") == template.count("%%")


def test_every_warning_is_given_a_phrase_not_a_written_message():
    """`ParseWarning("code", f"…")` and `self.warn("code", "…")` would leave the message untranslatable."""
    for path in DOCPARSE.glob("*.py"):
        source = path.read_text(encoding="utf-8")
        written = re.findall(r"""(?:ParseWarning|\.warn)\(\s*"(\w+)",\s*(?!\s|phrase\()""", source)
        assert written == [], (path.name, written)


# --- the warnings parsed ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", DOCUMENTS)
def test_each_warning_keeps_its_vietnamese_message_and_carries_its_phrase(text):
    templates = {template for _, template in noop_templates()}
    warnings = warnings_of(text)
    assert warnings
    for w in warnings:
        assert isinstance(w.explanation, Phrase), w
        assert w.explanation.template in templates, w  # a marked template, not a literal fallback
        assert str(w.explanation) == w.message
        data = w.to_dict()
        assert data["message"] == w.message
        # as the draft keeps it: through JSON
        kept = Phrase.from_dict(json.loads(json.dumps(data["explanation"], ensure_ascii=False)))
        assert kept == w.explanation and str(kept) == w.message


def test_the_ambiguous_number_keeps_both_readings_as_numbers():
    w = one(AMBIGUOUS, "ambiguous_number")
    assert w.message == (
        "Số '1.234' có thể là 1.234 hoặc 1,234; hàng và cột không đủ để quyết định, đã đọc theo kiểu Việt Nam. "
        "Hãy kiểm tra."
    )
    values = dict(w.explanation.values)
    assert values == {"written": "1.234", "first": Decimal("1234"), "second": Decimal("1.234")}
    assert w.to_dict()["explanation"]["values"]["first"] == {"number": "1234"}
    # Another language writes the readings in its own number style; the document's token stays as written.
    english = Renderer(
        translate=lambda template, context: "The figure '%(written)s' reads %(first)s or %(second)s.",
        number=lambda value: f"{value:,}",
    )
    assert w.explanation.render(english) == "The figure '1.234' reads 1,234 or 1.234."


def test_an_uncertain_row_lists_its_reasons_as_phrases():
    w = one(UNCERTAIN_ROW, "row_uncertain")
    reasons = "; ".join(f"ô '{c}' không giống nội dung cột" for c in ("Đơn vị tính", "Đơn vị chủ trì", "Thời hạn"))
    assert w.message == f"Dòng này đọc không chắc chắn (40%): {reasons}."
    assert w.explanation.template == "Dòng này đọc không chắc chắn (%(percent)s%%): %(reasons)s."
    assert dict(w.explanation.values)["percent"] == 40
    # each reason is its own template, the column's header kept as written
    marked = Renderer(translate=lambda template, context: "<" + template + ">")
    assert w.explanation.render(marked).count("<ô 'Đơn vị chủ trì' không giống nội dung cột>") == 1


def test_the_place_of_an_unread_table_is_a_phrase_inside_the_warning():
    w = one(HEADER_ONLY, "table_rows_unread")
    where = dict(w.explanation.values)["where"]
    assert where == phrase("dòng %(line)s", line=3)
    assert "(dòng 3)" in w.message


def test_counts_and_table_numbers_are_whole_numbers_never_grouped():
    w = one(RENUMBERED, "renumbered")
    assert dict(w.explanation.values) == {"table": 1, "written": "1.", "last": 3}
    assert "đã đánh số lại 1 đến 3 theo thứ tự" in w.message
    short = one(SHORT_ROW, "short_row")
    assert dict(short.explanation.values) == {"cells": 4, "columns": 5, "missing": "KH 2024"}


def test_a_warning_given_plain_text_still_has_an_explanation_and_older_dicts_read_back():
    w = ParseWarning("x", "Văn bản thuần", Source(line=2))
    assert w.message == "Văn bản thuần" and w.explanation == literal("Văn bản thuần")
    assert w.to_dict() == {
        "code": "x", "message": "Văn bản thuần", "source": {"line": 2}, "explanation": literal("Văn bản thuần").to_dict(),
    }
    given = ParseWarning("x", phrase("Số %(n)s", n=Decimal("1.5")))
    assert (given.message, given.explanation) == ("Số 1,5", phrase("Số %(n)s", n=Decimal("1.5")))
    assert given == ParseWarning("x", phrase("Số %(n)s", n=Decimal("1.5")))
