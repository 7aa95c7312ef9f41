"""The engine's results kept between requests (registry/results.py): read under the register's revision token,
renewed when a transaction that changed what the engine reads commits, never used by the transaction itself."""

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from planwatch.registry.computing import compute_document, indicator_analysis, plan_computation
from planwatch.registry.models import Indicator, IndicatorValue, RegisterRevision
from planwatch.registry.results import current_token
from planwatch.registry.services import indicator_judge

pytestmark = pytest.mark.django_db


def _token():
    return RegisterRevision.objects.get(pk=1).token


def _a_value(plan):
    return IndicatorValue.objects.filter(indicator__document=plan, low__isnull=False).order_by("pk").first()


def _renewals(callbacks):
    return [callback for callback in callbacks if callback.__name__ == "renew_tokens"]


def test_a_change_renews_the_token_once_per_transaction_when_it_commits(plan_2024, django_capture_on_commit_callbacks):
    before = _token()
    value = _a_value(plan_2024)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        value.note = "sửa lần một"
        value.save()
        value.note = "sửa lần hai"
        value.save()
        assert _token() == before  # not before the commit
    assert len(_renewals(callbacks)) == 1
    assert _token() != before


def test_a_transaction_that_changed_inputs_neither_reads_nor_keeps_results(plan_2024):
    assert current_token() is not None
    value = _a_value(plan_2024)
    value.save()
    assert current_token() is None


def test_a_rolled_back_savepoint_takes_its_pending_renewal_with_it(plan_2024):
    value = _a_value(plan_2024)
    with pytest.raises(RuntimeError), transaction.atomic():
        value.save()
        raise RuntimeError("bỏ")
    assert current_token() is not None
    assert not _renewals([func for _sids, func, _robust in connection.run_on_commit])
    value.save()  # a later change in the same transaction is pending again
    assert current_token() is None


def test_judgements_and_series_are_inputs_too(plan_2024, reviewer, django_capture_on_commit_callbacks):
    indicator = Indicator.objects.filter(document=plan_2024).first()
    with django_capture_on_commit_callbacks() as callbacks:
        indicator_judge(indicator=indicator, status="difficult", reason="chậm", actor=reviewer)
    assert len(_renewals(callbacks)) == 1


def test_the_plan_page_reads_its_results_the_second_time_without_reading_values_again(client, reviewer, plan_2024):
    client.force_login(reviewer)
    url = reverse("document", args=[plan_2024.slug])
    first = client.get(url)
    with CaptureQueriesContext(connection) as second_queries:
        second = client.get(url)
    with CaptureQueriesContext(connection) as third_queries:
        client.get(url)
    assert second.content.decode().count("badge") == first.content.decode().count("badge")
    assert len(third_queries) == len(second_queries)
    cache.clear()
    with CaptureQueriesContext(connection) as computed_queries:
        recomputed = client.get(url)
    # Computing reads the rows again with every value and judgement: more queries than reading kept results.
    assert len(computed_queries) > len(second_queries)
    assert recomputed.content == second.content or _same_but_tokens(recomputed.content, second.content)


def _same_but_tokens(a: bytes, b: bytes) -> bool:
    import re

    def strip(page):
        return re.sub(rb'(csrfmiddlewaretoken" value|nonce)="[^"]+"', b"", page)
    return strip(a) == strip(b)


def test_kept_results_equal_computed_ones(plan_2024):
    rows = list(Indicator.objects.filter(document=plan_2024).prefetch_related("targets").order_by("order"))
    load = lambda: list(Indicator.objects.filter(document=plan_2024).order_by("order"))  # noqa: E731
    computed = plan_computation(plan_2024, rows, load=lambda: _for_computing(plan_2024))
    kept = plan_computation(plan_2024, rows, load=load)  # `load` would give rows without values: must not be used
    assert kept.by_indicator == computed.by_indicator
    assert kept.group_status == computed.group_status
    assert kept.summary() == computed.summary()
    assert [w.message for w in kept.warnings] == [w.message for w in computed.warnings]


def _for_computing(document):
    from planwatch.registry.computing import indicators_for_computing

    return indicators_for_computing(document)


def test_the_indicator_page_with_kept_results_reads_one_indicator(plan_2024):
    indicator = Indicator.objects.filter(document=plan_2024, targets__isnull=False).order_by("order").first()
    fresh = indicator_analysis(indicator)
    with CaptureQueriesContext(connection) as kept_queries:
        kept = indicator_analysis(indicator)
    assert kept.computed == fresh.computed
    assert kept.series == fresh.series
    assert kept.plan_period == fresh.plan_period
    assert [w.message for w in kept.warnings] == [w.message for w in fresh.warnings]
    # The prefetch of values names the rows it reads: the indicator and its sub-rows, not the plan's 48.
    prefetch = [q["sql"] for q in kept_queries if '"registry_indicatorvalue"."indicator_id" IN (' in q["sql"]]
    assert len(prefetch) == 1
    named = prefetch[0].split('"registry_indicatorvalue"."indicator_id" IN (')[1].split(")")[0].split(",")
    assert len(named) == 1 + indicator.children.count()


def test_a_page_sees_a_change_made_in_its_own_transaction(plan_2024):
    rows = list(Indicator.objects.filter(document=plan_2024).prefetch_related("targets").order_by("order"))
    before = plan_computation(plan_2024, rows, load=lambda: _for_computing(plan_2024))
    pk = next(pk for pk, c in before.by_indicator.items() if c.status != "unknown")
    IndicatorValue.objects.filter(indicator_id=pk).delete()  # a queryset delete sends the signals too
    after = plan_computation(plan_2024, rows, load=lambda: _for_computing(plan_2024))
    assert after.by_indicator[pk] != before.by_indicator[pk]
    assert compute_document(plan_2024).by_indicator[pk] == after.by_indicator[pk]


# One token per document -------------------------------------------------------------------------------------


def _document_token(document):
    from planwatch.registry.results import document_tokens

    return document_tokens([document.pk])[document.pk]


def _unlinked_value(document):
    """A value of an indicator no series holds: its change concerns its own document only."""
    return IndicatorValue.objects.filter(
        indicator__document=document, indicator__series_member__isnull=True, low__isnull=False,
    ).order_by("pk").first()


def test_a_value_renews_its_own_documents_token_and_no_other(plan_2024, plan_183, django_capture_on_commit_callbacks):
    _document_token(plan_2024), _document_token(plan_183)  # first read gives each document a token
    mine, other = _document_token(plan_2024), _document_token(plan_183)
    with django_capture_on_commit_callbacks(execute=True):
        value = _unlinked_value(plan_2024)
        value.note = "đổi"
        value.save()
    assert _document_token(plan_2024) != mine
    assert _document_token(plan_183) == other


def test_a_value_a_series_lends_renews_every_document_holding_a_member(plan_2024, django_capture_on_commit_callbacks):
    from planwatch.series.models import SeriesMember

    member = SeriesMember.objects.select_related("series").filter(indicator__document=plan_2024).first()
    others = {m.indicator.document for m in member.series.members.select_related("indicator__document")} - {plan_2024}
    assert others, "the demo links the 2024 plan's indicators to other documents"
    before = {doc.pk: _document_token(doc) or _document_token(doc) for doc in others}
    with django_capture_on_commit_callbacks(execute=True):
        value = IndicatorValue.objects.filter(indicator=member.indicator).first() or IndicatorValue.objects.create(
            indicator=member.indicator, period="2024", kind="actual", text="1", low=1, high=1,
        )
        value.note = "đổi"
        value.save()
    assert all(_document_token(doc) != before[doc.pk] for doc in others)


def test_a_change_not_traced_to_a_document_retires_every_documents_results(plan_2024, plan_183):
    from planwatch.registry.results import documents_changed

    _document_token(plan_2024), _document_token(plan_183)
    before = (_document_token(plan_2024), _document_token(plan_183))
    documents_changed(everything=True)  # outside a transaction: renewed at once
    after = (_document_token(plan_2024), _document_token(plan_183))
    assert after[0] != before[0] and after[1] != before[1]


def test_homes_read_no_value_of_a_plan_whose_results_are_kept(plan_2024, plan_183):
    from planwatch.registry.computing import compute_documents

    indicators = Indicator.objects.filter(document__in=[plan_2024, plan_183])
    first = compute_documents(indicators, values=False)
    with CaptureQueriesContext(connection) as queries:
        again = compute_documents(indicators, values=False)
    assert not [q for q in queries if "registry_indicatorvalue" in q["sql"]]
    assert [c.group_status for c in again] == [c.group_status for c in first]
    assert [c.by_indicator for c in again] == [c.by_indicator for c in first]
    with_values = compute_documents(indicators)
    assert [c.by_indicator for c in with_values] == [c.by_indicator for c in first]


def test_a_change_to_one_plan_recomputes_that_plan_only(plan_2024, plan_183, django_capture_on_commit_callbacks):
    from planwatch.registry.computing import compute_documents

    indicators = Indicator.objects.filter(document__in=[plan_2024, plan_183])
    compute_documents(indicators, values=False)
    with django_capture_on_commit_callbacks(execute=True):
        value = _unlinked_value(plan_2024)
        value.note = "đổi"
        value.save()
    with CaptureQueriesContext(connection) as queries:
        compute_documents(indicators, values=False)
    read = [q["sql"] for q in queries if '"registry_indicatorvalue"."indicator_id" IN (' in q["sql"]]
    assert len(read) == 1
    read_ids = {int(x) for x in read[0].split('"registry_indicatorvalue"."indicator_id" IN (')[1].split(")")[0].split(",")}
    assert read_ids == set(Indicator.objects.filter(document=plan_2024).values_list("pk", flat=True))


def test_deleting_a_document_leaves_the_others_kept(plan_183, django_capture_on_commit_callbacks):
    from planwatch.registry.models import Document

    other = Document.objects.create(title="Kế hoạch thử", slug="ke-hoach-thu")
    indicator = Indicator.objects.create(document=other, key="1", name="Chỉ tiêu thử", order=1)
    IndicatorValue.objects.create(indicator=indicator, period="2024", kind="actual", text="5", low=5, high=5)
    _document_token(plan_183)
    kept = _document_token(plan_183)
    with django_capture_on_commit_callbacks(execute=True):
        other.delete()
    assert _document_token(plan_183) == kept
    assert not Document.objects.filter(pk=other.pk).exists()


def test_the_planning_home_with_kept_results_reads_only_the_values_it_charts(client, reviewer, monkeypatch):
    from planwatch.web import home

    monkeypatch.setattr(home, "BOARD_SECONDS", 0)  # the board computed each time, from the kept results
    client.force_login(reviewer)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    marker = '"registry_indicatorvalue"."indicator_id" IN ('
    read = [q["sql"].split(marker)[1].split(")")[0].split(",") for q in queries if marker in q["sql"]]
    assert read, "the charts read their rows' values"
    assert sum(len(ids) for ids in read) <= 24  # two batches of the grid's twelve at most, not the register
    assert Indicator.objects.filter(document__is_tracked=True).count() > 24


def test_the_planning_home_reads_only_rows_at_risk_and_shows_what_a_full_read_shows(client, reviewer, monkeypatch):
    from planwatch.web import home

    monkeypatch.setattr(home, "BOARD_SECONDS", 0)  # the board computed each time, from the kept results
    client.force_login(reviewer)
    cache.clear()
    cold = client.get(reverse("home")).content  # every plan computed, every row read
    with CaptureQueriesContext(connection) as queries:
        warm = client.get(reverse("home")).content
    assert _same_but_tokens(cold, warm)
    rows = [q["sql"] for q in queries if q["sql"].startswith('SELECT "registry_indicator"."id", "registry_indicator"."search_key"')]
    assert len(rows) == 1 and '"registry_indicator"."id" IN (' in rows[0]
    read = rows[0].split('"registry_indicator"."id" IN (')[1].split(")")[0].split(",")
    assert 0 < len(read) < Indicator.objects.filter(document__is_tracked=True).count() / 2


# Computed again once a change commits (registry/warming.py results_refresh_later) ---------------------------------


def _commit(callbacks):
    """Run the captured callbacks as a commit runs them: the transaction's changes over, its pending renewal gone
    (Django empties `run_on_commit` before it calls what was on it)."""
    connection.run_on_commit = []
    for callback in callbacks:
        callback()


@pytest.fixture
def refreshing(settings):
    # The worker's path: the suite's huey runs a queued task at once, in this thread and transaction.
    settings.PLANWATCH_RESULTS_REFRESH = True
    settings.PLANWATCH_JOBS, settings.REDIS_URL = "worker", "redis://127.0.0.1:6379/9"


def _doubled(value):
    value.low, value.high = value.low * 2, (value.high or value.low) * 2
    value.text = str(value.low).replace(".", ",")
    value.save()


def test_a_committed_change_to_a_plan_computes_it_again_before_anyone_reads_it(
    plan_2024, plan_183, refreshing, django_capture_on_commit_callbacks,
):
    from planwatch.registry.computing import indicators_for_computing
    from planwatch.registry.results import kept_results

    rows = list(Indicator.objects.filter(document=plan_2024).values_list("pk", flat=True))
    other_rows = list(Indicator.objects.filter(document=plan_183).values_list("pk", flat=True))
    value = _unlinked_value(plan_2024)
    with django_capture_on_commit_callbacks() as callbacks:
        _doubled(value)
    cache.clear()
    _commit(callbacks)

    token = _document_token(plan_2024)
    kept = kept_results(token, document_id=plan_2024.pk, indicator_ids=rows)
    assert kept is not None, "the changed plan is computed and kept under its new token"
    fresh = compute_document(plan_2024, list(indicators_for_computing(plan_2024)))
    assert kept.by_indicator[value.indicator_id] == fresh.by_indicator[value.indicator_id]
    assert kept.group_status == fresh.group_status
    # Only the plan that changed: the other one is left to its next reader.
    assert kept_results(_document_token(plan_183), document_id=plan_183.pk, indicator_ids=other_rows) is None


def _kept_after_a_committed_change(plan, callbacks_fixture):
    from planwatch.registry.results import kept_results

    rows = list(Indicator.objects.filter(document=plan).values_list("pk", flat=True))
    with callbacks_fixture() as callbacks:
        _doubled(_unlinked_value(plan))
    cache.clear()
    _commit(callbacks)
    return kept_results(_document_token(plan), document_id=plan.pk, indicator_ids=rows)


def test_nothing_is_computed_after_a_commit_with_the_refresh_off(
    plan_2024, refreshing, settings, django_capture_on_commit_callbacks,
):
    settings.PLANWATCH_RESULTS_REFRESH = False
    assert _kept_after_a_committed_change(plan_2024, django_capture_on_commit_callbacks) is None


def test_a_plan_not_tracked_is_not_computed_after_a_change(
    plan_2024, refreshing, django_capture_on_commit_callbacks,
):
    from planwatch.registry.models import Document

    Document.objects.filter(pk=plan_2024.pk).update(is_tracked=False)
    assert _kept_after_a_committed_change(plan_2024, django_capture_on_commit_callbacks) is None
