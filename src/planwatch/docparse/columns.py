"""Column headers → what the column means (the vocabulary of table headers).

Headers are matched on their folded key (no case, no diacritics, no punctuation) in their usual wordings:

| role | wordings |
| --- | --- |
| `tt` | TT, STT, Số TT, Số thứ tự |
| `name` | Tên chỉ tiêu, Chỉ tiêu, Nội dung, Nhiệm vụ, Tên nhiệm vụ, Tên đề án, Công việc, Nhiệm vụ, giải pháp |
| `unit` | Đơn vị tính, ĐVT, Đơn vị |
| `target` | Chỉ tiêu đến năm 2025, Mục tiêu 2030, KH 2021-2025 (a plan over a span), Chỉ tiêu năm 2025 |
| `value` | TH 2021, ƯTH 2024, KH 2024 (one year), NV 2025 để hoàn thành KH, 2016-2020, 2021-2023, Năm 2023 |
| `lead` | Đơn vị chủ trì, Cơ quan chủ trì, Cơ quan, đơn vị chủ trì tham mưu, Đơn vị thực hiện |
| `coord` | Đơn vị phối hợp, Cơ quan phối hợp |
| `leader` | Lãnh đạo UBND TP chỉ đạo, Lãnh đạo UBND Thành phố phụ trách, Lãnh đạo phụ trách |
| `product` | Sản phẩm, Hình thức văn bản |
| `deadline` | Thời hạn, Thời hạn hoàn thành, Thời gian hoàn thành, Tiến độ; kind `framework_plan` for Thời hạn hoàn thành kế hoạch khung |
| `note` | Ghi chú |
| `progress` | Kết quả hiện nay, Tình hình thực hiện, Kết quả thực hiện (without a year) |
| `assessment` | Đánh giá, Kết quả đánh giá, Mức độ hoàn thành |
| `extra` | known columns the plan format has no field for: Cấp trình, So sánh, So với cùng kỳ, Lĩnh vực, Kinh phí |

A value column's kind: `KH` → plan, `ƯTH`/`Ước` → estimate, `TH`/`Thực hiện`/a bare year or span → actual,
`NV` → required. A `KH` over a span of years is the plan's target for that span (docs/format.md).
"""

from __future__ import annotations

import functools
import re

from planwatch.textnorm import key

from .model import Column

_YEAR = r"(?:19|20)\d\d"
_SPAN = re.compile(rf"({_YEAR})\s*[-–—]?\s*({_YEAR})")  # keys have lost the dash
_ONE_YEAR = re.compile(rf"(?<!\d)({_YEAR})(?!\d)")
_QUARTER = re.compile(rf"\bquy\s+(i{{1,3}}|iv|[1-4])\s*(?:nam\s+)?({_YEAR})")
_HALF = re.compile(rf"\b6 thang(?: dau nam)?\s+(?:nam\s+)?({_YEAR})")
_NINE = re.compile(rf"\b9 thang(?: dau nam)?\s+(?:nam\s+)?({_YEAR})")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}

TT_KEYS = {"tt", "stt", "so tt", "so thu tu", "thu tu", "tt chi tieu", "ma so"}


def period_of(k: str) -> str | None:
    """The period a header names, as a period code (`2021`, `2021-2025`, `2024-Q2`, `2024-H1`, `2024-9M`)."""
    m = _QUARTER.search(k)
    if m:
        q = _ROMAN.get(m.group(1)) or int(m.group(1))
        return f"{m.group(2)}-Q{q}"
    m = _HALF.search(k)
    if m:
        return f"{m.group(1)}-H1"
    m = _NINE.search(k)
    if m:
        return f"{m.group(1)}-9M"
    m = _SPAN.search(k)
    if m and m.group(1) < m.group(2):
        return f"{m.group(1)}-{m.group(2)}"
    m = _ONE_YEAR.search(k)
    if m:
        return m.group(1)
    return None


def _has(k: str, *words: str) -> bool:
    return any(re.search(rf"(?:^|\s){re.escape(w)}(?:\s|$)", k) for w in words)


def classify(header: str) -> Column:
    """What one header means (a fresh Column: callers may keep it in their table)."""
    found = _classify(" ".join((header or "").split()))
    return Column(found.role, found.header, found.period, found.kind)


# The syllables of the header vocabulary, folded. A copy that lost the space at each line break of a wrapped
# header cell writes `Cơ quanchủ trì`, `Thời gianhoàn thành`: a word that is two of these glued is split again.
_HEADER_SYLLABLES = frozenset(
    "stt tt so thu tu ten chi tieu noi dung nhiem vu de an du cong viec giai phap chuong trinh hang muc hoat dong "
    "don vi tinh do dvt co quan chu tri thuc hien phoi hop lanh dao phu trach ghi chu san pham hinh thuc van ban "
    "thoi gian han hoan thanh tien ket qua yeu cau danh gia muc dat duoc nam ke hoach uoc th kh giao nghi quyet "
    "tham muu trien khai hien nay tinh trang linh nganh kinh phi nguon von so sanh voi ty le du kien diem".split()
)


def _deglued(k: str) -> str:
    words = []
    for word in k.split():
        if word not in _HEADER_SYLLABLES and len(word) >= 5:
            for cut in range(2, len(word) - 1):
                if word[:cut] in _HEADER_SYLLABLES and word[cut:] in _HEADER_SYLLABLES:
                    word = f"{word[:cut]} {word[cut:]}"
                    break
        words.append(word)
    return " ".join(words)


@functools.lru_cache(maxsize=4096)
def _classify(text: str) -> Column:
    # Every cut of a document asks about the same lines again: the vocabulary is asked once per text.
    k = _deglued(key(text))
    if not k:
        return Column("other", text)
    if k in TT_KEYS:
        return Column("tt", text)
    if "chu tri" in k or _has(
        k, "don vi thuc hien", "co quan thuc hien", "don vi phu trach", "co quan phu trach", "co quan tham muu",
        "don vi tham muu", "dau moi", "chiu trach nhiem", "co quan trinh", "phan cong thuc hien", "don vi de xuat",
    ):
        if "phoi hop" not in k:
            return Column("lead", text)
    if re.match(r"^(?:co quan|don vi|bo nganh|so nganh)\b", k) and not re.match(r"^don vi (?:tinh|do)\b", k) and (
        "phoi hop" not in k and k not in ("don vi", "co quan")
    ):
        return Column("lead", text)  # `Cơ quan theo dõi`, `Đơn vị đầu mối`: who answers for the row
    if "phoi hop" in k:
        return Column("coord", text)
    if "lanh dao" in k or k.startswith("dong chi phu trach"):
        return Column("leader", text)
    if "ghi chu" in k:
        return Column("note", text)
    if "danh gia" in k or k.startswith("muc do hoan thanh") or k.startswith("muc do dat"):
        return Column("assessment", text)
    if k == "ket qua" or (("san pham" in k and "tong san pham" not in k and len(k.split()) <= 6) or k.startswith(("hinh thuc van ban", "ket qua yeu cau", "ket qua dau ra", "hinh thuc"))):
        return Column("product", text)
    if "ke hoach khung" in k and re.search(r"\b(?:thoi han|thoi gian|han|tien do)\b", k):
        # `Thời hạn hoàn thành kế hoạch khung`: when the framework plan is due, not the task itself.
        return Column("deadline", text, None, "framework_plan")
    if k.startswith(("du kien thoi gian", "du kien hoan thanh", "thoi gian du kien", "du kien tien do")):
        return Column("deadline", text)
    if k.startswith(("yeu cau dat duoc", "yeu cau", "muc tieu dat duoc", "ket qua du kien", "dau ra")):
        return Column("product", text)
    if k.startswith(("thoi han", "thoi gian hoan thanh", "thoi gian thuc hien", "thoi diem hoan thanh", "tien do",
                     "han hoan thanh", "moc thoi gian", "thoi gian trinh", "thoi diem")) or k in ("thoi gian", "han"):
        return Column("deadline", text)
    if k in ("dvt", "don vi", "don vi tinh", "don vi do", "dv tinh", "dv") or k.startswith(("don vi tinh", "dv tinh")):
        return Column("unit", text)
    # What has been done so far on a task (`Kết quả hiện nay`, `Tình hình thực hiện`); over year columns the
    # same words head values, and a two-row header makes them `Kết quả thực hiện 2023`.
    if k in ("ket qua thuc hien", "tinh hinh thuc hien", "ket qua hien nay", "tinh hinh trien khai",
             "ket qua trien khai", "tien do hien nay", "ket qua dat duoc"):
        return Column("progress", text)

    # Columns the plan format has no field for, known so that they count as header words: who a draft goes to,
    # comparisons, the field a row belongs to.
    # English headers, as planning templates (WBS sheets) write them beside Vietnamese text.
    if k in ("wbs number", "wbs", "no", "stt no") or k.startswith("wbs "):
        return Column("tt", text)
    if k.startswith(("task owner", "owner", "responsible", "lead agency")):
        return Column("lead", text)
    if k.startswith(("pct of task complete", "complete", "status", "progress")) or k.endswith("complete"):
        return Column("progress", text)
    if k.startswith(("ngay ket thuc", "han chot", "due date", "deadline", "end date", "thoi gian ket thuc", "ket thuc",
                     "lo trinh", "moc hoan thanh", "moc tien do")):
        return Column("deadline", text)  # with a start column beside it, the end is the deadline
    if k.startswith(("thoi gian bat dau", "bat dau", "ngay bat dau", "nguon kinh phi", "cap ban hanh", "cung ky")):
        return Column("extra", text)
    if k.startswith(("tinh hinh thuc hien", "tinh hinh trien khai", "ket qua trien khai")):
        return Column("progress", text)  # `Tình hình thực hiện (đến ngày 15/6)`
    if k.startswith(("trach nhiem thuc hien", "trach nhiem chu tri")):
        return Column("lead", text)
    if k.startswith(("van ban ban hanh", "loai van ban")):
        return Column("product", text)
    if k.startswith(("trang thai", "tinh trang")):
        return Column("progress", text)
    if k.startswith(("mo ta", "task title", "task name", "title")):
        return Column("name", text)
    if k.startswith(("nganh", "linh vuc")):
        # The field a row belongs to: the name when the table has no other (a sum by sector), else kept out.
        return Column("name", text)
    if k.startswith(("phuong thuc", "hinh thuc trien khai", "phan ky", "giai phap", "can cu")) and len(k.split()) <= 4:
        return Column("extra", text)
    if k.startswith(("cap trinh", "so sanh", "so voi", "ma ", "ngay bat dau", "phu thuoc", "start date", "duration", "ty le so voi", "luy ke", "linh vuc", "nhom chi tieu", "nhom",
                     "thu tu uu tien", "muc do uu tien", "kinh phi", "nguon von", "du kien kinh phi")) or (
        k.startswith("ty le") and ("so voi" in k or " kh" in k)
    ):
        return Column("extra", text)
    if "%" in text and re.search(r"[^\W\d_]\s*/\s*[^\W\d_]", text) and not k.startswith(("don vi", "dvt")):
        return Column("extra", text)  # `Ước TH/KH (%)`, `2024/2023 (%)`: a comparison, not a value
    period = period_of(k)
    if period:
        return _value_column(text, k, period)
    if k in ("muc tieu", "chi tieu ke hoach", "chi tieu giao", "ke hoach giao", "ke hoach") or k.startswith(
        ("muc tieu nghi quyet", "muc tieu nq", "muc tieu dai hoi", "muc tieu ke hoach")
    ) or re.match(
        r"^chi tieu (?:nghi quyet|ke hoach|giao|dai hoi|nhiem ky|theo|nq|de ra|phan dau)\b", k
    ) or re.match(r"^(?:nghi quyet|nq)\b", k):
        return Column("target", text, period=None)
    if re.match(
        r"^(?:cac |ten |noi dung |danh muc |nhom )?(?:chi tieu|noi dung|nhiem vu|de an|du an|cong viec|giai phap|chuong trinh|"
        r"hang muc|hoat dong|cong trinh|chi so|kpi)", k
    ) or k.startswith(("ten ", "noi dung")):
        return Column("name", text)
    return Column("other", text)


# A header that names a kind of value but no period (`Kế hoạch`, `Ước thực hiện`, `So sánh (%)`): under a
# period that spans them (`Năm 2024`), it says which value of that period the column holds.
_KIND_WORD = re.compile(
    r"^(?:ke hoach|kh|thuc hien|th|uoc thuc hien|uoc th|uoc tinh|uth|u th|uoc|uoc ca nam|du kien|du kien ca nam|"
    r"so sanh|so voi|ty le|cung ky|nv|can dat|muc tieu|chi tieu)\b"
)


def kind_word(text: str) -> bool:
    """`Kế hoạch`, `Ước TH`, `So sánh (%)`: a sub-header naming what a period's column holds, with no period of its own."""
    k = _deglued(key(text))
    return bool(k) and len(k.split()) <= 6 and bool(_KIND_WORD.match(k)) and period_of(k) is None


def _value_column(text: str, k: str, period: str) -> Column:
    # What must still be reached (`NV 2025 để hoàn thành KH`): checked before KH, which it mentions.
    if re.match(r"^(?:nv|nhiem vu|can dat|phai dat)\b", k):
        return Column("value", text, period, "required")
    if re.match(r"^(?:du kien kh|du kien ke hoach|kich ban)\b", k):
        return Column("value", text, period, "plan")  # `Dự kiến KH 2026`, `Kịch bản tăng trưởng 2025`
    # A forecast (`Dự báo khả năng thực hiện đến năm 2025`, `Dự kiến năm 2025`) or a qualifier after the period
    # (`Thực hiện 2024 (ước)`, `Năm 2025 (dự kiến)`) is an estimate.
    if re.match(r"^(?:du bao|kha nang|du kien)\b", k) or re.search(r"\b(?:uoc|uoc th|uoc tinh|uth|du kien)$", k):
        return Column("value", text, period, "estimate")
    if re.match(r"^(?:uoc|uth|u th|uoc th|uoc thuc hien|uoc tinh)\b", k):
        return Column("value", text, period, "estimate")
    if re.match(r"^(?:muc tieu|chi tieu|dinh huong|tam nhin|moc|den nam|phan dau)\b", k):
        return Column("target", text, period)
    if re.match(r"^(?:kh|ke hoach)\b", k):
        if "-" in period and not period[5:].startswith(("Q", "H", "9")):
            return Column("target", text, period)  # `KH 2021-2025`: the plan for the whole span
        return Column("value", text, period, "plan")
    if re.match(r"^(?:th|thuc hien|ket qua|da dat|dat duoc|so lieu|binh quan|trung binh|nam|giai doan|[69] thang)\b", k) or re.match(
        rf"^{_YEAR}", k
    ):
        if re.search(r"\b(?:so sanh|ty le so voi|so voi)\b", k):
            return Column("extra", text)  # `Kết quả năm 2024 so với KH (%)`: a comparison, not a value
        return Column("value", text, period, "actual")
    return Column("other", text)


_DATA_CELL = re.compile(
    r"(?:19|20)\d\d-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/(?:19|20)\d\d|[<>≤≥~]?\s*\d+[.,]\d+(?:\s*%)?|\d+\s*%"
)


def map_header(cells: list[str]) -> list[Column] | None:
    """The columns of a header row, or `None` when the row is not a header the parser understands."""
    filled = [c.strip() for c in cells if c and c.strip()]
    # A header is short words naming columns: no number of a row (`1`, `2.`), no long text, mostly known words.
    if any(re.fullmatch(r"\d{1,3}\.?|[IVX]{1,4}\.?|[A-D]\.?", c) for c in filled) or any(len(c) > 100 for c in filled):
        return None
    if any(_DATA_CELL.fullmatch(c) for c in filled):
        return None  # a date or a figure: a row of data, not a header
    columns = [classify(c) for c in cells]
    roles = [c.role for c in columns]
    recognised = sum(1 for c in columns if c.role != "other" and c.header.strip())
    if recognised * 2 < len(filled):  # at least half: a header may name columns in words we do not know
        return None
    if "name" not in roles:
        # A table whose name column is headed only `TT` + `Nội dung`... is caught above; a header with a
        # number column but no name is not a table of indicators or tasks.
        return None
    known = [r for r in roles if r not in ("other",)]
    data_roles = {"target", "value", "lead", "leader", "deadline", "product", "coord", "assessment", "unit", "progress"}
    if len(known) >= 3 and set(roles) & data_roles:
        return columns
    return None
