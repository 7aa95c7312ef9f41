"""The demo's cascade: a few real administrative units and the 2025 reform's links (fixtures/units-demo.csv), and
Thanh Xuân district's rate of residential groups with the "Tổ dân phố văn hóa" title contributing to the city's
row 7.1 of the 2024 plan.

The Thanh Xuân plan states the programme's 75 % target for 2025 but no figures of its own and no indicator table:
the demo adds that row to it, with figures marked as illustrative (source note), never presented as official.
Idempotent: a second run finds everything in place and writes nothing.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from django.contrib.auth import get_user_model

from planwatch.audit.services import record_change, snapshot
from planwatch.cascade.models import AdministrativeUnit, Contribution
from planwatch.cascade.services import contribution_add, units_load
from planwatch.cascade.unitsfile import read_units
from planwatch.registry.models import Agency, Document, Indicator, IndicatorValue, Target

LOADER = "load-demo"
UNITS_FILE = Path(__file__).resolve().parent / "fixtures" / "units-demo.csv"
THANH_XUAN_PLAN = "kh-btgqu-thanh-xuan-tuyen-truyen-10-chuong-trinh"
PLAN_2024 = "kh-ubnd-2024-chi-tieu-dai-hoi-xvii"
CITY_ROW = "7.1"
DISTRICT_ROW = "tdp-van-hoa"
DISTRICT_NAME = "Tỷ lệ tổ dân phố được công nhận và giữ vững danh hiệu Tổ dân phố văn hóa"
ILLUSTRATIVE = "Số liệu minh họa của bản demo, không phải số liệu chính thức"
# Illustrative figures (%), for the years the district existed.
DISTRICT_VALUES = {"2021": "74", "2022": "75.5", "2023": "76"}


def _create(obj):
    obj.full_clean()
    obj.save()
    record_change(obj, before=None, after=snapshot(obj), actor=LOADER, reason=LOADER)
    return obj


def _district_indicator(document: Document) -> Indicator:
    found = document.indicators.filter(key=DISTRICT_ROW).first()
    if found is not None:
        return found
    indicator = _create(Indicator(
        document=document, key=DISTRICT_ROW, code="1", name=DISTRICT_NAME, unit="%",
        measure=Indicator.Measure.LEVEL_AT_END, direction=Indicator.Direction.HIGHER_BETTER,
        lead_text="UBND quận Thanh Xuân", order=1,
    ))
    lead = Agency.objects.filter(name="UBND quận Thanh Xuân").first()
    if lead is not None:
        indicator.lead_agencies.add(lead)
    _create(Target(indicator=indicator, horizon="2021-2025", text="75", op="eq", low=Decimal(75), high=Decimal(75)))
    for period, text in DISTRICT_VALUES.items():
        _create(IndicatorValue(
            indicator=indicator, period=period, kind=IndicatorValue.Kind.ACTUAL, text=text, op="eq",
            low=Decimal(text), high=Decimal(text), source_note=ILLUSTRATIVE,
        ))
    return indicator


def load_cascade_demo() -> list[Contribution]:
    """The contributions the demo made (none on a second run)."""
    units, successions = read_units(UNITS_FILE.read_bytes())
    units_load(units=units, successions=successions, actor=LOADER, reason=LOADER)
    documents = {d.slug: d for d in Document.objects.filter(slug__in=[THANH_XUAN_PLAN, PLAN_2024])}
    if len(documents) < 2:
        return []
    city = documents[PLAN_2024].indicators.filter(key=CITY_ROW).first()
    if city is None:
        return []
    district = _district_indicator(documents[THANH_XUAN_PLAN])
    if Contribution.objects.filter(indicator=city, contributor=district).exists():
        return []
    planner = get_user_model().objects.filter(username="khdt").first()
    return [contribution_add(
        indicator=city, contributor=district, actor=planner or LOADER, rule=Contribution.Rule.MIN,
        unit=AdministrativeUnit.objects.filter(code="HN-TX").first(),
    )]
