"""Issue 12: the API carries the judgements the plan page shows (engine, document, people) and the series that hold
one indicator across documents, within the caller's scope."""

import pytest

from planwatch.accounts.access import visible_indicators
from planwatch.registry.computing import compute_documents
from planwatch.registry.judgements import judgement_disagreements
from planwatch.registry.models import Indicator
from planwatch.registry.services import indicator_judge
from planwatch.series.models import Series, SeriesMember

pytestmark = pytest.mark.django_db

GRDP = "Tăng trưởng GRDP trung bình"


def test_an_indicator_carries_the_engines_judgement_as_the_plan_page_shows_it(api_as, reviewer, plan_2024):
    indicator = Indicator.objects.get(document=plan_2024, name__startswith=GRDP)
    data = api_as(reviewer).get(f"/indicators/{indicator.pk}/").json()
    computed = compute_documents(Indicator.objects.filter(document=plan_2024))[0].by_indicator[indicator.pk]
    assert data["judgement"]["status"] == computed.status == "very_challenging"
    assert data["judgement"]["label"] == "Rất thách thức"
    assert data["judgement"]["reason"] == computed.reason
    assert data["judgement"]["plan_period"] == "2021-2025"
    assert data["judgement"]["required_low"] == pytest.approx(float(computed.required.low))


def test_people_judge_and_the_api_says_who_judged_what(api_as, reviewer, plan_2024):
    indicator = Indicator.objects.filter(document=plan_2024).order_by("order").first()
    assert api_as(reviewer).get(f"/indicators/{indicator.pk}/").json()["people_judgement"] is None
    indicator_judge(indicator=indicator, status="difficult", reason="số liệu quý 3 thấp", actor=reviewer)
    judged = api_as(reviewer).get(f"/indicators/{indicator.pk}/").json()["people_judgement"]
    assert judged["status"] == "difficult" and judged["reason"] == "số liệu quý 3 thấp"


def test_the_document_status_lists_each_row_and_every_disagreement(api_as, reviewer, plan_2024):
    data = api_as(reviewer).get(f"/documents/{plan_2024.slug}/status/").json()
    computation = compute_documents(Indicator.objects.filter(document=plan_2024))[0]
    assert data["summary"] == dict(computation.summary())
    assert [row["indicator"] for row in data["indicators"]] == [row.pk for row in computation.indicators]
    found = judgement_disagreements(computation)
    assert len(data["disagreements"]) == len(found)
    assert {(d["indicator"], d["aspect"]) for d in data["disagreements"]} == {(f.indicator.pk, f.aspect) for f in found}
    stated = [row for row in data["indicators"] if row["document_judgement"]]
    assert stated == [row for row in data["indicators"] if Indicator.objects.get(pk=row["indicator"]).document_judgement
                      or Indicator.objects.get(pk=row["indicator"]).document_judgement_status]


def test_an_officer_sees_the_status_of_its_own_rows_only(api_as, officer, plan_2024):
    data = api_as(officer).get(f"/documents/{plan_2024.slug}/status/").json()
    mine = set(visible_indicators(officer).filter(document=plan_2024).values_list("pk", flat=True))
    assert {row["indicator"] for row in data["indicators"]} == mine


def test_series_hold_an_indicator_across_documents_within_the_scope(api_as, reviewer, officer, outsider):
    everything = api_as(reviewer).get("/series/", {"page_size": 200}).json()
    assert everything["count"] == Series.objects.filter(
        members__status__in=["proposed", "confirmed"]).distinct().count() > 0
    linked = next(item for item in everything["results"] if len({m["document"] for m in item["members"]}) > 1)
    detail = api_as(reviewer).get(f"/series/{linked['id']}/").json()
    assert {value["document"] for value in detail["values"]} <= {m["document"] for m in linked["members"]}
    assert detail["values"], "a series across documents holds values of record"
    seen = set(visible_indicators(officer).values_list("pk", flat=True))
    for item in api_as(officer).get("/series/", {"page_size": 200}).json()["results"]:
        assert {member["indicator"] for member in item["members"]} <= seen
    assert api_as(outsider).get("/series/").json()["count"] == 0
    assert api_as(outsider).get(f"/series/{linked['id']}/").status_code == 404
    assert api_as(None).get("/series/").status_code == 401


def test_an_indicator_names_its_series(api_as, reviewer):
    member = SeriesMember.objects.exclude(status="rejected").select_related("series").first()
    data = api_as(reviewer).get(f"/indicators/{member.indicator_id}/").json()
    assert data["series"] == {"id": member.series_id, "name": member.series.name, "membership": member.status}
