"""Path converters of the project's URLs.

`<id:pk>` is Django's `<int:pk>` bounded to what a database key can hold. A 20-digit id in a URL is nobody's
record: it must be a 404 like any other missing id, but past 2**63 - 1 SQLite raises OverflowError and PostgreSQL
a DataError (bigint out of range), both 500s. So the URL itself does not match, before any query is made.
"""

from __future__ import annotations

from django.urls import register_converter

# The largest value of a BigAutoField (a signed 64-bit integer) on both SQLite and PostgreSQL.
MAX_ID = 2**63 - 1


class IdConverter:
    # ASCII digits only (not `\d`, which also matches `²`-like and Arabic-Indic digits in some engines), at most 19.
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if number > MAX_ID:
            # ValueError makes the resolver try the next pattern, then answer 404.
            raise ValueError(f"{value} is beyond the largest id")
        return number

    def to_url(self, value: int) -> str:
        return str(int(value))


register_converter(IdConverter, "id")


def bounded_int(text: str | None, *, low: int = 0, high: int = MAX_ID) -> int | None:
    """The whole number a query parameter or a form's hidden field carries, or None when it is not one.

    ASCII digits only: `'²'.isdigit()` and `'٣'.isdigit()` are True, yet `int('²')` raises and `int('٣')` is 3,
    a value nobody typed on purpose. Bounded, so that no query ever sees an integer the database cannot hold.
    """
    text = (text or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > len(str(high)):
        return None
    number = int(text)
    return number if low <= number <= high else None
