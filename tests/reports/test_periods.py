"""Any period: the columns follow the reporting period, and later values of record replace the plan's."""

from decimal import Decimal

import pytest

from planwatch import engine
from planwatch.registry.models import IndicatorValue
from planwatch.reports.periods import ReportError, default_period
from planwatch.reports.selectors import document_report

pytestmark = pytest.mark.django_db


def record(indicator, period, kind, text, number):
    """A value of record from a reporting round: no source document, recorded after the plan's."""
    return IndicatorValue.objects.create(indicator=indicator, period=period, kind=kind, text=text, op="eq",
                                         low=Decimal(number), high=Decimal(number), source_note="Đợt báo cáo")


def labels(report):
    return report.tables[0].column_labels()


def cell(report, key, column):
    table = report.tables[0]
    return table.row(key).cells[table.column_index(column)]


def test_a_half_year_report_adds_the_period_column(reviewer, plan_2024):
    grdp = plan_2024.indicators.get(key="1")
    record(grdp, "2024-H1", "estimate", "6,0", "6.0")
    report = document_report(user=reviewer, document=plan_2024, period="2024-H1", appendix="indicators")
    assert "TH kỳ báo cáo 6 tháng đầu năm 2024" in labels(report)
    found = cell(report, "1", "period")
    assert found.number == Decimal("6.0") and found.text == "6,0" and found.italic  # an estimate
    assert cell(report, "1", "plan").text == "6,5-7,0"


def test_next_year_counts_the_actual_of_record(reviewer, plan_2024):
    grdp = plan_2024.indicators.get(key="1")
    record(grdp, "2024", "actual", "6,52", "6.52")
    report = document_report(user=reviewer, document=plan_2024, period="2025", appendix="indicators")
    assert {"Thực hiện: TH 2024", "Thực hiện: 2021-2024", "KH 2025"} <= set(labels(report))
    assert cell(report, "1", "year:2024").number == Decimal("6.52")
    rates = [Decimal(x) for x in ("2.97", "8.95", "6.27", "6.52")]
    so_far = cell(report, "1", "sofar")
    assert so_far.italic and so_far.number == engine.display(engine.growth_average(rates), 2)
    needed = engine.required_growth(Decimal("7.5"), 5, rates, 1)
    assert cell(report, "1", "computed").number == engine.display(needed, 2)
    assert cell(report, "1", "required:2025").text == "> 13,07"  # the document's figure stays beside it


def test_a_later_actual_replaces_the_printed_one(reviewer, plan_2024):
    grdp = plan_2024.indicators.get(key="1")
    record(grdp, "2023", "actual", "6,3", "6.3")
    report = document_report(user=reviewer, document=plan_2024, period="2024", appendix="indicators")
    assert cell(report, "1", "year:2023").text == "6,3"


def test_a_narrative_figure_does_not_replace_the_table(reviewer, plan_2024):
    # Appendix 01a writes 13,06 for what 2025 must reach; the table (01b) has > 13,07.
    assert IndicatorValue.objects.filter(indicator__document=plan_2024, part__gt="").exists()
    report = document_report(user=reviewer, document=plan_2024, period="2024", appendix="indicators")
    assert cell(report, "1", "required:2025").text == "> 13,07"


@pytest.mark.parametrize("period", ["2021-2023", "2024-Q5", "năm nay", ""])
def test_a_period_that_is_not_one_is_refused(reviewer, plan_2024, period):
    with pytest.raises(ReportError):
        document_report(user=reviewer, document=plan_2024, period=period)


def test_the_default_period_is_the_year_after_the_latest_actual(plan_2024, plan_183):
    assert default_period(plan_2024) == "2024"
    assert default_period(plan_183) in {str(y) for y in range(2021, 2026)}


def test_a_year_report_shows_the_year_estimate_once_reported(reviewer, plan_2024):
    before = document_report(user=reviewer, document=plan_2024, period="2024", appendix="indicators")
    assert not any(label.startswith("TH kỳ báo cáo") for label in labels(before))  # as appendix 01b
    record(plan_2024.indicators.get(key="1"), "2024", "estimate", "6,52", "6.52")
    after = document_report(user=reviewer, document=plan_2024, period="2024", appendix="indicators")
    assert "TH kỳ báo cáo năm 2024" in labels(after)
    assert cell(after, "1", "period").number == Decimal("6.52") and cell(after, "1", "period").italic
    # The year's estimate now stands for 2024: 2025 alone must reach 1,075^5 / (... x 1,0652) - 1.
    rates = [Decimal(x) for x in ("2.97", "8.95", "6.27", "6.52")]
    assert cell(after, "1", "computed").number == engine.display(engine.required_growth(Decimal("7.5"), 5, rates, 1), 2)
