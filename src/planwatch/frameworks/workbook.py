"""A framework plan as the XLSX an agency sends: the steps table with a week-by-week bar chart beside it.

The same sheet reads back: an agency may fill the template offline and upload it. Dependencies are written in
the predecessor notation of planning tools: `2` (after step 2 finishes), `2SS+3` (starts three days after step 2
starts), `1FF`, `3FS-2`; several separated by `;` or `,`.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from planwatch.engine import schedule as engine
from planwatch.frameworks.models import FrameworkPlan, Step, StepLink
from planwatch.spreadsheets import set_text
from planwatch.frameworks.selectors import plan_schedule

HEADERS = [
    "TT", "Bước thực hiện", "Bắt đầu", "Kết thúc", "Số ngày", "Mốc", "Đơn vị chủ trì", "Đơn vị phối hợp",
    "Sản phẩm", "Kinh phí (đồng)", "Nhân lực (người)", "Sau bước", "Tiến độ (%)",
]
HEADER_ROW = 6
_PREDECESSOR = re.compile(r"^\s*(\d+)\s*(FS|SS|FF)?\s*(?:([+-])\s*(\d+)\s*(?:ngày|d)?)?\s*$", re.I)
_BAR = PatternFill("solid", fgColor="4A7FB5")
_CRITICAL = PatternFill("solid", fgColor="C0392B")
_HEAD = PatternFill("solid", fgColor="DDE6F0")
_THIN = Side(style="thin", color="999999")


def predecessors_text(links: list[StepLink], numbers: dict[int, int]) -> str:
    parts = []
    for link in links:
        part = str(numbers[link.before_id])
        if link.kind != engine.FINISH_TO_START or link.lag:
            part += link.kind
        if link.lag:
            part += f"{link.lag:+d}"
        parts.append(part)
    return "; ".join(parts)


def write_plan(plan: FrameworkPlan) -> bytes:
    steps = list(Step.objects.filter(plan=plan).select_related("lead").prefetch_related("coordinating"))
    numbers = {step.pk: index for index, step in enumerate(steps, start=1)}
    links_in: dict[int, list[StepLink]] = {}
    for link in StepLink.objects.filter(before__plan=plan).order_by("after", "before"):
        links_in.setdefault(link.after_id, []).append(link)
    timing = plan_schedule(plan)

    book = Workbook()
    sheet = book.active
    sheet.title = "Kế hoạch khung"
    task = plan.task
    sheet["A1"] = "KẾ HOẠCH KHUNG"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = f"Nhiệm vụ: {task.title}"
    sheet["A3"] = f"Cơ quan chủ trì: {task.lead_text}"
    sheet["A4"] = f"Trạng thái: {plan.get_status_display()} · phiên bản {plan.version}" + (
        f" · hạn gửi {plan.due:%d/%m/%Y}" if plan.due else ""
    )
    for column, title in enumerate(HEADERS, start=1):
        cell = sheet.cell(HEADER_ROW, column, title)
        cell.font, cell.fill, cell.border = Font(bold=True), _HEAD, Border(_THIN, _THIN, _THIN, _THIN)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    weeks = _weeks(timing) if timing else []
    for offset, monday in enumerate(weeks):
        cell = sheet.cell(HEADER_ROW, len(HEADERS) + 1 + offset, monday.strftime("%d/%m"))
        cell.font, cell.fill = Font(bold=True, size=8), _HEAD
        cell.alignment = Alignment(text_rotation=90)
        sheet.column_dimensions[get_column_letter(len(HEADERS) + 1 + offset)].width = 3

    for row, step in enumerate(steps, start=HEADER_ROW + 1):
        values = [
            numbers[step.pk], step.title, step.start, step.end, step.duration, "x" if step.milestone else "",
            step.lead.name if step.lead else "", "; ".join(agency.name for agency in step.coordinating.all()),
            step.product, step.budget, step.people, predecessors_text(links_in.get(step.pk, []), numbers), step.progress,
        ]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row, column)
            if isinstance(value, str):
                set_text(cell, value)  # a step named `=HYPERLINK(...)` stays text
            else:
                cell.value = value
            cell.border = Border(_THIN, _THIN, _THIN, _THIN)
            if isinstance(value, date):
                cell.number_format = "dd/mm/yyyy"
            elif column == 10 and value is not None:
                cell.number_format = "#,##0"
        if timing:
            placed = timing[str(step.pk)]
            for offset, monday in enumerate(weeks):
                if placed.early_start <= monday + timedelta(days=6) and placed.early_end >= monday:
                    sheet.cell(row, len(HEADERS) + 1 + offset).fill = _CRITICAL if placed.critical else _BAR
    for column, width in zip("ABCDEFGHIJKLM", (5, 45, 12, 12, 8, 6, 28, 28, 24, 16, 10, 12, 10)):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = sheet.cell(HEADER_ROW + 1, 3)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _weeks(timing: engine.Schedule) -> list[date]:
    monday = timing.start - timedelta(days=timing.start.weekday())
    weeks = []
    while monday <= timing.end and len(weeks) < 260:  # five years of weeks at most: a sheet stays printable
        weeks.append(monday)
        monday += timedelta(days=7)
    return weeks


@dataclass
class StepRow:
    number: int
    title: str
    start: date | None
    end: date | None
    duration: int | None
    milestone: bool
    lead: str
    coordinating: list[str]
    product: str
    budget: Decimal | None
    people: int | None
    predecessors: list[tuple[int, str, int]]  # (step number, kind, lag)
    progress: int


@dataclass
class ReadPlan:
    rows: list[StepRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _date(value, where: str, errors: list[str]) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    match = re.fullmatch(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*", str(value))
    if match:
        try:
            return date(int(match[3]), int(match[2]), int(match[1]))
        except ValueError:
            pass
    errors.append(f"{where}: “{value}” không phải ngày (cần dd/mm/yyyy).")
    return None


def _whole(value, where: str, errors: list[str], *, low: int = 0, high: int | None = None) -> int | None:
    if value in (None, ""):
        return None
    text = str(value).strip().replace(".", "").replace(",", "") if not isinstance(value, (int, float)) else value
    try:
        number = int(text) if not isinstance(text, float) or text.is_integer() else None
    except ValueError:
        number = None
    if number is None or number < low or (high is not None and number > high):
        bound = f" từ {low} đến {high}" if high is not None else f" từ {low} trở lên"
        errors.append(f"{where}: “{value}” không phải số nguyên{bound}.")
        return None
    return number


def _predecessors(value, where: str, errors: list[str]) -> list[tuple[int, str, int]]:
    found = []
    for part in re.split(r"[;,]", str(value or "")):
        if not part.strip():
            continue
        match = _PREDECESSOR.match(part)
        if not match:
            errors.append(f"{where}: không hiểu “{part.strip()}” (viết như 2, 2SS+3, 1FF, 3FS-2).")
            continue
        lag = int(match[4] or 0) * (-1 if match[3] == "-" else 1)
        found.append((int(match[1]), (match[2] or "FS").upper(), lag))
    return found


def _cell(column: int, row: int) -> str:
    return f"Ô {get_column_letter(column)}{row}"


def read_plan(content: bytes) -> ReadPlan:
    """The steps of a sheet written by `write_plan` (or filled from its template), with every error found.

    Each error names its cell (`Ô C7`), as a person finds it in Excel. Formulas are refused: a sheet saved by a
    program other than Excel keeps no computed value for them, and a plan's dates must be what the agency typed.
    """
    result = ReadPlan()
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        result.errors.append("Tệp không phải bảng tính Excel (.xlsx) đọc được.")
        return result
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header_at = None
    for index, row in enumerate(rows, start=1):
        cells = [str(cell).strip() if cell is not None else "" for cell in row[: len(HEADERS)]]
        cells += [""] * (len(HEADERS) - len(cells))
        if cells[:2] == HEADERS[:2]:
            header_at = index
            missing = [title for title in HEADERS if title not in cells]
            if missing:
                result.errors.append(f"Dòng {index}: thiếu cột {', '.join(missing)}; cần đủ các cột: {', '.join(HEADERS)}.")
                return result
            if cells != HEADERS:
                wrong = next(i for i, (got, want) in enumerate(zip(cells, HEADERS)) if got != want)
                result.errors.append(f"{_cell(wrong + 1, index)}: cần cột “{HEADERS[wrong]}”, thấy “{cells[wrong]}”; "
                                     f"giữ đúng thứ tự cột của mẫu.")
                return result
            break
    if header_at is None:
        result.errors.append("Không thấy dòng tiêu đề “TT | Bước thực hiện | …” của mẫu kế hoạch khung.")
        return result
    for index, row in enumerate(rows, start=header_at + 1):
        cells = list(row[: len(HEADERS)]) + [None] * (len(HEADERS) - len(row[: len(HEADERS)]))
        if all(cell in (None, "") for cell in cells):
            continue
        errors = result.errors
        formulas = [column for column, cell in enumerate(cells, start=1) if isinstance(cell, str) and cell.startswith("=")]
        for column in formulas:
            errors.append(f"{_cell(column, index)}: là công thức ({cells[column - 1]}); hãy nhập giá trị.")
            cells[column - 1] = None
        at = lambda column: _cell(column, index)  # noqa: E731
        number = _whole(cells[0], at(1), errors, low=1)
        title = " ".join(str(cells[1] or "").split())
        if not title:
            errors.append(f"{at(2)}: thiếu tên bước.")
        budget = None
        if cells[9] not in (None, ""):
            try:
                budget = Decimal(str(cells[9]).replace(".", "").replace(" ", "")) if not isinstance(
                    cells[9], (int, float)) else Decimal(str(cells[9]))
            except InvalidOperation:
                errors.append(f"{at(10)}: kinh phí “{cells[9]}” không phải số.")
        result.rows.append(StepRow(
            number=number or 0,
            title=title,
            start=_date(cells[2], at(3), errors),
            end=_date(cells[3], at(4), errors),
            duration=_whole(cells[4], at(5), errors, low=1),
            milestone=str(cells[5] or "").strip().lower() in ("x", "có", "1", "true"),
            lead=" ".join(str(cells[6] or "").split()),
            coordinating=[name.strip() for name in re.split(r"[;\n]", str(cells[7] or "")) if name.strip()],
            product=" ".join(str(cells[8] or "").split()),
            budget=budget,
            people=_whole(cells[10], at(11), errors),
            predecessors=_predecessors(cells[11], at(12), errors),
            progress=_whole(cells[12], at(13), errors, high=100) or 0,
        ))
    numbers = [row.number for row in result.rows]
    for duplicate in sorted({n for n in numbers if numbers.count(n) > 1 and n}):
        result.errors.append(f"Số thứ tự {duplicate} dùng cho nhiều bước.")
    for row in result.rows:
        for before, _kind, _lag in row.predecessors:
            if before not in numbers:
                result.errors.append(f"Bước {row.number}: “Sau bước” nhắc tới bước {before}, không có trong bảng.")
    return result
