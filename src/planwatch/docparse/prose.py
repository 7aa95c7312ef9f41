"""Tasks and candidate indicators written in running text.

Tasks (plan 140/KH-UBND): a *lead line* names who leads and who coordinates and ends with a colon —

    (1) Viện Nghiên cứu phát triển Kinh tế - xã hội Hà Nội chủ trì, phối hợp với Sở Kế hoạch và Đầu tư và các cơ quan liên quan:
    - Tham mưu UBND Thành phố ...
    - Tổ chức lập Quy hoạch Thủ đô ...
    (2) Sở Tư pháp chủ trì phối hợp với các cơ quan liên quan:
    Đẩy nhanh việc xây dựng Luật Thủ đô (sửa đổi) ...

Each `-` item after a lead line is one task; so is each paragraph written without a dash (a lead line followed by
one paragraph gives one task). `+` lines belong to the item above them. The lead and coordinating agencies come from
the lead line (`X chủ trì, phối hợp với Y:`; `X:` alone names the lead). A task's key is its section (part and
numbered heading: `III.2`), the lead line's place in the section (`(1)` → `1`, else its order) and the item's order:
`III.2.1.2`. Prose tasks are read only when the document has no task table (a plan's appendix is its assignment;
the body's `Tổ chức thực hiện` then only repeats duties).

Candidate indicators: a clause with a horizon (`đến năm 2025`, `năm 2025`, or the `Phấn đấu đến năm 2025,` that opens
its sentence) and a verb of level (`đạt`, `chiếm`, `lên`, `trên`, `dưới`, `khoảng`, `tối thiểu`) followed by a number
is offered as a candidate indicator, in its own list, never mixed with the tables' indicators.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planwatch.engine.quantity import QUALITATIVE
from planwatch.textnorm import fold, key

from .celltext import one_line
from .model import CandidateIndicator, ParsedTask, Resolution, Source
from .numbers import parse_quantity

_PART = re.compile(r"^(?P<n>[IVX]{1,5})\.\s+(?P<t>.+)$")
_HEADING = re.compile(r"^(?P<n>\d{1,2})\.\s+(?P<t>.+)$")
_SUBHEADING = re.compile(r"^(?P<n>\d{1,2}\.\d{1,2})\.?\s+(?P<t>.+)$")
_GROUP = re.compile(r"^(?:\((?P<p>\d{1,2})\)|(?P<l>[a-zđ])\))\s+(?P<t>.+)$")
_ITEM = re.compile(r"^[-–•]\s+(?P<t>.+)$")
_SUBITEM = re.compile(r"^[+*]\s+(?P<t>.+)$")
_STARTS = re.compile(r"^(?:[-–•+*]\s|\(\d{1,2}\)\s|[a-zđ]\)\s|\d{1,2}(?:\.\d{1,2})*\.\s|[IVX]{1,5}\.\s|Nơi nhận)")
_AGENCY_START = re.compile(
    r"^(?:Giao\s+)?(?:Các\s+|các\s+)?(?:Sở|sở|Ban|UBND|Ủy ban|Uỷ ban|Viện|Công an|Bộ Tư lệnh|Cục|Văn phòng|Thành đoàn|"
    r"Trung tâm|Đài|Báo|Hội|Liên đoàn|Mặt trận|Ngân hàng|Kho bạc|Thủ trưởng|Giám đốc|Chủ tịch|BQL|Ban Quản lý)\b"
)
_LEAD_SPLIT = re.compile(r"\s*,?\s*chủ trì\s*,?\s*(?:và\s+)?(?:phối hợp\s+(?:chặt chẽ\s+)?(?:với\s+)?)?", re.IGNORECASE)


@dataclass
class Paragraph:
    text: str
    line: int  # 1-based first line


def paragraphs(lines: list[str], skip: set[int] | None = None) -> list[Paragraph]:
    """Paragraphs: runs of lines joined until a blank line or a line that starts a new item or heading."""
    skip = skip or set()
    out: list[Paragraph] = []
    current: list[str] = []
    start = 0
    for i, raw in enumerate(lines):
        line = raw.replace("**", "").strip()
        if i in skip or not line or "|" == line or "\t" in raw:
            if current:
                out.append(Paragraph(one_line(" ".join(current)), start + 1))
                current = []
            continue
        if current and _STARTS.match(line):
            out.append(Paragraph(one_line(" ".join(current)), start + 1))
            current = []
        if not current:
            start = i
        current.append(line)
    if current:
        out.append(Paragraph(one_line(" ".join(current)), start + 1))
    return out


def lead_line(text: str) -> tuple[str, str | None] | None:
    """(lead, coordinating) of a line that assigns the items below it, or None."""
    t = text.strip()
    if not t.endswith(":") or len(t) > 400:
        return None
    body = t[:-1].strip()
    body = re.sub(r"^Giao\s+", "", body)
    if re.search(r"\bchủ trì\b", body, re.IGNORECASE):
        parts = _LEAD_SPLIT.split(body, maxsplit=1)
        lead = parts[0].strip(" ,")
        coord = parts[1].strip(" ,") if len(parts) > 1 and parts[1].strip(" ,") else None
        if coord:
            coord = re.sub(r"\s+(?:thực hiện|triển khai thực hiện|triển khai)(?:\s+các nội dung sau)?$", "", coord).strip(" ,")
        return lead, coord or None
    if _AGENCY_START.match(body) and len(body) <= 200 and not re.search(r"\b(?:là|gồm|như sau|cụ thể)\b", body):
        return body, None
    return None


def prose_tasks(lines: list[str], skip: set[int], resolve, leader_none=None) -> list[ParsedTask]:
    """Tasks of the body text; `resolve(text, source)` turns an agency text into a `Resolution`."""
    out: list[ParsedTask] = []
    part: str | None = None
    heading: str | None = None
    heading_title: str | None = None
    group_no = 0
    group: tuple[str, str | None, int] | None = None  # lead, coordinating, group number
    item_no = 0
    last: ParsedTask | None = None
    for p in paragraphs(lines, skip):
        text = p.text
        m = _PART.match(text)
        if m and text.upper() == text[: len(text)].upper() and m.group("t").isupper():
            part, heading, heading_title, group, group_no, last = m.group("n"), None, None, None, 0, None
            continue
        m = _HEADING.match(text)
        if m:
            heading, heading_title, group_no, last = m.group("n"), m.group("t").rstrip(":").strip(), 0, None
            group = None
            ll = lead_line(m.group("t"))
            if ll:
                group_no += 1
                group, item_no = (ll[0], ll[1], group_no), 0
                heading_title = None
            continue
        if _SUBHEADING.match(text) and not text.endswith(":"):
            last = None
            continue
        m = _GROUP.match(text)
        ll = lead_line(m.group("t")) if m else lead_line(text)
        if ll:
            if m and m.group("p"):
                number = int(m.group("p"))
                group_no = number
            else:
                group_no += 1
                number = group_no
            group, item_no, last = (ll[0], ll[1], number), 0, None
            continue
        if group is None:
            continue
        if len(re.findall(r"[^\W\d_]{2,}", text)) < 2:
            continue  # `[...]`, `...`: a cut, not a task
        sub = _SUBITEM.match(text)
        if sub and last is not None:
            last.title += "\n" + text
            continue
        item = _ITEM.match(text)
        if m is not None and not item:
            # A `(2) ...` line that assigns nothing ends the group.
            group = None
            continue
        item_no += 1
        section = ".".join(x for x in (part, heading) if x) or None
        key_ = ".".join(x for x in (section, str(group[2]), str(item_no)) if x)
        title = item.group("t").strip() if item else text
        src = Source(line=p.line)
        lead_res = resolve(group[0], src)
        coord_res = resolve(group[1], src) if group[1] else Resolution(None)
        last = ParsedTask(
            key=key_,
            code="-" if item else "",
            section=section,
            section_title=heading_title,
            title=title,
            lead=lead_res,
            coordinating=coord_res,
            leader=None,
            product=None,
            deadline=None,
            note=None,
            references=[],
            split_from=None,
            status="not_started",
            source=src,
        )
        out.append(last)
    return out


# --- candidate indicators -------------------------------------------------------------------------------

_HORIZON = re.compile(r"(?:đến|vào|trong|hết|cuối|tới)?\s*(?:hết\s+)?năm\s+((?:20|19)\d\d)", re.IGNORECASE)
_VERB = re.compile(
    r"\s(?P<verb>đạt(?:\s+(?:từ|trên|dưới|khoảng|tối thiểu|ít nhất|xấp xỉ))?|chiếm(?:\s+(?:khoảng|trên|dưới))?|lên(?:\s+(?:trên|khoảng))?|"
    r"(?:còn|xuống)(?:\s+(?:dưới|khoảng))?|không thấp hơn|tối thiểu|ít nhất)\s+"
    r"(?P<q>(?:từ\s+)?[<>~≥≤]?\s*\d[\d.,]*\s*%?(?:\s*[-–]\s*\d[\d.,]*\s*%?)?)"
    r"(?P<unit>\s*(?:(?:triệu|tỷ|nghìn|ngàn)\s+)?(?:[a-zA-Zà-ỹđĐ²³]+(?:/[a-zA-Zà-ỹđĐ²³.]+)*)(?:\s+[a-zà-ỹđ]+(?:/[a-zà-ỹđ.]+)+)?)?"
    r"(?P<tail>\s+trở lên)?",
    re.IGNORECASE,
)
_UNIT_OK = re.compile(
    r"^(?:%|triệu|tỷ|nghìn|ngàn|usd|đồng|m2|m²|m3|ha|km|tuổi|con|người|lượt|sản phẩm|doanh nghiệp|giường|bác sĩ|hộ|xã|trường|tấn|cây)",
    re.IGNORECASE,
)


def candidate_indicators(lines: list[str], skip: set[int]) -> list[CandidateIndicator]:
    out: list[CandidateIndicator] = []
    seen: set[tuple[str, str]] = set()
    for p in paragraphs(lines, skip):
        for sentence in re.split(r"(?<=[.!?])\s+(?=[A-ZĐÀ-Ỹ(\"“])", p.text):
            context = _HORIZON.search(sentence.split(",")[0]) if re.match(r"^\W*(?:[-+]\s*)?(?:phấn đấu|đến năm|năm)\b", sentence, re.IGNORECASE) else None
            lead_horizon = context.group(1) if context else None
            pursue = bool(re.search(r"\bphấn đấu\b|\bmục tiêu\b|\bchỉ tiêu\b", sentence, re.IGNORECASE))
            for clause in re.split(r"\s*;\s*", sentence):
                own = _HORIZON.search(clause)
                horizon = own.group(1) if own else lead_horizon
                if horizon is None and not pursue:
                    continue
                previous_end = 0
                for m in _VERB.finditer(" " + clause):
                    subject = _subject(clause[previous_end : max(0, m.start() - 1)])
                    previous_end = max(0, m.end() - 1)
                    if not subject:
                        continue
                    unit = (m.group("unit") or "").strip().rstrip(".,;:")
                    if unit and not _UNIT_OK.match(unit):
                        unit = ""
                    qtext = (m.group("verb").split()[1:] and " ".join(m.group("verb").split()[1:]) + " " or "") + m.group("q").strip()
                    if unit and not m.group("q").strip().endswith("%"):
                        qtext += " " + unit
                    if m.group("tail"):
                        qtext += " trở lên"
                    q = parse_quantity(qtext).quantity
                    if q is None or q.op == QUALITATIVE:
                        continue
                    pct = "%" if "%" in m.group("q") else None
                    ident = (key(subject), q.text)
                    if ident in seen:
                        continue
                    seen.add(ident)
                    out.append(
                        CandidateIndicator(
                            name=subject,
                            horizon=horizon,
                            quantity=q,
                            unit=pct or (unit or None),
                            text=clause.strip(),
                            source=Source(line=p.line),
                        )
                    )
    return out


_INDICATOR_HEADS = re.compile(
    r"^(?:tỷ lệ|tỷ trọng|số|tổng|diện tích|thu nhập|tốc độ|giá trị|doanh số|doanh thu|chỉ số|mức|năng suất|GRDP|tuổi thọ)\b",
    re.IGNORECASE,
)
_OPENERS = re.compile(
    r"^(?:[-+•]\s*|(?:phấn đấu|phân đấu|phần đầu)(?:\s+|$)|(?:đến|vào|trong|tới)\s+(?:hết\s+)?năm\s+\d{4}\s*,?\s*|"
    r"năm\s+\d{4}\s*,?\s*|(?:và|trong đó|nâng|giảm|tăng)\s+)",
    re.IGNORECASE,
)


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
    s = re.sub(r"\s*,?\s*(?:phấn đấu|phân đấu)$", "", s, flags=re.IGNORECASE).strip(" ,;-")
    if "," in s:
        last = s.rsplit(",", 1)[1].strip()
        if last and (_INDICATOR_HEADS.match(last) or last[:1].isupper()):
            s = last
    words = s.split()
    if not words or (len(words) < 2 and "/" not in s):
        return ""
    if len(words) > 25:
        s = " ".join(words[-25:])
    if not re.search(r"[a-zà-ỹđ]", fold(s)):
        return ""
    return s[:1].upper() + s[1:]
