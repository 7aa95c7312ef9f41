"""An indicator in two plans is reported once (issue 10, item 5).

In the demo the planning department has confirmed, among others, two series Sở Y tế leads in both plan 183 and
the 2024 plan (`Tỷ lệ chất thải y tế được xử lý...`, `Số giường bệnh/vạn dân`), and left two links proposed
(`Số bác sĩ/vạn dân`, `Xã, phường đạt chuẩn quốc gia về y tế`). A new round asks Sở Y tế once per confirmed
series, on the 2024 plan's row; accepting the report writes the value for the rows of both plans.
"""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from planwatch.audit.models import AuditEntry
from planwatch.registry.models import IndicatorValue
from planwatch.reporting.acceptance import CREATE, DELETE, UPDATE, acceptance_preview
from planwatch.reporting.models import IndicatorLine, SharedLine
from planwatch.reporting.services import content_of, report_save, report_transition
from planwatch.series.models import SeriesMember

from .conftest import hanoi
from .test_accept_confirmation import accept, submitted

pytestmark = pytest.mark.django_db

SHARED_NOTE = "Số liệu dùng chung cho: KH 183/KH-UBND; KH năm 2024"


def series_pairs(agency, plan_183, plan_2024, status):
    """(2024 plan row, plan 183 row) of each series `agency` leads in both plans, the 183 row's link `status`."""
    pairs = []
    for old in SeriesMember.objects.filter(
        indicator__document=plan_183, indicator__lead_agencies=agency, status=status,
    ).select_related("indicator"):
        new = SeriesMember.objects.filter(
            series_id=old.series_id, indicator__document=plan_2024, indicator__lead_agencies=agency,
            status=SeriesMember.Status.CONFIRMED,
        ).select_related("indicator").first()
        if new is not None:
            pairs.append((new.indicator, old.indicator))
    return pairs


@pytest.fixture
def confirmed_pairs(health, plan_183, plan_2024):
    pairs = series_pairs(health, plan_183, plan_2024, SeriesMember.Status.CONFIRMED)
    assert len(pairs) >= 2, "the demo confirms Sở Y tế's medical waste and hospital bed series"
    return pairs


@pytest.fixture
def proposed_pairs(health, plan_183, plan_2024):
    pairs = series_pairs(health, plan_183, plan_2024, SeriesMember.Status.PROPOSED)
    assert pairs, "the demo leaves Sở Y tế's doctors per 10.000 people link proposed"
    return pairs


def lines_by_indicator(report):
    return {line.indicator_id: line for line in report.indicator_lines.all()}


def test_a_confirmed_series_is_asked_once_on_the_newest_plan_s_row(health_report, confirmed_pairs):
    lines = lines_by_indicator(health_report)
    for new, old in confirmed_pairs:
        assert new.pk in lines and old.pk not in lines
        assert list(lines[new.pk].also_for.values_list("pk", flat=True)) == [old.pk]
    # The order stays a sequence: no gaps where the rows asked elsewhere would have been.
    orders = sorted(line.order for line in lines.values())
    assert orders == list(range(1, len(orders) + 1))


def test_a_row_whose_link_is_only_proposed_is_asked_separately(health_report, proposed_pairs):
    lines = lines_by_indicator(health_report)
    for new, old in proposed_pairs:
        assert new.pk in lines and old.pk in lines
        assert not SharedLine.objects.filter(line__in=[lines[new.pk], lines[old.pk]]).exists()


def test_rows_in_units_that_differ_are_asked_separately(q2_round, plan_183, plan_2024):
    """Investment: `1.000 tỷ đ.` in the 2024 plan, `triệu tỷ đồng` in plan 183, confirmed as one series."""
    from planwatch.registry.models import Agency

    planning = Agency.objects.get(name="Sở Kế hoạch và Đầu tư")
    pairs = [(new, old) for new, old in series_pairs(planning, plan_183, plan_2024, SeriesMember.Status.CONFIRMED)
             if new.unit != old.unit and new.unit and old.unit]
    assert pairs
    lines = lines_by_indicator(q2_round.reports.get(agency=planning))
    for new, old in pairs:
        assert new.pk in lines and old.pk in lines


def test_the_report_page_shows_a_shared_line_once_with_the_plans_it_counts_for(
    client, officer, health_report, confirmed_pairs, plan_183, plan_2024,
):
    client.force_login(officer)
    html = client.get(reverse("reporting:report", args=[health_report.pk])).content.decode()
    section = html[html.index('id="indicators"'):]
    for new, old in confirmed_pairs:
        rows = re.findall(rf'<tr data-indicator="{re.escape(new.key)}" data-document="{plan_2024.slug}".*?</tr>', section, re.S)
        assert len(rows) == 1 and SHARED_NOTE in rows[0]
        assert f'data-indicator="{old.key}" data-document="{plan_183.slug}"' not in section
    assert section.count(SHARED_NOTE) == len(confirmed_pairs)


def test_accepting_writes_the_value_for_every_member_and_the_preview_says_so(
    client, officer, head, reviewer, health_report, confirmed_pairs,
):
    new, old = confirmed_pairs[0]
    line = health_report.indicator_lines.get(indicator=new)
    report = submitted(health_report, officer, head, **{f"i{line.pk}": {"value": "98,5", "kind": "actual"}})

    preview = acceptance_preview(report)
    rows = {row.indicator.pk: row for row in preview.values if row.line.pk == line.pk}
    assert {pk: row.change for pk, row in rows.items()} == {new.pk: CREATE, old.pk: CREATE}
    assert rows[old.pk].shared and not rows[new.pk].shared
    client.force_login(reviewer)
    html = client.get(reverse("reporting:report-accept", args=[report.pk])).content.decode()
    assert f'<tr class="change-create" data-indicator="{old.pk}">' in html

    assert accept(client, report, version=report.version, confirm="on").status_code == 302
    for indicator in (new, old):
        value = IndicatorValue.objects.get(indicator=indicator, period="2024-Q2")
        assert (value.text, value.kind) == ("98,5", IndicatorValue.Kind.ACTUAL)
        assert AuditEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(IndicatorValue), object_id=str(value.pk),
        ).exists()
    share = SharedLine.objects.get(line=line, indicator=old)
    assert share.recorded_value == IndicatorValue.objects.get(indicator=old, period="2024-Q2")

    # Reopened and corrected: the plan 183 row's value is updated, not doubled; then emptied, it is removed.
    report_transition(report=report, action="reopen", actor=reviewer, reason="Số liệu chưa chính xác")
    report.refresh_from_db()
    report = submitted(report, officer, head, **{f"i{line.pk}": {"value": "99"}})
    assert {row.indicator.pk: row.change for row in acceptance_preview(report).values if row.line.pk == line.pk} == {
        new.pk: UPDATE, old.pk: UPDATE,
    }
    report_transition(report=report, action="accept", actor=reviewer)
    assert list(IndicatorValue.objects.filter(indicator=old, period="2024-Q2").values_list("text", flat=True)) == ["99"]

    report_transition(report=report, action="reopen", actor=reviewer, reason="Chưa có số liệu")
    report.refresh_from_db()
    report = submitted(report, officer, head, **{f"i{line.pk}": {"value": ""}})
    changes = {row.indicator.pk: row.change for row in acceptance_preview(report).values if row.line.pk == line.pk}
    assert changes == {new.pk: DELETE, old.pk: DELETE}
    report_transition(report=report, action="accept", actor=reviewer)
    assert not IndicatorValue.objects.filter(indicator__in=[new, old], period="2024-Q2").exists()


def test_a_link_rejected_after_the_round_opened_writes_nothing_for_that_row(
    officer, head, reviewer, health_report, confirmed_pairs,
):
    from planwatch.series.services import series_reject

    new, old = confirmed_pairs[0]
    line = health_report.indicator_lines.get(indicator=new)
    series_reject(member=old.series_member, actor=reviewer)
    report = submitted(health_report, officer, head, **{f"i{line.pk}": {"value": "97"}})
    assert [row.indicator.pk for row in acceptance_preview(report).values if row.line.pk == line.pk] == [new.pk]
    report_transition(report=report, action="accept", actor=reviewer)
    assert IndicatorValue.objects.filter(indicator=new, period="2024-Q2").exists()
    assert not IndicatorValue.objects.filter(indicator=old, period="2024-Q2").exists()


@pytest.mark.parametrize("who, status", [("other_officer", 404), ("outsider", 404)])
def test_who_sees_the_report_is_unchanged(client, request, health_report, who, status):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("reporting:report", args=[health_report.pk])).status_code == status


def test_the_agency_still_cannot_accept_its_own_shared_values(client, officer, head, health_report, confirmed_pairs):
    new, old = confirmed_pairs[0]
    line = health_report.indicator_lines.get(indicator=new)
    report = submitted(health_report, officer, head, **{f"i{line.pk}": {"value": "98"}})
    client.force_login(officer)
    assert accept(client, report, version=report.version, confirm="on").status_code == 403
    assert not IndicatorValue.objects.filter(indicator__in=[new, old], period="2024-Q2").exists()


def test_saving_a_shared_line_keeps_one_line(officer, health_report, confirmed_pairs):
    new, _ = confirmed_pairs[0]
    line = health_report.indicator_lines.get(indicator=new)
    content = content_of(health_report)
    content[f"i{line.pk}"]["value"] = "96"
    report_save(report=health_report, actor=officer, version=health_report.version, content=content,
                at=hanoi(2024, 7, 5, 9))
    assert IndicatorLine.objects.get(pk=line.pk).value_text == "96"
