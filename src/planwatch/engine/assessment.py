"""Assessment of a value against a target for the same period: exceeded, met, not met (Vượt, Đạt, Không đạt).

The rule:

- A range `a-b`: inside (bounds included) is met; beyond the bound on the good side is exceeded; short of the
  other bound is not met. With direction `band` both sides are not met.
- A number `n` (`eq`): equal is met; past it on the good side is exceeded; else not met (`band`: only equal is met).
- `about n` (`~30`, `khoảng 30`): within the tolerance of n is met (default ±5 % of n, `AssessmentRule`); past that
  on the good side exceeded; else not met.
- One-sided targets (`≥ n`, `> n`, `≤ n`, `< n`) say on which side the target lies whatever the stated direction:
  a value on that side is met (`> 75`: 75 is not met, `≥ 75`: 75 is met). Some issuers write Vượt for a value
  strictly past the number of a one-sided target: `AssessmentRule(one_sided_exceeded=True)`.
- A value that is itself a range or a bound (`~100`, `< 3,0`) is assessed when every number it allows gets the
  same answer; else it is not assessable.
- Qualitative values: equal text (case and spacing aside) is met; a few words carry a number for the indicator they
  are written for (`Xuất siêu`: the trade deficit is below zero), then the number rule applies.
- A target relative to a base period (`Tăng >30 so năm 2024`) needs the base value (`base=`).

Not assessable gives `result=None` and the reason.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from .explain import Phrase, Shown, gettext_noop, phrase, settle
from .kinds import BAND, HIGHER_BETTER, LOWER_BETTER, implied_direction
from .numbers import computing, short, vn_short
from .quantity import ABOUT, EQ, GE, GT, LE, LT, QUALITATIVE, RANGE, Quantity

EXCEEDED = "exceeded"
MET = "met"
NOT_MET = "not_met"
RESULTS = (EXCEEDED, MET, NOT_MET)
LABELS_VI = {EXCEEDED: gettext_noop("Vượt"), MET: gettext_noop("Đạt"), NOT_MET: gettext_noop("Không đạt")}
INF = Decimal("Infinity")


@dataclass(frozen=True)
class AssessmentRule:
    about_tolerance: Decimal = Decimal("0.05")  # of the number written after `~`/`khoảng`
    about_tolerance_relative: bool = True  # False: the tolerance is in the indicator's unit
    one_sided_exceeded: bool = False


@dataclass(frozen=True)
class Assessment:
    result: str | None
    reason: str  # Vietnamese; given a Phrase, which moves to `explanation` (engine/explain.py)
    explanation: Phrase | None = None

    def __post_init__(self) -> None:
        settle(self)

    @property
    def label(self) -> str | None:
        return LABELS_VI.get(self.result) if self.result else None


def _fold(text: str) -> str:
    t = unicodedata.normalize("NFC", text).casefold()
    return " ".join(t.replace(".", " ").split())


# Words that mean a number for the indicator they are written against. Keys are folded text.
QUALITATIVE_MEANINGS: dict[str, Quantity] = {
    # A trade surplus written against a trade-deficit indicator (nhập siêu): the deficit is below zero.
    "xuất siêu": Quantity(LT, None, Decimal(0)),
    "không còn hộ nghèo": Quantity(EQ, Decimal(0), Decimal(0)),
}
# Qualitative texts that mean the same (folded).
SYNONYMS = {
    "hoàn thành": "hoàn thành",
    "đã hoàn thành": "hoàn thành",
    "đạt": "hoàn thành",
    "cơ bản hoàn thành": "cơ bản hoàn thành",
}
NEGATIVE = {"chưa hoàn thành", "không hoàn thành", "không đạt", "chưa đạt"}


# A point on the line is (number, eps): eps −1 just below, 0 at, +1 just above.
Point = tuple[Decimal, int]


def _cmp(p: Point, n: Decimal) -> int:
    x, e = p
    if x < n or (x == n and e < 0):
        return -1
    if x == n and e == 0:
        return 0
    return 1


def _classify(p: Point, target: Quantity, direction: str, rule: AssessmentRule) -> str:
    op = target.op
    if op in (GE, GT, LE, LT):
        n = target.low if op in (GE, GT) else target.high
        c = _cmp(p, n)
        good = 1 if op in (GE, GT) else -1
        if c == 0:
            return MET if op in (GE, LE) else NOT_MET
        if c == good:
            return EXCEEDED if rule.one_sided_exceeded else MET
        return NOT_MET
    if op == RANGE:
        lo, hi = target.low, target.high
    elif op == EQ:
        lo = hi = target.low
    else:  # ABOUT
        n = target.low
        with computing():
            tol = abs(n) * rule.about_tolerance if rule.about_tolerance_relative else rule.about_tolerance
            lo, hi = n - tol, n + tol
    below, above = _cmp(p, lo) < 0, _cmp(p, hi) > 0
    if not below and not above:
        return MET
    if direction == BAND:
        return NOT_MET
    if direction == LOWER_BETTER:
        return EXCEEDED if below else NOT_MET
    return EXCEEDED if above else NOT_MET


def _breakpoints(target: Quantity, rule: AssessmentRule) -> list[Decimal]:
    if target.op == ABOUT:
        n = target.low
        with computing():
            tol = abs(n) * rule.about_tolerance if rule.about_tolerance_relative else rule.about_tolerance
            return [n - tol, n + tol]
    return [b for b in (target.low, target.high) if b is not None]


def _extremes(value: Quantity) -> tuple[Point, Point] | None:
    """The lowest and highest points a value allows."""
    op = value.op
    if op in (EQ, ABOUT):
        n = value.low if value.low is not None else value.high
        return (n, 0), (n, 0)
    if op == RANGE:
        return (value.low, 0), (value.high, 0)
    if op == GE:
        return (value.low, 0), (INF, 0)
    if op == GT:
        return (value.low, 1), (INF, 0)
    if op == LE:
        return (-INF, 0), (value.high, 0)
    if op == LT:
        return (-INF, 0), (value.high, -1)
    return None


def _shown(q: Quantity) -> Shown:
    return Shown(_text(q), q)


def _text(q: Quantity) -> str:
    if q.text:
        return q.text
    if q.op == RANGE:
        return f"{vn_short(q.low)}-{vn_short(q.high)}"
    sym = {GE: "≥ ", GT: "> ", LE: "≤ ", LT: "< ", ABOUT: "~", EQ: ""}.get(q.op, "")
    n = q.low if q.low is not None else q.high
    return sym + vn_short(n)


def assess(
    value: Quantity,
    target: Quantity,
    direction: str | None = None,
    *,
    rule: AssessmentRule = AssessmentRule(),
    base: Quantity | None = None,
) -> Assessment:
    """Assess `value` against `target` (both for the same period). `direction` None: implied by the target."""
    direction = implied_direction(target, direction)
    if target.relative is not None:
        if base is None:
            return Assessment(None, phrase(gettext_noop("Mục tiêu so với năm %(year)s: cần giá trị năm gốc"),
                                           year=target.relative.base))
        if value.value is None or base.value is None:
            return Assessment(None, phrase(gettext_noop("Giá trị hoặc giá trị năm gốc không phải một số")))
        with computing():
            change = value.value - base.value
            if target.relative.direction == "decrease":
                change = -change
        plain = Quantity(target.op, target.low, target.high, target.text)
        inner = assess(Quantity(EQ, change, change), plain, HIGHER_BETTER if direction != BAND else BAND, rule=rule)
        if inner.result is None:
            return inner
        return Assessment(inner.result, phrase(gettext_noop("Thay đổi so với năm %(year)s: %(change)s; %(reason)s"),
                                               year=target.relative.base, change=short(change),
                                               reason=inner.explanation))

    if target.op == QUALITATIVE:
        if value.op != QUALITATIVE:
            meaning = QUALITATIVE_MEANINGS.get(_fold(target.text))
            if meaning is None:
                return Assessment(None, phrase(gettext_noop("Mục tiêu định tính “%(target)s”, giá trị là số: không "
                                                            "so sánh được"), target=target.text))
            return assess(value, meaning, direction, rule=rule)
        v, t = _fold(value.text), _fold(target.text)
        v, t = SYNONYMS.get(v, v), SYNONYMS.get(t, t)
        if v == t:
            return Assessment(MET, phrase(gettext_noop("“%(value)s” đúng như mục tiêu “%(target)s”"),
                                          value=value.text, target=target.text))
        if v in NEGATIVE:
            return Assessment(NOT_MET, phrase(gettext_noop("“%(value)s” so với mục tiêu “%(target)s”"),
                                              value=value.text, target=target.text))
        return Assessment(None, phrase(gettext_noop("Không so sánh được “%(value)s” với mục tiêu “%(target)s”"),
                                       value=value.text, target=target.text))

    if value.op == QUALITATIVE:
        meaning = QUALITATIVE_MEANINGS.get(_fold(value.text))
        if meaning is None:
            return Assessment(None, phrase(gettext_noop("Giá trị định tính “%(value)s”, mục tiêu là số: không so "
                                                        "sánh được"), value=value.text))
        inner = assess(meaning, target, direction, rule=rule)
        if inner.result is None:
            return inner
        return Assessment(inner.result, phrase(gettext_noop("“%(value)s” nghĩa là %(meaning)s; %(reason)s"),
                                               value=value.text, meaning=_shown(meaning), reason=inner.explanation))

    ext = _extremes(value)
    if ext is None or any(x is None for x, _ in ext):
        return Assessment(None, phrase(gettext_noop("Giá trị “%(value)s” không đủ để đánh giá"), value=value.text))
    lo_p, hi_p = ext
    # The answer can change only at the target's breakpoints: sample the value's ends and every point around a
    # breakpoint it covers; one answer throughout, or not assessable.
    samples = [lo_p, hi_p]
    for b in _breakpoints(target, rule):
        samples += [p for p in ((b, -1), (b, 0), (b, 1)) if lo_p <= p <= hi_p]
    results = {_classify(p, target, direction, rule) for p in samples}
    if len(results) > 1:
        return Assessment(None, phrase(gettext_noop("Giá trị “%(value)s” vắt qua ngưỡng của mục tiêu “%(target)s”"),
                                       value=_shown(value), target=_shown(target)))
    result = results.pop()
    return Assessment(result, phrase(gettext_noop("%(value)s so với mục tiêu %(target)s: %(label)s"),
                                     value=_shown(value), target=_shown(target), label=phrase(LABELS_VI[result])))
