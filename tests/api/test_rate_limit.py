"""Each token has its own budget of requests (PLANWATCH_API_RATE); past it, 429 with Retry-After."""


def test_a_token_past_its_rate_gets_429_with_retry_after(settings, api_as, officer, other_officer):
    settings.PLANWATCH_API_RATE = "3/minute"
    api = api_as(officer)
    assert [api.get("/documents/").status_code for _ in range(3)] == [200, 200, 200]
    refused = api.get("/documents/")
    assert refused.status_code == 429
    assert "Quá nhiều yêu cầu" in refused.json()["detail"]
    assert 1 <= int(refused["Retry-After"]) <= 60
    # Another token (another user) has its own budget.
    assert api_as(other_officer).get("/documents/").status_code == 200


def test_the_count_is_per_token_not_per_user(settings, api_as, officer):
    settings.PLANWATCH_API_RATE = "2/hour"
    first, second = api_as(officer), api_as(officer)
    assert [first.get("/tasks/").status_code for _ in range(3)] == [200, 200, 429]
    assert second.get("/tasks/").status_code == 200
