"""The engine's and the parser's explanations (`engine.explain.Phrase`) in the reader's language.

In Vietnamese a phrase reads exactly as the engine wrote it (the reason stored beside it); in another language its
template goes through gettext and its numbers and quantities through the active language's number style.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import get_language, gettext, pgettext

from planwatch.engine.explain import Phrase, Renderer, Shown
from planwatch.registry.quantities import number_text, quantity_text


def _number(value: Decimal) -> str:
    return number_text(value)


def _shown(shown: Shown) -> str:
    quantity = shown.quantity
    if quantity is None:
        return shown.text
    if getattr(quantity, "op", "") == "qualitative":
        return f"“{quantity.text}”"
    unit = shown.unit
    return quantity_text(quantity, joiners=True) + ("%" if unit == "%" else (f" {unit}" if unit else ""))


def _translate(message: str, context: str = "") -> str:
    return pgettext(context, message) if context else gettext(message)


ACTIVE_LANGUAGE = Renderer(translate=_translate, number=_number, shown=_shown)


def vietnamese() -> bool:
    return (get_language() or "vi").split("-")[0] == "vi"


def explained(item, fallback: str = "") -> str:
    """A Phrase (or a dict from `Phrase.to_dict`) in the active language; plain text as it is; `fallback` when
    there is nothing."""
    if isinstance(item, dict):
        item = Phrase.from_dict(item) if "template" in item else None
    if item is None or item == "":
        return fallback
    if not isinstance(item, Phrase):
        return str(item)
    return str(item) if vietnamese() else item.render(ACTIVE_LANGUAGE)


def explanation_of(result, text_field: str = "reason", phrase_field: str = "explanation") -> str:
    """An engine result's reason in the active language: its phrase when it has one (results kept from before
    phrases existed have none), else its Vietnamese text."""
    if result is None:
        return ""
    return explained(getattr(result, phrase_field, None), fallback=getattr(result, text_field, "") or "")


# The text and phrase fields of each kind of result: a status or required value ("reason"), the assessment
# against the same period's plan ("assessment"), a warning of the engine or the parser ("message").
FIELDS = {"": ("reason", "explanation"), "assessment": ("assessment_reason", "assessment_explanation"),
          "message": ("message", "explanation")}


def reason_text(result, kind: str = "") -> str:
    """The reason (or `kind`: assessment, message) of an engine result, a warning or its dict, in the active
    language."""
    text_field, phrase_field = FIELDS[kind]
    if isinstance(result, dict):
        return explained(result.get(phrase_field), fallback=result.get(text_field) or "")
    return explanation_of(result, text_field, phrase_field)
