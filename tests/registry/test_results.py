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
    return [callback for callback in callbacks if callback.__name__ == "_revision_renew"]


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
