"""The round's CSV, cell by cell: what an agency wrote reaches the planning department's spreadsheet as written."""

import csv
from io import StringIO

from django.urls import reverse
from django.utils import translation

from planwatch.reporting.models import TaskLine
from planwatch.reporting.services import content_of, report_save


def _rows(client, round) -> list[list[str]]:
    content = client.get(reverse("reporting:round-export", args=[round.pk])).getvalue().decode("utf-8-sig")
    return list(csv.reader(StringIO(content)))


def test_each_line_s_cells_are_what_the_agency_wrote(client, officer, reviewer, q2_round, health_report):
    indicator = health_report.indicator_lines.select_related("indicator__document").order_by("order").first()
    task = (health_report.task_lines.filter(role=TaskLine.Role.LEAD).select_related("task__document")
            .order_by("order").first())
    content = content_of(health_report)
    content[f"i{indicator.pk}"].update(kind="actual", value="12,5", note="Theo niên giám", source="Cục Thống kê")
    content[f"t{task.pk}"].update(status="behind", percent="40", done_text="Đã khởi công.",
                                  difficulties="Thiếu vốn.", proposals="Bổ sung vốn.")
    report_save(report=health_report, actor=officer, version=health_report.version, content=content)

    client.force_login(reviewer)
    header, *rows = _rows(client, q2_round)
    assert header[:5] == ["Đơn vị", "Tình trạng báo cáo", "Nộp lần đầu", "Muộn (ngày)", "Loại dòng"]
    indicator_row = next(row for row in rows if row[0] == "Sở Y tế" and row[7] == indicator.indicator.name)
    assert indicator_row == [
        "Sở Y tế", "Đang soạn", "", "", "Chỉ tiêu", str(indicator.indicator.document), indicator.indicator.code,
        indicator.indicator.name, indicator.indicator.unit, "Thực hiện (TH)", "12,5", "", "", "", "", "", "Theo niên giám",
        "Cục Thống kê",
    ]
    task_row = next(row for row in rows if row[0] == "Sở Y tế" and row[6] == task.task.key and row[4] == "Chủ trì")
    assert task_row == [
        "Sở Y tế", "Đang soạn", "", "", "Chủ trì", str(task.task.document), task.task.key, task.task.title, "", "", "",
        "Chậm tiến độ", "40", "Đã khởi công.", "Thiếu vốn.", "Bổ sung vốn.", "", "",
    ]
    unfilled = [row for row in rows if row[0] == "Sở Công Thương" and row[4] == "Chỉ tiêu"]
    assert unfilled and all(row[9] == row[10] == "" for row in unfilled)  # no kind is named for a value not given

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    header, *rows = _rows(client, q2_round)
    english = next(row for row in rows if row[7] == indicator.indicator.name and row[10] == "12,5")
    with translation.override("en"):  # the download is read after its view returned, in the request's language
        assert header[0] == translation.gettext("Đơn vị") != "Đơn vị"
        assert english[4] == translation.gettext("Chỉ tiêu") != "Chỉ tiêu"
        assert english[9] == translation.gettext("Thực hiện (TH)") != "Thực hiện (TH)"
