"""A one-year plan (`2025-2025`): its pages, its appendices and its computation read the year as the whole plan."""

import pytest
from django.urls import reverse

from planwatch.registry.services import plan_save

pytestmark = pytest.mark.django_db


def one_year_plan(period="2025-2025"):
    """A plan for 2025 alone, with one indicator of each kind the engine computes differently."""
    def indicator(key, name, measure, unit, target, values):
        return {
            "key": key, "code": key, "name": name, "unit": unit, "measure": measure,
            "direction": "higher_better", "lead_text": "Sở KHĐT", "lead_agencies": ["Sở Kế hoạch và Đầu tư"],
            "targets": [{"horizon": period, "text": target["text"], "op": target["op"], "low": target["low"],
                         "high": target.get("high")}],
            "values": values,
        }

    return {
        "document": {
            "id": "77-kh-ubnd", "number": "77/KH-UBND", "kind": "plan", "issuer": "UBND Thành phố Hà Nội",
            "date": "2025-01-10", "title": "Kế hoạch một năm 2025", "period": period,
        },
        "indicators": [
            indicator("1", "Tăng trưởng GRDP", "growth_average", "%",
                      {"text": "8,0", "op": "eq", "low": "8.0", "high": "8.0"},
                      [{"period": "2024", "kind": "actual", "text": "6,52", "op": "eq", "low": "6.52", "high": "6.52"}]),
            indicator("2", "Vốn đầu tư xã hội", "sum_over_period", "nghìn tỷ đồng",
                      {"text": "750", "op": "ge", "low": "750"},
                      [{"period": "2025-Q1", "kind": "actual", "text": "160", "op": "eq", "low": "160", "high": "160"}]),
            indicator("3", "Tỷ lệ hộ dùng nước sạch", "level_at_end", "%",
                      {"text": "100", "op": "eq", "low": "100", "high": "100"},
                      [{"period": "2024", "kind": "actual", "text": "95", "op": "eq", "low": "95", "high": "95"}]),
        ],
        "tasks": [],
    }


@pytest.fixture
def plan_2025(reviewer):
    return plan_save(data=one_year_plan(), actor=reviewer).document


def test_the_page_of_a_one_year_plan_shows_its_indicators(client, reviewer, plan_2025):
    client.force_login(reviewer)
    response = client.get(reverse("document", args=[plan_2025.slug]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Tăng trưởng GRDP" in html and "Tỷ lệ hộ dùng nước sạch" in html


@pytest.mark.parametrize("key, required", [
    ("1", "Cần đạt 8%/năm trong năm 2025"),
    ("3", "Cần tăng 5 điểm %/năm (từ 95 theo thực hiện năm 2024 lên mục tiêu 100 năm 2025)"),
])
def test_an_indicator_of_a_one_year_plan_says_what_its_only_year_must_reach(client, reviewer, plan_2025, key,
                                                                             required):
    client.force_login(reviewer)
    response = client.get(reverse("indicator", args=[plan_2025.indicators.get(key=key).pk]))
    assert response.status_code == 200
    assert required in response.content.decode()


def test_every_indicator_page_of_a_one_year_plan_opens(client, reviewer, plan_2025):
    client.force_login(reviewer)
    for indicator in plan_2025.indicators.all():
        assert client.get(reverse("indicator", args=[indicator.pk])).status_code == 200


@pytest.mark.parametrize("fmt", ["xlsx", "docx", "pdf", "csv"])
@pytest.mark.parametrize("period", ["", "2025", "2025-Q1"])
def test_the_appendices_of_a_one_year_plan_download(client, reviewer, plan_2025, fmt, period):
    client.force_login(reviewer)
    url = reverse("reports:document", args=[plan_2025.slug]) + f"?format={fmt}&period={period}"
    assert client.get(url).status_code == 200


def test_a_one_year_plan_written_as_one_year_is_the_same_plan(client, reviewer):
    # `2025` and `2025-2025` are one plan period; the computation must not depend on the spelling.
    document = plan_save(data=one_year_plan(period="2025"), actor=reviewer).document
    client.force_login(reviewer)
    html = client.get(reverse("indicator", args=[document.indicators.get(key="1").pk])).content.decode()
    assert "Cần đạt 8%/năm trong năm 2025" in html
