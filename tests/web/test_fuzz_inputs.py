"""No input answers 500: every URL of the project, every query parameter and every form field, with hostile values.

The URLs come from the resolver itself, so a page added later is fuzzed without anyone listing it here. Path
parameters take a real id of the demo data and hostile ones (0, -1, 2**63, 10**20, `²`, a long string, NUL).
Query parameters: the ones each view reads (found in its source and in the GET forms of its page) plus a generic set,
each set to each hostile value, for every member of the cast. Forms: every POST form found on the pages each member
of the cast sees, each field set to each hostile value in turn, the other fields left as the page filled them.

Bad input may be answered 400, 404, 403, a redirect with a message, or the page again with a field error: anything
but a server error. Each request runs in a savepoint rolled back after it, so the demo data stays as it was for the
next one (a fuzzed "close the round" does not close it for the rest of the run).

SQLite accepts what PostgreSQL refuses: a NUL character in text and integers beyond bigint. The database wrapper
below refuses them the way PostgreSQL does, so the same 500s show on the test database.
"""

from __future__ import annotations

import inspect
import re
import traceback
from datetime import timedelta
from decimal import Decimal
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.db import DataError, connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils import timezone

from planwatch.registry.importing import import_draft_create
from planwatch.registry.models import Position
from planwatch.registry.services import plan_save
from planwatch.reporting.models import IndicatorLine, Notification, Round, TaskLine
from planwatch.reporting.services import round_open
from tests.web.import_documents import BLOCKS_PLAN

pytestmark = pytest.mark.django_db

BIGINT = 2**63 - 1
LONG = "x" * 10_000
HOSTILE = [
    # `½` and other odd digits are in test_bad_input.py's tables; here one of each kind keeps the run short.
    "²", "٣", "３", "-1", "1e309", "NaN", "9" * 30, "' OR 1=1--", "<script>alert(1)</script>", "\x00", "", LONG,
]
# Every parameter at once for each member of the cast: a few values that break parsers differently.
HOSTILE_FEW = ["²", "\x00", "9" * 30, LONG]
HOSTILE_PATH = ["0", "-1", str(2**63), str(10**20), "²", "٣", "a" * 300, "%00", "%2e%2e"]
GENERIC_PARAMS = ["year", "dot", "period", "page", "q", "kind", "status", "agency", "sort", "format", "lang",
                  "leader", "window", "due_from", "due_to", "state", "appendix", "trang_thai", "tinh-trang", "next"]
CAST = ["reviewer", "officer", "head", "leader", "outsider", "anonymous"]
# Never fuzzed by POST: signing out drops the client's session (it is fuzzed as a GET, which it refuses).
NOT_POSTED = {"logout"}


# The resolver's URLs --------------------------------------------------------------------------------------------


@dataclass
class Route:
    name: str
    route: str  # `bao-cao/dot/<id:pk>/`, with `<type:name>` placeholders
    callback: object
    defaults: dict = field(default_factory=dict)

    @property
    def params(self) -> list[tuple[str, str]]:
        return re.findall(r"<(?:(\w+):)?(\w+)>", self.route)


def _pattern_text(pattern) -> str:
    if isinstance(pattern, RoutePattern):
        return str(pattern._route)
    assert isinstance(pattern, RegexPattern)
    regex = pattern._regex.lstrip("^").rstrip("$").replace(r"\Z", "")
    # The admin's `(?P<app_label>auth|registry|...)/`: its first app; its catch-all `(?P<url>.*)`: a missing page.
    regex = re.sub(r"\(\?P<app_label>([^|)]+)[^)]*\)", r"\1", regex)
    return re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<str:\1>", regex)


def routes(resolver=None, prefix="", namespace="") -> list[Route]:
    resolver = resolver or get_resolver()
    found = []
    for entry in resolver.url_patterns:
        text = prefix + _pattern_text(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found += routes(entry, text, ns)
        elif isinstance(entry, URLPattern):
            found.append(Route(f"{namespace}{entry.name or text}", text, entry.callback, entry.default_args))
    return found


ROUTES = routes()


def _source(callback) -> str:
    view = getattr(callback, "view_class", None) or inspect.unwrap(callback)
    try:
        return inspect.getsource(view)
    except (OSError, TypeError):
        return ""


def read_params(route: Route) -> list[str]:
    """The query parameters a view reads by name, as its source shows them."""
    return sorted(set(re.findall(r"request\.GET\.get\(\s*[\"']([^\"']+)", _source(route.callback))))


# The demo's real objects, one of each the URLs name -------------------------------------------------------------


def small_plan() -> dict:
    """A plan of two indicators and a task led by Sở Y tế: the officer's report has lines, and pages are quick."""
    def indicator(key, name, measure, target, value):
        return {
            "key": key, "code": key, "name": name, "unit": "%", "measure": measure, "direction": "higher_better",
            "lead_text": "Sở Y tế", "lead_agencies": ["Sở Y tế"],
            "targets": [{"horizon": "2021-2025", "text": target, "op": "eq", "low": target, "high": target}],
            "values": [{"period": "2023", "kind": "actual", "text": value, "op": "eq", "low": value, "high": value}],
        }

    return {
        "document": {"id": "88-kh-ubnd", "number": "88/KH-UBND", "kind": "plan", "issuer": "UBND Thành phố Hà Nội",
                     "date": "2021-03-10", "title": "Kế hoạch thử các ô nhập", "period": "2021-2025"},
        "indicators": [indicator("1", "Số giường bệnh trên một vạn dân", "level_at_end", "40", "36"),
                       indicator("2", "Tăng trưởng dịch vụ y tế", "growth_average", "8", "7")],
        "tasks": [{"key": "1", "code": "1", "title": "Xây dựng bệnh viện vệ tinh", "lead_text": "Sở Y tế",
                   "lead_agencies": ["Sở Y tế"], "product": "Đề án",
                   "deadline": {"text": "Quý III/2025", "kind": "date", "due_dates": ["2025-09-30"]}}],
    }


@pytest.fixture
def real(reviewer, officer):
    plan = plan_save(data=small_plan(), actor=reviewer).document
    draft = import_draft_create(owner=reviewer, data=BLOCKS_PLAN.encode(), filename="ke-hoach.txt")
    # A round open now, so that the officer's report is a draft with its form (the demo's own round is past).
    round = round_open(period="2026-Q3", deadline=timezone.localdate() + timedelta(days=30), documents=[plan],
                       actor=reviewer)
    report = round.reports.get(agency=officer.membership.agency)
    notification = Notification.objects.filter(user=officer).first() or Notification.objects.first()
    return {
        "slug": plan.slug,
        "indicator": plan.indicators.first().pk,
        "task": plan.tasks.first().pk,
        "agency": report.agency_id,
        "position": Position.objects.first().pk,
        "draft": draft.pk,
        "round": report.round_id,
        "report": report.pk,
        "notification": notification.pk if notification else 1,
        "evidence": 1,
        "chi-tieu": IndicatorLine.objects.filter(report=report).first().pk,
        "nhiem-vu": TaskLine.objects.filter(report=report).first().pk,
    }


def real_kwargs(route: Route, real: dict) -> dict:
    """The route's path parameters filled with a real object of the demo."""
    name = route.name.split(":")[-1]
    kwargs = {}
    for kind, param in route.params:
        if param == "slug" or (param == "pk" and route.defaults.get("kind") == "document"):
            kwargs[param] = real["slug"]
        elif param == "kind":
            kwargs[param] = "chi-tieu"
        elif param == "action":
            kwargs[param] = "submit"
        elif param == "page":
            kwargs[param] = "1"
        elif param == "object_id":
            model_admin = getattr(route.callback, "model_admin", None)
            obj = model_admin.model._default_manager.first() if model_admin else None
            kwargs[param] = str(obj.pk) if obj else "1"
        elif param == "app_label":
            kwargs[param] = "registry"
        elif param == "pk":
            owner = {
                "indicator-history": "indicator", "task-history": "task", "import-review": "draft",
                "import-page": "draft", "round-close": "round", "round-deadline": "round", "round-export": "round",
                "round-history": "round", "agency-record": "agency", "report-transition": "report",
                "report-comment": "report", "report-history": "report", "line-history": "chi-tieu",
            }.get(name, name)
            kwargs[param] = str(real.get(owner, 1))
        else:
            kwargs[param] = "1"
    return kwargs


def build(route: Route, kwargs: dict) -> str:
    def fill(match):
        return kwargs[match.group(2)]

    return "/" + re.sub(r"<(?:(\w+):)?(\w+)>", fill, route.route)


def path_variants(route: Route, real: dict) -> list[str]:
    """The real URL, then each path parameter in turn set to each hostile value."""
    kwargs = real_kwargs(route, real)
    urls = [build(route, kwargs)]
    for _kind, param in route.params:
        for value in HOSTILE_PATH:
            urls.append(build(route, {**kwargs, param: value}))
    return urls


# Requests, each in a savepoint, with PostgreSQL's refusals --------------------------------------------------------


def like_postgresql(execute, sql, params, many, context):
    """Refuse what PostgreSQL refuses and SQLite stores: NUL in text, integers beyond bigint."""
    for row in (params or []) if many else [params or []]:
        for value in row if isinstance(row, (list, tuple)) else (row.values() if isinstance(row, dict) else []):
            if isinstance(value, str) and ("\x00" in value or "\\u0000" in value):  # text, and jsonb
                raise DataError("A string literal cannot contain NUL (0x00) characters.")
            if isinstance(value, int) and not isinstance(value, bool) and not -BIGINT - 1 <= value <= BIGINT:
                raise DataError("bigint out of range")
            # Every DecimalField of the project is numeric(24, 6): at most 18 digits before the point.
            if isinstance(value, Decimal) and value.is_finite() and value != 0 and value.adjusted() >= 18:
                raise DataError("numeric field overflow")
    return execute(sql, params, many, context)


@dataclass
class Failure:
    method: str
    url: str
    who: str
    data: dict | None
    status: int
    error: str

    def __str__(self) -> str:
        shown = {k: (v[:40] + "…" if isinstance(v, str) and len(v) > 40 else v) for k, v in (self.data or {}).items()}
        return f"{self.method} {self.url[:200]} as {self.who} {shown} -> {self.status}\n{self.error}"


class Fuzzer:
    def __init__(self, users: dict):
        self.clients = {}
        for who, user in users.items():
            client = Client(raise_request_exception=False)
            if user is not None:
                client.force_login(user)
            self.clients[who] = client
        self.failures: list[Failure] = []
        self.count = 0

    def request(self, who: str, method: str, url: str, data: dict | None = None):
        client = self.clients[who]
        self.count += 1
        with transaction.atomic():
            with connection.execute_wrapper(like_postgresql):
                try:
                    response = client.get(url, data) if method == "GET" else client.post(url, data or {})
                except Exception as exc:  # the test client re-raises some errors outside the handler
                    self.failures.append(Failure(method, url, who, data, 0, "".join(
                        traceback.format_exception(exc, limit=-4))))
                    transaction.set_rollback(True)
                    return None
            transaction.set_rollback(True)
        if response.status_code >= 500:
            exc_info = getattr(response, "exc_info", None)
            error = "".join(traceback.format_exception(*exc_info, limit=-4)) if exc_info else ""
            self.failures.append(Failure(method, url, who, data, response.status_code, error))
        return response

    def report(self) -> str:
        seen, lines = set(), []
        for failure in self.failures:
            key = failure.error.strip().splitlines()[-1] if failure.error else failure.url
            if key in seen:
                continue
            seen.add(key)
            lines.append(str(failure))
        return f"{len(self.failures)} of {self.count} requests failed; distinct errors:\n\n" + "\n\n".join(lines[:25])


@pytest.fixture
def fuzzer(reviewer, officer, head, leader, outsider):
    return Fuzzer({
        "reviewer": reviewer, "officer": officer, "head": head, "leader": leader, "outsider": outsider,
        "anonymous": None,
    })


# Forms found on the pages -----------------------------------------------------------------------------------------


@dataclass
class FoundForm:
    method: str
    action: str
    fields: dict[str, str]  # name -> the value the page fills in (the first option of a select, checked boxes)
    files: set[str] = field(default_factory=set)


class FormParser(HTMLParser):
    def __init__(self, page_url: str):
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[FoundForm] = []
        self.current: FoundForm | None = None
        self.select: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            action = a.get("action") or self.page_url
            action = urlsplit(action).path or urlsplit(self.page_url).path
            self.current = FoundForm((a.get("method") or "get").upper(), action, {})
            self.forms.append(self.current)
            return
        if self.current is None or not a.get("name"):
            return
        name = a["name"]
        if tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind == "file":
                self.current.files.add(name)
            elif kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.current.fields.setdefault(name, a.get("value", "on"))
            elif kind not in ("submit", "button", "image", "reset"):
                self.current.fields.setdefault(name, a.get("value", ""))
        elif tag == "select":
            self.select = name
        elif tag == "option" and self.select:
            self.current.fields.setdefault(self.select, a.get("value", ""))
        elif tag == "textarea":
            self.textarea = name
            self.current.fields.setdefault(name, "")
        elif tag == "button" and a.get("type", "submit") == "submit":
            self.current.fields.setdefault(name, a.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea and self.current is not None and not self.current.fields.get(self.textarea):
            self.current.fields[self.textarea] = data.strip()


def forms_on(html: str, page_url: str) -> list[FoundForm]:
    parser = FormParser(page_url)
    parser.feed(html)
    return parser.forms


# Fields that hold numbers, dates or ids get every hostile value; free text gets the few that break text.
NUMERIC_FIELD = re.compile(r"value|target|percent|version|date|deadline|period|year|page|documents|table")


def values_for(name: str, default: str) -> list[str]:
    if NUMERIC_FIELD.search(name) or re.fullmatch(r"[\d.,/ -]+", default or "-"):
        return HOSTILE
    return HOSTILE_FEW + ["<script>alert(1)</script>"]


def shape(name: str) -> str:
    """`i12-value` and `i13-value` are the same field of two lines: fuzzing one is enough."""
    return re.sub(r"\d+", "N", name)


# The tests --------------------------------------------------------------------------------------------------------


APP_ROUTES = [r for r in ROUTES if not r.route.startswith("admin/")]
ADMIN_ROUTES = [r for r in ROUTES if r.route.startswith("admin/")]


def test_the_resolver_lists_the_pages_of_every_app():
    names = {route.name for route in ROUTES}
    assert {"document", "indicator", "reporting:report", "reports:scorecards", "login"} <= names
    assert len(APP_ROUTES) >= 30


def _get_form_params(response, url: str) -> set[str]:
    """The names a page's own GET forms send back to it (its filters)."""
    if response is None or response.status_code != 200 or "html" not in response.get("Content-Type", ""):
        return set()
    return {name for form in forms_on(response.content.decode(), url)
            if form.method == "GET" and form.action == urlsplit(url).path for name in form.fields}


@pytest.mark.parametrize("who", CAST)
def test_no_url_answers_500_to_hostile_path_or_query_values(who, real, fuzzer):
    for route in APP_ROUTES:
        urls = path_variants(route, real)
        real_url = urls[0]
        response = fuzzer.request(who, "GET", real_url)
        if who in ("reviewer", "anonymous"):
            for url in urls[1:]:
                fuzzer.request(who, "GET", url)
        # every parameter at once: the ones the view reads, its filters, and the generic set
        params = set(read_params(route)) | _get_form_params(response, real_url)
        opened = response is not None and response.status_code == 200
        for value in HOSTILE_FEW if opened else HOSTILE_FEW[:1]:
            fuzzer.request(who, "GET", real_url, {name: value for name in params | set(GENERIC_PARAMS)})
        # each parameter alone (a bad one answered first must not hide another), by the two widest scopes
        if who in ("reviewer", "officer") and opened:
            for name in sorted(params):
                for value in HOSTILE:
                    fuzzer.request(who, "GET", real_url, {name: value})
    assert not fuzzer.failures, fuzzer.report()


def test_no_admin_url_answers_500_to_hostile_path_values(real, fuzzer, admin_user):
    # The admin's own forms are fuzzed with the admin's hardening (issue 13); here its URLs and their ids.
    fuzzer.clients["admin"] = Client(raise_request_exception=False)
    fuzzer.clients["admin"].force_login(admin_user)
    for route in ADMIN_ROUTES:
        urls = path_variants(route, real)
        for url in urls[:1] + [u for u in urls[1:] if "object_id" in route.route]:
            fuzzer.request("admin", "GET", url)
        fuzzer.request("reviewer", "GET", urls[0])
    assert not fuzzer.failures, fuzzer.report()


def _pages_of(real: dict) -> list[str]:
    return [path_variants(route, real)[0] for route in APP_ROUTES if "str:" not in route.route]


@pytest.mark.parametrize("who", CAST)
def test_no_form_answers_500_to_a_hostile_value_in_any_field(who, real, fuzzer):
    found: dict[tuple, FoundForm] = {}
    for url in _pages_of(real):
        response = fuzzer.request(who, "GET", url)
        if response is None or response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for form in forms_on(response.content.decode(), url):
            if form.method != "POST":
                continue
            route_name = next((r.name for r in APP_ROUTES if re.fullmatch(
                re.sub(r"<[^>]+>", "[^/]+", "/" + r.route), form.action)), form.action)
            if route_name in NOT_POSTED:
                continue
            key = (shape(form.action), tuple(sorted({shape(n) for n in form.fields})))
            found.setdefault(key, form)
    assert found, f"no form found for {who}"
    for form in found.values():
        seen = set()
        for name in form.fields:
            if shape(name) in seen or name == "csrfmiddlewaretoken":  # the test client does not check it
                continue
            seen.add(shape(name))
            for value in values_for(name, form.fields[name]):
                data = {**form.fields, name: value}
                if form.action.endswith("/dang-nhap/"):
                    # Wrong passwords for a real account would lock it: the login form is fuzzed with nobody's name.
                    data.setdefault("username", "khong-ai-ca")
                    if name != "username":
                        data["username"] = "khong-ai-ca"
                fuzzer.request(who, "POST", form.action, data)
    assert not fuzzer.failures, fuzzer.report()


def test_the_forms_found_include_the_report_and_the_import_review(real, reviewer, officer):
    client = Client()
    client.force_login(officer)
    report_url = f"/bao-cao/{real['report']}/"
    report_forms = forms_on(client.get(report_url).content.decode(), report_url)
    assert any(form.method == "POST" and any(re.fullmatch(r"i\d+-value", n) for n in form.fields)
               for form in report_forms)
    client.force_login(reviewer)
    review_url = f"/nhap-van-ban/{real['draft']}/"
    review_forms = forms_on(client.get(review_url).content.decode(), review_url)
    assert any(form.method == "POST" and any(n.startswith("ind-") for n in form.fields) for form in review_forms)


def test_a_20_digit_id_is_not_found(client, reviewer):
    client.force_login(reviewer)
    for url in ("/chi-tieu/99999999999999999999/", "/bao-cao/dot/99999999999999999999/", f"/co-quan/{2**63}/"):
        assert client.get(url).status_code == 404
    assert client.get(f"/co-quan/{2**63 - 1}/").status_code == 404  # the largest id: a query that finds nothing


def test_the_postgresql_stand_in_refuses_what_postgresql_refuses(reviewer):
    # The wrapper is what makes the fuzz find NUL and bigint errors on SQLite: it must refuse them.
    with transaction.atomic(), connection.execute_wrapper(like_postgresql):
        with pytest.raises(DataError):
            get_user_model().objects.filter(first_name="a\x00b").exists()
        with pytest.raises(DataError):
            list(Round.objects.filter(deadline__isnull=False, id__in=[2**64]))
        with pytest.raises(DataError):
            IndicatorLine.objects.filter(low=Decimal("9" * 19)).exists()
        transaction.set_rollback(True)
