"""The result builder's rules as functions, each tested one by one (docs/format.md): a code and its marker
(`split_marker`), a unit from a caption or a name, the table's own assessment, the documents a note cites and the
task a row was split from, a lead cell that also names the coordinating bodies, and the kind of an indicator guessed
from its name and unit. The builder (builder.py) applies them row by row; they read nothing but their arguments.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from planwatch.engine.quantity import QUALITATIVE
from planwatch.textnorm import fold, key

from .cells import UNIT_WORDS
from .model import Reference, SplitFrom, Target
from .numbers import VI

_MARKER = re.compile(r"^\s*(?:(?P<td>trong đó|tr\.\s?đó)\s*:?\s*)?(?P<mark>[-+•*–](?=\s|$))?\s*", re.IGNORECASE)
_REF_KIND = (
    r"(?:Kế hoạch|KH|Chương trình(?: hành động)?|CTr|Quyết định|QĐ|Nghị quyết|NQ|Báo cáo|BC|Công văn|CV|Văn bản|"
    r"Thông báo|TB|Chỉ thị|Kết luận|KL|Nghị định|NĐ|Thông tư|Đề án|Luật)"
)
DOC_NUMBER = r"\d{1,5}(?:/\d{4})?[/-][A-ZĐ][A-Za-zĐđ]{0,5}(?:[-/][A-ZĐ][A-Za-zĐđ&]{0,9}){1,2}"
_REF = re.compile(
    rf"(?:(?P<kind>{_REF_KIND})(?:\s+số)?\s+)?(?P<num>{DOC_NUMBER})(?P<date>\s*[;,]?\s*(?:ngày\s*)?(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})/(?P<y>\d{{4}}))?"
)
_REF_TEXT_ONLY = re.compile(rf"^{_REF_KIND}\b", re.IGNORECASE)
_SPLIT_FROM = re.compile(r"tach\s+(?:rieng\s+)?tu\s+nhiem\s+vu\s+(?:so\s+)?(\d+[a-z]?)")


def _first_index(columns) -> dict[str, int]:
    idx: dict[str, int] = {}
    for j, c in enumerate(columns):
        idx.setdefault(c.role, j)
    return idx


def split_marker(tt: str, name: str) -> tuple[str, str]:
    """The code as written and the name without its marker (docs/format.md, `code`)."""
    tt = tt.strip()
    if tt:
        code = tt
        if re.fullmatch(r"tr\.\s?đó:?|trong đó:?", tt, re.IGNORECASE):
            code = "Tr.đó" if tt.lower().startswith("tr.") else "Trong đó"
        return code, name
    m = _MARKER.match(name)
    if not m or m.end() == 0:
        return "", name
    rest = name[m.end() :].strip()
    if m.group("mark"):
        return m.group("mark").replace("–", "-").replace("•", "-").replace("*", "-"), rest
    if m.group("td"):
        td = m.group("td")
        return ("Tr.đó" if td.lower().startswith("tr.") else "Trong đó"), rest
    return "", name


_CAPTION_UNIT = re.compile(r"(?:Đơn vị tính|ĐVT|Đơn vị)\s*:\s*([^();\n]{1,30}?)\s*(?:\)|;|$)", re.IGNORECASE)


def caption_unit(title: str | None) -> str | None:
    """The unit a caption gives the whole table: `(Đơn vị tính: tỷ đồng)`."""
    m = _CAPTION_UNIT.search(title or "")
    return m.group(1).strip(" .") or None if m else None


def unit_from_name(name: str) -> tuple[str, str | None]:
    """`Thu ngân sách (Tỷ đồng)` → (`Thu ngân sách`, `Tỷ đồng`) when the bracket holds a unit."""
    m = re.search(r"\s*\(([^()]{1,30})\)\s*$", name)
    if not m:
        return name, None
    inner = m.group(1).strip()
    k = fold(inner)
    words = set(re.split(r"[\s/.]+", k)) | {k}
    if inner in ("%", "‰") or "/" in inner and any(w in UNIT_WORDS for w in words) or any(
        w in UNIT_WORDS for w in words
    ) and len(inner.split()) <= 4:
        if not re.search(r"\b(?:chuan|gia|theo|nam)\b", k) or k in ("ty dong/nam",):
            return name[: m.start()].rstrip(), inner
    return name, None


def assessment_of(text: str) -> str | None:
    k = key(text)
    if k.startswith(("khong dat", "chua dat", "chua hoan thanh", "khong hoan thanh")):
        return "not_met"
    if k.startswith("vuot"):
        return "exceeded"
    if k.startswith(("dat", "hoan thanh")):
        return "met"
    return None


def references_in(note: str | None) -> list[Reference]:
    """Documents a note cites: `Kế hoạch số 63/KH-UBND ngày 15/3/2021` → number, date, text."""
    if not note:
        return []
    out: list[Reference] = []
    for m in _REF.finditer(note):
        when = None
        if m.group("d"):
            try:
                when = date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            except ValueError:
                when = None
        out.append(Reference(m.group("num"), when, note[m.start() : m.end()].strip()))
    if not out and _REF_TEXT_ONLY.match(note.strip()):
        out.append(Reference("", None, note.strip()))
    return out


def split_from_in(note: str | None) -> SplitFrom | None:
    if not note:
        return None
    m = _SPLIT_FROM.search(fold(note))
    if not m:
        return None
    after = note[m.end() :] if len(fold(note)) == len(note) else note
    doc = re.search(DOC_NUMBER, after)
    return SplitFrom(m.group(1), doc.group(0) if doc else None, note)


_LEAD_MARK = re.compile(r"\s*\(\s*chủ trì\s*\)|\s+chủ trì\b", re.IGNORECASE)
_COORD_OPEN = re.compile(r"^\s*[,;]?\s*(?:và\s+)?(?:phối hợp(?:\s+với)?\s*[:,]?\s*)?", re.IGNORECASE)
_COORD_CLOSE = re.compile(r"\s*\(?\s*phối hợp\s*\)?\s*[.;,]?\s*$", re.IGNORECASE)


def split_lead_cell(text: str) -> tuple[str, str | None]:
    """One `Đơn vị thực hiện` cell naming both: `Sở Nội vụ (chủ trì); Sở Tài chính, Sở Tư pháp`, `Văn phòng UBND
    tỉnh chủ trì, phối hợp với các sở, ngành`, `Sở Nội vụ chủ trì; các sở, ngành phối hợp` → the lead and the
    coordinating bodies. A cell without `chủ trì` is all lead."""
    m = _LEAD_MARK.search(text)
    if not m:
        return text, None
    before, after = text[: m.start()].strip(" ,;"), text[m.end():]
    if not before:
        return text, None
    if re.search(r"[;,]", before) and "(" in m.group(0):
        # `Sở A, Sở B (chủ trì), Sở C`: the marked name is the last one before the mark.
        *others, before = re.split(r"\s*[;,]\s*", before)
        after = ", ".join(others) + (", " if others and after.strip(" ,;") else "") + after.strip(" ,;")
    coordinating = _COORD_CLOSE.sub("", _COORD_OPEN.sub("", after, count=1)).strip(" ,;.")
    return before, coordinating or None


def guess_measure(
    name: str, unit: str | None, targets: list[Target], parent: tuple[str, str, str | None] | None = None
) -> tuple[str, str]:
    """What kind of indicator, guessed from its name and unit (the register states it; the importer guesses).

    A sub-row whose name says nothing of its kind and whose unit is its parent's (`Dịch vụ`, `%`, under
    `Tốc độ tăng trưởng GRDP`, `%`) is of its parent's kind. Shares of a whole (economic structure) are bands."""
    n = fold(name)
    u = fold(unit or "")
    if n.startswith(("hoan thanh", "dam bao", "giu vung")) or (
        targets and all(t.quantity.op == QUALITATIVE for t in targets) and not unit
    ):
        measure = "qualitative"
    elif re.search(r"\b(tang truong|toc do tang|tang binh quan)\b", n):
        measure = "growth_average"
    elif re.search(r"\b(co cau|ty trong)\b", n):
        measure = "share"
    elif "/van dan" in n or "v.dan" in u or "/van dan" in u or "/1000 dan" in n:
        measure = "ratio_per_population"
    elif re.search(r"\b(von dau tu|huy dong von|tong von|tong thu|thu ngan sach)\b", n) and not u.startswith("%"):
        measure = "sum_over_period"
    elif re.search(r"\b(hang nam|moi nam)\b", n) and not u.startswith("%"):
        measure = "count"
    elif (
        parent is not None
        and fold(parent[2] or "") == u
        and not re.search(r"\b(ty le|so|tong|dien tich|thu nhap)\b", n)
    ):
        return parent[0], parent[1]
    else:
        measure = "level_at_end"
    if measure == "share" and re.search(r"\bco cau\b", n):
        direction = "band"
    elif re.search(r"^(muc|so|ty le) (giam|cat giam)\b", n):
        # `Mức giảm tỷ lệ hộ nghèo` measures the fall itself: a larger fall is better. A bare `Giảm số hộ
        # nghèo` states the aim, and the figures are the count itself.
        direction = "higher_better"
    elif re.search(r"\b(that nghiep|ho ngheo|tai nan|o nhiem|ty le sinh|suy dinh duong|ngap|un tac)\b", n):
        direction = "lower_better"
    elif targets and any(t.quantity.op in ("lt", "le") for t in targets):
        direction = "lower_better"
    else:
        direction = "higher_better"
    return measure, direction


def _period_end(period: str | None) -> int | None:
    if not period:
        return None
    m = re.search(r"(\d{4})$", period)
    return int(m.group(1)) if m else None


def _vi(value: Decimal) -> str:
    from .numbers import format_number

    return format_number(value, VI)

