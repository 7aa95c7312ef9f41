"""The English catalogue: every Vietnamese string translated, and the compiled .mo in step with the .po."""

import gettext
import re
from pathlib import Path

LOCALE = Path(__file__).resolve().parents[1] / "src" / "planwatch" / "locale" / "en" / "LC_MESSAGES"
ENTRY = re.compile(r'^(?:msgctxt ((?:".*"\n)+))?msgid ((?:".*"\n)+)msgstr ((?:".*"\n?)+)', re.M)


ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def _unquote(block: str) -> str:
    joined = "".join(re.findall(r'"(.*)"', block))
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(1)), joined)


def catalogue_with_contexts() -> list[tuple[str, str, str, bool]]:
    """(context, msgid, msgstr, fuzzy) of every live entry; the context is "" for most."""
    text = (LOCALE / "django.po").read_text(encoding="utf-8")
    found = []
    for entry in text.split("\n\n"):
        if entry.startswith("#~"):
            continue
        match = ENTRY.search(entry + "\n")
        if match:
            context = _unquote(match.group(1)) if match.group(1) else ""
            found.append((context, _unquote(match.group(2)), _unquote(match.group(3)), "#, fuzzy" in entry))
    return [item for item in found if item[1]]


def catalogue() -> list[tuple[str, str, bool]]:
    return [(msgid, msgstr, fuzzy) for _context, msgid, msgstr, fuzzy in catalogue_with_contexts()]


def test_every_string_is_translated():
    entries = catalogue()
    assert len(entries) > 500
    assert [msgid for msgid, msgstr, fuzzy in entries if fuzzy or not msgstr] == []


def test_the_compiled_catalogue_matches_the_source():
    with open(LOCALE / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = [msgid for context, msgid, msgstr, _ in catalogue_with_contexts()
             if (compiled.pgettext(context, msgid) if context else compiled.gettext(msgid)) != msgstr]
    assert stale == []
