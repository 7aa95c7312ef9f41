"""Explanations as data: a Vietnamese template with named values, shown in the reader's language by another layer.

The engine says why ("Cần đạt 13,07%/năm trong 2 năm 2024-2025, ...") without knowing who reads it. A `Phrase`
keeps the sentence as a template (`%(name)s` placeholders, the msgid of the translation catalogue) and the values
that fill it: text written in a document (kept as written), years, numbers, quantities and other phrases. `str()`
writes it in Vietnamese with vi-VN numbers, exactly as the engine always wrote its reasons; the Django side renders
the same phrase through gettext and the active language's number style (registry/explanations.py).

A result type whose reason field is given a `Phrase` keeps the Vietnamese text in that field and the phrase in its
`explanation` field (`settle`), so reasons stay plain strings for the files, the API and the tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Callable

from .numbers import vn


def gettext_noop(message: str) -> str:
    """Marks a template for the translation catalogue (the catalogue tools look for this name); returns it as is."""
    return message


def pgettext_noop(context: str, message: str) -> Phrase:
    """A word or template whose translation depends on its use (`kế hoạch` the kind of a value, not plans), as a
    phrase with that context; the project's makemessages extracts this name with its context."""
    return Phrase(message, (), context)


@dataclass(frozen=True)
class Shown:
    """A target or value inside a phrase: the engine's Vietnamese writing of it, and the quantity itself so that
    another language can write it in its own number style."""

    text: str
    quantity: object = None
    unit: str = ""  # written after the quantity: glued when "%", else after a space

    def __str__(self) -> str:
        return self.text


def _same(message: str, context: str = "") -> str:
    return message


def _vn_number(value: Decimal) -> str:
    return vn(value)


def _shown_text(shown: Shown) -> str:
    return shown.text


@dataclass(frozen=True)
class Renderer:
    """How to write a phrase: the translation of a template, a number, a quantity."""

    translate: Callable[[str, str], str] = _same  # (template, context) -> the template in the reader's language
    number: Callable[[Decimal], str] = _vn_number
    shown: Callable[[Shown], str] = _shown_text


VIETNAMESE = Renderer()


@dataclass(frozen=True)
class Phrase:
    template: str
    values: tuple[tuple[str, object], ...] = ()
    context: str = ""

    def render(self, renderer: Renderer = VIETNAMESE) -> str:
        filled = {name: _render_value(value, renderer) for name, value in self.values}
        template = renderer.translate(self.template, self.context) if self.template else ""
        return template % filled

    def __str__(self) -> str:
        return self.render()

    def __add__(self, other: Phrase | str) -> Phrase:
        """Two explanations one after the other, joined by "; "."""
        return phrase("%(first)s; %(second)s", first=self, second=other)

    def to_dict(self) -> dict:
        out = {"template": self.template, "values": {name: _encode(value) for name, value in self.values}}
        if self.context:
            out["context"] = self.context
        return out

    @classmethod
    def from_dict(cls, data: dict) -> Phrase:
        values = tuple((k, _decode(v)) for k, v in (data.get("values") or {}).items())
        return cls(data.get("template", ""), values, data.get("context", ""))


def phrase(template: str, **values: object) -> Phrase:
    """A phrase; mark a template for translation by writing it as `phrase(gettext_noop("…"), name=value)`."""
    return Phrase(template, tuple(values.items()))


def literal(text: str) -> Phrase:
    """Text that is not to be translated (a document's own words), as a phrase."""
    return phrase("%(text)s", text=text)


def _render_value(value: object, renderer: Renderer) -> str:
    if value is None:
        return "—"
    if isinstance(value, Phrase):
        return value.render(renderer)
    if isinstance(value, Shown):
        return renderer.shown(value)
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, Decimal):
        return renderer.number(value)
    # ints are years, counts and codes: never grouped ("2025", not "2.025")
    return str(value)


def _encode(value: object) -> object:
    if isinstance(value, Phrase):
        return {"phrase": value.to_dict()}
    if isinstance(value, Shown):
        return value.text  # the quantity does not travel: its Vietnamese writing does
    if isinstance(value, Decimal):
        return {"number": format(value, "f")}
    return value


def _decode(value: object) -> object:
    if isinstance(value, dict) and "phrase" in value:
        return Phrase.from_dict(value["phrase"])
    if isinstance(value, dict) and "number" in value:
        return Decimal(value["number"])
    return value


def settle(result: object, text_field: str = "reason", phrase_field: str = "explanation") -> None:
    """In a frozen dataclass's `__post_init__`: a Phrase given as the text moves to `phrase_field`, its Vietnamese
    writing stays in `text_field`; a plain text gets a literal phrase, so every result has an explanation."""
    value = getattr(result, text_field)
    if isinstance(value, Phrase):
        object.__setattr__(result, phrase_field, value)
        object.__setattr__(result, text_field, str(value))
    elif getattr(result, phrase_field) is None and value:
        object.__setattr__(result, phrase_field, literal(value))
