"""The engine's explanations in the reader's language (issue 10): the reasons of the seed plans are their phrases
written in Vietnamese, every sentence they use has an English translation, and the English indicator page explains
in English."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from planwatch.engine.explain import Phrase
from planwatch.registry.computing import compute_document
from planwatch.registry.explanations import reason_text

pytestmark = pytest.mark.django_db

VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệịỉĩọỏốồổỗộớờởỡợụủũứừửữựỳỵỷỹ]", re.I)


def phrases_of(computation):
    for computed in computation.by_indicator.values():
        yield from (computed.explanation, computed.assessment_explanation, computed.required.explanation)
        yield from (warning.explanation for warning in computed.warnings)


def templates_in(item, found):
    if isinstance(item, Phrase):
        found.add((item.template, item.context))
        for _name, value in item.values:
            templates_in(value, found)
    return found


@pytest.fixture
def computations(plan_2024, plan_183):
    return [compute_document(plan_2024), compute_document(plan_183)]


def test_each_reason_is_its_phrase_written_in_vietnamese(computations):
    checked = 0
    for computation in computations:
        for computed in computation.by_indicator.values():
            assert str(computed.explanation) == computed.reason
            assert str(computed.assessment_explanation) == computed.assessment_reason
            checked += 1
    assert checked > 80


def test_every_sentence_the_seeds_use_has_an_english_translation(computations):
    found = set()
    for computation in computations:
        for item in phrases_of(computation):
            templates_in(item, found)
    vietnamese = {(t, c) for t, c in found if VIETNAMESE.search(t)}
    assert len(vietnamese) > 15
    with translation.override("en"):
        untranslated = [t for t, c in vietnamese
                        if (translation.pgettext(c, t) if c else translation.gettext(t)) == t]
    assert not untranslated, untranslated


def test_an_english_reason_keeps_the_figures_in_english_style(computations):
    computed = next(c for c in computations[0].by_indicator.values() if c.reason.startswith("Cần đạt 13,07%/năm"))
    with translation.override("en"):
        text = reason_text(computed)
    assert text.startswith("Needs 13.07% a year"), text
    assert not VIETNAMESE.search(text), text
    with translation.override("vi"):
        assert reason_text(computed) == computed.reason


def test_the_english_indicator_page_explains_in_english(client, reviewer, plan_2024):
    indicator = plan_2024.indicators.get(key="1")
    client.force_login(reviewer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("indicator", args=[indicator.pk])).content.decode()
    analysis = page.split('id="analysis"', 1)[1].split("</dl>", 1)[0]
    assert "Needs" in analysis and "a year" in analysis
    assert "Cần đạt" not in analysis and "bình quân đã đạt" not in analysis
