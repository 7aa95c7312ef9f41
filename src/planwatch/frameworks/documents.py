"""A framework plan as the Word document an agency sends: the steps table, then the bar chart as shaded cells.

Word has no native Gantt: a table with one narrow column per week (per month for long plans), shaded where a
step runs, prints everywhere and stays editable.
"""

from __future__ import annotations

import io
from datetime import date, timedelta

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from planwatch.frameworks.selectors import plan_page

STEP_HEADERS = ["TT", "Bước thực hiện", "Bắt đầu", "Kết thúc", "Chủ trì", "Phối hợp", "Sản phẩm", "Kinh phí (đồng)",
                "Nhân lực", "Sau bước", "Tiến độ"]


def _shade(cell, colour: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    properties.append(shading)


def _money(value) -> str:
    return "" if value is None else f"{int(value):,}".replace(",", ".")


def _columns(first: date, last: date) -> list[tuple[date, date, str]]:
    """Weeks for plans up to half a year, months beyond: a landscape page holds about 26 columns."""
    columns = []
    if (last - first).days <= 182:
        day = first - timedelta(days=first.weekday())
        while day <= last:
            columns.append((day, day + timedelta(days=6), f"{day:%d/%m}"))
            day += timedelta(days=7)
    else:
        day = first.replace(day=1)
        while day <= last:
            following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
            columns.append((day, following - timedelta(days=1), f"{day:%m/%y}"))
            day = following
    return columns


def write_plan(plan, *, today: date) -> bytes:
    page = plan_page(plan, today=today)
    task = plan.task
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(11)

    document.add_heading("KẾ HOẠCH KHUNG", level=1)
    document.add_paragraph(f"Nhiệm vụ: {task.title}")
    document.add_paragraph(f"Cơ quan chủ trì: {task.lead_text}")
    status = f"Trạng thái: {plan.get_status_display()}, phiên bản {plan.version}"
    if plan.due:
        status += f"; hạn gửi {plan.due:%d/%m/%Y}"
    document.add_paragraph(status)

    document.add_heading("Các bước thực hiện", level=2)
    table = document.add_table(rows=1, cols=len(STEP_HEADERS))
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, STEP_HEADERS):
        cell.text = title
        cell.paragraphs[0].runs[0].bold = True
    for view in page["steps"]:
        step, timing = view.step, view.timing
        values = [
            str(view.number), step.title, f"{timing.early_start:%d/%m/%Y}", f"{timing.early_end:%d/%m/%Y}",
            step.lead.name if step.lead else "", "; ".join(a.name for a in step.coordinating.all()), step.product,
            _money(step.budget), "" if step.people is None else str(step.people), view.after, f"{step.progress}%",
        ]
        for cell, value in zip(table.add_row().cells, values):
            cell.text = value

    schedule = page["schedule"]
    if schedule is not None:
        document.add_heading("Biểu đồ tiến độ", level=2)
        columns = _columns(schedule.start, schedule.end)
        chart = document.add_table(rows=1, cols=len(columns) + 1)
        chart.style = "Table Grid"
        chart.rows[0].cells[0].text = "Bước"
        for cell, (_start, _end, label) in zip(chart.rows[0].cells[1:], columns):
            cell.text = label
            cell.paragraphs[0].runs[0].font.size = Pt(7)
        for view in page["steps"]:
            row = chart.add_row().cells
            row[0].text = f"{view.number}. {view.step.title[:60]}"
            timing = view.timing
            for cell, (start, end, _label) in zip(row[1:], columns):
                if timing.early_start <= end and timing.early_end >= start:
                    _shade(cell, "C0392B" if timing.critical else "4A7FB5")
        document.add_paragraph("Ô tô đỏ: các bước trên đường găng (chậm bước nào là chậm cả kế hoạch).")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
