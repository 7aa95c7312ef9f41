import csv
import io
from decimal import Decimal

import sdmx
from openpyxl import load_workbook

from planwatch.portal.downloads import COLUMNS
from tests.exchange.test_exchange import GRDP, plan_structure
from tests.portal.test_views import people_named_in


def download(client, document, suffix):
    response = client.get(f"/cong-khai/van-ban/{document.pk}/du-lieu.{suffix}")
    assert response.status_code == 200
    return response


def test_the_csv_reads_back_with_every_figure_of_the_grdp_row(anonymous, plan_2024):
    response = download(anonymous, plan_2024, "csv")
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == f'attachment; filename="{plan_2024.slug}-cong-khai.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert tuple(rows[0]) == COLUMNS
    grdp = [row for row in rows if row["indicator_code"] == GRDP]
    actuals = {row["period"]: row["low"] for row in grdp if row["figure"] == "actual"}
    assert actuals["2021"] == "2.97" and actuals["2022"] == "8.95" and actuals["2023"] == "6.27"
    target = next(row for row in grdp if row["figure"] == "target")
    assert (target["period"], target["op"], target["low"], target["high"]) == ("2021-2025", "range", "7.5", "8")
    assert target["as_written"] == "7,5-8,0"
    assert {row["status"] for row in grdp} == {"very_challenging"}
    assert {row["status_label"] for row in grdp} == {"Rất thách thức"}
    assert "13,07" in grdp[0]["reason"]
    assert people_named_in(response.content.decode("utf-8-sig")) == set()


def test_a_text_that_a_spreadsheet_would_run_stays_text(anonymous, plan_2024):
    from planwatch.registry.models import Indicator

    Indicator.objects.filter(document=plan_2024, key="1").update(name="=HYPERLINK(\"http://x\")")
    rows = list(csv.DictReader(io.StringIO(download(anonymous, plan_2024, "csv").content.decode("utf-8-sig"))))
    assert {row["indicator"] for row in rows if row["indicator_code"] == GRDP} == {"'=HYPERLINK(\"http://x\")"}
    workbook = load_workbook(io.BytesIO(download(anonymous, plan_2024, "xlsx").content))
    names = {row[2].value: row[2] for row in workbook["data"].iter_rows(min_row=2) if row[0].value == GRDP}
    (cell,) = names.values()
    assert cell.value == "=HYPERLINK(\"http://x\")" and cell.data_type == "s"


def test_the_xlsx_opens_with_numbers_as_numbers(anonymous, plan_2024):
    response = download(anonymous, plan_2024, "xlsx")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook["data"]
    header = [cell.value for cell in sheet[1]]
    assert tuple(header) == COLUMNS
    rows = [dict(zip(header, (cell.value for cell in row))) for row in sheet.iter_rows(min_row=2)]
    grdp = {row["period"]: row["low"] for row in rows if row["indicator_code"] == GRDP and row["figure"] == "actual"}
    assert Decimal(str(grdp["2022"])) == Decimal("8.95") and isinstance(grdp["2022"], (int, float, Decimal))
    about = {row[0].value: row[1].value for row in workbook["document"].iter_rows()}
    assert about["Trích yếu"] == plan_2024.title


def test_the_sdmx_csv_reads_back_with_sdmx1(anonymous, plan_2024, tmp_path):
    response = download(anonymous, plan_2024, "sdmx.csv")
    assert response["Content-Type"].startswith("application/vnd.sdmx.data+csv")
    path = tmp_path / "plan.csv"
    path.write_bytes(response.content)
    (dataset,) = sdmx.read_sdmx(path, structure=plan_structure()).data
    grdp = {
        (obs.key["TIME_PERIOD"].value, obs.attached_attribute["OBS_STATUS"].value): obs.value
        for obs in dataset.obs if obs.key["INDICATOR"].value == GRDP
    }
    assert [grdp[(year, "A")] for year in ("2021", "2022", "2023")] == ["2.97", "8.95", "6.27"]
    assert people_named_in(response.content.decode()) == set()


def test_an_unknown_download_is_not_found(anonymous, plan_2024):
    assert anonymous.get(f"/cong-khai/van-ban/{plan_2024.pk}/du-lieu.dhis2-json").status_code == 404
