from decimal import Decimal

from planwatch.portal import selectors
from planwatch.registry.models import Agency, Indicator, Judgement
from planwatch.registry.services import indicator_judge


def card_of(board, key):
    return next(card for card in board.cards if card.indicator.key == key)


def test_published_plans_are_the_published_tracked_plans_with_their_summary(plan_2024, plan_183_unpublished):
    plans = dict(selectors.published_plans())
    assert plan_2024 in plans and plan_183_unpublished not in plans
    summary = dict(plans[plan_2024])
    # The 2024 plan's own finding: four groups very challenging (GRDP growth, per capita, investment, productivity).
    assert summary["very_challenging"] == 4
    assert sum(summary.values()) == Indicator.objects.filter(document=plan_2024, parent=None).count()


def test_the_plan_board_gives_each_indicator_its_status_reason_and_chart(plan_2024):
    board = selectors.plan_board(plan_2024)
    grdp = card_of(board, "1")
    assert grdp.indicator.name == "Tăng trưởng GRDP trung bình"
    assert grdp.status == "very_challenging"
    assert "13,07" in grdp.reason
    assert grdp.chart.startswith("<svg") and 'class="band"' in grdp.chart  # the target band is drawn
    assert [a.short_name or a.name for a in grdp.agencies] == ["Sở KH&ĐT"]
    assert grdp.latest.low == Decimal("6.27") and grdp.latest_label == "TH 2023"
    assert len(board.cards) == Indicator.objects.filter(document=plan_2024).count()


def test_a_judgement_reason_keeps_its_date_but_not_its_author(plan_2024, reviewer):
    reviewer.first_name, reviewer.last_name = "Kiểm", "Nguyễn Thị"
    reviewer.save()
    poverty = Indicator.objects.get(document=plan_2024, key="12")
    indicator_judge(indicator=poverty, status=Judgement.Status.ON_TRACK, reason="tỷ lệ hộ nghèo còn 0,03%",
                    actor=reviewer)
    card = card_of(selectors.plan_board(plan_2024), "12")
    assert card.status == "on_track"
    assert "tỷ lệ hộ nghèo còn 0,03%" in card.reason and "/20" in card.reason
    assert "Nguyễn Thị Kiểm" not in card.reason and reviewer.username not in card.reason


def test_units_are_the_lead_agencies_of_published_plans_only(plan_2024, plan_183, reviewer):
    units = {agency.short_name or agency.name: agency for agency in selectors.published_units()}
    planning = units["Sở KH&ĐT"]
    assert planning.indicator_count == Indicator.objects.filter(
        lead_agencies=planning, document__in=[plan_2024, plan_183]).count()
    from planwatch.portal.services import document_unpublish

    document_unpublish(document=plan_2024, user=reviewer)
    document_unpublish(document=plan_183, user=reviewer)
    assert selectors.published_units() == []
    assert Agency.objects.exists()


def test_a_unit_board_holds_only_the_indicators_it_leads(plan_2024):
    planning = Agency.objects.get(short_name="Sở KH&ĐT")
    boards = dict(selectors.unit_boards(planning))
    assert plan_2024 in boards
    assert all(planning in card.agencies for card in boards[plan_2024])
    assert "1" in {card.indicator.key for card in boards[plan_2024]}


def test_values_from_an_unpublished_document_are_not_named(plan_2024, plan_183_unpublished):
    board = selectors.plan_board(plan_183_unpublished)
    published = selectors.published_ids()
    items = [item for card in board.cards for item in selectors.indicator_values(card, published=published)]
    # Plan 183 holds no values of its own: what it shows is lent by the 2024 plan's series (published) and
    # accepted reports (no document).
    assert items and {item.source_document for item in items} - {None} == {plan_2024}
    board = selectors.plan_board(plan_2024)
    for card in board.cards:
        for item in selectors.indicator_values(card, published=published):
            assert item.source_document is None or item.source_document.pk in published
            assert str(plan_183_unpublished) not in item.source
