"""A report table's cell text: written directly when on one line, through linebreaksbr otherwise; the same HTML."""

import random

import pytest
from django.template.defaultfilters import linebreaksbr
from django.utils.safestring import mark_safe

from planwatch.reports.templatetags.reports import _cell_text


@pytest.mark.parametrize("text, html", [
    ("", ""),
    ("Sở Y tế", "Sở Y tế"),
    ('a<b>&"\'', "a&lt;b&gt;&amp;&quot;&#x27;"),
    ("dòng 1\ndòng 2", "dòng 1<br>dòng 2"),
    ("x\r\ny\rz", "x<br>y<br>z"),
    (mark_safe("<b>đã</b>"), "<b>đã</b>"),
    (mark_safe("a<i>\n</i>b"), "a<i><br></i>b"),
])
def test_a_cell_s_text_as_html(text, html):
    assert str(_cell_text(text)) == html == str(linebreaksbr(text, autoescape=True))


def test_random_texts_are_written_as_linebreaksbr_writes_them():
    rng = random.Random(14)
    for _ in range(5000):
        text = "".join(rng.choice("ab<>&\"' \n\r\tđ") for _ in range(rng.randint(0, 12)))
        assert str(_cell_text(text)) == str(linebreaksbr(text, autoescape=True)), repr(text)
