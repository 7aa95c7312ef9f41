"""A message kept as its source words and values, so that each reader sees it in their own language.

A notification is written once and read later, by people who may have switched the site to English: its subject and
body are kept as `Text` (the Vietnamese source, marked with gettext_noop so the catalogue holds it, and the values)
and translated when shown. A value may itself be a Text (`3 ngày`, `nhiệm vụ`), translated with it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext


@dataclass(frozen=True)
class Text:
    msgid: str
    values: dict = field(default_factory=dict)
    capitalized: bool = False  # the first letter upper case once translated (a word that starts a sentence)

    def __str__(self) -> str:
        text = gettext(self.msgid)
        if self.values:
            text = text % {key: str(value) if isinstance(value, Text) else value for key, value in self.values.items()}
        return text[:1].upper() + text[1:] if self.capitalized else text

    def to_json(self) -> dict:
        return {
            "t": self.msgid, "c": self.capitalized,
            "v": {key: value.to_json() if isinstance(value, Text) else value for key, value in self.values.items()},
        }

    @classmethod
    def from_json(cls, data: dict) -> Text:
        values = {key: cls.from_json(value) if isinstance(value, dict) else value
                  for key, value in (data.get("v") or {}).items()}
        return cls(data["t"], values, bool(data.get("c")))


def as_json(text) -> list | None:
    """A subject or a body for Notification.message: a Text, or parts (Texts and plain strings) joined by lines."""
    parts = text if isinstance(text, (list, tuple)) else [text]
    if not any(isinstance(part, Text) for part in parts):
        return None
    return [part.to_json() if isinstance(part, Text) else str(part) for part in parts]


def shown(parts: list, fallback: str) -> str:
    """The stored parts in the active language; the text as written when they cannot be read."""
    try:
        return "\n".join(str(Text.from_json(part)) if isinstance(part, dict) else str(part) for part in parts)
    except (KeyError, TypeError, ValueError):
        return fallback


def plain(text) -> str:
    parts = text if isinstance(text, (list, tuple)) else [text]
    return "\n".join(str(part) for part in parts)
