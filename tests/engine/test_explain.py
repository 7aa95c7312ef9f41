"""Explanations as data (engine/explain.py): the Vietnamese reason is the phrase written out, every template is a
valid format with the names it is given, and a phrase survives JSON."""

import ast
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from planwatch.engine import compute_indicator
from planwatch.engine.explain import Phrase, Renderer, Shown, literal, phrase
from planwatch.engine.quantity import GE, Quantity

from .hanoi_2024 import PLAN_PERIOD, all_series

ENGINE = Path(__file__).resolve().parents[2] / "src" / "planwatch" / "engine"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def marked_templates():
    """Every string literal the engine marks for the catalogue, with where it is."""
    for path in sorted(ENGINE.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") in ("gettext_noop", "pgettext_noop"):
                literal_node = node.args[-1]
                assert isinstance(literal_node, ast.Constant), f"{path.name}:{node.lineno}: a template must be a literal"
                yield f"{path.name}:{node.lineno}", literal_node.value


TEMPLATES = list(marked_templates())


def test_the_engine_marks_its_explanations():
    assert len(TEMPLATES) > 50


@pytest.mark.parametrize(("where", "template"), TEMPLATES, ids=[w for w, _ in TEMPLATES])
def test_each_template_formats_with_its_own_names(where, template):
    names = {name: "x" for name in PLACEHOLDER.findall(template)}
    filled = template % names  # a stray % or a wrong placeholder raises here
    assert "%(" not in filled


@pytest.mark.parametrize("row", all_series(), ids=lambda s: s.key)
def test_the_reason_is_the_explanation_written_in_vietnamese(row):
    computed = compute_indicator(row, plan_period=PLAN_PERIOD, as_of_year=2024)
    assert computed.explanation is not None and str(computed.explanation) == computed.reason
    assert str(computed.assessment_explanation) == computed.assessment_reason
    assert computed.required.explanation is None or str(computed.required.explanation) == computed.required.reason
    for warning in computed.warnings:
        assert str(warning.explanation) == warning.message


def test_another_renderer_translates_templates_and_writes_numbers_its_own_way():
    need = phrase("Cần đạt %(rate)s%%/năm trong %(years)s", rate=Decimal("13.07"),
                  years=phrase("%(count)s năm %(period)s", count=2, period="2024-2025"))
    english = {"Cần đạt %(rate)s%%/năm trong %(years)s": "Needs %(rate)s%% a year over %(years)s",
               "%(count)s năm %(period)s": "%(count)s years %(period)s"}
    renderer = Renderer(translate=lambda message, context="": english.get(message, message),
                        number=lambda value: f"{value:,}")
    assert str(need) == "Cần đạt 13,07%/năm trong 2 năm 2024-2025"
    assert need.render(renderer) == "Needs 13.07% a year over 2 years 2024-2025"


def test_a_year_is_never_grouped_and_a_quantity_is_written_by_the_renderer():
    target = Shown("≥ 1.162,6", Quantity(GE, Decimal("1162.6")))
    said = phrase("Mục tiêu %(target)s năm %(year)s", target=target, year=2025)
    assert str(said) == "Mục tiêu ≥ 1.162,6 năm 2025"
    assert said.render(Renderer(shown=lambda s: "at least 1,162.6")) == "Mục tiêu at least 1,162.6 năm 2025"


def test_a_phrase_survives_json():
    said = phrase("%(a)s; %(b)s", a=phrase("Tăng %(n)s", n=Decimal("1.50")), b=literal("Văn bản ghi “đạt”"))
    back = Phrase.from_dict(json.loads(json.dumps(said.to_dict())))
    assert back == said and str(back) == "Tăng 1,50; Văn bản ghi “đạt”"
