"""Cell text as written (docs/format.md, "Text as written").

HTML markup is removed and never kept as markup; a paragraph break inside a cell (`<p>…</p><p>…</p>`, `<br>`,
a new paragraph in a Word cell) becomes `\\n`; every other run of whitespace becomes one space; leading and
trailing spaces are dropped. Typographic quotes and the document's spelling are kept.
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser

from planwatch.textnorm import nfc

# Only text that really holds tags goes through the HTML parser: `<3` and `< 3,0` are targets, not markup.
_TAG = re.compile(
    r"</?(?:p|i|b|u|em|strong|br|span|div|sup|sub|font|li|ul|ol|a|small|big|s|strike|h[1-6])\b[^<>]*>",
    re.IGNORECASE,
)
_BLOCK_TAGS = {"p", "br", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr"}
_SPACES = re.compile(r"[ \t\f\v\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_FOOTNOTE = re.compile(r"\[\d{1,3}\]|\(\*{1,3}\)|(?<=\d)\*{1,3}(?!\w)")


class _TextOnly(HTMLParser):
    """Collects the text of an HTML fragment; block tags become paragraph breaks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs) -> None:  # noqa: ANN001 - HTMLParser's signature
        if tag.lower() in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag.lower() in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs) -> None:  # noqa: ANN001
        if tag.lower() in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        # A line break inside the markup is not a paragraph break.
        self.parts.append(data.replace("\r", " ").replace("\n", " "))


def has_markup(text: str) -> bool:
    return bool(_TAG.search(text or ""))


def strip_markup(text: str) -> str:
    """Plain text of a cell that may hold HTML; paragraph breaks as `\\n`, nothing else of the markup."""
    if not has_markup(text):
        return text
    parser = _TextOnly()
    try:
        parser.feed(text)
        parser.close()
    except Exception:  # noqa: BLE001 - HTMLParser is lenient; any failure leaves the text without tags
        return _TAG.sub(" ", text)
    return "".join(parser.parts)


def clean(text: str | None, *, breaks: bool = True) -> str:
    """The cell as written: markup removed, paragraph breaks kept as `\\n` when `breaks`, spaces collapsed."""
    if not text:
        return ""
    text = nfc(text).replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub(" ", text)
    text = strip_markup(text)
    text = strip_markdown(text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    return ("\n" if breaks else " ").join(lines)


def one_line(text: str | None) -> str:
    """Every run of whitespace, line breaks included, as one space."""
    return clean(text, breaks=False)


_MD_BOLD = re.compile(r"\*\*(.+?)\*\*", re.DOTALL)
_MD_EMPH = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")


def strip_markdown(text: str) -> str:
    """Some text exports wrap bold and italic in `**` and `*`; they are markup too."""
    if "*" not in text:
        return text
    text = _MD_BOLD.sub(r"\1", text)
    return _MD_EMPH.sub(r"\1", text)


def strip_footnotes(text: str) -> str:
    """Footnote marks of a value cell: `18,37[2]` → `18,37`, `(*)` removed."""
    return _SPACES.sub(" ", _FOOTNOTE.sub("", text)).strip()


def is_printable_text(text: str) -> bool:
    """True when the characters are those of a text document (letters, digits, punctuation, spaces)."""
    if not text:
        return False
    bad = 0
    for ch in text:
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cs", "Co", "Cn") and ch not in "\n\r\t\f":
            bad += 1
    return bad <= max(2, len(text) // 1000)
