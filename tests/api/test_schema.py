"""The OpenAPI document is valid, the API keeps to it (schemathesis), and the docs page runs under our CSP."""

import re

from urllib.parse import urlencode

import pytest
import requests
import schemathesis
from django.contrib.staticfiles import finders
from hypothesis import HealthCheck, settings as hypothesis_settings
from openapi_spec_validator import validate
from schemathesis.core.transport import Response
from schemathesis.specs.openapi.checks import ignored_auth

from planwatch.api.api import api


def test_the_openapi_document_is_valid_and_public(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    validate(document)
    assert document["openapi"].startswith("3.")
    paths = document["paths"]
    for path in ["/api/v1/documents/", "/api/v1/indicators/{indicator_id}/", "/api/v1/indicator-values/",
                 "/api/v1/tasks/{task_id}/", "/api/v1/framework-plans/{task_id}/", "/api/v1/rounds/",
                 "/api/v1/reports/{report_id}/", "/api/v1/reports/{report_id}/lines/"]:
        assert path in paths
    assert set(paths["/api/v1/reports/{report_id}/lines/"]["put"]["responses"]) >= {"200", "400", "412", "428"}
    schemes = document["components"]["securitySchemes"]
    assert [scheme["scheme"] for scheme in schemes.values()] == ["bearer"]


def test_the_docs_page_is_served_locally_without_inline_script(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "script-src 'self'" in response["Content-Security-Policy"]
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    for attributes, body in scripts:
        # Either a file of ours, or data the browser does not run.
        assert ('src="/static/' in attributes and not body.strip()) or 'type="application/json"' in attributes
    for url in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        assert finders.find(url.removeprefix("/static/")), url
    assert "//cdn" not in html and "https://" not in html


schema = schemathesis.openapi.from_dict(api.get_openapi_schema(path_prefix="/api/v1"))
# The token is ours to send (below): schemathesis generates no Authorization header of its own, so its negative
# cases break only the parameters, and every call stays authenticated.
# NUL characters never reach the API: the site refuses them first (400, text/plain) for every path.
schema.config.generation.update(with_security_parameters=False, allow_x00=False)


@pytest.fixture
def bearer(token_for, reviewer, q2_round):
    return {"Authorization": f"Bearer {token_for(reviewer)}"}


@schema.include(method="GET").parametrize()
@hypothesis_settings(max_examples=12, deadline=None,
                     suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
def test_every_get_endpoint_keeps_to_its_schema(case, bearer, client):
    response = client.generic(
        case.method, case.formatted_path, headers={**(case.headers or {}), **bearer},
        QUERY_STRING=_query(case.query),
    )
    assert response.status_code < 500, response.content[:500]
    # Our own tests check the 401s (test_auth_tokens.py); this check would need the live transport to resend.
    case.validate_response(_as_schemathesis(response, case, bearer), excluded_checks=[ignored_auth])


def _query(query) -> str:
    return urlencode(query or {}, doseq=True)


def _as_schemathesis(response, case, headers) -> Response:
    """Django's test response as schemathesis's own response object.

    The test client, not a WSGI server, because it keeps each call inside the test's transaction.
    """
    url = f"http://testserver{case.formatted_path}?{_query(case.query)}"
    return Response(
        status_code=response.status_code,
        headers={name: [value] for name, value in response.items()},
        content=response.content,
        request=requests.Request(case.method, url, headers={**(case.headers or {}), **headers}).prepare(),
        elapsed=0.01, message=response.reason_phrase, encoding="utf-8", http_version="1.1", verify=False,
    )
