"""Writing into an open report through the API: exactly the web's permission, optimistic versions via ETag."""

import pytest

from planwatch.reporting.models import IndicatorLine, Report, TaskLine
from planwatch.reporting.services import report_save, report_transition


def _lines(report):
    indicator = report.indicator_lines.select_related("indicator").filter(
        indicator__measure__in=["level_at_end", "ratio_per_population", "share", "count"]).first()
    task = report.task_lines.filter(role=TaskLine.Role.LEAD).first()
    assert indicator is not None and task is not None
    return indicator, task


def test_get_gives_the_version_as_etag(api_as, officer, health_report):
    response = api_as(officer).get(f"/reports/{health_report.pk}/")
    assert response["ETag"] == f'"{health_report.version}"'
    assert response.json()["version"] == health_report.version and response.json()["editable"] is True


def test_a_write_with_the_current_etag_is_saved_and_shows_on_the_report_page(client, api_as, officer, health_report):
    indicator, task = _lines(health_report)
    api = api_as(officer)
    etag = api.get(f"/reports/{health_report.pk}/")["ETag"]
    body = {
        "indicator_lines": [{"id": indicator.pk, "kind": "actual", "value": "31,5", "source": "Cục Thống kê"}],
        "task_lines": [{"id": task.pk, "status": "on_schedule", "percent": 40, "done_text": "Đã trình Đề án lần 1"}],
    }
    response = api.put(f"/reports/{health_report.pk}/lines/", body, **{"If-Match": etag})
    assert response.status_code == 200, response.content
    assert response["ETag"] == f'"{health_report.version + 1}"'
    indicator.refresh_from_db()
    task.refresh_from_db()
    assert (indicator.kind, indicator.value_text, indicator.source) == ("actual", "31,5", "Cục Thống kê")
    assert (task.status, task.percent, task.done_text) == ("on_schedule", 40, "Đã trình Đề án lần 1")
    report = Report.objects.get(pk=health_report.pk)
    assert report.version == health_report.version + 1 and report.last_saved_by == officer

    client.force_login(officer)
    page = client.get(f"/bao-cao/{health_report.pk}/").content.decode()
    assert "31,5" in page and "Đã trình Đề án lần 1" in page


def test_fields_left_out_keep_their_values(api_as, officer, health_report):
    indicator, task = _lines(health_report)
    report_save(report=health_report, actor=officer, version=health_report.version, content={
        f"t{task.pk}": {"status": "behind", "percent": "20", "difficulties": "Thiếu kinh phí"}})
    api = api_as(officer)
    etag = api.get(f"/reports/{health_report.pk}/")["ETag"]
    response = api.put(f"/reports/{health_report.pk}/lines/", {"task_lines": [{"id": task.pk, "percent": 30}]},
                       **{"If-Match": etag})
    assert response.status_code == 200, response.content
    task.refresh_from_db()
    assert (task.status, task.percent, task.difficulties) == ("behind", 30, "Thiếu kinh phí")


def test_a_stale_etag_is_refused_with_412_and_the_current_etag(api_as, officer, head, health_report):
    indicator, _task = _lines(health_report)
    api = api_as(officer)
    etag = api.get(f"/reports/{health_report.pk}/")["ETag"]
    # Someone else saves in between.
    report_save(report=health_report, actor=head, version=health_report.version,
                content={f"i{indicator.pk}": {"kind": "estimate", "value": "30"}})
    response = api.put(f"/reports/{health_report.pk}/lines/",
                       {"indicator_lines": [{"id": indicator.pk, "value": "99"}]}, **{"If-Match": etag})
    assert response.status_code == 412
    assert response["ETag"] == f'"{health_report.version + 1}"'
    assert "phiên bản" in response.json()["detail"]
    indicator.refresh_from_db()
    assert indicator.value_text == "30"


def test_a_write_without_if_match_is_refused_with_428(api_as, officer, health_report):
    indicator, _task = _lines(health_report)
    for headers in ({}, {"If-Match": "*"}):
        response = api_as(officer).put(f"/reports/{health_report.pk}/lines/",
                                       {"indicator_lines": [{"id": indicator.pk, "value": "1"}]}, **headers)
        assert response.status_code == 428 and "If-Match" in response.json()["detail"]
    assert IndicatorLine.objects.get(pk=indicator.pk).value_text != "1"


def test_invalid_values_answer_400_with_a_message_per_field(api_as, officer, health_report):
    indicator, task = _lines(health_report)
    api = api_as(officer)
    etag = api.get(f"/reports/{health_report.pk}/")["ETag"]
    response = api.put(f"/reports/{health_report.pk}/lines/", {
        "indicator_lines": [{"id": indicator.pk, "kind": "plan"}],
        "task_lines": [{"id": task.pk, "status": "done", "percent": 50}],
    }, **{"If-Match": etag})
    assert response.status_code == 400
    errors = {(e["type"], e["id"], e["field"]): e["message"] for e in response.json()["errors"]}
    assert errors[("indicator", indicator.pk, "kind")] == "Chọn ước thực hiện hoặc thực hiện."
    assert errors[("task", task.pk, "percent")] == "Nhiệm vụ đã hoàn thành thì tỷ lệ là 100%."
    assert Report.objects.get(pk=health_report.pk).version == health_report.version


def test_a_line_of_another_report_is_refused(api_as, officer, health_report, trade_report):
    foreign = trade_report.task_lines.first()
    api = api_as(officer)
    etag = api.get(f"/reports/{health_report.pk}/")["ETag"]
    response = api.put(f"/reports/{health_report.pk}/lines/", {"task_lines": [{"id": foreign.pk, "percent": 10}]},
                       **{"If-Match": etag})
    assert response.status_code == 400 and response.json()["errors"][0]["line"] == f"t{foreign.pk}"


@pytest.mark.parametrize("role, status", [("other_officer", 404), ("reviewer", 403), ("leader", 403), ("outsider", 404)])
def test_only_the_reports_agency_may_write(request, api_as, health_report, role, status):
    indicator, _task = _lines(health_report)
    user = request.getfixturevalue(role)
    response = api_as(user).put(f"/reports/{health_report.pk}/lines/",
                                {"indicator_lines": [{"id": indicator.pk, "value": "5"}]},
                                **{"If-Match": f'"{health_report.version}"'})
    assert response.status_code == status
    assert Report.objects.get(pk=health_report.pk).version == health_report.version


def test_the_head_may_write_too(api_as, head, health_report):
    indicator, _task = _lines(health_report)
    response = api_as(head).put(f"/reports/{health_report.pk}/lines/",
                                {"indicator_lines": [{"id": indicator.pk, "value": "5"}]},
                                **{"If-Match": f'"{health_report.version}"'})
    assert response.status_code == 200, response.content


def test_a_report_no_longer_a_draft_is_refused_with_409(api_as, officer, head, health_report):
    indicator, _task = _lines(health_report)
    report_transition(report=health_report, action="approve", actor=head)
    report = Report.objects.get(pk=health_report.pk)
    assert not report.is_editable
    api = api_as(officer)
    assert api.get(f"/reports/{report.pk}/").json()["editable"] is False
    response = api.put(f"/reports/{report.pk}/lines/", {"indicator_lines": [{"id": indicator.pk, "value": "5"}]},
                       **{"If-Match": f'"{report.version}"'})
    assert response.status_code == 409 and "duyệt" in response.json()["detail"]
