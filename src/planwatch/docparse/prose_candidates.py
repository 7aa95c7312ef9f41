"""Candidate indicators: targets stated in sentences rather than in a table. A clause with a horizon (`đến năm
2025`, `năm 2025`, or the `Phấn đấu đến năm 2025,` that opens its sentence) and a verb of level (`đạt`, `chiếm`,
`lên`, `trên`, `dưới`, `khoảng`, `tối thiểu`) followed by a number is offered as a candidate indicator, in its own
list, never mixed with the tables' indicators; so are the items of a list under a heading of targets and the
`name: figure` lines of such a list.
"""

from __future__ import annotations

import re

from planwatch.engine.quantity import QUALITATIVE
from planwatch.textnorm import key

from .model import CandidateIndicator, Source
from .numbers import parse_quantity
from .paragraphs import Paragraph, paragraphs

_HORIZON = re.compile(r"(?:đến|vào|trong|hết|cuối|tới)?\s*(?:hết\s+)?năm\s+((?:20|19)\d\d)", re.IGNORECASE)
_PERIOD = re.compile(r"(?:giai đoạn|thời kỳ|nhiệm kỳ)\s+((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)", re.IGNORECASE)
_LEVEL = re.compile(
    r"\s(?P<verb>đạt(?:\s+(?:từ|trên|dưới|khoảng|tối thiểu|ít nhất|xấp xỉ|bình quân|mức))*|"
    r"chiếm(?:\s+(?:khoảng|trên|dưới|từ))?|lên(?:\s+(?:trên|khoảng))?|"
    r"(?:giảm\s+)?(?:còn|xuống)(?:\s+(?:dưới|khoảng|mức))?|"
    r"(?P<change>tăng|giảm)(?:\s+(?:bình quân|trung bình))?(?:\s+(?:khoảng|trên|từ|dưới))?|"
    r"không thấp hơn|tối thiểu|ít nhất|duy trì(?:\s+ở)?(?:\s+mức)?(?:\s+(?:trên|khoảng))?|"
    r"không (?:vượt )?quá|tối đa|(?P<bare>khoảng|dưới|trên))\s+"
    r"(?P<q>(?:từ\s+)?[<>~≥≤]?\s*\d[\d.,]*\s*%?(?:\s*[-–]\s*\d[\d.,]*\s*%?)?)(?P<per>/\s*năm)?"
    r"(?P<unit>\s*(?!trở\s+lên)(?:(?:triệu|tỷ|nghìn|ngàn)\s+)?(?:[a-zA-Zà-ỹđĐ²³]+(?:/[a-zA-Zà-ỹđĐ²³.]+)*)(?:\s+[a-zà-ỹđ]+(?:/[a-zà-ỹđ.]+)+)?)?"
    r"(?P<tail>\s+trở lên)?",
    re.IGNORECASE,
)
_UNIT_OK = re.compile(
    r"^(?:%|triệu|tỷ|nghìn|ngàn|usd|đồng|m2|m²|m3|ha|km|tuổi|con|người|lượt|sản phẩm|doanh nghiệp|giường|bác sĩ|hộ|xã|trường|tấn|cây)",
    re.IGNORECASE,
)
_MODIFIERS_DROPPED = {"bình", "quân", "trung", "mức"}
_BOUND_VERBS = {"tối thiểu", "ít nhất", "tối đa"}
MAX_CLAUSE_TEXT = 400  # characters of a candidate's clause: a clause is offered, never its whole paragraph


def candidate_indicators(lines: list[str], skip: set[int]) -> list[CandidateIndicator]:
    """Targets stated in sentences. Each candidate carries its own clause (at most `MAX_CLAUSE_TEXT` characters,
    and clauses of one sentence never overlap), so what is kept grows with the document, not with its paragraphs."""
    out: list[CandidateIndicator] = []
    seen: set[tuple[str, str]] = set()
    context_year: str | None = None  # `25 chỉ tiêu phấn đấu năm 2024`, `Chỉ tiêu năm 2024:` above a list
    in_targets = False  # under a heading such as `Các chỉ tiêu chủ yếu`: each item of its list states a target
    for p in (part for whole in paragraphs(lines, skip) for part in _inline_items(whole)):
        if len(p.text) <= 200 or p.text.endswith(":"):
            year = _HORIZON.search(p.text)
            if year and re.search(r"chỉ tiêu|mục tiêu|kế hoạch|phấn đấu", p.text, re.IGNORECASE):
                context_year = year.group(1)
        if _is_heading(p.text):
            in_targets = bool(_TARGETS_HEADING.search(p.text))
            span = _PERIOD.search(p.text)
            if in_targets and span and context_year is None:
                context_year = span.group(2)  # `Các chỉ tiêu chủ yếu nhiệm kỳ 2020-2025`: reached by its end
            continue
        listed = in_targets and bool(_LIST_ITEM.match(p.text))
        labelled = _labelled_candidates(p, context_year, seen)
        if labelled:
            out.extend(labelled)
            continue
        before = len(out)
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ(\"“])", p.text):
            opening = sentence[:200]
            context = _HORIZON.search(opening.split(",")[0]) if re.match(r"^\W*(?:[-+]\s*)?(?:phấn đấu|đến năm|năm)\b", opening, re.IGNORECASE) else None
            lead_horizon = context.group(1) if context else None
            if lead_horizon is None and context_year and (listed or re.match(r"^[-+•*–]\s", p.text)):
                lead_horizon = context_year  # an item of a list of targets under `Chỉ tiêu năm 2024:`
            opening_period = _PERIOD.match(opening)
            if lead_horizon is None and opening_period:  # `Giai đoạn 2021-2023, ...` speaks for all its clauses
                lead_horizon = f"{opening_period.group(1)}-{opening_period.group(2)}"
            pursue = listed or bool(re.search(r"\bphấn đấu\b|\bmục tiêu\b|\bchỉ tiêu\b", sentence, re.IGNORECASE))
            for clause in re.split(r"\s*;\s*", sentence):
                horizon = _own_horizon(clause) or lead_horizon
                if horizon is None:
                    period = _PERIOD.search(clause)
                    horizon = f"{period.group(1)}-{period.group(2)}" if period else None
                if horizon is None and not pursue:
                    continue
                out.extend(_clause_candidates(clause, horizon, p.line, seen))
        if listed and len(out) == before:
            bare = _bare_item_candidate(p, context_year, seen)
            if bare:
                out.append(bare)
    return out


_TARGETS_HEADING = re.compile(r"chỉ tiêu|mục tiêu cụ thể|mục tiêu chủ yếu|một số mục tiêu", re.IGNORECASE)
_LIST_ITEM = re.compile(r"^(?:[-+•*–]\s*|\d{1,2}(?:\.\d{1,2})*[.)]\s+|[a-zđ]\)\s+|\(\d{1,2}\)\s+)")
_NUMBERING = re.compile(r"^(?:(?:Điều|Phần|Mục|Chương)\s+\w+[.:]?|[IVX]{1,5}[.)]|\d{1,2}(?:\.\d{1,2})*[.)]?|[a-zđ]\))\s*")
_BARE_ITEM = re.compile(
    r"^(?P<name>[^\d:;]{8,200}?)\s+(?P<q>(?:khoảng\s+|trên\s+|dưới\s+)?\d[\d.,]*\s*%?(?:\s*[-–]\s*\d[\d.,]*\s*%?)?)"
    r"(?P<unit>\s+(?:triệu|tỷ|nghìn|ngàn)?\s*[^\W\d_]+(?:/[^\W\d_.]+)?)?(?P<tail>\s+trở lên)?\s*[.;]?$"
)


_INLINE_NUMBER = re.compile(r"(?<=[\s.:;])(?:(?P<n>\d{1,2})|(?P<r>[IVX]{1,4}))\.\s+(?=[A-ZĐÀ-Ỹ])")


def _inline_items(p: Paragraph) -> list[Paragraph]:
    """A list flattened into one paragraph by a web page (`... CHỦ YẾU I. Về kinh tế 1. Tốc độ ... đạt 15%. 2. Thu
    nhập ...`): cut where the numbers follow one another (1, 2, 3, ... with at least three), and at the roman
    headings between them."""
    if len(p.text) < 200:
        return [p]
    cuts, expected = [], 1
    for m in _INLINE_NUMBER.finditer(p.text):
        if m.group("r") is not None:
            cuts.append(m.start())
        elif int(m.group("n")) == expected:
            cuts.append(m.start())
            expected += 1
    if expected <= 3:
        return [p]
    bounds = [0, *cuts, len(p.text)]
    parts = [p.text[a:b].strip() for a, b in zip(bounds, bounds[1:])]
    return [Paragraph(part, p.line) for part in parts if part]


def _is_heading(text: str) -> bool:
    """A short line that names a part of the document (`II. MỤC TIÊU`, `2. Các chỉ tiêu chủ yếu`, `a) Về xã hội`):
    no figure after its numbering and no closing stop."""
    body = _NUMBERING.sub("", text, count=1)
    body = re.sub(r"\([^()]*\)|\b(?:19|20)\d\d\b", "", body)  # `(11 chỉ tiêu)`, `NHIỆM KỲ 2020-2025`
    return len(text) <= 150 and not re.search(r"\d", body) and not text.rstrip().endswith((".", ";", ","))


def _bare_item_candidate(p, horizon: str | None, seen: set) -> CandidateIndicator | None:
    """An item of a list of targets written without a verb: `- Tỷ lệ dân số tham gia bảo hiểm y tế 95,5%`."""
    m = _BARE_ITEM.match(_LIST_ITEM.sub("", p.text, count=1))
    if not m:
        return None
    unit = (m.group("unit") or "").strip()
    if unit and not _UNIT_OK.match(unit):
        return None
    qtext = m.group("q") + (" " + unit if unit and "%" not in m.group("q") else "") + (" trở lên" if m.group("tail") else "")
    q = parse_quantity(qtext).quantity
    if q is None or q.op == QUALITATIVE:
        return None
    name = m.group("name").strip(" ,-")
    ident = (key(name), q.text)
    if ident in seen or len(name.split()) < 2:
        return None
    seen.add(ident)
    return CandidateIndicator(name=name, horizon=horizon, quantity=q, unit="%" if "%" in m.group("q") else (unit or None),
                              text=p.text[:MAX_CLAUSE_TEXT], source=Source(line=p.line))


_BASE_YEAR = re.compile(r"\b(?:so với|so|bằng)\s*(?:cùng kỳ\s*)?(?:cuối\s*)?$", re.IGNORECASE)


def _own_horizon(clause: str) -> str | None:
    """The year a clause aims at; `so với năm 2024` is the base of a change, not its horizon."""
    for m in _HORIZON.finditer(clause):
        if not _BASE_YEAR.search(clause[max(0, m.start() - 20) : m.start()]):
            return m.group(1)
    return None


_LABELLED = re.compile(r"^(?:[-+•*–]\s*|\d{1,2}[.)]\s+|[a-zđ]\)\s+)?(?P<name>[^:;]{3,150}?)\s*:\s*(?P<q>[^:;]{1,80})$")


def _labelled_candidates(p, horizon: str | None, seen: set) -> list[CandidateIndicator]:
    """A list of targets written `- Tốc độ tăng trưởng kinh tế (GRDP): Trên 10%`, several to a line with `;`."""
    found: list[CandidateIndicator] = []
    for part in re.split(r"\s*;\s*", p.text.rstrip(". ")):
        m = _LABELLED.match(part.strip())
        if not m:
            continue
        name, qtext = m.group("name").strip(), m.group("q").strip()
        if len(name.split()) > 20 or not re.search(r"\d", qtext) or re.search(r"(?<!\d)\d{1,2}$", name):
            continue  # `... 15/8/2024 | 09:12`: a time, not a target
        q = parse_quantity(qtext).quantity
        if q is None or q.op == QUALITATIVE:
            continue
        unit_match = re.search(r"\d[\d.,]*\s*(%|[^\d\s][^\d]{0,30})$", qtext)
        unit = unit_match.group(1).strip() if unit_match else None
        ident = (key(name), q.text)
        if ident in seen:
            continue
        seen.add(ident)
        found.append(
            CandidateIndicator(name=name, horizon=_own_horizon(name) or horizon, quantity=q, unit=unit, text=part.strip()[:MAX_CLAUSE_TEXT],
                               source=Source(line=p.line))
        )
    return found


def _clause_candidates(clause: str, horizon: str | None, line: int, seen: set) -> list[CandidateIndicator]:
    padded = " " + clause
    matches = [m for m in _LEVEL.finditer(padded) if not m.group("bare") or _bare_level_kept(m)]
    found: list[CandidateIndicator] = []
    previous_end = 0
    text_start = 0
    for index, m in enumerate(matches):
        start, end = max(0, m.start() - 1), max(0, m.end() - 1)  # positions in `clause`
        before = clause[previous_end:start]
        subject = _subject(before[-MAX_CLAUSE_TEXT:])
        previous_end = end
        # This level's text runs to the first comma after it (or to the next level), the last one to the clause's end.
        if index + 1 < len(matches):
            comma = clause.find(",", end, max(end, matches[index + 1].start() - 1))
            text_end = comma if comma >= 0 else end
        else:
            text_end = len(clause)
        text = clause[text_start:text_end].strip(" ,;")
        text_start = text_end
        if not subject:
            continue
        quantity_text, unit = _quantity_text(m)
        q = parse_quantity(quantity_text).quantity
        if q is None or q.op == QUALITATIVE:
            continue
        ident = (key(subject), q.text)
        if ident in seen:
            continue
        seen.add(ident)
        if len(text) > MAX_CLAUSE_TEXT:
            text = text[-MAX_CLAUSE_TEXT:].split(" ", 1)[-1]
        found.append(CandidateIndicator(name=subject, horizon=horizon, quantity=q, unit=unit, text=text, source=Source(line=line)))
    return found


def _bare_level_kept(m: re.Match) -> bool:
    """`dưới 4%`, `khoảng 15 bác sĩ` state a level with no verb; `trên 10.000 dân` names a population."""
    unit = (m.group("unit") or "").strip()
    return "%" in m.group("q") or bool(unit and _UNIT_OK.match(unit))


def _quantity_text(m: re.Match) -> tuple[str, str | None]:
    """The level a match states, as `parse_quantity` reads it, and its unit."""
    words = m.group("verb").split()
    verb = " ".join(words).lower()
    change = m.group("change")
    modifiers = [w for w in words[1:] if w.lower() not in _MODIFIERS_DROPPED]
    if words[0].lower() == "giảm" and len(words) > 1 and words[1].lower() in ("còn", "xuống"):
        modifiers = [w for w in words[2:] if w.lower() not in _MODIFIERS_DROPPED]
    elif m.group("bare") or verb in _BOUND_VERBS or verb.startswith("không"):
        modifiers = words  # `dưới 4%`, `tối thiểu 80%`, `không quá 5%`: the verb is the bound itself
    elif verb.startswith("duy trì"):
        modifiers = [w for w in words[2:] if w.lower() not in _MODIFIERS_DROPPED | {"ở"}]
    q = m.group("q").strip()
    unit = (m.group("unit") or "").strip().rstrip(".,;:")
    if unit and not _UNIT_OK.match(unit):
        unit = ""
    text = (" ".join(modifiers) + " " if modifiers else "") + q
    if unit and not q.endswith("%"):
        text += " " + unit
    if m.group("tail"):
        text += " trở lên"
    averaged = any(w.lower() in ("bình", "trung") for w in words)
    if change and not (change.lower() == "tăng" and averaged):
        # `tăng 10%`, `giảm bình quân 1,5%/năm`: a change; `tăng bình quân 7,6%/năm` is the growth rate itself.
        text = f"{change.lower()} {text}"
    pct = "%" if "%" in q else None
    if pct and m.group("per"):
        pct = "%/năm"
    return text, pct or (unit or None)


_INDICATOR_HEADS = re.compile(
    r"^(?:tỷ lệ|tỷ trọng|số|tổng|diện tích|thu nhập|tốc độ|giá trị|doanh số|doanh thu|chỉ số|mức|năng suất|GRDP|tuổi thọ)\b",
    re.IGNORECASE,
)
_OPENERS = re.compile(
    r"^(?:[-+•]\s*|(?:phấn đấu|phân đấu|phần đầu)(?:\s+|$)|(?:đến|vào|trong|tới)\s+(?:hết\s+)?năm\s+\d{4}\s*,?\s*|"
    r"năm\s+\d{4}\s*,?\s*|giai đoạn\s+\d{4}\s*[-–]\s*\d{4}\s*,?\s*|(?:và|trong đó|nâng|giảm|tăng|duy trì)\s+)",
    re.IGNORECASE,
)
_CLOSERS = re.compile(r"\s+(?:ước|dự kiến|phấn đấu|phân đấu|ở mức|ở)$", re.IGNORECASE)


def _subject(before: str) -> str:
    """What a level is about: the words before the verb, without what opens the sentence."""
    s = before.strip(" ,;-")
    if ":" in s:
        s = s.rsplit(":", 1)[1]
    s = s.strip(" ,;-")
    while True:
        stripped = _OPENERS.sub("", s).strip(" ,;-")
        if stripped == s:
            break
        s = stripped
    s = re.sub(r"\s+(?:vào|đến|trong)\s+(?:hết\s+)?năm\s+\d{4}$", "", s, flags=re.IGNORECASE)
    while True:
        stripped = _CLOSERS.sub("", s).strip(" ,;-")
        if stripped == s:
            break
        s = stripped
    if "," in s:
        last = s.rsplit(",", 1)[1].strip()
        if last and (_INDICATOR_HEADS.match(last) or last[:1].isupper()):
            s = last
    words = s.split()
    if not words or (len(words) < 2 and "/" not in s):
        return ""
    if len(words) > 25:
        s = " ".join(words[-25:])
    if not re.search(r"[^\W\d_]", s):  # no letter at all: a figure, not a name
        return ""
    return s[:1].upper() + s[1:]
