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
from .deadlines import parse_deadline
from .model import CandidateIndicator, ParsedTask, Resolution, Source
from .numbers import parse_quantity

_PART = re.compile(r"^(?P<n>[IVX]{1,5})\.\s+(?P<t>.+)$")
_HEADING = re.compile(r"^(?P<n>\d{1,2})\.\s+(?P<t>.+)$")
_SUBHEADING = re.compile(r"^(?P<n>\d{1,2}\.\d{1,2})\.?\s+(?P<t>.+)$")
_GROUP = re.compile(r"^(?:\((?P<p>\d{1,2})\)|(?P<l>[a-zđ])\))\s+(?P<t>.+)$")
_ITEM = re.compile(r"^[-–•]\s+(?P<t>.+)$")
_SUBITEM = re.compile(r"^[+*]\s+(?P<t>.+)$")
_STARTS = re.compile(r"^(?:[-–•+*]\s|\(\d{1,2}\)\s|[a-zđ]\)\s|\d{1,2}(?:\.\d{1,2})*\.\s|[IVX]{1,5}\.\s|Nơi nhận)")
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
        if current and (_STARTS.match(line) or (len(current) == 1 and _heading_alone(current[0], line))):
            out.append(Paragraph(one_line(" ".join(current)), start + 1))
            current = []
        if not current:
            start = i
        current.append(line)
    if current:
        out.append(Paragraph(one_line(" ".join(current)), start + 1))
    return out


def _duties_follow(following: str) -> bool:
    """What follows a numbered line that only names a body (`3. Sở Nội vụ`) holds its duties: dashed or lettered
    items, or a sentence that is not itself a numbered heading or a part."""
    if _ITEM.match(following) or _GROUP.match(following):
        return True
    return bool(following) and not _STARTS.match(following) and following[:1].isupper() and len(following) > 30


def _heading_alone(first: str, line: str) -> bool:
    """`3. Nhóm nhiệm vụ bảo đảm hạ tầng` then `Nâng cấp hạ tầng mạng ...` on the next line, without a blank line:
    a short numbered heading and a sentence that starts with a capital are two paragraphs."""
    return (
        len(first) <= 120 and bool(_HEADING.match(first) or _PART.match(first)) and not first.endswith((".", ",", ";"))
        and line[:1].isupper()
    )


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


# --- candidate indicators -------------------------------------------------------------------------------

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
