"""A cell that begins with `=`, `+`, `-` or `@` is data, never a formula: in XLSX and in CSV."""

import pytest

from planwatch.registry.services import plan_save
from planwatch.reports.selectors import document_report
from planwatch.reports.writers import render
from tests.reports.helpers import TASK_SHEET, csv_rows, row_with, sheet_xml, workbook

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://x","y")'


def plan_with_hostile_task(actor):
    return plan_save(actor=actor, data={
        "document": {
            "id": "98-kh-ubnd", "number": "98/KH-UBND", "kind": "plan", "issuer": "UBND Thành phố Hà Nội",
            "date": "2025-03-10", "title": "Kế hoạch thử ô công thức", "period": "2025-2026",
        },
        "indicators": [],
        "tasks": [{
            "key": "1", "code": "1", "title": FORMULA, "lead_text": "+Sở Tư pháp", "coordinating_text": "@SUM(A1:A9)",
            "product": "-2+3", "note": "=1+1", "lead_agencies": ["Sở Tư pháp"],
            "deadline": {"text": "Quý III/2025", "kind": "date", "due_dates": ["2025-09-30"]},
        }],
    }).document


def test_a_formula_title_is_a_text_cell_in_xlsx(reviewer):
    document = plan_with_hostile_task(reviewer)
    content = render(document_report(user=reviewer, document=document, period="2025", appendix="tasks"),
                     "xlsx").content
    ws = workbook(content)[TASK_SHEET]
    row = row_with(ws, 2, FORMULA)
    for column, text in [(2, FORMULA), (3, "+Sở Tư pháp"), (4, "@SUM(A1:A9)"), (6, "-2+3"), (8, "=1+1")]:
        cell = ws.cell(row=row, column=column)
        assert cell.value == text and cell.data_type == "s", text
        assert cell.quotePrefix, text  # Excel keeps it text when someone edits the cell
    xml = sheet_xml(content)
    assert "<f>" not in xml and "<f " not in xml, "no formula anywhere in the sheet"
    assert "<t>=HYPERLINK(\"http://x\",\"y\")</t>" in xml  # an inline string, not <f>


def test_a_formula_title_is_inert_text_in_csv(reviewer):
    document = plan_with_hostile_task(reviewer)
    rows = csv_rows(render(document_report(user=reviewer, document=document, period="2025", appendix="tasks"),
                           "csv").content)
    task = next(r for r in rows if r[0] == "1")
    assert task[1] == "'" + FORMULA
    assert task[2] == "'+Sở Tư pháp" and task[3] == "'@SUM(A1:A9)" and task[5] == "'-2+3" and task[7] == "'=1+1"
    assert not any(field.startswith(("=", "+", "-", "@")) for r in rows for field in r)


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "pdf"])
def test_a_plan_without_indicators_still_exports(reviewer, fmt):
    document = plan_with_hostile_task(reviewer)
    rendered = render(document_report(user=reviewer, document=document, period="2025"), fmt)
    assert rendered.content and rendered.filename == f"98-kh-ubnd-phu-luc-2025.{fmt}"
