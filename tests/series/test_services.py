"""Series services on the demo register: proposing, confirming, rejecting, linking by hand, each with its trail;
and the values of record an indicator takes from its series."""

from decimal import Decimal

import pytest

from planwatch.audit.selectors import audit_entries_for
from planwatch.registry.computing import compute_document
from planwatch.registry.models import Document, IndicatorValue
from planwatch.registry.services import plan_save
from planwatch.series.models import SeriesMember
from planwatch.series.selectors import attach_series_values
from planwatch.series.services import SeriesError, series_confirm, series_link, series_propose, series_reject

pytestmark = pytest.mark.django_db


def row(plan, key):
    return plan.indicators.select_related("parent").get(key=key)


def member(plan, key) -> SeriesMember:
    return SeriesMember.objects.select_related("series").get(indicator__document=plan, indicator__key=key)


def status_of(plan, key) -> str:
    result = compute_document(Document.objects.get(pk=plan.pk))
    indicator = next(i for i in result.indicators if i.key == key)
    return result.row_status(indicator)[0]


def test_proposing_again_proposes_nothing_new(plan_183, reviewer):
    assert series_propose(document=plan_183, actor=reviewer) == []


def test_a_new_document_is_proposed_into_the_series_of_the_others(plan_183, plan_2024, reviewer):
    plan_save(data={
        "format": "planwatch/1",
        "document": {"id": "kh-2025-thu", "number": "9/KH-UBND", "kind": "plan", "title": "Kế hoạch năm 2025",
                     "date": "2025-01-10", "period": "2025-2025"},
        "indicators": [
            {"key": "1", "code": "1", "name": "Tốc độ tăng trưởng GRDP", "unit": "%", "measure": "growth_average"},
            {"key": "2", "code": "2", "name": "Tỷ lệ vận tải hành khách công cộng", "unit": "%"},
            {"key": "3", "code": "3", "name": "Số km đường sắt đô thị khai thác", "unit": "km"},
        ],
        "tasks": [],
    }, actor=reviewer)
    document = Document.objects.get(slug="kh-2025-thu")
    proposed = series_propose(document=document, actor=reviewer)
    assert {(m.indicator.key, m.status) for m in proposed} == {("1", "proposed"), ("2", "proposed")}
    grdp = next(m for m in proposed if m.indicator.key == "1")
    assert grdp.series == member(plan_2024, "1").series and grdp.score >= Decimal("0.8")
    assert grdp.basis["unit"] == "same" and grdp.basis["same_measure"]
    (entry,) = audit_entries_for(grdp).filter(field="status")
    assert entry.action == "create" and entry.new_value == "proposed" and entry.actor == reviewer
    assert "đề xuất chuỗi chỉ tiêu" in entry.reason


def test_confirming_a_link_judges_the_row_from_its_series(plan_183, reviewer):
    doctors = member(plan_183, "9.1")
    assert doctors.status == "proposed"
    assert status_of(plan_183, "9.1") == "unknown"
    series_confirm(member=doctors, actor=reviewer)
    doctors.refresh_from_db()
    assert (doctors.status, doctors.confirmed_by, doctors.decided_at is not None) == ("confirmed", reviewer, True)
    (entry,) = audit_entries_for(doctors).filter(field="status", action="update")
    assert (entry.old_value, entry.new_value, entry.actor) == ("proposed", "confirmed", reviewer)
    # 16,2 doctors per 10.000 people in 2023 (the 2024 plan) against 15 in 2025.
    assert status_of(plan_183, "9.1") == "achieved_early"


def test_a_decided_link_cannot_be_confirmed_again(plan_183, reviewer):
    with pytest.raises(SeriesError, match="đang đề xuất"):
        series_confirm(member=member(plan_183, "17"), actor=reviewer)


def test_rejecting_a_link_stops_sharing_and_proposing(plan_183, reviewer):
    transport = member(plan_183, "17")
    assert status_of(plan_183, "17") == "difficult"
    series_reject(member=transport, actor=reviewer)
    transport.refresh_from_db()
    assert transport.status == "rejected"
    assert audit_entries_for(transport).filter(field="status", new_value="rejected", actor=reviewer).exists()
    assert status_of(plan_183, "17") == "unknown"
    assert series_propose(document=plan_183, actor=reviewer) == []
    with pytest.raises(SeriesError, match="đã bị bác bỏ"):
        series_reject(member=transport, actor=reviewer)


def test_a_link_made_by_hand_moves_the_row_and_confirms_it(plan_183, plan_2024, reviewer):
    """GRDP per head: plan 183 states it in USD, the 2024 plan in million đồng with a sub-row in USD."""
    per_head = row(plan_183, "3")
    assert member(plan_183, "3").series == member(plan_2024, "3").series  # proposed beside the million-đồng row
    in_usd = row(plan_2024, "3.1")
    linked = series_link(indicator=per_head, other=in_usd, actor=reviewer)
    assert linked.indicator == per_head and linked.status == "confirmed" and linked.basis == {"manual": True}
    assert linked.series == SeriesMember.objects.get(indicator=in_usd).series
    assert audit_entries_for(linked).filter(field="series", actor=reviewer).exists()
    # 6.350 USD in 2023 against 8.300-8.500 in 2025.
    assert status_of(plan_183, "3") not in ("", "unknown")


@pytest.mark.parametrize("case, message", [
    ("itself", "chính nó"),
    ("same document", "cùng một văn bản"),
    ("confirmed elsewhere", "chuỗi khác"),
])
def test_a_link_that_cannot_be_is_refused(plan_183, plan_2024, reviewer, case, message):
    grdp = row(plan_183, "1")
    other = {"itself": grdp, "same document": row(plan_183, "17"), "confirmed elsewhere": row(plan_2024, "17")}[case]
    with pytest.raises(SeriesError, match=message):
        series_link(indicator=grdp, other=other, actor=reviewer)


def test_a_row_without_a_series_starts_one_when_linked(plan_183, plan_2024, reviewer):
    members = SeriesMember.objects.count()
    party = row(plan_183, "18")
    workers = row(plan_2024, "10")  # any row outside a series would do; take one, then free it
    SeriesMember.objects.filter(indicator=workers).delete()
    linked = series_link(indicator=party, other=workers, actor=reviewer)
    assert SeriesMember.objects.get(indicator=workers).series == linked.series
    assert linked.series.name == workers.name
    assert SeriesMember.objects.count() == members + 1


# Values of record taken from the series -------------------------------------------------------------------


def indicators_with_values(plan, *keys):
    return list(plan.indicators.filter(key__in=keys).prefetch_related("values").order_by("order"))


def test_a_row_takes_the_actuals_and_estimates_of_its_series(plan_183):
    (beds,) = indicators_with_values(plan_183, "9")
    attach_series_values([beds])
    taken = {(b.value.period, b.value.kind) for b in beds.series_values}
    assert ("2023", "actual") in taken and ("2024-H1", "estimate") in taken
    assert not any(kind in ("plan", "required") for _period, kind in taken)
    assert all(b.document.slug == "kh-ubnd-2024-chi-tieu-dai-hoi-xvii" for b in beds.series_values)


def test_its_own_values_win(plan_183, reviewer):
    (beds,) = indicators_with_values(plan_183, "9")
    IndicatorValue.objects.create(indicator=beds, period="2023", kind="estimate", op="eq", low=Decimal("35"),
                                  high=Decimal("35"), text="35", source_document=plan_183)
    (beds,) = indicators_with_values(plan_183, "9")
    attach_series_values([beds])
    assert not [b for b in beds.series_values if b.value.period == "2023"]
    assert [b for b in beds.series_values if b.value.period == "2022"]


def test_figures_are_read_in_the_row_s_own_unit(plan_183):
    """Social investment: 3,1-3,2 triệu tỷ đồng in plan 183; 409, 463, 506 (1.000 tỷ đ.) in the 2024 plan."""
    (investment,) = indicators_with_values(plan_183, "4")
    attach_series_values([investment])
    by_year = {b.value.period: b for b in investment.series_values}
    assert by_year["2021"].converted and by_year["2021"].quantity.low == Decimal("0.409")
    assert by_year["2021"].value.text == "409"
    assert status_of(plan_183, "4") == "very_challenging"


def test_a_unit_that_does_not_convert_lends_nothing(plan_183, plan_2024, reviewer):
    per_head = row(plan_183, "3")  # USD
    series_link(indicator=per_head, other=row(plan_2024, "3"), actor=reviewer)  # million đồng, confirmed by hand
    (per_head,) = indicators_with_values(plan_183, "3")
    attach_series_values([per_head])
    assert per_head.series_values == []


def test_taking_values_costs_one_query_for_any_number_of_rows(plan_183, django_assert_num_queries):
    """Two when the memberships were not read with the indicators (registry.computing reads them)."""
    rows = list(plan_183.indicators.select_related("series_member").prefetch_related("values"))
    with django_assert_num_queries(1):
        attach_series_values(rows)
    assert sum(1 for indicator in rows if indicator.series_values) > 20
    rows = list(plan_183.indicators.prefetch_related("values"))
    with django_assert_num_queries(2):
        attach_series_values(rows)
