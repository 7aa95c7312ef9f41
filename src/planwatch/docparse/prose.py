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

Candidate indicators (targets stated in sentences) are read in prose_candidates.py, and paragraphs are cut in
paragraphs.py; `candidate_indicators` is imported here too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from planwatch.textnorm import fold

from .deadlines import parse_deadline
from .model import ParsedTask, Resolution, Source
from .paragraphs import _HEADING, _PART, _STARTS, Paragraph, paragraphs
from .prose_candidates import MAX_CLAUSE_TEXT, candidate_indicators  # re-exported: api.py and the tests import them here

_SUBHEADING = re.compile(r"^(?P<n>\d{1,2}\.\d{1,2})\.?\s+(?P<t>.+)$")
_GROUP = re.compile(r"^(?:\((?P<p>\d{1,2})\)|(?P<l>[a-zđ])\))\s+(?P<t>.+)$")
_ITEM = re.compile(r"^[-–•]\s+(?P<t>.+)$")
_SUBITEM = re.compile(r"^[+*]\s+(?P<t>.+)$")
# What opens the name of an acting body. Words that merely start like one are excluded: `Ban hành`, `Báo cáo`,
# `Hội nghị`, `Bộ máy` (a ministry is `Bộ` and a capital: `Bộ Tài chính`).
_AGENCY_HEAD = (
    r"(?:(?:Các|các)\s+)?(?:Sở|sở|Bộ\s+(?=[A-ZĐÀ-Ỹ])|Bộ Tư lệnh|Bộ Chỉ huy|Ban(?!\s+hành)|UBND|Ủy ban|Uỷ ban|Viện|"
    r"Công an|Cục|Chi cục|Văn phòng|Thành đoàn|Tỉnh đoàn|Đoàn|Trung tâm|Đài|Báo(?!\s+cáo)|"
    r"Hội(?!\s+(?:nghị|thảo|thi|diễn))|Liên đoàn|Mặt trận|Ngân hàng|Kho bạc|Thanh tra|Thủ trưởng|Giám đốc|Chủ tịch|"
    r"BQL|Ban Quản lý|Phòng|Bảo hiểm xã hội|HĐND|Hội đồng|Quỹ|Người đứng đầu)\b"
    r"|(?:Các|các)\s+(?:cơ quan|đơn vị|địa phương|ngành|bộ|tổ chức|doanh nghiệp)\b"
)
_AGENCY_START = re.compile(r"^(?:Giao\s+)?(?:" + _AGENCY_HEAD + ")")
_LEAD_SPLIT = re.compile(r"\s*,?\s*chủ trì\s*,?\s*(?:và\s+)?(?:phối hợp\s+(?:chặt chẽ\s+)?(?:với\s+)?)?", re.IGNORECASE)
# Who is asked, before the acting body: `Giao Sở X ...`, `UBND tỉnh giao ...`, `Đề nghị Y ...`, `Yêu cầu ...`.
_ASKING = re.compile(
    r"^(?:(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|Chủ tịch UBND)\s+(?:tỉnh|thành phố|Thành phố|huyện|quận|thị xã)\s+)?"
    r"(?:[Gg]iao|[Đđ]ề nghị|[Yy]êu cầu)\s+"
)
# Verbs that open the duty after the names of the bodies (`... phối hợp với Y tham mưu ...`). Lower case only and
# matched case-sensitively: inside a name the same words are capitalised (`Sở Xây dựng`, `Quản lý thị trường`).
_TASK_VERBS = sorted(
    (
        "tham mưu", "triển khai", "tổ chức", "xây dựng", "rà soát", "hướng dẫn", "kiểm tra", "theo dõi", "đôn đốc",
        "tổng hợp", "báo cáo", "trình", "thực hiện", "nghiên cứu", "đề xuất", "lập", "hoàn thiện", "hoàn thành",
        "ban hành", "chỉ đạo", "đẩy mạnh", "đẩy nhanh", "tăng cường", "bố trí", "thẩm định", "cập nhật", "vận hành",
        "tuyên truyền", "phổ biến", "giám sát", "đánh giá", "sửa đổi", "điều chỉnh", "chuẩn bị", "cung cấp", "gửi",
        "quán triệt", "căn cứ", "chủ động", "tiếp tục", "khẩn trương", "nâng cao", "thu hút", "hỗ trợ", "giải quyết",
        "xử lý", "công bố", "tập trung", "ưu tiên", "huy động", "phân bổ", "duy trì", "kiện toàn", "thành lập",
        "số hóa", "ứng dụng", "cải thiện", "bảo đảm", "đảm bảo", "thống kê", "phát động", "vận động", "chịu trách nhiệm",
        "có trách nhiệm", "có nhiệm vụ", "được giao", "thẩm tra", "phê duyệt", "quyết định", "thanh tra",
        "kiểm soát", "rà soát", "phối hợp", "quan tâm", "tích cực", "nghiêm túc", "sớm", "kịp thời",
        "rút ngắn", "bàn giao", "điều chuyển", "giải ngân", "đối thoại", "tiếp nhận", "bồi dưỡng", "khảo sát",
        "lựa chọn", "nghiệm thu", "tham gia",
    ),
    key=len,
    reverse=True,
)
# Verbs that are also words of names: `Ban Quản lý dự án đầu tư xây dựng ...`, `các công trình giao thông`.
_VERB_INSIDE_NAMES = {"xây dựng": "(?<!đầu tư )", "trình": "(?<!công )"}
_VERB = re.compile(
    r"(?<!\w)(?<!Sở )(?<!sở )(?<!Bộ )(?<!các )(?<!Các )(?<!chương )(?<!độc )(?:"
    + "|".join(_VERB_INSIDE_NAMES.get(v, "") + re.escape(v) for v in _TASK_VERBS)
    + r")(?!\w)"
)
_FIELD = re.compile(
    r"^[-–•+]?\s*(?P<label>(?:[Đđ]ơn vị|[Cc]ơ quan)\s+(?:chủ trì|phối hợp)|[Cc]hủ trì|[Pp]hối hợp|[Tt]hời gian hoàn thành|"
    r"[Tt]hời gian thực hiện|[Tt]hời hạn(?: hoàn thành)?|[Tt]iến độ(?: hoàn thành)?|[Ss]ản phẩm)\s*:\s*(?P<value>.+)$"
)
_REFERS_TO_TABLE = re.compile(r"\b(?:dưới đây|kèm theo|[Pp]hụ lục|[Bb]iểu\s+(?:số|\d)|danh mục sau)\b")
# `Trên cơ sở báo cáo của các đơn vị, Sở X chủ trì ...`: the circumstance before the body is not the body.
_CIRCUMSTANCE = re.compile(r"^(?:Trên cơ sở|Căn cứ|Sau khi|Để)\b[^.;:]{0,250}?,\s*(?=" + _AGENCY_HEAD + ")")
_RESPONSIBLE = re.compile(r"\s+(?:có trách nhiệm|chịu trách nhiệm|có nhiệm vụ|được giao)\s*:?\s*")
# `...; thời gian thực hiện: thường xuyên`: a colon that opens a field of the duty, not the duty after its bodies.
_FIELD_BEFORE_COLON = re.compile(r"(?:[Tt]hời (?:gian|hạn)|[Tt]iến độ|[Ss]ản phẩm|[Kk]inh phí)[^:;,.]{0,30}$")
_LEAD_IN_PARENS = re.compile(r"\s*\(\s*chủ trì\s*\)\s*,?\s*", re.IGNORECASE)


def _duties_follow(following: str) -> bool:
    """What follows a numbered line that only names a body (`3. Sở Nội vụ`) holds its duties: dashed or lettered
    items, or a sentence that is not itself a numbered heading or a part."""
    if _ITEM.match(following) or _GROUP.match(following):
        return True
    return bool(following) and not _STARTS.match(following) and following[:1].isupper() and len(following) > 30


def lead_line(text: str) -> tuple[str, str | None] | None:
    """(lead, coordinating) of a line that assigns the items below it, or None."""
    t = text.strip()
    if not t.endswith(":") or len(t) > 400:
        return None
    body = t[:-1].strip()
    body = _LEAD_IN_PARENS.sub(" chủ trì, ", re.sub(r"^Giao\s+", "", body)).strip(" ,")
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


def agency_heading(text: str) -> str | None:
    """A line that only names a body (`Sở Công Thương`, a bold heading without a colon), or None."""
    t = text.strip().rstrip(":").strip()
    if len(t) > 150 or not _AGENCY_START.match(t) or t.endswith(".") or _VERB.search(t) or ";" in t:
        return None
    return re.sub(r"^Giao\s+", "", t)


@dataclass
class Assignment:
    """A duty stated in one sentence: who leads, who coordinates, and the words of the duty itself."""

    lead: str
    coordinating: str | None
    title: str
    after_colon: bool = False  # `Sở Y tế: Chủ trì ...`: the duty is written apart, kept as written


def _agency_like(text: str) -> bool:
    return bool(text) and len(text) <= 250 and bool(_AGENCY_START.match(text)) and not _VERB.search(text)


def assignment(text: str, *, opening_bodies: bool = False, plain: bool = False) -> Assignment | None:
    """The duty a sentence assigns, or None.

    `Sở X chủ trì, phối hợp với Y và Z tham mưu ...`, `Giao Sở X (chủ trì) ...`, `Sở X phối hợp với Y kiểm tra ...`,
    `Sở X có trách nhiệm ...`, `Đề nghị Y ...`, `Sở X: Chủ trì tổ chức ...`; with `opening_bodies` (a numbered or
    dashed item) also bodies that merely open the sentence: `Các sở, ban, ngành, UBND các huyện triển khai ...`.
    Only the first 300 characters are searched for the bodies, so a long paragraph costs its length once."""
    t = text.strip()
    circumstance = _CIRCUMSTANCE.match(t)
    if circumstance:
        t = t[circumstance.end():]
    asking = _ASKING.match(t)
    asked = bool(asking)
    if asking:
        t = t[asking.end():]
    if not _AGENCY_START.match(t):
        return None
    t = re.sub(r"^Giao\s+", "", t)
    t = _LEAD_IN_PARENS.sub(" chủ trì, ", t, count=1)
    head = t[:300]
    # `Sở Y tế: Chủ trì tổ chức ...`: the bodies, a colon, the duty.
    found = re.search(r"(?<!\d):(?!\d)", head)  # not the colon of a time, `09:12`
    colon = found.start() if found else -1
    if 0 < colon and not _FIELD_BEFORE_COLON.search(head[:colon]):
        before = head[:colon].strip()
        after = t[colon + 1 :].strip()
        ll = lead_line(before + ":")
        if ll and after and _agency_like(ll[0]):
            return Assignment(ll[0], ll[1], after, after_colon=True)
    m = re.search(r"\s*,?\s*\bchủ trì\b", head)
    if m:
        lead = head[: m.start()].strip(" ,")
        rest = t[m.end():].lstrip(" ,")
        rest = re.sub(r"^và\s+", "", rest)
        if _agency_like(lead):
            coord, title = _coordinating_and_duty(rest)
            return Assignment(lead, coord, title) if title else None
    m = re.search(r"\s+phối hợp\s+(?:chặt chẽ\s+)?(?:với\s+)?", head)
    if m and _agency_like(head[: m.start()].strip(" ,")):
        coord, title = _coordinating_and_duty(t[m.start():].strip(" ,"))
        if title:
            return Assignment(head[: m.start()].strip(" ,"), coord, title)
    m = _RESPONSIBLE.search(head)
    if m and _agency_like(head[: m.start()].strip(" ,")):
        title = t[m.end():].strip()
        return Assignment(head[: m.start()].strip(" ,"), None, title) if title else None
    if opening_bodies or (asked and not plain):
        m = _VERB.search(head)
        end = m.start() if m else (_name_end(head) if asked else 0)
        if end > 0 and _agency_like(head[:end].strip(" ,")) and t[end:].strip():
            return Assignment(head[:end].strip(" ,"), None, t[end:].strip())
    return None


# Lower-case words that occur inside the names of bodies (`Kho bạc Nhà nước tỉnh`, `UBND các huyện, thị xã`).
_NAME_WORDS = {
    "và", "các", "tỉnh", "thành", "phố", "huyện", "quận", "thị", "xã", "phường", "trấn", "nhân", "dân", "nhà", "nước",
    "liên", "quan", "cấp", "ngành", "ban", "sở", "đơn", "vị", "cơ", "địa", "phương", "trực", "thuộc", "-", "&", "của",
}


def _name_end(text: str) -> int:
    """Where the names that open `text` end: at the first lower-case word that is not part of a name."""
    for m in re.finditer(r"\S+", text):
        word = m.group(0).strip(",;")
        if m.start() > 0 and word and word[0].islower() and word not in _NAME_WORDS:
            return m.start()
    return 0


def _coordinating_and_duty(rest: str) -> tuple[str | None, str]:
    """After `chủ trì`: `phối hợp với Y và Z <duty>` → (`Y và Z`, duty); `<duty>` → (None, duty)."""
    m = re.match(r"phối hợp\s+(?:chặt chẽ\s+)?(?:với\s+)?", rest)
    if not m:
        return None, rest.strip()
    rest = rest[m.end():]
    verb = _VERB.search(rest[:300])
    if verb is None:
        return None, ""  # where the bodies end is not clear: not read as a duty
    coord = rest[: verb.start()].strip(" ,") or None
    return coord, rest[verb.start():].strip()


# --- deadlines written inside a duty ------------------------------------------------------------------------------

_WHEN = (
    r"(?:(?:tháng|Tháng)\s+\d{1,2}\s*/\s*(?:19|20)\d\d|(?:quý|Quý)\s+(?:[IV]{1,3}|[1-4])(?:\s*(?:,|và)\s*(?:quý|Quý)\s+(?:[IV]{1,3}|[1-4]))*"
    r"(?:\s*/\s*(?:19|20)\d\d|\s+năm\s+(?:19|20)\d\d)|(?:năm|Năm)\s+(?:19|20)\d\d|\d{1,2}\s*/\s*(?:19|20)\d\d|"
    r"(?:6|9)\s+tháng\s+(?:đầu|cuối)\s+năm\s+(?:19|20)\d\d)"
)
_DEADLINE_FORMS = [
    # `thời hạn: Quý III/2024`, `thời gian hoàn thành: Quý I/2025`, `tiến độ: ...`
    re.compile(r"(?:[Tt]hời hạn|[Tt]hời gian(?:\s+(?:hoàn thành|thực hiện))?|[Tt]iến độ)(?:\s+hoàn thành)?\s*:\s*(?P<d>[^;.()]{2,60}?)\s*(?:[.;)]|$)"),
    # `trước ngày 15/12/2024`, `trước ngày 15 hằng tháng`, `trước ngày 15/12 hằng năm`, `trước ngày 05/6 và 05/12 hàng năm`
    re.compile(
        r"(?P<d>[Tt]rước(?:\s+ngày)?\s+\d{1,2}(?:(?:\s*/\s*\d{1,2}(?:\s*/\s*(?:19|20)\d\d)?|\s+tháng\s+\d{1,2}(?:\s+năm\s+(?:19|20)\d\d)?)"
        r"(?:\s*(?:,|và)\s*(?:ngày\s+)?\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*(?:19|20)\d\d)?)*(?:\s+(?:hằng|hàng)\s+(?:năm|tháng|quý))?"
        r"|\s+(?:hằng|hàng)\s+tháng))"
    ),
    # `hoàn thành trong tháng 6/2025`, `trình UBND tỉnh trong quý I/2020`, `(quý III/2025)`
    re.compile(r"(?:hoàn thành|hoàn thiện|xong|trình|ban hành|báo cáo|triển khai)[^.;]{0,40}?\btrong\s+(?P<d>" + _WHEN + ")"),
    re.compile(r"\((?P<d>" + _WHEN + r")\)"),
    # `... bàn giao mặt bằng tuyến đường ven biển trong tháng 10/2024.`: a time that closes the duty
    re.compile(r"\btrong\s+(?P<d>" + _WHEN + r")\s*\.?\s*$"),
    # `Nhiệm vụ thường xuyên.`, `(thường xuyên)`, `thực hiện thường xuyên.` at the end of the duty
    re.compile(r"(?P<d>(?:[Nn]hiệm vụ|[Tt]hực hiện)\s+thường xuyên|(?<=\()thường xuyên(?=\)))"),
    # `Định kỳ 6 tháng, năm báo cáo ...`, `Định kỳ hằng quý, ...` opening the duty
    re.compile(r"^(?P<d>[Đđ]ịnh kỳ\s+(?:6 tháng(?:\s*(?:,|và)\s*(?:hằng\s+|hàng\s+)?năm)?|(?:hằng|hàng)\s+(?:tháng|quý|năm)))\b"),
    # `báo cáo UBND tỉnh hằng tháng`, `định kỳ hằng quý`
    re.compile(r"(?:báo cáo|gửi|trình|tổng hợp|định kỳ)[^.;]{0,60}?(?P<d>(?:định kỳ\s+)?(?:hằng|hàng)\s+(?:tháng|quý|năm)|định kỳ\s+6\s+tháng)"),
    # `... xếp loại cơ quan, đơn vị hằng năm.`: a rhythm that closes the duty
    re.compile(r"\s(?P<d>(?:hằng|hàng)\s+(?:tháng|quý|năm))\s*\.?\s*$"),
]


def deadline_in(text: str) -> str | None:
    """The deadline a duty states in its own words (`trước ngày 30/6/2025`, `Quý III/2025`), as written, or None."""
    for form in _DEADLINE_FORMS:  # in order of how plainly a form says "deadline"
        m = form.search(text)
        if m and m.group("d").strip(" ,"):
            return m.group("d").strip(" ,")
    return None


_DEADLINE_SENTENCE = re.compile(
    r"(?:\.\s*|\s+)(?:[Nn]hiệm vụ thường xuyên|[Tt]hực hiện thường xuyên|[Tt]hời (?:hạn|gian)[^.]{0,60}|[Hh]oàn thành (?:trong|trước)[^.]{0,40})\.?$"
)


def _duty_title(text: str) -> str:
    """A duty that shares its sentence with the bodies: its words, without a closing deadline sentence and stop."""
    t = text.strip()
    stripped = _DEADLINE_SENTENCE.sub("", t).strip()
    return (stripped or t).rstrip(" .;,")


# --- tasks ----------------------------------------------------------------------------------------------------------


@dataclass
class _Group:
    lead: str | None
    coordinating: str | None
    number: int
    kind: str  # "lead" (a lead line or a heading), "task" (a numbered item that is itself a task), "loose", "dash"
    has_items: bool = False
    under_heading: bool = False  # `1. Sở Tài chính:`: its `a)`, `b)` items are its duties


def prose_tasks(
    lines: list[str], skip: set[int], resolve, leader_none=None, *, year: int | None = None, period_end: int | None = None
) -> list[ParsedTask]:
    """Tasks of the body text; `resolve(text, source)` turns an agency text into a `Resolution`.

    `year` and `period_end` place recurring deadlines (`hằng tháng`); without them they are taken from the builder
    that `resolve` belongs to, when it is one."""
    owner = getattr(resolve, "__self__", None)
    year = year if year is not None else getattr(owner, "year", None)
    period_end = period_end if period_end is not None else getattr(owner, "period_end", None)
    reader = _TaskReader(resolve, year, period_end)
    paras = paragraphs(lines, skip)
    for index, p in enumerate(paras):
        following = paras[index + 1].text if index + 1 < len(paras) else ""
        reader.read(p, following)
    return reader.out


class _TaskReader:
    def __init__(self, resolve, year, period_end) -> None:
        self.resolve, self.year, self.period_end = resolve, year, period_end
        self.out: list[ParsedTask] = []
        self.part: str | None = None
        self.heading: str | None = None
        self.heading_title: str | None = None
        self.group: _Group | None = None
        self.item_no = 0
        self.last: ParsedTask | None = None
        self.used: set[int] = set()  # group numbers used in the current section: keys stay unique
        self.labelled: ParsedTask | None = None  # a duty whose labelled lines (`- Đơn vị chủ trì: ...`) follow

    # -- state
    def _section(self) -> str | None:
        return ".".join(x for x in (self.part, self.heading) if x) or None

    def _new_section(self) -> None:
        self.group, self.last, self.item_no, self.used = None, None, 0, set()

    def _open(self, lead, coordinating, kind: str, number: int | None = None) -> _Group:
        if number is None or number in self.used:
            number = max(self.used, default=0) + 1
        self.used.add(number)
        self.group, self.item_no, self.last = _Group(lead, coordinating, number, kind), 0, None
        return self.group

    # -- reading one paragraph
    def read(self, p: Paragraph, following: str) -> None:
        text = p.text
        # A duty followed by labelled lines: `- Đơn vị chủ trì: Sở Tư pháp.`, `- Thời gian hoàn thành: Quý II/2024.`
        field = _FIELD.match(text)
        if field and self.labelled is not None:
            self._set_field(self.labelled, field.group("label"), field.group("value").strip().rstrip(".;").strip(), p)
            return
        self.labelled = None
        if _FIELD.match(following) and not _PART.match(text) and not _HEADING.match(text) and not field:
            marker = _GROUP.match(text) or _ITEM.match(text)
            body = marker.group("t").strip() if marker else text
            group = self.group if self.group is not None and self.group.kind == "labelled" else self._open(None, None, "labelled")
            group.has_items = True
            self.item_no += 1
            key_ = ".".join(x for x in (self._section(), str(group.number), str(self.item_no)) if x)
            self.labelled = self.last = self._task(key_, marker.group(0)[:2].strip() if marker else "", self._section(),
                                                   body, None, None, "", p)
            return
        m = _PART.match(text)
        if m and m.group("t").isupper():
            self.part, self.heading, self.heading_title = m.group("n"), None, None
            self._new_section()
            return
        m = _HEADING.match(text)
        if m:
            self.heading, self.heading_title = m.group("n"), m.group("t").rstrip(":").strip()
            self._new_section()
            self._numbered(m.group("t"), None, following, p, heading=True)
            return
        if _SUBHEADING.match(text) and not text.endswith(":"):
            self.last = None
            body = _SUBHEADING.match(text).group("t")
            a = assignment(body, opening_bodies=True)
            if a:
                self._emit_assignment(a, p, body, code="")
            return
        m = _GROUP.match(text)
        if m:
            number = int(m.group("p")) if m.group("p") else None
            self._numbered(m.group("t"), number, following, p, heading=False)
            return
        item = _ITEM.match(text)
        sub = _SUBITEM.match(text)
        body = (item or sub).group("t").strip() if (item or sub) else text
        if item:
            ll = lead_line(body)
            if ll and _agency_like(ll[0]):
                self._open(ll[0], ll[1], "dash")  # `- Sở Y tế:`, its duties below as `+` (or `-`) items
                return
        elif not sub:
            ll = lead_line(text)
            if ll is None and (_ITEM.match(following) or _GROUP.match(following)) and agency_heading(text):
                ll = (agency_heading(text), None)  # a (bold) line naming a body, its duties below
            if ll:
                self._open(ll[0], ll[1], "lead")
                return
        if len(re.findall(r"[^\W\d_]{2,}", text)) < 2:
            return  # `[...]`, `...`: a cut, not a task
        group = self.group
        if sub and self.last is not None and not (group is not None and group.kind == "dash"):
            self.last.title += "\n" + text  # a `+` line belongs to the item above
            return
        if group is not None and group.kind != "loose":
            if item or sub or not group.has_items:
                self._item(group, body, p, code="-" if item else ("+" if sub else ""))
                return
            self.group = None  # a paragraph after the group's items ends the group
        # Outside any group: a sentence that assigns a duty by itself. A plain paragraph that sends the reader to a
        # table or an appendix (`theo dõi các chỉ tiêu dưới đây`) introduces the table's rows, it is not a task.
        if not item and _REFERS_TO_TABLE.search(body[:400]):
            return
        # A plain paragraph needs an explicit form (`chủ trì`, `có trách nhiệm`, `X: ...`): `Chủ tịch UBND tỉnh yêu
        # cầu các sở, ngành tập trung ...` in an article is an exhortation, not an assignment.
        a = assignment(body, opening_bodies=bool(item), plain=not item)
        if a:
            self._emit_assignment(a, p, body, code="-" if item else "")

    def _numbered(self, body: str, number: int | None, following: str, p: Paragraph, *, heading: bool) -> None:
        """`1. ...`, `(1) ...`, `a) ...`: a lead line, a heading naming a body, a duty in one sentence, or neither."""
        ll = lead_line(body)
        if ll is None and _duties_follow(following) and agency_heading(body):
            ll = (agency_heading(body), None)  # `1. Sở Nội vụ` alone, its duties below
        if ll:
            if heading:
                self.heading_title = None
            self._open(ll[0], ll[1], "lead", number if not heading else 1).under_heading = heading
            return
        a = assignment(body, opening_bodies=True)
        if a:
            if heading:
                self.heading_title = None
            self._open(a.lead, a.coordinating, "task", number if not heading else 1)
            self._item(self.group, a.title, p, code="", whole=body, sentence=not a.after_colon)
            return
        group = self.group
        if not heading and number is None and group is not None and group.kind == "lead" and group.under_heading:
            # `1. Sở Tài chính:` then `a) ...`, `b) ...`: the lettered items are the body's duties.
            self._item(group, body, p, code=p.text[:2])
            return
        if not heading:
            self.group = None  # a `(2) ...` that assigns nothing ends the group

    def _item(self, group: _Group, title: str, p: Paragraph, *, code: str, whole: str | None = None, sentence: bool = False) -> None:
        lead, coordinating = group.lead, group.coordinating
        if not sentence:
            # Inside an item: `Sở X chủ trì, phối hợp với Y ...` names its own bodies; `Chủ trì, phối hợp với Y ...`
            # adds Y under the group's lead. A bare `Phối hợp với Y ...` is left alone: it says whom the lead helps.
            own = assignment(title) if re.search(r"\bchủ trì\b", title[:300]) else None
            if own is not None:
                lead, coordinating = own.lead, own.coordinating or coordinating
            elif coordinating is None:
                m = re.match(r"[Cc]hủ trì\s*,?\s*(?:và\s+)?(?=phối hợp)", title)
                if m:
                    coordinating = _coordinating_and_duty(title[m.end():])[0]
        group.has_items = True
        self.item_no += 1
        section = self._section()
        key_ = ".".join(x for x in (section, str(group.number), str(self.item_no)) if x)
        shown = _duty_title(title) if sentence else title.strip()
        self.last = self._task(key_, code, section, shown, lead, coordinating, whole or title, p)

    def _emit_assignment(self, a: Assignment, p: Paragraph, whole: str, *, code: str) -> None:
        group = self.group if self.group is not None and self.group.kind == "loose" else self._open(None, None, "loose")
        group.has_items = True
        self.item_no += 1
        section = self._section()
        key_ = ".".join(x for x in (section, str(group.number), str(self.item_no)) if x)
        title = a.title.strip() if a.after_colon else _duty_title(a.title)
        self.last = self._task(key_, code, section, title, a.lead, a.coordinating, whole, p)
        self.group = group

    def _set_field(self, task: ParsedTask, label: str, value: str, p: Paragraph) -> None:
        src = Source(line=p.line)
        label = label.lower()
        if "chủ trì" in label:
            task.lead = self.resolve(value, src)
        elif "phối hợp" in label:
            task.coordinating = self.resolve(value, src)
        elif "sản phẩm" in label:
            task.product = value
        else:
            task.deadline = parse_deadline(value, year=self.year, period_end=self.period_end)

    def _task(self, key_, code, section, title, lead, coordinating, whole, p: Paragraph) -> ParsedTask:
        src = Source(line=p.line)
        phrase = deadline_in(whole)
        task = ParsedTask(
            key=key_,
            code=code,
            section=section,
            section_title=self.heading_title if self.heading else None,
            title=title,
            lead=self.resolve(lead, src) if lead else Resolution(None),
            coordinating=self.resolve(coordinating, src) if coordinating else Resolution(None),
            leader=None,
            product=None,
            deadline=parse_deadline(phrase, year=self.year, period_end=self.period_end) if phrase else None,
            note=None,
            references=[],
            split_from=None,
            status="not_started",
            source=src,
        )
        self.out.append(task)
        return task
