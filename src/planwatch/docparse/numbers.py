"""Numbers as Vietnamese plans write them, and targets and values as `Quantity`.

Two styles meet in one table (DOMAIN.md): Vietnamese (`7,5`, `1.359,8`, `8.300-8.500`) and English
(`6.73`, `1,716.4`, `5,325`). Most tokens say their style themselves: `6.73` cannot be Vietnamese (a thousands
group has three digits), `7,5` cannot be English. A dot or a comma followed by exactly three digits
(`1.162`, `5,325`) can be either; such a token is decided, in this order, by

1. the other numbers of the same cell (`160,8-162`: one style per cell),
2. the magnitudes of the row (`> 1.162` beside 409, 463, 506, 559.4 is 1162, not 1.162),
3. the style of its column, when the column's other cells say it,
4. the unit (a percentage above a thousand is implausible),

and otherwise read in the Vietnamese style with an `ambiguous_number` warning: never guessed silently.

Like Babel's `parse_decimal`, the low-level functions raise on what they cannot read; the quantity parser
turns unreadable text into a qualitative quantity and says so.
"""

from __future__ import annotations

import math
import re
import statistics
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from planwatch.engine.quantity import (
    ABOUT,
    EQ,
    GE,
    GT,
    LE,
    LT,
    QUALITATIVE,
    RANGE,
    Quantity,
    Relative,
)
from planwatch.textnorm import fold

from .celltext import one_line, strip_footnotes
from .errors import DocparseError

VI = "vi"
EN = "en"

# A number token: digits with `.`/`,` between digit groups. The sign is handled by the quantity parser.
TOKEN = re.compile(r"\d+(?:[.,]\d+)*")


class NumberError(DocparseError, ValueError):
    """A token is not a number in either style."""


@dataclass(frozen=True)
class Reading:
    value: Decimal
    style: str | None  # VI, EN, or None when the token reads the same in both styles


def readings(token: str) -> list[Reading]:
    """Every way `token` can be read. One reading: unambiguous; two: a dot or comma before three digits."""
    token = token.strip()
    if not re.fullmatch(r"\d+(?:[.,]\d+)*", token):
        raise NumberError(f"not a number: {token!r}")
    dots, commas = token.count("."), token.count(",")
    if not dots and not commas:
        return [Reading(Decimal(token), None)]
    if dots and commas:
        last = max(token.rfind("."), token.rfind(","))
        dec_sep = token[last]
        style = EN if dec_sep == "." else VI
        group_sep = "," if dec_sep == "." else "."
        int_part, frac = token[:last], token[last + 1 :]
        if dec_sep in int_part or not _grouped(int_part, group_sep):
            raise NumberError(f"mixed separators: {token!r}")
        return [Reading(Decimal(int_part.replace(group_sep, "") + "." + frac), style)]
    sep = "." if dots else ","
    # A dot decimal is English, a comma decimal Vietnamese; grouping is the other way round.
    dec_style, group_style = (EN, VI) if sep == "." else (VI, EN)
    parts = token.split(sep)
    if len(parts) > 2:
        if _grouped(token, sep):
            return [Reading(Decimal("".join(parts)), group_style)]
        raise NumberError(f"not a number: {token!r}")
    int_part, frac = parts
    as_decimal = Reading(Decimal(int_part + "." + frac), dec_style)
    if len(frac) == 3 and _grouped(token, sep):
        return [Reading(Decimal(int_part + frac), group_style), as_decimal]
    return [as_decimal]


def _grouped(text: str, sep: str) -> bool:
    """`1.234.567`: a first group of 1-3 digits not starting with 0, then groups of exactly three."""
    groups = text.split(sep)
    if not groups[0] or len(groups[0]) > 3 or (groups[0].startswith("0") and len(groups) > 1):
        return False
    return all(len(g) == 3 for g in groups[1:])


def parse_number(token: str, style: str | None = None) -> Decimal:
    """One number; `style` decides an ambiguous token. Raises `NumberError` when it stays ambiguous."""
    options = readings(token)
    if len(options) == 1:
        return options[0].value
    for r in options:
        if r.style == style:
            return r.value
    raise NumberError(f"ambiguous number: {token!r}")


def token_style(token: str) -> str | None:
    """The style a token proves by itself (`6.73` → EN, `7,5` → VI, `1.162` → None)."""
    try:
        options = readings(token)
    except NumberError:
        return None
    if len(options) == 1:
        return options[0].style
    return None


def format_number(value: Decimal, style: str, *, group: bool = True) -> str:
    """Write a Decimal in a style (the inverse of `parse_number`, used by tests and the benchmark)."""
    sign, digits, exp = value.as_tuple()
    text = format(abs(value), "f")
    int_part, _, frac = text.partition(".")
    dec_sep, group_sep = (",", ".") if style == VI else (".", ",")
    if group and len(int_part) > 3:
        rev = int_part[::-1]
        int_part = group_sep.join(rev[i : i + 3] for i in range(0, len(rev), 3))[::-1]
    out = int_part + (dec_sep + frac if frac else "")
    return ("-" if sign and value != 0 else "") + out


# --- context: what decides an ambiguous token ------------------------------------------------------


@dataclass
class NumberContext:
    """What the row and the column say about ambiguous numbers."""

    magnitude: float | None = None  # median log10 of the row's unambiguous numbers
    column_style: str | None = None
    unit: str | None = None

    @classmethod
    def for_row(cls, texts: list[str], *, unit: str | None = None, column_style: str | None = None):
        return cls(row_magnitude(texts), column_style, unit)


def row_magnitude(texts: list[str]) -> float | None:
    """Median log10 of the numbers of a row that read the same in both styles or say their style."""
    logs: list[float] = []
    for text in texts:
        tokens = TOKEN.findall(strip_footnotes(text or ""))
        for tok in tokens:
            try:
                options = readings(tok)
            except NumberError:
                continue
            if len(options) == 1 and options[0].value > 0:
                logs.append(math.log10(options[0].value))
    if not logs:
        return None
    return statistics.median(logs)


def column_style(texts: list[str]) -> str | None:
    """The style a column's unambiguous tokens agree on, if they clearly do."""
    votes = {VI: 0, EN: 0}
    for text in texts:
        for tok in TOKEN.findall(strip_footnotes(text or "")):
            s = token_style(tok)
            if s:
                votes[s] += 1
    if votes[VI] and not votes[EN]:
        return VI
    if votes[EN] and not votes[VI]:
        return EN
    if votes[VI] >= 3 * votes[EN] and votes[VI] >= 3:
        return VI
    if votes[EN] >= 3 * votes[VI] and votes[EN] >= 3:
        return EN
    return None


@dataclass
class Decision:
    value: Decimal
    ambiguous: bool  # stayed ambiguous: read in the Vietnamese style, and the caller warns
    reason: str | None = None  # what decided it: cell, row, column, unit, default


def decide(token: str, ctx: NumberContext | None = None, *, cell_style: str | None = None) -> Decision:
    """Read one token, deciding an ambiguous one from the cell, the row, the column and the unit."""
    options = readings(token)
    if len(options) == 1:
        return Decision(options[0].value, False)
    ctx = ctx or NumberContext()
    by_style = {r.style: r.value for r in options}
    if cell_style in by_style:
        return Decision(by_style[cell_style], False, "cell")
    big, small = max(r.value for r in options), min(r.value for r in options)
    if ctx.magnitude is not None and small > 0:
        d_big = abs(math.log10(big) - ctx.magnitude)
        d_small = abs(math.log10(small) - ctx.magnitude)
        if abs(d_big - d_small) >= 1.0:
            return Decision(big if d_big < d_small else small, False, "row")
    if ctx.column_style in by_style:
        return Decision(by_style[ctx.column_style], False, "column")
    unit = fold(ctx.unit or "")
    if unit.startswith("%") or unit in ("ty le", "phan tram"):
        if big > 1000:
            return Decision(small, False, "unit")
    return Decision(by_style[VI], True, "default")


# --- quantities ----------------------------------------------------------------------------------

_NO_VALUE = re.compile(r"^[\s\-–—_.…·x/]*$", re.IGNORECASE)
_DASH = r"[-–—]"
# A number with an optional sign (a sign only where no range dash can be meant).
_NUM = r"\d+(?:[.,]\d+)*"
_PCT = r"\s*%?"


@dataclass
class QuantityResult:
    quantity: Quantity | None
    ambiguous: list[str] = field(default_factory=list)  # tokens read by default
    unparsed: bool = False  # text with numbers kept as qualitative


_PREFIXES: list[tuple[re.Pattern, str]] = [
    (re.compile(r"^(?:>=|=>|≥|⩾)\s*"), GE),
    (re.compile(r"^(?:<=|=<|≤|⩽)\s*"), LE),
    (re.compile(r"^>\s*"), GT),
    (re.compile(r"^<\s*"), LT),
    (re.compile(r"^(?:~|≈|∼)\s*"), ABOUT),
]
# Word prefixes, matched on the folded text (lower case, no diacritics).
_WORD_PREFIXES: list[tuple[str, str]] = [
    ("khong thap hon", GE),
    ("khong duoi", GE),
    ("toi thieu", GE),
    ("it nhat", GE),
    ("tu", GE),  # `từ 5% trở lên`; a `từ a-b` range is read before this
    ("khong qua", LE),
    ("khong vuot qua", LE),
    ("toi da", LE),
    ("tren", GT),
    ("hon", GT),
    ("duoi", LT),
    ("khoang", ABOUT),
    ("xap xi", ABOUT),
    ("gan", ABOUT),
    ("dat", None),  # `Đạt 100%`: the verb adds nothing
]
_SUFFIX_GE = re.compile(r"\s*tro len\s*$")
_SUFFIX_LE = re.compile(r"\s*tro xuong\s*$")
_RELATIVE = re.compile(
    r"^(tang|giam)\s+(.*?)\s*(?:so\s+(?:voi\s+)?(?:cung\s+ky\s+)?(?:nam\s+)?(\d{4}|nam truoc|cung ky))?\s*$"
)
_UNIT_TAIL = re.compile(r"^(?:[^\d]|(?<=[^\W\d_])\d){0,40}$")  # `%`, ` triệu m3`, not ` (năm 2025)`


def parse_quantity(text: str | None, ctx: NumberContext | None = None) -> QuantityResult:
    """A target or value cell as a `Quantity`; `None` for no value (empty, `-`, `......`)."""
    written = strip_footnotes(one_line(text))
    if _NO_VALUE.match(written):
        return QuantityResult(None)
    folded = _fold_same_length(written)  # same length as `written`, so positions found in one hold in the other

    m = _RELATIVE.match(folded)
    if m:
        direction = "increase" if m.group(1) == "tang" else "decrease"
        base = m.group(3)
        inner_start = m.start(2)
        inner = written[inner_start : m.end(2)]
        res = _parse_core(inner, folded[inner_start : m.end(2)], ctx)
        if res is not None:
            q, amb = res
            rel = Relative(direction, base if base and base.isdigit() else "")
            return QuantityResult(Quantity(q.op, q.low, q.high, written, rel), amb)

    res = _parse_core(written, folded, ctx)
    if res is not None:
        q, amb = res
        return QuantityResult(Quantity(q.op, q.low, q.high, written), amb)
    has_digits = bool(re.search(r"\d", written))
    return QuantityResult(Quantity(QUALITATIVE, None, None, written), unparsed=has_digits)


def _fold_same_length(text: str) -> str:
    out = []
    for ch in text:
        f = fold(ch) if not ch.isspace() else ch
        out.append(f[:1] if f else ch)
    return "".join(out)


def _parse_core(written: str, folded: str, ctx: NumberContext | None):
    """Operator, number or range, optional unit; `None` when the text is not of that shape."""
    s = written.strip()
    f = folded.strip()
    op: str | None = None
    for pattern, p_op in _PREFIXES:
        m = pattern.match(s)
        if m:
            op = p_op
            s, f = s[m.end() :], f[m.end() :]
            break
    if op is None:
        changed = True
        while changed:
            changed = False
            for word, w_op in _WORD_PREFIXES:
                if f.startswith(word + " ") or (f.startswith(word) and f[len(word) : len(word) + 1].isdigit()):
                    cut = len(word)
                    if word == "tu" and not (_SUFFIX_GE.search(f) or re.search(_DASH + r"|\bden\b|\btoi\b", f)):
                        continue
                    s, f = s[cut:].lstrip(), f[cut:].lstrip()
                    if w_op is not None:
                        op = w_op
                        # `Trên >75`: a symbol after the word is the same operator.
                        for pattern, _p in _PREFIXES:
                            mm = pattern.match(s)
                            if mm:
                                s, f = s[mm.end() :], f[mm.end() :]
                                break
                        break
                    changed = True
                    break
    if _SUFFIX_GE.search(f):
        cut = _SUFFIX_GE.search(f).start()
        s, f = s[:cut], f[:cut]
        op = GE
    elif _SUFFIX_LE.search(f):
        cut = _SUFFIX_LE.search(f).start()
        s, f = s[:cut], f[:cut]
        op = LE

    negative = False
    if op is None and re.match(r"^[-−]\s*\d", s):
        negative = True
        s, f = s[1:].lstrip(), f[1:].lstrip()

    rng = re.match(rf"^({_NUM}){_PCT}\s*(?:{_DASH}|đến|tới|den|toi)\s*({_NUM})(.*)$", s)
    if rng and op in (None, GE, ABOUT):  # `từ 5-10`, `khoảng 1,6-1,8` are ranges; `từ 5 trở lên` is not
        if not _UNIT_TAIL.match(rng.group(3)):
            return None
        cell_style = _cell_style([rng.group(1), rng.group(2)])
        a = decide(rng.group(1), ctx, cell_style=cell_style)
        b = decide(rng.group(2), ctx, cell_style=cell_style)
        amb = [t for t, d in ((rng.group(1), a), (rng.group(2), b)) if d.ambiguous]
        low, high = a.value, b.value
        if negative:
            low = -low
        if low > high:
            low, high = high, low
        return Quantity(RANGE, low, high), amb
    one = re.match(rf"^({_NUM})(.*)$", s)
    if not one or not _UNIT_TAIL.match(one.group(2)):
        return None
    d = decide(one.group(1), ctx)
    n = -d.value if negative else d.value
    amb = [one.group(1)] if d.ambiguous else []
    op = op or EQ
    if op in (EQ, ABOUT):
        return Quantity(op, n, n), amb
    if op in (GE, GT):
        return Quantity(op, n, None), amb
    return Quantity(op, None, n), amb


def _cell_style(tokens: list[str]) -> str | None:
    styles = {token_style(t) for t in tokens} - {None}
    return styles.pop() if len(styles) == 1 else None


def to_decimal(value) -> Decimal | None:
    """A spreadsheet's number as a Decimal without float noise (15 significant digits, as Excel keeps)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        try:
            return Decimal(format(value, ".15g"))
        except InvalidOperation:
            return None
    return None
