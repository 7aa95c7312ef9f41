"""The planning department's home over the summaries kept beside each plan's results (registry/results.py
`ResultsSummary`, issue 14): the same page computed cold, from the full results kept and from the summaries; a
change renews one plan's summary only; with every summary kept, full results are read only for the plans whose
rows the page reads."""

import re
from contextlib import contextmanager
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.urls import reverse

from planwatch import engine
from planwatch.registry import results as kept
from planwatch.registry.computing import PLAN_ORDER, compute_document
from planwatch.registry.models import Document, Indicator, IndicatorValue
from planwatch.registry.results import document_tokens, kept_summaries_of
from planwatch.web import home

pytestmark = pytest.mark.django_db

TODAY = date(2025, 1, 15)


def _wanted() -> dict[int, tuple[str | None, list[int]]]:
    """Every tracked plan -> (its token, its rows), in the home's order: what the planning department's home reads."""
    ids: dict[int, list[int]] = {}
    tracked = Indicator.objects.filter(document__is_tracked=True).order_by(*PLAN_ORDER)
    for pk, document_id in tracked.values_list("pk", "document_id"):
        ids.setdefault(document_id, []).append(pk)
    tokens = document_tokens(ids)
    return {pk: (tokens[pk], rows) for pk, rows in ids.items()}


def _summaries():
    return kept_summaries_of(_wanted())


def _key(kind: str, document_id: int, wanted) -> str:
    token, ids = wanted[document_id]
    return kept._key(token, document_id, ids, None, kind)


def _drop(kind: str, document_ids=None) -> None:
    wanted = _wanted()
    cache.delete_many([_key(kind, pk, wanted) for pk in (wanted if document_ids is None else document_ids)])


def _seen(page: home.PlanningHome) -> tuple:
    """Everything of the planning home that comes from the engine: counts, the rows listed in their order, the
    total, the charts in their order."""
    return (
        page.status_counts,
        [(row.indicator.pk, row.status, row.expected_early, row.indicator.name) for row in page.at_risk],
        page.at_risk_total,
        [(card.indicator.pk, card.status, str(card.chart)) for card in page.trajectories],
    )


def _without_tokens(page: bytes) -> bytes:
    return re.sub(rb'(csrfmiddlewaretoken" value|nonce)="[^"]+"', b"", page)


@pytest.fixture(params=["as shipped", "small caps"])
def caps(request, monkeypatch):
    """The home's own caps, and caps small enough that on the demo some plans have no row shown at all."""
    if request.param == "small caps":
        monkeypatch.setattr(home, "AT_RISK_SHOWN", 3)
        monkeypatch.setattr(home, "TRAJECTORIES", 1)
    return request.param


def test_the_planning_home_is_the_same_computed_cold_from_full_results_and_from_summaries(reviewer, caps):
    cache.clear()
    cold = home.planning_home(user=reviewer, today=TODAY)
    wanted = _wanted()
    assert set(_summaries()) == set(wanted), "computing a plan keeps its summary beside its results"
    from_summaries = home.planning_home(user=reviewer, today=TODAY)
    _drop("summary")
    assert _summaries() == {}
    from_results = home.planning_home(user=reviewer, today=TODAY)  # today's path, and the summaries kept again
    assert set(_summaries()) == set(wanted)
    again = home.planning_home(user=reviewer, today=TODAY)
    assert _seen(cold)[2] > 0 and _seen(cold)[3], "the demo has rows at risk and charts"
    assert _seen(from_summaries) == _seen(cold)
    assert _seen(from_results) == _seen(cold)
    assert _seen(again) == _seen(cold)


def test_the_rendered_planning_home_is_the_same_whatever_is_kept(client, reviewer, caps):
    client.force_login(reviewer)
    cache.clear()
    cold = client.get(reverse("home")).content
    from_summaries = client.get(reverse("home")).content
    _drop("summary")
    from_results = client.get(reverse("home")).content
    assert _without_tokens(from_summaries) == _without_tokens(cold)
    assert _without_tokens(from_results) == _without_tokens(cold)


def test_a_plan_whose_full_results_were_evicted_alone_is_computed_again(reviewer, caps):
    cache.clear()
    cold = home.planning_home(user=reviewer, today=TODAY)
    shown = {row.indicator.document_id for row in cold.at_risk} | {c.indicator.document_id for c in cold.trajectories}
    _drop("results", shown)  # their summaries stay
    assert _seen(home.planning_home(user=reviewer, today=TODAY)) == _seen(cold)
    wanted = _wanted()
    assert all(cache.get(_key("results", pk, wanted)) is not None for pk in shown), "kept again"


def _a_row_at_risk_of_its_own(document: Document) -> Indicator:
    """A row of the plan the engine judges at risk, that no series holds (its change concerns its plan alone)."""
    computation = compute_document(document)
    alone = set(Indicator.objects.filter(document=document, series_member__isnull=True).values_list("pk", flat=True))
    return next(
        row for row in computation.indicators
        if row.pk in alone and row.targets.all() and IndicatorValue.objects.filter(indicator=row).exists()
        and getattr(computation.by_indicator.get(row.pk), "status", None) in home.AT_RISK
    )


@contextmanager
def _committed(django_capture_on_commit_callbacks):
    """Changes made as in a transaction that commits: the tokens are renewed, then the connection starts afresh
    as Django leaves it after a commit (a new list of on-commit hooks), so that the test, which never commits,
    reads and keeps results under the new tokens instead of seeing its own pending change."""
    with django_capture_on_commit_callbacks(execute=True):
        yield
    connection.run_on_commit = []


def test_a_value_change_renews_that_plan_s_summary_and_no_other(
    reviewer, plan_2024, django_capture_on_commit_callbacks,
):
    home.planning_home(user=reviewer, today=TODAY)
    before, tokens_before = _summaries(), {pk: token for pk, (token, _ids) in _wanted().items()}
    row = _a_row_at_risk_of_its_own(plan_2024)
    with _committed(django_capture_on_commit_callbacks):
        IndicatorValue.objects.filter(indicator=row).delete()  # a queryset delete sends the signals too
    assert all(tokens_before.values()) and all(token for token, _ids in _wanted().values())
    home.planning_home(user=reviewer, today=TODAY)
    after, tokens_after = _summaries(), {pk: token for pk, (token, _ids) in _wanted().items()}
    assert set(after) == set(before)
    assert tokens_after[plan_2024.pk] != tokens_before[plan_2024.pk]
    assert before[plan_2024.pk].statuses[row.pk] in home.AT_RISK
    assert after[plan_2024.pk].statuses.get(row.pk) == engine.UNKNOWN
    assert after[plan_2024.pk] != before[plan_2024.pk]
    others = [pk for pk in before if pk != plan_2024.pk]
    assert others
    assert {pk: tokens_after[pk] for pk in others} == {pk: tokens_before[pk] for pk in others}
    assert {pk: after[pk] for pk in others} == {pk: before[pk] for pk in others}


class _Recording:
    """The cache, noting the keys read."""

    def __init__(self, inner):
        self.inner, self.read = inner, []

    def get(self, key, *args, **kwargs):
        self.read.append(key)
        return self.inner.get(key, *args, **kwargs)

    def get_many(self, keys, *args, **kwargs):
        self.read += list(keys)
        return self.inner.get_many(keys, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def _documents_read(keys: list[str], kind: str) -> list[int]:
    return [int(key.split(":")[3]) for key in keys if key.startswith(f"planwatch:{kind}:")]


def test_with_every_summary_kept_the_home_reads_full_results_only_of_plans_whose_rows_it_reads(
    reviewer, caps, monkeypatch,
):
    cache.clear()
    cold = home.planning_home(user=reviewer, today=TODAY)
    wanted = _wanted()
    rows_read = home._rows_shown(_summaries(), {pk: ids for pk, (_token, ids) in wanted.items()})
    plans_of_rows = set(Indicator.objects.filter(pk__in=rows_read).values_list("document_id", flat=True))
    recording = _Recording(cache)
    monkeypatch.setattr(kept, "cache", recording)
    page = home.planning_home(user=reviewer, today=TODAY)
    assert _seen(page) == _seen(cold)
    summaries_read = _documents_read(recording.read, "summary")
    full_read = _documents_read(recording.read, "results")
    assert sorted(summaries_read) == sorted(wanted)  # every plan's summary, once
    assert len(full_read) == len(set(full_read))
    shown = {row.indicator.document_id for row in page.at_risk} | {c.indicator.document_id for c in page.trajectories}
    assert shown <= set(full_read) <= plans_of_rows
    if caps == "small caps":
        assert len(full_read) < len(wanted), "plans with no row shown are counted from their summary alone"


def test_a_plan_kept_without_summary_is_read_in_full_and_given_one(reviewer, plan_183, monkeypatch):
    monkeypatch.setattr(home, "AT_RISK_SHOWN", 1)
    monkeypatch.setattr(home, "TRAJECTORIES", 1)
    cache.clear()
    cold = home.planning_home(user=reviewer, today=TODAY)
    _drop("summary", [plan_183.pk])
    recording = _Recording(cache)
    monkeypatch.setattr(kept, "cache", recording)
    assert _seen(home.planning_home(user=reviewer, today=TODAY)) == _seen(cold)
    assert plan_183.pk in _documents_read(recording.read, "results")
    assert plan_183.pk in _summaries()
