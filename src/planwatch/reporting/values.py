"""Reading a value an agency types into its report, in the Vietnamese style the form asks for.

`7,5` and `1.162,6` are numbers (decimal comma, thousands dot); `7,5-8,0` is a range; `~30` is approximate;
words are a qualitative value, accepted only for a qualitative indicator. `6.27` is refused rather than
guessed: in the Vietnamese style a dot only groups thousands. `1.162` is read as 1162 and the form says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

# [0-9], not \d: \d also matches Arabic-Indic (٣) and full-width (３) digits, which nobody types in a report on purpose.
_NUMBER = r"[+-]?(?:[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+)(?:,[0-9]+)?"
_NUMBER_RE = re.compile(rf"^{_NUMBER}$")
_RANGE_RE = re.compile(rf"^(?P<low>{_NUMBER})\s*[-–—]\s*(?P<high>{_NUMBER})$")
_ABOUT_RE = re.compile(rf"^(?:~|khoảng|khoang)\s*(?P<n>{_NUMBER})$", re.I)
_DECIMAL_DOT_RE = re.compile(r"[0-9]\.[0-9]{1,2}(?![0-9])|[0-9]\.[0-9]{4,}")
_THOUSANDS_ONLY_RE = re.compile(r"^[+-]?[0-9]{1,3}(?:\.[0-9]{3})+$")


class ValueInputError(ValueError):
    """A value the form cannot read; the message says what was expected."""


@dataclass(frozen=True)
class ReportedValue:
    text: str
    op: str  # eq, range, about, qualitative
    low: Decimal | None = None
    high: Decimal | None = None
    notice: str = ""  # what the person should check: how an ambiguous number was read


# The values are stored as numeric(24, 6): 18 digits before the decimal comma.
LARGEST = Decimal(10) ** 18


def to_decimal(text: str) -> Decimal:
    try:
        number = Decimal(text.replace(".", "").replace(",", "."))
    except InvalidOperation as exc:  # pragma: no cover - the regexes admit only digits
        raise ValueInputError(text) from exc
    if abs(number) >= LARGEST:
        raise ValueInputError(_("“%(text)s”: số quá lớn (tối đa 18 chữ số trước dấu phẩy).") % {"text": text})
    return number


def _strip_percent(text: str) -> str:
    return text[:-1].rstrip() if text.endswith("%") else text


def parse_value(text: str, *, qualitative: bool = False) -> ReportedValue | None:
    """None for an empty cell; a ReportedValue, or ValueInputError with a Vietnamese message."""
    raw = " ".join((text or "").split())
    if not raw:
        return None
    body = _strip_percent(raw)
    if _NUMBER_RE.match(body):
        number = to_decimal(body)
        notice = ""
        if _THOUSANDS_ONLY_RE.match(body):
            notice = _(
                "“%(text)s” được hiểu là %(text)s theo cách viết Việt Nam (dấu chấm tách hàng nghìn). "
                "Nếu là số thập phân, hãy viết bằng dấu phẩy."
            ) % {"text": body}
        return ReportedValue(raw, "eq", number, number, notice)
    match = _RANGE_RE.match(body)
    if match:
        low, high = to_decimal(match["low"]), to_decimal(match["high"])
        if low > high:
            raise ValueInputError(_("Khoảng “%(text)s”: số đầu phải nhỏ hơn số sau.") % {"text": raw})
        return ReportedValue(raw, "range", low, high)
    match = _ABOUT_RE.match(body)
    if match:
        number = to_decimal(match["n"])
        return ReportedValue(raw, "about", number, number)
    if _DECIMAL_DOT_RE.search(body) and re.fullmatch(r"[\d.,%\s+-]+", raw):
        raise ValueInputError(
            _("“%(text)s”: hãy viết số theo kiểu Việt Nam, dấu phẩy cho phần thập phân (6,27) "
              "và dấu chấm tách hàng nghìn (1.162,6).") % {"text": raw}
        )
    if qualitative and re.search(r"[^\W\d_]", raw):
        return ReportedValue(raw, "qualitative")
    if qualitative:
        raise ValueInputError(_("“%(text)s” không phải là một giá trị đọc được.") % {"text": raw})
    raise ValueInputError(
        _("“%(text)s” không phải là số: chỉ tiêu này cần một số (ví dụ 7,5 hoặc 1.162,6), "
          "một khoảng (7,5-8,0) hoặc số gần đúng (~30).") % {"text": raw}
    )
