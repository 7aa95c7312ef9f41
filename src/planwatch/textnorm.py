"""Text keys for matching Vietnamese text regardless of case, diacritics and spacing.

Pure Python, shared by the parser (agency matching) and the Django side (search keys),
so that `so ke hoach` and `Sở Kế hoạch` meet on the same key everywhere.
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_NON_WORD = re.compile(r"[^\w&]+")


def fold(text: str) -> str:
    """Lower case, no diacritics, `đ` as `d`, runs of whitespace as one space."""
    text = unicodedata.normalize("NFD", text or "")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = text.replace("đ", "d").replace("Đ", "D").casefold()
    return _SPACES.sub(" ", text).strip()


def key(text: str) -> str:
    """A matching key: folded, punctuation other than `&` dropped, single spaces."""
    return _SPACES.sub(" ", _NON_WORD.sub(" ", fold(text))).strip()


def nfc(text: str) -> str:
    """Composed Unicode: documents mix composed and decomposed accents."""
    return unicodedata.normalize("NFC", text or "")
