"""The document header: number, kind, issuer, date, signer, title, period and the documents it implements.

Read from the usual layout of a Vietnamese administrative document:

    ỦY BAN NHÂN DÂN                   CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
    THÀNH PHỐ HÀ NỘI                  Độc lập - Tự do - Hạnh phúc
    Số: 183/KH-UBND                   Hà Nội, ngày 10 tháng 8 năm 2021
                            KẾ HOẠCH
                  TRIỂN KHAI THỰC HIỆN NGHỊ QUYẾT ...
    ...
    TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH / Chu Ngọc Anh

and from the metadata block some sites print above it (`Số hiệu`, `Ngày ban hành`, `Người ký`). A title printed in
capitals is re-cased from the document's own body text (`NGHỊ QUYẾT SỐ 50/NQ-CP` → `Nghị quyết số 50/NQ-CP`).
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from planwatch.textnorm import fold, key

from .agencies import AgencyDirectory
from .builder import DOC_NUMBER
from .celltext import one_line
from .model import DocumentInfo

_KINDS = {
    "NQ": "resolution",
    "CTR": "programme",
    "KH": "plan",
    "QĐ": "decision",
    "QD": "decision",
    "BC": "report",
    "CV": "letter",
    "KL": "conclusion",
    "CT": "directive",
}
_KIND_WORDS = [
    ("ke hoach", "plan"),
    ("nghi quyet", "resolution"),
    ("chuong trinh", "programme"),
    ("quyet dinh", "decision"),
    ("bao cao", "report"),
    ("cong van", "letter"),
    ("ket luan", "conclusion"),
    ("chi thi", "directive"),
]
_KIND_TITLE = {
    "plan": "Kế hoạch",
    "resolution": "Nghị quyết",
    "programme": "Chương trình",
    "decision": "Quyết định",
    "report": "Báo cáo",
    "letter": "Công văn",
    "conclusion": "Kết luận",
    "directive": "Chỉ thị",
}
_NUMBER_LINE = re.compile(r"^\s*(?:\*\*)?S[ốo]\s*(?:hi[ệe]u)?\s*:?\s*(?P<num>[^\s,;]*?)\s*/\s*(?P<type>[A-ZĐa-zđ][\w\-/]*)", re.IGNORECASE)
_DATE_LINE = re.compile(
    r"ngày\s*(?P<d>\d{1,2})?\s*tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>(?:19|20)\d\d)", re.IGNORECASE
)
_META = re.compile(r"^(Số hiệu|Ngày ban hành|Loại văn bản|Cơ quan ban hành|Người ký)\s+(.+)$")
_NAME = re.compile(r"^[A-ZĐÀ-Ỹ][a-zà-ỹđ]+(?:\s+[A-ZĐÀ-Ỹ][a-zà-ỹđ]+){1,4}$")
_SIGN_ORG = re.compile(r"^(?:\*\*)?\s*(TM\.|T/M|KT\.|K/T|Q\.|TL\.|TUQ\.)\s*(.*)$", re.IGNORECASE)
_ISSUER_WORDS = re.compile(r"^(?:ỦY BAN|UỶ BAN|UBND|HỘI ĐỒNG|BAN |SỞ |BỘ |THÀNH ỦY|THÀNH UỶ|QUẬN ỦY|HUYỆN ỦY|TỈNH ỦY|CHÍNH PHỦ|VĂN PHÒNG|ĐẢNG BỘ)")


def parse_header(lines: list[str], agencies: AgencyDirectory | None = None) -> DocumentInfo:
    clean = [_plain(line) for line in lines]
    head = clean[:80]
    info = DocumentInfo()
    meta = _metadata(head)
    # Copied from a web page, a header cell may wrap: `Số:` above `112/KH-UBND`, `Kon Tum, ngày 25` above
    # `tháng 01 năm 2024`, with the cell's `|` on a line of its own. Each line is also tried joined to the next.
    solid = [line for line in head if line.strip() not in ("", "|")]
    wrapped = [f"{a.strip()} {b.strip()}" for a, b in zip(solid, solid[1:]) if len(a) < 60]

    # Number and kind.
    number_type = None
    for line in head + wrapped:
        m = _NUMBER_LINE.match(line)
        if m:
            number_type = m.group("type")
            if m.group("num") and re.match(r"^\d", m.group("num")):
                info.number = f"{m.group('num')}/{m.group('type')}"
            break
    if info.number is None and meta.get("Số hiệu"):
        info.number = meta["Số hiệu"].split()[0]
        number_type = info.number.split("/", 1)[1] if "/" in info.number else None
    if number_type:
        kind_code = re.split(r"[-/]", number_type)[0].upper()
        info.kind = _KINDS.get(kind_code, "other")
    kind_line = _kind_line(head)
    if info.kind == "other":
        if meta.get("Loại văn bản"):
            info.kind = _kind_of_words(meta["Loại văn bản"]) or "other"
        elif kind_line is not None:
            info.kind = _kind_of_words(head[kind_line]) or "other"
        elif _looks_like_article(clean):
            info.kind = "article"
    if info.number:
        info.id = slug(info.number)

    # Date: the place-and-date line, else the metadata.
    for line in head + wrapped:
        m = _DATE_LINE.search(line)
        if m and ("," in line[: m.start() + 1] or line.lstrip().lower().startswith("ngày") or m.start() < 25):
            y = int(m.group("y"))
            if m.group("d") and m.group("m"):
                try:
                    info.date = date(y, int(m.group("m")), int(m.group("d")))
                except ValueError:
                    info.date = None
            if info.date is None:
                info.year = y
            break
    if info.date is None and info.year is None and meta.get("Ngày ban hành"):
        m = re.match(r"(\d{1,2})/(\d{1,2})/(\d{4})", meta["Ngày ban hành"])
        if m:
            info.date = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    if info.date is not None:
        info.year = info.date.year

    info.issuer = _issuer(head, clean, agencies) or (
        _resolve_issuer(meta["Cơ quan ban hành"], agencies) if meta.get("Cơ quan ban hành") else None
    )
    info.signer, info.signer_title = _signer(clean)
    if info.signer is None and meta.get("Người ký"):
        info.signer = meta["Người ký"]

    title_lines, title_end = _title_lines(head, kind_line)
    if title_lines:
        raw = one_line(" ".join(title_lines))
        body = "\n".join(clean[title_end:][:400])
        title = recase(raw, body) if _mostly_upper(raw) else raw
        kind_word = _KIND_TITLE.get(info.kind)
        if kind_word and not key(title).startswith(key(kind_word)):
            title = kind_word + " " + _lower_first(title, body)
        info.title = title
    elif info.kind == "article":
        info.title = next((line.strip() for line in clean if line.strip()), None)
    elif lines and meta:
        first = next((line.strip() for line in clean if line.strip()), "")
        info.title = first or None

    info.implements = _implements(info.title or "", clean, info.number)
    return info


def slug(number: str) -> str:
    """`183/KH-UBND` → `183-kh-ubnd` (docs/format.md, `id`)."""
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]+", "-", key(number).replace(" ", "-"))).strip("-")


def _plain(line: str) -> str:
    line = line.replace("**", "").replace("|", " ")
    return " ".join(line.split())


def _metadata(head: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in head:
        m = _META.match(line)
        if m:
            out.setdefault(m.group(1), m.group(2).strip())
    return out


def _kind_line(head: list[str]) -> int | None:
    for i, line in enumerate(head):
        f = key(line)
        if line.isupper() and any(f == w for w, _k in _KIND_WORDS):
            return i
        if line.isupper() and any(f.startswith(w + " ") for w, _k in _KIND_WORDS) and len(f) < 200:
            return i
    for i, line in enumerate(head):
        f = key(line)
        if any(f == w for w, _k in _KIND_WORDS):
            return i
    return None


def _kind_of_words(text: str) -> str | None:
    f = key(text)
    for word, kind in _KIND_WORDS:
        if f.startswith(word):
            return kind
    return None


def _looks_like_article(lines: list[str]) -> bool:
    tail = " ".join(lines[-60:])
    return bool(re.search(r"Tin liên quan|Cùng chuyên mục|Đọc thêm|Bình luận", tail))


def _title_lines(head: list[str], kind_line: int | None) -> tuple[list[str], int]:
    """The lines after the kind word up to the first body paragraph (an upper-case title, or one sentence), and
    the index of the line after them."""
    if kind_line is None:
        return [], 0
    out: list[str] = []
    upper = None
    end = kind_line + 1
    inline = head[kind_line].strip().split(None, 2)
    if len(inline) == 3 and _kind_of_words(" ".join(inline[:2])) and head[kind_line].isupper():
        return [inline[2]], kind_line + 1  # `KẾ HOẠCH PHÁT TRIỂN ...` on one line
    for i in range(kind_line + 1, len(head)):
        line = head[i]
        s = line.strip()
        if not s:
            if out:
                break
            continue
        if re.match(r"^(?:I\.|1\.|Căn cứ|Để |Thực hiện|Triển khai thực hiện .*(?:,|:)$)", s) and out:
            break
        is_upper = _mostly_upper(s)
        if upper is None:
            upper = is_upper
        elif upper and not is_upper:
            break
        out.append(s)
        end = i + 1
        if not upper:
            break  # a title in normal case is one paragraph
    return out, end


def _mostly_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(1 for c in letters if c.isupper()) / len(letters) > 0.8


def recase(upper: str, body: str) -> str:
    """An upper-case title in the cases its words have in the body (`NGHỊ QUYẾT SỐ 50/NQ-CP` → `Nghị quyết số 50/NQ-CP`)."""
    words = upper.split()
    uni: dict[str, Counter] = {}
    bi: dict[tuple[str, str], Counter] = {}
    prev = ""
    for m in re.finditer(r"[\w&/\-.]+", body):
        w = m.group(0).rstrip(".")
        if not w:
            continue
        lw = w.casefold()
        j = m.start() - 1
        while j >= 0 and body[j] in " \t":
            j -= 1
        initial = j < 0 or body[j] in ".!?:\n"
        # A capital that opens a sentence says nothing about the word; an all-capitals word neither.
        if not initial and (not w.isupper() or len(w) == 1 or re.search(r"\d", w)):
            uni.setdefault(lw, Counter())[w] += 1
            bi.setdefault((prev, lw), Counter())[w] += 1
        prev = lw
    out: list[str] = []
    prev = ""
    for i, w in enumerate(words):
        core = w.strip(",.;:()\"“”")
        lw = core.casefold()
        pick = None
        if re.search(r"\d", core):
            pick = _number_as_in_body(core, body) or core
        elif re.fullmatch(r"[IVXLC]+", core):
            pick = core
        elif (prev, lw) in bi:
            pick = bi[(prev, lw)].most_common(1)[0][0]
        elif lw in uni:
            counts = uni[lw]
            # Sentence-initial capitals say nothing: prefer a lower-case spelling unless capitals dominate.
            lower = counts.get(lw, 0)
            cap = sum(v for k, v in counts.items() if k != lw)
            pick = lw if lower >= cap else counts.most_common(1)[0][0]
        else:
            pick = lw
        out.append(w.replace(core, pick) if core else w)
        prev = lw
    text = " ".join(out)
    return text[:1].upper() + text[1:]


def _number_as_in_body(token: str, body: str) -> str | None:
    m = re.search(re.escape(token), body, re.IGNORECASE)
    return m.group(0) if m else None


def _lower_first(title: str, body: str) -> str:
    first = title.split()[0] if title.split() else ""
    if not first or re.search(r"\d", first) or first.isupper():
        return title
    lw = first.casefold()
    count_lower = len(re.findall(rf"(?<![\w]){re.escape(lw)}(?![\w])", body))
    count_cap = len(re.findall(rf"(?<=[a-zà-ỹđ,] ){re.escape(first)}(?![\w])", body))
    if count_lower >= count_cap:
        return lw + title[len(first) :]
    return title


def _issuer(head: list[str], lines: list[str], agencies: AgencyDirectory | None) -> str | None:
    block: list[str] = []
    for line in head[:12]:
        s = line.strip(" -")
        if not s:
            if block:
                break
            continue
        if re.match(r"^CỘNG\s*H", s) or s.startswith("Số") or re.match(r"^-{3,}$", s):
            if block:
                break
            continue
        if _ISSUER_WORDS.match(s) or (block and s.isupper() and len(s) < 60):
            block.append(s)
        elif block:
            break
    if block:
        return _resolve_issuer(" ".join(block), agencies)
    # A draft without the issuer block: the signature's organisation, placed by the body's own naming of it.
    for line in reversed(lines):
        m = _SIGN_ORG.match(line.strip())
        if m and re.search(r"ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN", m.group(2).upper()):
            names = Counter(
                n.strip()
                for n in re.findall(
                    r"(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND)\s+(?:Thành phố|thành phố|TP|tỉnh|quận|huyện)(?:\s+[A-ZĐ][\w]+){0,3}",
                    "\n".join(lines[:120]),
                )
            )
            if names:
                return _resolve_issuer(names.most_common(1)[0][0], agencies)
    return None


def _resolve_issuer(text: str, agencies: AgencyDirectory | None) -> str:
    text = one_line(text)
    if agencies is not None:
        hit = agencies.lookup(text)
        if hit:
            return hit[1]
    if _mostly_upper(text):
        text = re.sub(r"^(?:ỦY|UỶ) BAN NHÂN DÂN", "UBND", text)
        text = re.sub(r"^HỘI ĐỒNG NHÂN DÂN", "HĐND", text)
        # The organisation in sentence case, the unit (`tỉnh`, `quận`...) in lower case, the place in title case.
        m = re.search(r"\b(THÀNH PHỐ|TỈNH|QUẬN|HUYỆN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN)\b", text)
        org, unit, place = (text[: m.start()], m.group(1), text[m.end() :]) if m else (text, "", "")
        org_words = org.split()
        org = " ".join(
            w if w in ("UBND", "HĐND") else (w.capitalize() if i == 0 else w.lower()) for i, w in enumerate(org_words)
        )
        org = re.sub(r"\by tế\b", "Y tế", org)
        unit = "Thành phố" if unit == "THÀNH PHỐ" else unit.lower()
        place = " ".join(w.capitalize() for w in place.split())
        text = " ".join(x for x in (org, unit, place) if x)
    return text


def _signer(lines: list[str]) -> tuple[str | None, str | None]:
    """The signature block: `TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH / name` or `K/T TRƯỞNG BAN / PHÓ TRƯỞNG BAN / name`."""
    for i in range(len(lines) - 1, -1, -1):
        m = _SIGN_ORG.match(lines[i].strip())
        if not m:
            continue
        prefix = m.group(1).upper().replace("/", "").rstrip(".")
        org = m.group(2).strip()
        rest = [s.strip() for s in lines[i + 1 : i + 12] if s.strip()]
        # The organisation may wrap onto a second line (`TM. ỦY BAN NHÂN` / `DÂN`).
        while rest and rest[0].isupper() and len(rest[0].split()) == 1 and not _role_word(rest[0]):
            org += " " + rest.pop(0)
        title = None
        name = None
        for s in rest:
            if title is None and s.isupper() and _role_word(s):
                title = s
                continue
            if _NAME.match(s):
                name = s
                break
            if title is not None and not s.isupper():
                break
        if name is None:
            continue
        signer_title = _sentence_case(title) if title else None
        if prefix == "KT" and signer_title:
            signer_title = f"{signer_title} (K/T {_sentence_case(org)})"
        return name, signer_title
    return None, None


def _role_word(s: str) -> bool:
    return bool(re.search(r"CHỦ TỊCH|TRƯỞNG|GIÁM ĐỐC|BÍ THƯ|THỦ TRƯỞNG|CHÁNH|TỔNG", s.upper()))


def _sentence_case(s: str) -> str:
    s = " ".join(s.split())
    low = s.lower()
    low = re.sub(r"\bphó chủ tịch\b", "Phó Chủ tịch", low)
    low = re.sub(r"\bchủ tịch\b", "Chủ tịch", low)
    low = re.sub(r"\bphó trưởng ban\b", "Phó Trưởng ban", low)
    low = re.sub(r"^trưởng ban\b", "Trưởng ban", low)
    low = re.sub(r"\bphó giám đốc\b", "Phó Giám đốc", low)
    low = re.sub(r"^giám đốc\b", "Giám đốc", low)
    return low[:1].upper() + low[1:]


def _implements(title: str, lines: list[str], own: str | None) -> list[str]:
    """Numbers of the documents this one implements: those the title names at its top level (not those a named
    document itself implements: `... số 23-CTr/TU ... thực hiện Nghị quyết số 30-NQ/TW`), else those of the
    opening `Thực hiện ...` paragraph."""
    out: list[str] = []
    f = fold(title)
    cut = len(title)
    starts = [m.start() for m in re.finditer(r"\bthuc hien\b", f)]
    lead = re.match(r"^\S+(?:\s+\S+)?\s+(?:trien khai\s+)?thuc hien\b", f)
    nested = [s for s in starts if not lead or s >= lead.end()]
    nested = [s for s in nested if not re.search(r"\bve\s*$", f[:s])]
    if nested and len(fold(title)) == len(title):
        cut = nested[0]
    for m in re.finditer(DOC_NUMBER, title[:cut], re.IGNORECASE):
        n = _canonical_number(m.group(0), lines)
        if n != own and n not in out:
            out.append(n)
    if out:
        return out
    for line in lines[:60]:
        s = line.strip()
        if re.match(r"^(?:Thực hiện|Triển khai thực hiện|Để thực hiện|Để triển khai)\b", s):
            for m in re.finditer(DOC_NUMBER, s):
                n = m.group(0)
                if n != own and n not in out:
                    out.append(n)
            if out:
                break
    return out


def _canonical_number(number: str, lines: list[str]) -> str:
    """A number as the body writes it (`14-CTR/TU` in a capitalised title is `14-CTr/TU` in the text)."""
    text = "\n".join(lines[:200])
    found = [m.group(0) for m in re.finditer(re.escape(number), text, re.IGNORECASE)]
    mixed = [f for f in found if not f.isupper()]
    return mixed[0] if mixed else number
