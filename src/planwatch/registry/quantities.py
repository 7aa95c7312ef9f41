"""One way to write a quantity (a target or a value: anything with op/low/high/text) for a reader, issue 15.

The pages and the files (reports) print quantities alike: a figure keeps the decimals the document wrote
(`3.70` -> `3,70`), a range is `7,5-8,0`, a bound `> 13,07`, words stay as written. They differ in the options:

- `language`: "vi" always writes vi-VN (`1.162,6`), whatever the request (the official appendices are Vietnamese);
  None writes in the active language through Django's formats (the pages);
- `joiners`: a figure never breaks across lines (a no-break space after a sign, word joiners around a range's dash),
  for the pages, where a browser wraps text; a file's cell keeps plain spaces and a hyphen;
- `relative_words`: a target relative to a base year in words (`Tăng 5 so với 2020`, the pages) rather than as the
  document wrote it (the files, which reproduce the document).
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from functools import lru_cache

from django.utils import formats, numberformat
from django.utils.translation import get_language

from planwatch.engine.numbers import display, plain, vn, written_places
from planwatch.registry.vocabulary import QUANTITY_SYMBOLS

NBSP, WORD_JOINER = "\u00a0", "\u2060"


def places_written(text: str, value: Decimal) -> int:
    """The decimals the document wrote for `value` in `text` (`3.70` -> 2, `5,325` for 5325 -> 0); else the
    value's own."""
    number = Decimal(plain(value))
    places = written_places(text or "", number)
    return len(plain(number).partition(".")[2]) if places is None else places


def number_text(value, *, text: str = "", language: str | None = None) -> str:
    """A Decimal or int with the decimals the document wrote in `text` (see the module for `language`)."""
    if value is None or value == "":
        return ""
    if isinstance(value, float):
        # Floats lose digits the document wrote; everything numeric in planwatch is a Decimal.
        raise TypeError("a float reached a quantity; pass a Decimal")
    number = Decimal(plain(Decimal(value)))
    places = places_written(text, number)
    if language == "vi":
        return vn(display(number, places), places)
    if language is not None:
        raise ValueError(f"no fixed style for language {language!r}: 'vi', or None for the active language")
    decimal_separator, grouping, thousand_separator = _number_style(get_language())
    # Beyond about 26 digits shown a Decimal cannot be cut to its places in the default precision: Django writes it.
    if grouping == 3 and number.is_finite() and number.adjusted() + places < 26:
        return _grouped_by_three(number, places, decimal_separator, thousand_separator)
    return numberformat.format(number, decimal_separator, places, grouping, thousand_separator, force_grouping=True,
                               use_l10n=True)


def _grouped_by_three(number: Decimal, places: int, decimal_separator: str, thousand_separator: str) -> str:
    """What numberformat.format writes for a grouping of three (every language planwatch speaks), through Python's
    own format: a plan page writes a thousand numbers, and Django's general function was half the time of its
    rows. The same rules: a number too small for the decimals shown is zero, the decimals beyond are cut, not
    rounded."""
    step = _PLACES[places] if places < len(_PLACES) else Decimal(1).scaleb(-places)
    if abs(number) < (step if places else _PLACES[1]):  # Django's cut-off: one decimal when none is shown
        number = _ZERO
    shown = number.quantize(step, rounding=ROUND_DOWN)
    return f"{shown:,.{places}f}".translate({ord(","): thousand_separator, ord("."): decimal_separator})


_PLACES = [Decimal(1).scaleb(-places) for places in range(10)]
_ZERO = Decimal(0)


@lru_cache(maxsize=32)
def _number_style(language: str | None) -> tuple[str, object, str]:
    """What formats.number_format looks up three times per call, once per language: a plan page writes a thousand
    numbers. The formats are the project's own (planwatch/formats), fixed while the process runs."""
    return tuple(formats.get_format(name, language, use_l10n=True)
                 for name in ("DECIMAL_SEPARATOR", "NUMBER_GROUPING", "THOUSAND_SEPARATOR"))


def quantity_text(quantity, *, language: str | None = None, joiners: bool = False,
                  relative_words: bool = False) -> str:
    """The quantity for a reader (see the module for the options); words and qualitative targets as written,
    their spaces tidied."""
    if quantity is None:
        return ""
    op, low, high, text = quantity.op, quantity.low, quantity.high, quantity.text or ""
    relative = getattr(quantity, "relative_direction", "")
    if op == "qualitative" or (low is None and high is None) or (relative and not relative_words):
        return " ".join(text.split())
    space, dash = (NBSP, f"{WORD_JOINER}–{WORD_JOINER}") if joiners else (" ", "-")

    def number(value):
        return number_text(value, text=text, language=language)

    if op == "range":
        body = f"{number(low)}{dash}{number(high)}"
    elif op in ("gt", "ge"):
        body = f"{QUANTITY_SYMBOLS[op]}{space}{number(low)}"
    elif op in ("lt", "le"):
        body = f"{QUANTITY_SYMBOLS[op]}{space}{number(high)}"
    elif op == "about":
        body = f"~{number(low if low is not None else high)}"
    else:
        body = number(low if low is not None else high)
    if relative:
        verb = "Tăng" if relative == "increase" else "Giảm"
        body = f"{verb} {body} so với {quantity.relative_base}"
    return body
