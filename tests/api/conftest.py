"""API tests: tokens for the cast of tests/conftest.py, a client that sends them, and a reporting round to write into."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture(autouse=True)
def _fresh_rate_limit(settings):
    # The rate limit counts in the cache, which outlives each test's rolled-back transaction.
    settings.PLANWATCH_API_RATE = "10000/hour"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def token_for(db):
    from planwatch.api.services import api_token_create

    def make(user, **kwargs) -> str:
        return api_token_create(user=user, name=kwargs.pop("name", "test"), actor=user, **kwargs).secret

    return make


class ApiClient:
    def __init__(self, client, secret: str | None):
        self.client = client
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def get(self, path, params=None, **headers):
        return self.client.get(f"/api/v1{path}", params or {}, headers={**self.headers, **headers})

    def put(self, path, body, **headers):
        return self.client.put(f"/api/v1{path}", body, content_type="application/json",
                               headers={**self.headers, **headers})


@pytest.fixture
def api_as(client, token_for):
    """api_as(user) -> a client calling /api/v1 with a fresh token of that user."""
    return lambda user: ApiClient(client, token_for(user) if user is not None else None)


@pytest.fixture
def q2_round(reviewer):
    """A round for the second quarter of 2024, opened by the planning department (as tests/reporting does)."""
    from planwatch.reporting.services import round_open

    return round_open(period="2024-Q2", deadline=date(2024, 7, 15), actor=reviewer,
                      at=datetime(2024, 7, 1, 8, 0, tzinfo=HANOI))


@pytest.fixture
def health_report(q2_round):
    return q2_round.reports.get(agency__name="Sở Y tế")


@pytest.fixture
def trade_report(q2_round):
    return q2_round.reports.get(agency__name="Sở Công Thương")
