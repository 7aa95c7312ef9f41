"""The cascade's cast and rows: the demo's contribution (Thanh Xuân's rate of cultural residential groups to the
city's row 7.1 of the 2024 plan), and a culture officer who sees the city row but not the district's."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from planwatch.accounts.models import Membership
from planwatch.registry.models import Agency, Document, Indicator, IndicatorValue


@pytest.fixture
def city_row(plan_2024):
    return plan_2024.indicators.get(key="7.1")


@pytest.fixture
def district_row(db):
    return Indicator.objects.get(document__slug="kh-btgqu-thanh-xuan-tuyen-truyen-10-chuong-trinh", key="tdp-van-hoa")


@pytest.fixture
def culture_officer(db):
    user = get_user_model().objects.create_user("vanhoa", password="van-hoa-2024")
    Membership.objects.create(
        user=user, role=Membership.Role.OFFICER, agency=Agency.objects.get(name="Sở Văn hóa và Thể thao"),
    )
    return user


def make_plan(slug: str, issuer: str) -> Document:
    return Document.objects.create(slug=slug, title=f"Kế hoạch {issuer}", issuer=issuer, kind="plan", is_tracked=True)


def make_row(document: Document, key: str, name: str, unit: str = "", values: dict | None = None) -> Indicator:
    indicator = Indicator.objects.create(document=document, key=key, name=name, unit=unit, order=int(key) if key.isdigit() else 0)
    for period, number in (values or {}).items():
        IndicatorValue.objects.create(
            indicator=indicator, period=period, kind="actual", text=str(number), op="eq",
            low=Decimal(str(number)), high=Decimal(str(number)),
        )
    return indicator
