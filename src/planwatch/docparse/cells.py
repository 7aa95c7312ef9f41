"""What a cell looks like: the content types used to recover rows and to tell headers from data."""

from __future__ import annotations

import functools
import re

from planwatch.textnorm import fold, key

from .deadlines import parse_deadline
from .numbers import parse_quantity

# The TT column: numbers (`1`, `1.2`, `3)`), group letters (`A`, `B.`), Roman numerals, sub-row markers, empty.
TT_PATTERN = re.compile(
    r"^(?:\d{1,3}(?:\.\d{1,3}){0,3}\.?|\d{1,3}\)|\(\d{1,3}\)|[A-ZĐ]\.?|[IVXLC]{1,6}\.?|[a-zđ][.)]|\([a-zđ]\)"
    r"|[-+*•–—]|tr\.\s?đó:?|trong đó:?)$",
    re.IGNORECASE,
)
NUMBERED = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){0,3})[.)]?$|^\((\d{1,3})\)$")
GROUP = re.compile(r"^([A-ZĐ]|[IVXLC]{1,6})\.?$")
ROMAN = re.compile(r"^[IVXLC]{1,6}$")

# Words units are written with (folded): `Tỷ đồng`, `giường bệnh/vạn dân`, `%`.
UNIT_WORDS = {
    "%", "‰", "usd", "vnd", "vnđ", "dong", "ty", "trieu", "nghin", "ngan", "nguoi", "luot", "ha", "km", "m2", "m²", "m3",
    "tan", "giuong", "bac si", "ho", "xa", "doanh nghiep", "con", "cay", "so", "vu", "truong", "lop", "don vi", "diem",
    "ngay", "nam", "thang", "kwh", "mw", "dang vien", "to chuc", "lang", "san pham", "cong trinh", "du an", "buoi",
    "ty dong", "trieu dong", "nghin ty", "gi.b", "b.sy", "v.dan", "van dan", "tuoi", "lit",
}

_ONGOING = re.compile(r"\b(?:thuong xuyen|lien tuc|hang ngay|hang nam|hang quy|hang thang|dinh ky)\b")
_AGENCY_HEADS = (
    "so ", "ban ", "ubnd", "uy ban", "cac ", "cuc ", "cong an", "vien ", "trung tam", "bo ", "bql", "van phong",
    "thanh doan", "hoi ", "lien doan", "mat tran", "ngan hang", "kho bac", "dai ", "bao ", "tong cong ty",
    "cong ty", "quan ", "huyen ", "thi xa", "de nghi", "toa an", "vien kiem sat", "truong ", "bao hiem",
    "thanh tra", "chi cuc", "bo tu lenh", "thanh uy", "hdnd", "tong cuc", "ban quan ly", "phong ", "doanh nghiep",
    "don vi", "co quan", "tap doan", "hiep hoi", "vu ", "hoc vien", "dai hoc", "kiem toan", "hoi dong", "to cong tac",
    "chi nhanh", "quy ", "benh vien", "phong ", "nhan dan",
)
_LEADER_HEADS = ("pct", "ct ", "chu tich", "pho chu tich", "lanh dao", "dong chi", "d/c", "cac pct", "giam doc", "bi thu")
_ASSESSMENTS = (
    "dat", "khong dat", "chua dat", "vuot", "vuot ke hoach", "hoan thanh", "chua hoan thanh", "vuot muc", "dat kh",
    "vuot kh", "khong dat kh", "dat ke hoach", "khong hoan thanh", "dat som", "hoan thanh vuot muc", "co kha nang dat",
    "kho dat", "kho khan", "rat thach thuc",
)


def is_tt(text: str) -> bool:
    return not text or bool(TT_PATTERN.match(text.strip()))


def agency_like(text: str) -> bool:
    f = fold(text)
    return f.startswith(_AGENCY_HEADS) or ";" in text


def leader_like(text: str) -> bool:
    f = fold(text)
    return f.startswith(_LEADER_HEADS)


def assessment_like(text: str) -> bool:
    return key(text) in _ASSESSMENTS


@functools.lru_cache(maxsize=65536)
def score(text: str, role: str) -> float:
    """How well `text` fits a column of `role`; `-inf` when it cannot be there at all."""
    t = text.strip()
    if role == "tt":
        if not t:
            return 0.0
        return 2.0 if TT_PATTERN.match(t) else float("-inf")
    if role == "name":
        if not t:
            return -1.0
        if NUMBERED.match(t) or ROMAN.match(t):
            return -1.5
        return 1.0 + (0.5 if len(t) > 10 else 0.0)
    if not t:
        return 0.2
    if role == "unit":
        if len(t) <= 25 and len(t.split()) <= 4 and not re.search(r"(?:^|\s)\d", t):
            return 1.0
        return -2.0
    if role in ("target", "value"):
        q = parse_quantity(t).quantity
        if q is not None and q.op != "qualitative":
            return 1.5
        if agency_like(t) or leader_like(t):
            return -1.5
        return 0.0 if len(t) <= 40 else -0.5
    if role in ("lead", "coord"):
        if NUMBERED.match(t) or ROMAN.match(t):
            return -3.0
        if TT_PATTERN.match(t):
            return -2.0
        if agency_like(t):
            return 1.5
        if leader_like(t):
            return -1.0
        deadline = parse_deadline(t, year=2000)
        if deadline is not None and deadline.kind in ("date", "dates", "recurring", "done"):
            return -1.0
        return 0.0
    if role == "leader":
        return 2.0 if leader_like(t) else -1.0
    if role == "deadline":
        deadline = parse_deadline(t, year=2000)
        if deadline is not None and deadline.kind not in ("unknown", "ongoing"):
            return 2.0
        if _ONGOING.search(fold(t)) and len(t) <= 40:
            return 1.5  # `Thường xuyên`: a deadline as plans write an ongoing duty's
        # `Thường xuyên`, `Theo tiến độ dự án`: a short phrase is still a deadline as written.
        if len(t) > 80:
            return -1.5  # a sentence, not a deadline
        return 0.2 if len(t) <= 30 and not agency_like(t) else -0.5
    if role == "assessment":
        return 2.0 if assessment_like(t) else -0.5
    if role in ("note", "progress"):
        if NUMBERED.match(t) or ROMAN.match(t):
            return -1.0
        if len(t) <= 12 and re.fullmatch(r"[\d.,%\s-]+", t):
            return -0.3  # a bare figure is a value that slid right, rarely a note
        return 0.3
    if role == "product":
        if NUMBERED.match(t):
            return -1.0
        if _ONGOING.search(fold(t)) and len(t) <= 40:
            return -0.5
        return 0.5 if len(t) <= 60 else 0.0
    if role == "extra" and len(t) <= 20:
        q = parse_quantity(t).quantity
        if q is not None and q.op != "qualitative":
            return 0.5  # `101,3` under `So sánh (%)`: comparisons and costs are figures
    if NUMBERED.match(t):
        return -0.5
    return 0.0
