"""Which indicator of one document is the same indicator in another: a score from name, unit, measure and code.

Pure Python, no Django, so the rules are table-tested on their own (tests/series/test_matching.py). The Django side
(series.services) turns indicators into `Facts`, asks `best_pairs`, and stores what it finds as proposals for the
planning department to confirm: a score proposes, a person decides.

Documents name the same indicator differently: `Tốc độ tăng tổng sản phẩm trên địa bàn (GRDP) bình quân` in plan
183, `Tăng trưởng GRDP trung bình` in the 2024 plan; `Tỷ lệ xã đạt chuẩn NTM` beside `Tỷ lệ xã đạt chuẩn nông thôn
mới`. Names are folded (textnorm), phrases and abbreviations of the planners' vocabulary brought to one spelling,
filler words dropped, and the remaining word sets compared. A sub-row's name alone (`Dịch vụ`) says little: the
row above it (growth or structure) and the measure tell the two `Dịch vụ` rows apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from planwatch import textnorm
from planwatch.engine.units import UnitError, factor_between

# Phrases written several ways, folded, to one spelling (longest first, so `toc do tang truong` wins over
# `toc do tang`). An empty spelling drops the phrase: it says where or when, not what.
PHRASES = [
    ("tong san pham tren dia ban", "grdp"),
    ("toc do tang truong", "tang truong"),
    ("toc do tang", "tang truong"),
    ("trung binh", "binh quan"),
    ("bac sy", "bac si"),
    ("nam cuoi ky", ""),
    ("cuoi ky", ""),
    ("tren dia ban", ""),
    ("chi tieu ve", ""),
    ("giai doan", ""),
    ("gia hien hanh", ""),
    ("toan xa hoi", "xa hoi"),
    ("thanh thi", "do thi"),
    ("khu vuc", ""),
]
_PHRASES = [(re.compile(rf"\b{re.escape(phrase)}\b"), spelling) for phrase, spelling in PHRASES]

# Abbreviations the seeds use in table cells, folded: each token stands for the words.
ABBREVIATIONS = {
    "ntm": "nong thon moi",
    "qh": "quy hoach",
    "nsld": "nang suat lao dong",
    "tp": "thanh pho",
    "ccn": "cum cong nghiep",
    "xd": "xay dung",
    "sp": "san pham",
    "mn": "mam non",
    "th": "tieu hoc",
    "thcs": "trung hoc co so",
    "thpt": "trung hoc pho thong",
    "kt": "kinh te",
    "bs": "bac si",
}

# Words that join or frame a name rather than tell indicators apart.
FILLER = frozenset({
    "va", "cua", "cac", "duoc", "cho", "trong", "voi", "theo", "ve", "o", "nam", "hang", "moi", "so", "ty", "le",
    "chi", "tieu", "tr",
})
# `moi` is filler (`theo chuẩn mới của Thành phố`) except inside `nông thôn mới`, which `NTM` also spells out: keep
# it there by joining the phrase into one token before filler words are dropped.
_JOINED = {"nong thon moi": "nong_thon_moi"}
_JOINED_PATTERNS = [(re.compile(rf"\b{re.escape(phrase)}\b"), token) for phrase, token in _JOINED.items()]

# How much each part weighs in the score (they add up to 1).
NAME_WEIGHT = 0.55
CONTEXT_WEIGHT = 0.15
MEASURE_WEIGHT = 0.15
UNIT_WEIGHT = 0.10
CODE_WEIGHT = 0.05

# How units relate.
SAME = "same"  # the same unit as written, after folding
CONVERTIBLE = "convertible"  # the same thing at another scale: `triệu tỷ đồng` and `1.000 tỷ đ.`
UNKNOWN = "unknown"  # one of them states no unit
DIFFERENT = "different"  # two units that measure different things (`USD`, `triệu đồng`; `%`, `USD`)
_UNIT_CREDIT = {SAME: 1.0, CONVERTIBLE: 0.8, UNKNOWN: 0.5, DIFFERENT: 0.0}
# Names sharing less than this leave the rest unweighed: two rows measured alike, both top-level and in `%` share
# 0.4 of the score without a word in common.
NAME_FLOOR = 0.5
# A link across different units would judge a target from figures in another unit: however alike the names,
# such a pair is never scored high enough to be confirmed without a second look.
DIFFERENT_UNIT_CEILING = 0.6


@dataclass(frozen=True)
class Facts:
    """What the matcher knows of an indicator: its name, unit, code, measure and the name of the row above it."""

    name: str
    unit: str = ""
    code: str = ""
    measure: str = ""
    parent_name: str = ""


@dataclass(frozen=True)
class Match:
    score: float
    name: float
    context: float
    unit: str
    same_measure: bool
    same_code: bool


# Proposing for one document scores every pair of rows: each name is read once, not once per pair.
@lru_cache(maxsize=8192)
def words(text: str) -> frozenset[str]:
    """The words of a name that tell it apart: folded, phrases and abbreviations spelled one way, filler dropped."""
    folded = textnorm.key(text)
    for pattern, spelling in _PHRASES:
        folded = pattern.sub(spelling, folded)
    expanded = " ".join(ABBREVIATIONS.get(token, token) for token in folded.split())
    for pattern, token in _JOINED_PATTERNS:
        expanded = pattern.sub(token, expanded)
    return frozenset(t for t in expanded.split() if t not in FILLER and not t.isdigit())


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice's coefficient, between 0 and 1: the share of words the two names have in common. Not containment (the
    overlap coefficient): `đô thị` is contained in `Số km đường sắt đô thị khai thác` and is another indicator;
    the words that only frame a name (`năm cuối kỳ`) are dropped before, so a shortened name still meets its
    long form."""
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def _unit_text(unit: str) -> str:
    # Folded but not keyed: textnorm.key would drop `%` and `/`. Spaces are not significant (`triệu  đồng`).
    return textnorm.fold(unit).replace(" ", "")


def unit_relation(a: str, b: str) -> str:
    if not (a or "").strip() or not (b or "").strip():
        return UNKNOWN
    if _unit_text(a) == _unit_text(b):
        return SAME
    try:
        factor_between(a, b)
    except UnitError:
        return DIFFERENT
    return CONVERTIBLE


def unit_factor(from_unit: str, to_unit: str) -> Decimal | None:
    """The number a figure in `from_unit` is multiplied by to read it in `to_unit`; 1 when either unit is not
    stated or both are the same; None when the two measure different things (the figure cannot be used)."""
    relation = unit_relation(from_unit, to_unit)
    if relation in (SAME, UNKNOWN):
        return Decimal(1)
    if relation == DIFFERENT:
        return None
    return factor_between(from_unit, to_unit)


def _code(code: str) -> str:
    """A row number worth comparing: `1`, `12`; not the bullets `-` and `+` nor `Tr.đó`."""
    code = (code or "").strip().rstrip(".")
    return code if code.isdigit() else ""


def _context(a: Facts, b: Facts) -> float:
    """How alike the rows above are: both top-level rows agree; a top-level row and a sub-row neither agree nor
    disagree (one plan nests what another lists, `Chỉ tiêu về văn hóa`)."""
    if not a.parent_name and not b.parent_name:
        return 1.0
    if not a.parent_name or not b.parent_name:
        return 0.5
    return similarity(words(a.parent_name), words(b.parent_name))


def _name(a: Facts, b: Facts) -> float:
    """How alike the names are. Two sub-rows are also compared with what the rows above them add, since one plan
    words in the sub-row what another leaves to the row above (`Khu vực nông thôn` under `Tỷ lệ hộ dân được cung
    cấp nước sạch`, `Tỷ lệ hộ dân nông thôn được cung cấp nước sạch` under the same). The words both rows above
    share are left out of that comparison: they would make every pair of sub-rows of one row look alike."""
    own = similarity(words(a.name), words(b.name))
    if not (a.parent_name and b.parent_name):
        return own
    shared = words(a.parent_name) & words(b.parent_name)
    whole = similarity(
        (words(a.parent_name) | words(a.name)) - shared, (words(b.parent_name) | words(b.name)) - shared,
    )
    return max(own, whole)


def score(a: Facts, b: Facts) -> Match:
    name = _name(a, b)
    context = _context(a, b)
    unit = unit_relation(a.unit, b.unit)
    same_measure = bool(a.measure) and a.measure == b.measure
    same_code = bool(_code(a.code)) and _code(a.code) == _code(b.code)
    total = (
        NAME_WEIGHT * name + CONTEXT_WEIGHT * context + MEASURE_WEIGHT * same_measure
        + UNIT_WEIGHT * _UNIT_CREDIT[unit] + CODE_WEIGHT * same_code
    )
    if name < NAME_FLOOR:
        total = min(total, name)
    if unit == DIFFERENT:
        total = min(total, DIFFERENT_UNIT_CEILING)
    return Match(round(total, 3), round(name, 3), round(context, 3), unit, same_measure, same_code)


def best_pairs(
    left: dict, right: dict, *, threshold: float, groups: dict | None = None,
) -> list[tuple[object, object, Match]]:
    """One-to-one pairs of `left` and `right` (each a dict of id to Facts) scoring at least `threshold`, best
    first: the best-scoring pair is taken, both sides leave the pool, and so on. Right ids sharing a group (the
    rows of one series) leave the pool together. Equal scores keep the order of the dicts, so the result is the
    same on every run."""
    groups = groups or {}
    scored = []
    for i, (left_id, left_facts) in enumerate(left.items()):
        for j, (right_id, right_facts) in enumerate(right.items()):
            match = score(left_facts, right_facts)
            if match.score >= threshold:
                scored.append((-match.score, i, j, left_id, right_id, match))
    scored.sort(key=lambda row: row[:3])
    taken_left, taken_right, pairs = set(), set(), []
    for _score, _i, _j, left_id, right_id, match in scored:
        right_group = groups.get(right_id, ("id", right_id))
        if left_id in taken_left or right_group in taken_right:
            continue
        taken_left.add(left_id)
        taken_right.add(right_group)
        pairs.append((left_id, right_id, match))
    return pairs
