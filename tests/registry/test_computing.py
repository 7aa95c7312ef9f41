"""The engine on the register: the 2024 plan judged as its planners judged it, figures and warnings printed."""

import json
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from planwatch.engine import parse_period
from planwatch.registry.computing import compute_document, indicator_analysis
from planwatch.registry.models import Indicator, IndicatorValue
from planwatch.registry.services import plan_save

pytestmark = pytest.mark.django_db

ACHIEVED_EARLY = {"8", "9", "13"}  # schools, health, new rural development
VERY_CHALLENGING = {"1", "3", "4", "6"}  # GRDP growth, GRDP per capita, social investment, labour productivity
DIFFICULT = {"5", "14", "15", "16", "17"}  # digital economy, urbanisation, clean water, wastewater, public transport


def group_statuses(document):
    result = compute_document(document)
    keys = {i.pk: i.key for i in result.indicators}
    return {keys[pk]: status for pk, status in result.group_status.items()}


def test_the_2024_plan_is_judged_as_its_planners_judged_it(plan_2024):
    statuses = group_statuses(plan_2024)
    assert {k for k, s in statuses.items() if s == "achieved_early"} == ACHIEVED_EARLY
    assert {k for k, s in statuses.items() if s == "very_challenging"} == VERY_CHALLENGING
    assert {k for k, s in statuses.items() if s == "difficult"} >= DIFFICULT
    for key in VERY_CHALLENGING | DIFFICULT:
        assert statuses[key] not in ("on_track", "achieved_early"), key


def test_what_2025_must_reach_for_grdp(plan_2024):
    analysis = indicator_analysis(plan_2024.indicators.get(key="1"))
    required = analysis.computed.required
    assert required.period.code == "2025"
    assert round(required.low, 2) == Decimal("13.07")
    assert round(analysis.computed.so_far.value, 2) == Decimal("6.04")


def test_the_industry_construction_row_is_reported(plan_2024):
    analysis = indicator_analysis(plan_2024.indicators.get(key="1.3"))
    mismatches = [w for w in analysis.warnings if w.code == "printed_mismatch"]
    assert mismatches and "21,38" in mismatches[0].message and "21,49" in mismatches[0].message


def test_the_swapped_culture_values_are_reported(plan_2024):
    result = compute_document(plan_2024)
    swapped = [w for w in result.warnings if w.code == "values_swapped"]
    assert len(swapped) == 1
    assert set(swapped[0].figures["indicators"]) == {"7.1", "7.3"}


def test_a_new_value_changes_the_computation_at_once(plan_2024, reviewer):
    grdp = plan_2024.indicators.get(key="1")
    IndicatorValue.objects.create(
        indicator=grdp, period="2024", kind="actual", text="6,52", op="eq", low=Decimal("6.52"), high=Decimal("6.52"),
        source_note="Báo cáo thử", recorded_by=reviewer,
    )
    analysis = indicator_analysis(grdp)
    assert analysis.computed.so_far.through.code == "2021-2024"
    # (1.075^5 / (1.0297 * 1.0895 * 1.0627 * 1.0652)) - 1
    assert round(analysis.computed.required.low, 2) == Decimal("13.05")


def test_show_json_carries_the_computed_object(plan_2024):
    out = StringIO()
    call_command("show", plan_2024.slug, "--json", stdout=out)
    data = json.loads(out.getvalue())
    grdp = next(i for i in data["indicators"] if i["key"] == "1")
    assert grdp["computed"]["required"] == {"period": "2025", "low": 13.07, "high": grdp["computed"]["required"]["high"]}
    assert grdp["computed"]["status"] == "very_challenging"
    assert grdp["computed"]["reason"]
    assert data["summary"]["achieved_early"] == 3
    assert any(w["code"] == "values_swapped" for w in data["warnings"])


def test_the_plan_page_opens_with_the_summary(client, reviewer, plan_2024):
    client.force_login(reviewer)
    html = client.get(f"/van-ban/{plan_2024.slug}/").content.decode()
    assert 'data-status="achieved_early"><strong>3</strong>' in html
    assert 'data-status="very_challenging"><strong>4</strong>' in html
    filtered = client.get(f"/van-ban/{plan_2024.slug}/", {"trang_thai": "very_challenging"}).content.decode()
    shown = {key for key in ("1", "3", "4", "6", "8") if f'data-key="{key}"' in filtered}
    assert shown == {"1", "3", "4", "6"}


def test_the_indicator_page_shows_chart_status_and_warnings(client, reviewer, plan_2024):
    client.force_login(reviewer)
    grdp = plan_2024.indicators.get(key="1")
    html = client.get(f"/chi-tieu/{grdp.pk}/").content.decode()
    assert "<svg" in html and 'class="band"' in html and 'class="required"' in html
    assert "Rất thách thức" in html and "13,07" in html
    culture = plan_2024.indicators.get(key="7.1")
    html = client.get(f"/chi-tieu/{culture.pk}/").content.decode()
    assert 'data-code="values_swapped"' in html


def test_planners_record_their_own_judgement(client, reviewer, officer, plan_2024):
    grdp = plan_2024.indicators.get(key="1")
    client.force_login(reviewer)
    response = client.post(f"/chi-tieu/{grdp.pk}/", {"status": "very_challenging", "reason": "Dự kiến không đạt cận dưới"})
    assert response.status_code == 302
    judgement = grdp.judgements.get()
    assert (judgement.status, judgement.judged_by) == ("very_challenging", reviewer)
    empty = client.post(f"/chi-tieu/{grdp.pk}/", {"status": "difficult", "reason": ""})
    assert empty.status_code == 200 and grdp.judgements.count() == 1


def test_an_officer_cannot_record_a_judgement(client, officer, plan_2024):
    health = Indicator.objects.filter(document=plan_2024, lead_agencies__name="Sở Y tế").first()
    client.force_login(officer)
    client.post(f"/chi-tieu/{health.pk}/", {"status": "difficult", "reason": "thử"})
    assert health.judgements.count() == 0


def test_an_indicator_without_a_plan_period_is_unknown(reviewer):
    data = {
        "document": {"id": "thu-nghiem", "kind": "plan", "title": "Thử", "date": "2025"},
        "indicators": [{"key": "1", "code": "1", "name": "Số lượng", "targets": [
            {"horizon": "2030", "text": "10", "op": "eq", "low": "10", "high": "10"}]}],
    }
    document = plan_save(data=data, actor=reviewer).document
    result = compute_document(document)
    assert list(result.group_status.values()) == ["unknown"]


def test_shares_that_do_not_add_up_are_reported(plan_183, plan_2024):
    """183's structure row lists three shares (the product-tax share is missing): their targets cannot make 100.
    The 2024 plan lists all four, and every column adds up."""
    warnings = [w for w in compute_document(plan_183).warnings if w.code == "parts_do_not_add_up"]
    assert [(w.key, w.figures["period"]) for w in warnings] == [("2", "2025")]
    assert "88,9-90,1" in warnings[0].message
    assert not [w for w in compute_document(plan_2024).warnings if w.code == "parts_do_not_add_up"]


def test_the_plan_says_expected_early_where_only_a_plan_value_reached_the_target(client, reviewer, plan_2024):
    from planwatch.reports.indicators import indicator_report

    result = compute_document(plan_2024)
    keys = {i.pk: i.key for i in result.indicators}
    expected = {keys[pk] for pk in result.expected_early}
    # Of the three groups the planners call early, schools (8) are so by the 2024 plan (84 %) alone.
    assert "8" in expected and expected <= ACHIEVED_EARLY
    client.force_login(reviewer)
    html = client.get(reverse("document", args=[plan_2024.slug])).content.decode()
    assert "Dự kiến đạt sớm" in html
    report = indicator_report(user=reviewer, document=plan_2024, period=parse_period("2024"), on=date(2024, 12, 31))
    texts = {cell.text for row in report.table.rows for cell in row.cells if cell is not None}
    assert "Dự kiến đạt sớm" in texts and "Chưa xác định" not in texts
