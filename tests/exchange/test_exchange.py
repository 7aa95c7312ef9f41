"""Exports of the Hanoi 2024 plan read back, imports all-or-nothing, the download as each kind of user."""

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
import sdmx
from django.core.management import CommandError, call_command
from django.urls import reverse
from sdmx.model import common, v30

from planwatch.audit.models import AuditEntry
from planwatch.exchange.formats import data_element_code
from planwatch.registry.models import IndicatorValue
from planwatch.reporting.models import IndicatorLine
from planwatch.reporting.services import round_open

GRDP = "kh-ubnd-2024-chi-tieu-dai-hoi-xvii_1"


def export(plan, fmt, path):
    call_command("export", plan.slug, format=fmt, output=str(path))
    return path.read_bytes()


def run_import(path, *args):
    out = io.StringIO()
    call_command("import_values", str(path), *args, stdout=out)
    return out.getvalue()


def test_dhis2_json_export_holds_the_grdp_actuals(plan_2024, tmp_path):
    message = json.loads(export(plan_2024, "dhis2-json", tmp_path / "plan.json"))
    grdp = {(v["period"], v["categoryOptionCombo"]): v for v in message["dataValues"] if v["dataElement"] == GRDP}
    assert [grdp[(year, "TH")]["value"] for year in ("2021", "2022", "2023")] == ["2.97", "8.95", "6.27"]
    assert grdp[("2021", "TH")]["orgUnit"] == "so-ke-hoach-va-dau-tu"
    assert grdp[("2021", "TH")]["comment"].startswith("Thực hiện (TH)")
    # The 2024 plan is a range (6,5-7,0) and the 2021-2025 spans have no DHIS2 period: not written.
    assert ("2024", "KH") not in grdp
    assert all("-" not in period for period, _ in grdp)


def test_export_command_summarises_what_it_skipped(plan_2024, tmp_path, capsys):
    call_command("export", plan_2024.slug, format="dhis2-json", output=str(tmp_path / "x.json"))
    out = capsys.readouterr().out
    assert "DHIS2 không có loại kỳ nhiều năm" in out and "khoảng hoặc bất đẳng thức" in out


def test_dhis2_csv_export_reads_back(plan_2024, tmp_path):
    rows = list(csv.DictReader(export(plan_2024, "dhis2-csv", tmp_path / "plan.csv").decode().splitlines()))
    assert [r["value"] for r in rows if r["dataelement"] == GRDP and r["categoryoptioncombo"] == "TH"] == [
        "2.97", "8.95", "6.27"]
    assert set(rows[0]) == {"dataelement", "period", "orgunit", "categoryoptioncombo", "attroptioncombo", "value",
                            "storedby", "lastupdated", "comment", "followup"}


def plan_structure():
    dsd = v30.DataStructureDefinition(id="DSD_PLAN", maintainer=common.Agency(id="VN_PLANWATCH"), version="1.0")
    for name in ("REF_AREA", "INDICATOR", "TIME_PERIOD"):
        dsd.dimensions.getdefault(name)
    dsd.measures.getdefault("OBS_VALUE")
    for name in ("UNIT_MEASURE", "OBS_STATUS", "VALUE_KIND"):
        dsd.attributes.getdefault(name)
    return dsd


def test_sdmx_csv_export_reads_back_with_sdmx1(plan_2024, tmp_path):
    path = tmp_path / "plan.csv"
    export(plan_2024, "sdmx-csv", path)
    message = sdmx.read_sdmx(path, structure=plan_structure())
    (dataset,) = message.data
    assert dataset.action == common.ActionType.information
    grdp = {
        (obs.key["TIME_PERIOD"].value, obs.attached_attribute["OBS_STATUS"].value): obs.value
        for obs in dataset.obs if obs.key["INDICATOR"].value == GRDP
    }
    assert [grdp[(year, "A")] for year in ("2021", "2022", "2023")] == ["2.97", "8.95", "6.27"]
    # The span SDMX writes as an ISO time range, the 3-year average 2021-2023 of the appendix.
    assert grdp[("2021-01-01/P3Y", "A")] == "6.04"


def test_unknown_document_format_or_folder_is_refused_and_writes_nothing(plan_2024, tmp_path):
    with pytest.raises(CommandError, match="Không tìm thấy văn bản"):
        call_command("export", "khong-co", format="sdmx-csv", output=str(tmp_path / "a.csv"))
    with pytest.raises(CommandError, match="Định dạng “xml” không có"):
        call_command("export", plan_2024.slug, format="xml", output=str(tmp_path / "b.csv"))
    with pytest.raises(CommandError, match="không tồn tại"):
        call_command("export", plan_2024.slug, format="sdmx-csv", output=str(tmp_path / "no" / "c.csv"))
    assert list(tmp_path.iterdir()) == []


def _record(plan, period="2023", kind="actual"):
    return IndicatorValue.objects.filter(
        indicator__document=plan, indicator__key="1", period=period, kind=kind, source_document__isnull=True).first()


def test_round_trip_changes_the_value_of_record_with_provenance_and_audit(plan_2024, tmp_path, reviewer):
    path = tmp_path / "plan.json"
    message = json.loads(export(plan_2024, "dhis2-json", path))
    for value in message["dataValues"]:
        if value["dataElement"] == GRDP and value["period"] == "2023" and value["categoryOptionCombo"] == "TH":
            value["value"] = "6.3"
    message["dataValues"] = [v for v in message["dataValues"] if v["dataElement"] == GRDP]
    path.write_text(json.dumps(message), encoding="utf-8")

    out = run_import(path, "--as-record", "--user", reviewer.username)

    record = _record(plan_2024)
    assert record.low == record.high == Decimal("6.3") and record.text == "6,3"
    assert record.source_note == f"Nhập từ tệp plan.json bởi {reviewer.username}"
    assert record.recorded_by == reviewer
    entries = AuditEntry.objects.filter(object_id=str(record.pk), content_type__model="indicatorvalue")
    assert entries.filter(field="low", new_value="6.3").exists()
    assert "mới:" in out and "6,3" in out
    # The plan's own table keeps what the document says.
    assert IndicatorValue.objects.get(indicator__document=plan_2024, indicator__key="1", period="2023",
                                      kind="actual", source_document=plan_2024, part="").low == Decimal("6.27")

    # The same file again: nothing changes, nothing more in the trail.
    count = AuditEntry.objects.count()
    out = run_import(path, "--as-record", "--user", reviewer.username)
    assert "0 mới, 0 đổi" in out and AuditEntry.objects.count() == count

    # A second change reads as old → new.
    path.write_text(path.read_text(encoding="utf-8").replace('"6.3"', '"6.35"'), encoding="utf-8")
    out = run_import(path, "--as-record")
    assert "đổi:" in out and "6,3 → 6,35" in out
    assert _record(plan_2024).low == Decimal("6.35")


def test_a_file_with_one_bad_row_changes_nothing(plan_2024, tmp_path):
    good = {"dataElement": GRDP, "period": "2023", "orgUnit": "so-ke-hoach-va-dau-tu", "categoryOptionCombo": "TH",
            "value": "7.1"}
    bad = [
        {**good, "dataElement": "khong-co_1"},
        {**good, "orgUnit": "so-y-te"},
        {**good, "period": "2024-9M"},
        {**good, "value": "bảy"},
    ]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"dataValues": [good, *bad]}), encoding="utf-8")
    before = AuditEntry.objects.count()
    with pytest.raises(CommandError) as caught:
        run_import(path, "--as-record")
    message = str(caught.value)
    assert "4 lỗi, không ghi số liệu nào" in message
    for expected in ("dataElement “khong-co_1”", "orgUnit “so-y-te”", "kỳ “2024-9M”", "“bảy” không phải là số"):
        assert expected in message
    assert _record(plan_2024) is None and AuditEntry.objects.count() == before


def test_dry_run_reports_but_writes_nothing(plan_2024, tmp_path):
    path = tmp_path / "v.json"
    path.write_text(json.dumps({"dataValues": [{"dataElement": GRDP, "period": "2023",
                    "orgUnit": "so-ke-hoach-va-dau-tu", "categoryOptionCombo": "TH", "value": "7.1"}]}))
    out = run_import(path, "--as-record", "--dry-run")
    assert "1 mới" in out and "--dry-run" in out
    assert _record(plan_2024) is None


def test_import_into_an_open_round_fills_the_agency_report(plan_2024, tmp_path, reviewer, officer):
    round = round_open(period="2024-Q2", deadline=date(2024, 7, 15), actor=reviewer)
    line = IndicatorLine.objects.filter(report__round=round, report__agency__name="Sở Y tế").select_related(
        "indicator__document").first()
    assert line is not None
    code = data_element_code(line.indicator.document.slug, line.indicator.key)
    entry = {"dataElement": code, "period": "2024Q2", "orgUnit": "so-y-te", "categoryOptionCombo": "UTH",
             "value": "27.5"}
    path = tmp_path / "q2.json"
    path.write_text(json.dumps({"dataValues": [entry]}))
    out = run_import(path, "--round", str(round.pk))
    line.refresh_from_db()
    assert (line.kind, line.low, line.value_text) == ("estimate", Decimal("27.5"), "27,5")
    assert line.report.status == "draft" and "1 mới" in out

    # A plan value, or another period, has no place in a quarterly report: refused, nothing written.
    path.write_text(json.dumps({"dataValues": [{**entry, "value": "30"}, {**entry, "categoryOptionCombo": "KH"},
                                               {**entry, "period": "2024Q3"}]}))
    with pytest.raises(CommandError, match="2 lỗi"):
        run_import(path, "--round", str(round.pk))
    line.refresh_from_db()
    assert line.low == Decimal("27.5")


def test_import_needs_one_destination(db, tmp_path):
    path = tmp_path / "x.json"
    path.write_text('{"dataValues": []}')
    with pytest.raises(CommandError, match="Chọn đúng một nơi nhận"):
        run_import(path)
    with pytest.raises(CommandError, match="Không có đợt báo cáo"):
        run_import(path, "--round", "999999")


def test_download_as_reviewer_and_outsider(client, plan_2024, reviewer, outsider):
    url = reverse("exchange:document-data", args=[plan_2024.slug, "sdmx-csv"])
    client.force_login(reviewer)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.sdmx.data+csv")
    assert response["Content-Disposition"] == f'attachment; filename="{plan_2024.slug}-sdmx-csv.csv"'
    assert b"6.27" in response.content
    response = client.get(reverse("exchange:document-data", args=[plan_2024.slug, "dhis2-json"]))
    assert response["Content-Type"] == "application/json" and json.loads(response.content)["dataValues"]
    assert client.get(reverse("exchange:document-data", args=[plan_2024.slug, "xml"])).status_code == 404
    client.force_login(outsider)
    assert client.get(url).status_code == 404
