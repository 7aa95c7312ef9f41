"""The demo's series: plan 183 judged from the actuals the 2024 plan holds, the doubtful links left to a person."""

import pytest

from planwatch.audit.models import AuditEntry
from planwatch.registry.computing import compute_document, indicator_analysis
from planwatch.series.demo import load_series_demo
from planwatch.series.models import SeriesMember

pytestmark = pytest.mark.django_db


def statuses(plan) -> dict[str, str]:
    result = compute_document(plan)
    return {indicator.key: result.row_status(indicator)[0] for indicator in result.indicators}


def test_plan_183_is_judged_from_the_2024_plan_s_actuals(plan_183):
    judged = statuses(plan_183)
    # Public transport: 19,8 % in 2023 (the 2024 plan) against 30-35 % in 2025 (plan 183).
    assert judged["17"] == "difficult"
    analysis = indicator_analysis(plan_183.indicators.get(key="17"))
    assert "19,8" in analysis.computed.reason and "2023" in analysis.computed.reason
    # GRDP growth, social investment and labour productivity: very challenging, as the 2024 plan found.
    assert judged["1"] == judged["4"] == judged["6"] == "very_challenging"
    top_level = [key for key in judged if "." not in key]
    unknown = {key for key in top_level if judged[key] == "unknown"}
    # Left unknown: the Party rows (no counterpart in the 2024 plan), GRDP per head (a unit to confirm by hand),
    # and the poverty target in words.
    assert unknown == {"3", "12", "18", "19", "20"}


def test_the_2024_plan_is_judged_as_before(plan_2024):
    """Plan 183 holds no values of its own: the 2024 plan takes nothing from it."""
    result = compute_document(plan_2024)
    assert all(not indicator.series_values for indicator in result.indicators)


def test_the_doubtful_links_wait_for_a_person(plan_183):
    waiting = SeriesMember.objects.filter(status="proposed", indicator__document=plan_183)
    keys = set(waiting.values_list("indicator__key", flat=True))
    assert {"3", "9.1", "13"} <= keys  # a unit that differs, a doctor with no unit, a district rate for communes
    assert all(member.score < 0.8 for member in waiting)
    confirmed = SeriesMember.objects.filter(status="confirmed", indicator__document=plan_183)
    assert confirmed.count() > 25 and {member.confirmed_by.username for member in confirmed} == {"khdt"}


def test_loading_the_demo_again_writes_nothing():
    entries = AuditEntry.objects.count()
    assert load_series_demo() == []
    assert AuditEntry.objects.count() == entries


def test_show_json_names_each_indicator_s_series():
    import json
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("show", "183-kh-ubnd", "--json", stdout=out)
    indicators = {item["key"]: item for item in json.loads(out.getvalue())["indicators"]}
    grdp = indicators["1"]["series"]
    assert grdp["status"] == "confirmed"
    assert grdp["members"] == ["183-kh-ubnd", "kh-ubnd-2024-chi-tieu-dai-hoi-xvii"]
    assert grdp["id"] == SeriesMember.objects.get(indicator__document__slug="183-kh-ubnd", indicator__key="1").series_id
    assert indicators["3"]["series"]["status"] == "proposed"
    assert "series" not in indicators["18"]  # no counterpart in the 2024 plan
