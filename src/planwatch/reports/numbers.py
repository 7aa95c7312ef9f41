"""Numbers in the report: vi-VN text (`6,73`, `1.162,6`, `7,5-8,0`) and the XLSX number formats behind them.

A printed figure keeps the decimals the document wrote (`3.70` -> `3,70`, `29,0` -> `29,0`), read back from the
text as written; a computed figure is shown with the decimals of the printed figures it comes from.
Ranges, bounds and words stay text (`7,5-8,0`, `> 13,07`, `Cơ bản không còn hộ nghèo`); a single number becomes
a real number cell in XLSX.
"""

from __future__ import annotations

from decimal import Decimal

from planwatch.engine import numbers as engine_numbers
from planwatch.engine.numbers import display, vn
from planwatch.registry import quantities
from planwatch.reports.layout import Cell


def plain(value: Decimal) -> Decimal:
    """The stored decimal without trailing zeros (`Decimal('3.700000')` -> `3.7`), never in exponent form."""
    return Decimal(engine_numbers.plain(value))


def decimals(value: Decimal) -> int:
    return len(engine_numbers.plain(value).partition(".")[2])


written_places = quantities.places_written


def vn_text(value: Decimal | None, places: int | None = None) -> str:
    """`1162.6` -> `1.162,6`; with `places`, rounded half-up to that many decimals."""
    if value is None:
        return ""
    if places is None:
        return vn(plain(value))
    return vn(display(value, places), places)


def number_format(places: int, prefix: str = "", suffix: str = "", percent: bool = False) -> str:
    """The XLSX format: `#,##0.00`. Excel and LibreOffice show it with the reader's separators (`6,73` in vi-VN);
    a prefix or suffix is a quoted literal (`"≥ "#,##0.00`)."""
    body = "#,##0" + ("." + "0" * places if places > 0 else "")
    if percent:
        body += "%"
    if prefix:
        body = '"{}"{}'.format(prefix.replace('"', ""), body)
    if suffix:
        body = '{}"{}"'.format(body, suffix.replace('"', ""))
    return body


def number_cell(value: Decimal, places: int, *, prefix: str = "", suffix: str = "", **style) -> Cell:
    rounded = display(value, places)
    return Cell(text=prefix + vn(rounded, places) + suffix, number=rounded, places=places, prefix=prefix,
                suffix=suffix, align=style.pop("align", "right"), **style)


def quantity_text(quantity) -> str:
    """A target or value in vi-VN style, as the appendix prints it: `7,5-8,0`, `> 13,07`, `~100`; a relative target
    as the document wrote it (registry/quantities.py, the pages' formatter too)."""
    return quantities.quantity_text(quantity, language="vi")


def quantity_cell(quantity, **style) -> Cell:
    """A number cell for a single number (`6.73`), a text cell for anything else."""
    if quantity is None:
        return Cell(**style)
    single = (
        quantity.op == "eq" and quantity.low is not None and quantity.low == quantity.high
        and not getattr(quantity, "relative_direction", "")
    )
    if single:
        return number_cell(quantity.low, written_places(quantity.text, quantity.low), **style)
    align = style.pop("align", "right" if quantity.low is not None or quantity.high is not None else "left")
    return Cell(text=quantity_text(quantity), align=align, **style)
