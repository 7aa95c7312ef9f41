"""The document's own judgement of its indicators, stored beside planwatch's; the rows where the two differ; and
qualitative targets judged by people (docs/judgements.md)."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from planwatch.registry.computing import compute_document
from planwatch.registry.importing import import_draft_create, import_draft_save
from planwatch.registry.judgements import StatedJudgement, judgement_disagreements, read_judgement
from planwatch.registry.models import IndicatorValue
from planwatch.registry.selectors import document_to_format
from planwatch.registry.services import RegisterError, indicator_judge, plan_save
from planwatch.reports.selectors import document_report
from planwatch.reports.writers import render
from tests.web.test_pages import cells_of_row, readable

pytestmark = pytest.mark.django_db

SECTION = "Khác biệt giữa đánh giá của văn bản và của planwatch"


@pytest.mark.parametrize("text, status, verdict", [
    # appendix 01a of the 2024 plan, as written
    ("Đây là nhiệm vụ rất thách thức, dự kiến không đạt nhưng cần quyết tâm nỗ lực phấn đấu", "very_challenging", ""),
    ("là nhiệm vụ khó khăn, cần nỗ lực quyết tâm tập trung để hoàn thành", "difficult", ""),
    ("vượt chỉ tiêu kế hoạch sớm 2 năm", "achieved_early", ""),
    ("hoàn thành chỉ tiêu sớm 01 năm so với kế hoạch", "achieved_early", ""),
    ("đã đạt kế hoạch sớm từ 1-2 năm", "achieved_early", ""),
    ("Dự kiến các chỉ tiêu đến năm 2025 này sẽ hoàn thành kế hoạch đề ra.", "on_track", ""),
    ("dự kiến hoàn thành chỉ tiêu là dưới 3%", "on_track", ""),
    ("năm 2025 xoá 310 hộ - hoàn thành chỉ tiêu nhiệm kỳ", "on_track", ""),
    ("tuy nhiên tiến độ đang chậm so với mục tiêu đề ra", "difficult", ""),
    # a Đánh giá cell
    ("Rất thách thức", "very_challenging", ""),
    ("Khó khăn", "difficult", ""),
    ("Thách thức", "difficult", ""),
    ("Đạt sớm", "achieved_early", ""),
    ("Có khả năng đạt", "on_track", ""),
    ("Đúng tiến độ", "on_track", ""),
    ("Đạt", "", "met"),
    ("Hoàn thành", "", "met"),
    ("Đã hoàn thành", "", "met"),
    ("Vượt kế hoạch", "", "exceeded"),
    ("Không đạt", "", "not_met"),
    ("Chưa hoàn thành kế hoạch", "", "not_met"),
    # words that state no judgement, or not clearly
    ("Tuy nhiên, cơ cấu dịch vụ và nông nghiệp chưa đạt như mong muốn", "", ""),
    ("đã hoàn thành kế hoạch năm 2023", "", ""),
    ("Cần sớm triển khai các giải pháp", "", ""),
    ("", "", ""),
])
def test_words_are_read_onto_planwatch_s_scale(text, status, verdict):
    assert read_judgement(text) == StatedJudgement(status=status, verdict=verdict)


def _plan(indicator: dict, *, key="thu-nghiem-danh-gia") -> dict:
    return {
        "document": {"id": key, "kind": "plan", "title": "Kế hoạch thử", "date": "2024", "period": "2021-2025"},
        "indicators": [{"key": "1", "code": "1", "name": "Tỷ lệ thử", "unit": "%", **indicator}],
    }


def test_the_2024_plan_keeps_appendix_01a_s_words_and_their_status(plan_2024):
    grdp = plan_2024.indicators.get(key="1")
    assert grdp.document_judgement_status == "very_challenging"
    assert "rất thách thức, dự kiến không đạt" in grdp.document_judgement
    structure = plan_2024.indicators.get(key="2")
    assert (structure.document_judgement_status, "chưa đạt như mong muốn" in structure.document_judgement) == ("", True)
    shown = next(i for i in document_to_format(plan_2024)["indicators"] if i["key"] == "1")
    assert shown["judgement"] == {"text": grdp.document_judgement, "status": "very_challenging"}


def test_saving_reads_the_status_from_the_words_or_takes_the_one_given(reviewer):
    document = plan_save(data=_plan({"judgement": {"text": "Khó khăn"}}), actor=reviewer).document
    row = document.indicators.get()
    assert (row.document_judgement, row.document_judgement_status) == ("Khó khăn", "difficult")
    plan_save(data=_plan({"judgement": {"text": "Theo đánh giá giữa kỳ", "status": "on_track"}}), actor=reviewer)
    row.refresh_from_db()
    assert (row.document_judgement, row.document_judgement_status) == ("Theo đánh giá giữa kỳ", "on_track")
    plan_save(data=_plan({}), actor=reviewer)  # absent: the import read none, the register's stays
    row.refresh_from_db()
    assert row.document_judgement_status == "on_track"
    plan_save(data=_plan({"judgement": None}), actor=reviewer)  # null: the document says nothing
    row.refresh_from_db()
    assert (row.document_judgement, row.document_judgement_status) == ("", "")
    with pytest.raises(RegisterError, match="Đánh giá của văn bản không hợp lệ"):
        plan_save(data=_plan({"judgement": {"text": "?", "status": "great"}}), actor=reviewer)


REPORT_WITH_JUDGEMENTS = """ỦY BAN NHÂN DÂN
TỈNH BẮC NINH
Số: 46/KH-UBND
Bắc Ninh, ngày 20 tháng 3 năm 2024
KẾ HOẠCH
Thực hiện các chỉ tiêu kinh tế - xã hội giai đoạn 2021-2025
TT\tChỉ tiêu\tĐơn vị tính\tKH 2021-2025\tTH 2023\tĐánh giá
1\tTốc độ tăng trưởng GRDP\t%\t7,0-7,5\t5,8\tRất thách thức
2\tThu ngân sách nhà nước\ttỷ đồng\t35.000\t33.120\tKhông đạt
3\tTỷ lệ xã đạt chuẩn nông thôn mới\t%\t80\t84\tĐạt sớm 2 năm
"""


def test_the_import_stores_the_words_of_a_danh_gia_column_and_their_status(reviewer):
    draft = import_draft_create(owner=reviewer, data=REPORT_WITH_JUDGEMENTS.encode(), filename="46.txt")
    assert [i.get("judgement") for i in draft.data["indicators"]] == [
        {"text": "Rất thách thức", "status": "very_challenging"},
        {"text": "Không đạt", "status": None},
        {"text": "Đạt sớm 2 năm", "status": "achieved_early"},
    ]
    document = import_draft_save(draft=draft, edits={}, new_agencies={}, actor=reviewer).document
    stored = {i.key: (i.document_judgement, i.document_judgement_status, i.assessment)
              for i in document.indicators.all()}
    assert stored == {
        "1": ("Rất thách thức", "very_challenging", ""),
        "2": ("Không đạt", "", "not_met"),
        "3": ("Đạt sớm 2 năm", "achieved_early", "met"),
    }


def test_the_plan_page_lists_each_disagreement_with_both_reasons(client, reviewer, plan_2024):
    client.force_login(reviewer)
    html = client.get(reverse("document", args=[plan_2024.slug])).content.decode()
    assert SECTION in html
    section = html[html.index('id="disagreements"'):]
    culture = readable(section[section.index('data-key="7"'):section.index("</tr>", section.index('data-key="7"'))])
    # The document expects the culture group to complete; the rule finds one of its rows difficult, and says why.
    assert "Dự kiến hoàn thành" in culture and "sẽ hoàn thành kế hoạch đề ra" in culture
    assert "Khó khăn" in culture and "Cần tăng 1 điểm %/năm" in culture
    keys = {d.indicator.key for d in judgement_disagreements(compute_document(plan_2024))}
    assert keys == {"7", "12", "16.4"}  # where the two agree (1, 3, 4, 5, 6, 8 ...) nothing is listed


def test_a_plan_that_states_no_judgement_shows_no_disagreement_section(client, reviewer, plan_183):
    client.force_login(reviewer)
    assert SECTION not in client.get(reverse("document", args=[plan_183.slug])).content.decode()


def test_a_verdict_is_compared_with_the_engine_s_assessment(reviewer):
    data = _plan({
        "targets": [{"horizon": "2021-2025", "text": "80", "op": "eq", "low": "80", "high": "80"}],
        "values": [{"period": "2023", "kind": "plan", "text": "70", "op": "eq", "low": "70", "high": "70"},
                   {"period": "2023", "kind": "actual", "text": "65", "op": "eq", "low": "65", "high": "65"}],
        "assessment": "met", "judgement": {"text": "Đạt"},
    })
    document = plan_save(data=data, actor=reviewer).document
    [found] = judgement_disagreements(compute_document(document))
    assert (found.aspect, found.document_label, found.planwatch_label) == ("verdict", "Đạt", "Không đạt")
    assert found.document_text == "Đạt" and "65" in found.planwatch_reason


def test_the_report_carries_the_disagreements_after_the_appendices(reviewer, plan_2024):
    report = document_report(user=reviewer, document=plan_2024, period="2024", today=date(2024, 12, 31))
    table = report.table("Khác biệt đánh giá")
    assert [table.sheet_name for table in report.tables][-1] == "Khác biệt đánh giá"
    assert table.column_labels() == [
        "TT", "Chỉ tiêu", "Văn bản đánh giá", "Văn bản ghi", "planwatch đánh giá", "Lý do của planwatch"]
    culture = [cell.text for cell in table.row("7").cells]
    assert culture[2:5] == ["Dự kiến hoàn thành", "Dự kiến các chỉ tiêu đến năm 2025 này sẽ hoàn thành kế hoạch đề ra.",
                            "Khó khăn"]
    assert "Cần tăng 1 điểm %/năm" in culture[5]
    # A CSV holds one table: the indicator appendix, without the table beside it.
    indicators = document_report(user=reviewer, document=plan_2024, period="2024", appendix="indicators")
    assert render(indicators, "csv").content.decode("utf-8-sig").count("Tăng trưởng GRDP trung bình") == 1


# Qualitative targets ------------------------------------------------------------------------------------------


def test_a_qualitative_target_takes_the_planners_judgement(client, reviewer, plan_2024):
    rural = plan_2024.indicators.get(key="13.4")  # `Hoàn thành`, no value: the engine cannot judge it
    client.force_login(reviewer)
    url = reverse("document", args=[plan_2024.slug])
    assert cells_of_row(client.get(url).content.decode(), "13.4")[-1] == "Chưa đánh giá"
    indicator_judge(indicator=rural, status="on_track", reason="Các huyện còn lại hoàn thành trong năm 2025",
                    actor=reviewer)
    assert cells_of_row(client.get(url).content.decode(), "13.4")[-1] == "Dự kiến hoàn thành"
    computed = compute_document(plan_2024).by_indicator[rural.pk]
    assert computed.status == "on_track" and "Các huyện còn lại hoàn thành trong năm 2025" in computed.reason
    # the same in the city's report
    report = document_report(user=reviewer, document=plan_2024, period="2024", appendix="indicators")
    status_column = report.tables[0].column_index("status")
    assert report.tables[0].row("13.4").cells[status_column].text == "Dự kiến hoàn thành"


def test_without_a_judgement_a_qualitative_target_takes_the_agency_s_accepted_report(reviewer, plan_2024):
    rural = plan_2024.indicators.get(key="13.4")
    IndicatorValue.objects.create(
        indicator=rural, period="2024", kind="estimate", text="Đang triển khai, dự kiến hoàn thành trong năm 2025",
        op="qualitative", source_note="Đợt báo cáo năm 2024; báo cáo của Sở NN&PTNT", recorded_by=reviewer,
    )
    computed = compute_document(plan_2024).by_indicator[rural.pk]
    assert computed.status == "on_track" and "Sở NN&PTNT" in computed.reason
    # a report of an earlier year does not see it
    earlier = compute_document(plan_2024, as_of_year=2023).by_indicator[rural.pk]
    assert earlier.status == "unknown"
    # the planning department's judgement stands over the agency's report
    indicator_judge(indicator=rural, status="difficult", reason="Hai huyện chưa đạt chuẩn", actor=reviewer)
    assert compute_document(plan_2024).by_indicator[rural.pk].status == "difficult"


def test_a_numeric_value_or_a_judgement_of_unknown_leaves_a_qualitative_target_unknown(reviewer, plan_2024):
    poverty = plan_2024.indicators.get(key="12")  # rates against `Cơ bản không còn hộ nghèo`
    IndicatorValue.objects.create(indicator=poverty, period="2024", kind="estimate", text="0,02", op="eq",
                                  low=Decimal("0.02"), high=Decimal("0.02"), source_note="báo cáo thử")
    indicator_judge(indicator=poverty, status="unknown", reason="Chờ số liệu rà soát cuối năm", actor=reviewer)
    result = compute_document(plan_2024)
    assert result.by_indicator[poverty.pk].status == "unknown"
    assert result.group_status[poverty.pk] == "unknown"


def test_a_judged_qualitative_row_counts_in_its_group(reviewer, plan_2024):
    rural_group = plan_2024.indicators.get(key="13")
    assert compute_document(plan_2024).group_status[rural_group.pk] == "achieved_early"
    indicator_judge(indicator=plan_2024.indicators.get(key="13.4"), status="difficult", reason="Chậm",
                    actor=reviewer)
    assert compute_document(plan_2024).group_status[rural_group.pk] == "difficult"


def test_the_indicator_page_shows_the_document_s_own_judgement(client, reviewer, plan_2024):
    client.force_login(reviewer)
    grdp = plan_2024.indicators.get(key="1")
    html = readable(client.get(reverse("indicator", args=[grdp.pk])).content.decode())
    assert "Văn bản tự đánh giá" in html and "dự kiến không đạt nhưng cần quyết tâm" in html

