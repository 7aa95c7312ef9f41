"""The framework plan's XLSX: written in the layout an agency sends, opened back, and read into a plan again."""

import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook, load_workbook

from planwatch.frameworks import selectors, services, workbook
from planwatch.frameworks.models import Step, StepLink
from planwatch.registry.models import Task

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(officer):
    task = Task.objects.filter(lead_agencies=officer.membership.agency, framework_plan__isnull=True).order_by("pk").first()
    plan = services.framework_plan_start(task=task, actor=officer)
    draft = services.step_save(plan=plan, actor=officer, version=plan.version, title="Dự thảo đề án",
                               start=date(2025, 3, 3), end=date(2025, 3, 14), budget=50_000_000, people=3,
                               lead=officer.membership.agency, product="Dự thảo")
    plan.refresh_from_db()
    consult = services.step_save(plan=plan, actor=officer, version=plan.version, title="Lấy ý kiến", duration=10)
    plan.refresh_from_db()
    side = services.step_save(plan=plan, actor=officer, version=plan.version, title="Dịch tài liệu", duration=3)
    plan.refresh_from_db()
    services.link_save(plan=plan, actor=officer, version=plan.version, before=draft, after=consult)
    plan.refresh_from_db()
    services.link_save(plan=plan, actor=officer, version=plan.version, before=draft, after=side, kind="SS", lag=2)
    plan.refresh_from_db()
    return plan


def _sheet(content: bytes):
    return load_workbook(io.BytesIO(content)).active


def test_the_sheet_holds_the_steps_table_and_a_bar_per_week_with_the_critical_path_in_red(plan):
    sheet = _sheet(workbook.write_plan(plan))
    assert [cell.value for cell in sheet[6]][:13] == workbook.HEADERS
    rows = [[cell.value for cell in row][:13] for row in sheet.iter_rows(min_row=7, max_row=9)]
    assert rows[0][:4] == [1, "Dự thảo đề án", datetime(2025, 3, 3), datetime(2025, 3, 14)]
    assert (rows[0][6], rows[0][9], rows[0][10]) == ("Sở Y tế", 50_000_000, 3)
    assert (rows[1][1], rows[1][11], rows[2][1], rows[2][11]) == ("Lấy ý kiến", "1", "Dịch tài liệu", "1SS+2")
    # Weeks from Monday 03/03 to the end on 24/03; consulting starts on Saturday 15/03, in the second week.
    weeks = [cell.value for cell in sheet[6]][13:]
    assert weeks == ["03/03", "10/03", "17/03", "24/03"]
    colours = [[cell.fill.fgColor.rgb[-6:] if cell.fill.fill_type else "" for cell in row][13:17]
               for row in sheet.iter_rows(min_row=7, max_row=9)]
    assert colours == [["C0392B", "C0392B", "", ""], ["", "C0392B", "C0392B", "C0392B"], ["4A7FB5", "", "", ""]]


def test_what_is_written_reads_back_into_a_plan_unchanged(plan, officer):
    content = workbook.write_plan(plan)
    read = workbook.read_plan(content)
    assert read.errors == []
    before = selectors.plan_schedule(plan)
    services.plan_load(plan=plan, actor=officer, version=plan.version, read=read)
    plan.refresh_from_db()
    after = selectors.plan_schedule(plan)
    steps = list(Step.objects.filter(plan=plan))
    assert [s.title for s in steps] == ["Dự thảo đề án", "Lấy ý kiến", "Dịch tài liệu"]
    assert [(t.early_start, t.early_end) for t in (after[str(s.pk)] for s in steps)] == [
        (before[key].early_start, before[key].early_end) for key in before.order
    ]
    assert steps[0].lead == officer.membership.agency and steps[0].budget == 50_000_000
    assert StepLink.objects.filter(before__plan=plan, kind="SS", lag=2).count() == 1


def _template(*rows):
    book = Workbook()
    sheet = book.active
    for column, title in enumerate(workbook.HEADERS, start=1):
        sheet.cell(6, column, title)
    for index, row in enumerate(rows, start=7):
        for column, value in enumerate(row, start=1):
            sheet.cell(index, column, value)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_a_filled_template_with_mistakes_says_each_one_in_vietnamese_and_loads_nothing(plan, officer):
    content = _template(
        [1, "Khảo sát", "31/02/2025", None, 5],
        [2, "", "01/03/2025", "05/03/2025", None, None, None, None, None, "nhiều", None, "1XX"],
        [2, "Báo cáo", "01/03/2025", None, 2, None, "Sở Không Có", None, None, None, None, "7", 130],
    )
    read = workbook.read_plan(content)
    assert read.errors == [
        "Ô C7: “31/02/2025” không phải ngày (cần dd/mm/yyyy).",
        "Ô B8: thiếu tên bước.",
        "Ô J8: kinh phí “nhiều” không phải số.",
        "Ô L8: không hiểu “1XX” (viết như 2, 2SS+3, 1FF, 3FS-2).",
        "Ô M9: “130” không phải số nguyên từ 0 đến 100.",
        "Số thứ tự 2 dùng cho nhiều bước.",
        "Bước 2: “Sau bước” nhắc tới bước 7, không có trong bảng.",
    ]
    count = plan.steps.count()
    with pytest.raises(services.FrameworkError, match="Sở Không Có"):
        services.plan_load(plan=plan, actor=officer, version=plan.version, read=read)
    assert plan.steps.count() == count


def test_a_template_whose_links_close_a_circle_is_refused_whole(plan, officer):
    read = workbook.read_plan(_template([1, "Một", "01/03/2025", None, 2, None, None, None, None, None, None, "2"],
                                        [2, "Hai", None, None, 2, None, None, None, None, None, None, "1"]))
    assert read.errors == []
    with pytest.raises(services.FrameworkError, match="vòng tròn"):
        services.plan_load(plan=plan, actor=officer, version=plan.version, read=read)
    assert list(plan.steps.values_list("title", flat=True)) == ["Dự thảo đề án", "Lấy ý kiến", "Dịch tài liệu"]


def test_a_file_that_is_not_a_workbook_or_not_the_template_is_named_as_such():
    assert workbook.read_plan(b"not a workbook").errors == ["Tệp không phải bảng tính Excel (.xlsx) đọc được."]
    book = Workbook()
    book.active["A1"] = "Something else"
    buffer = io.BytesIO()
    book.save(buffer)
    assert "Không thấy dòng tiêu đề" in workbook.read_plan(buffer.getvalue()).errors[0]


def test_formulas_and_missing_or_moved_columns_are_named_by_cell():
    read = workbook.read_plan(_template([1, "Khảo sát", "01/03/2025", "=C7+10", None]))
    assert read.errors == ["Ô D7: là công thức (=C7+10); hãy nhập giá trị."]

    book = Workbook()
    sheet = book.active
    for column, title in enumerate(workbook.HEADERS[:5], start=1):
        sheet.cell(6, column, title)
    buffer = io.BytesIO()
    book.save(buffer)
    assert workbook.read_plan(buffer.getvalue()).errors[0].startswith("Dòng 6: thiếu cột Mốc, Đơn vị chủ trì")

    swapped = list(workbook.HEADERS)
    swapped[2], swapped[3] = swapped[3], swapped[2]
    book = Workbook()
    for column, title in enumerate(swapped, start=1):
        book.active.cell(6, column, title)
    buffer = io.BytesIO()
    book.save(buffer)
    assert workbook.read_plan(buffer.getvalue()).errors == [
        "Ô C6: cần cột “Bắt đầu”, thấy “Kết thúc”; giữ đúng thứ tự cột của mẫu."
    ]


def test_a_step_named_like_a_formula_is_written_as_text(plan, officer):
    services.step_save(plan=plan, actor=officer, version=plan.version, title='=HYPERLINK("http://x","bấm")',
                       duration=2, product="+1 dự thảo")
    plan.refresh_from_db()
    sheet = _sheet(workbook.write_plan(plan))
    titles = {row[1].value: row for row in sheet.iter_rows(min_row=7, max_row=10)}
    cell = titles['=HYPERLINK("http://x","bấm")'][1]
    assert cell.data_type == "s" and cell.quotePrefix
    assert titles['=HYPERLINK("http://x","bấm")'][8].value == "+1 dự thảo"
