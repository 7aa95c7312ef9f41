"""Hostile names, comments and reasons on every page: nothing from data becomes markup or script (issue 13).

The classic payloads go where data comes from imports, the admin and the agencies: a plan's title, indicators'
names and units, tasks, agencies, leaders' seats and holders, a user's name, report lines, comments, a return reason,
a deadline change's reason, a judgement's reason, notifications and an import draft. Then:
- every page, for each of the cast, is rendered with Django's test client: no payload appears unescaped, each page
  shows some escaped payload (so the page really carried hostile data) and carries the Content-Security-Policy;
- in headless Chromium, against the demo server with the same content, a planner and an officer visit the pages: no
  dialog opens, the sentinel `window.__pwned` is never set, and the browser reports no CSP violation (a violation
  would mean a payload reached the DOM as code, which is an escaping failure even though the CSP stopped it).
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils.html import escape

ROOT = Path(__file__).resolve().parents[2]
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")

PAYLOADS = [
    "<script>alert(1)</script>",
    'X" onload="alert(1)" y="',
    "'><img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "javascript:alert(1)",
    "{{7*7}}",
    "</textarea><script>alert(1)</script>",
    '" autofocus onfocus="alert(1)',
    "<img src=x onerror=window.__pwned=1>",
    "<a href=javascript:window.__pwned=1>x</a>",
]
# One value holding them all, for the long text fields (about 300 characters).
ALL = " ".join(PAYLOADS)
# Payloads that change meaning in HTML: seen raw in a page, they were not escaped. (`javascript:alert(1)` and
# `{{7*7}}` are plain text to HTML; shown as written, they are shown correctly.)
MARKUP = [p for p in PAYLOADS if any(c in p for c in "<>\"'")]


def _short(i: int) -> str:
    """One payload for a short field; `javascript:` and `{{7*7}}` travel in ALL."""
    return MARKUP[i % len(MARKUP)]


def seed_hostile_content() -> dict:
    """Put the payloads into the demo data, through the services where a service writes that data.

    Returns the primary keys the pages need (plain JSON, so that the browser test's server process can hand them
    over). Runs inside the caller's transaction in the client test; in one of its own in the demo server.
    """
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from planwatch.registry.importing import import_draft_create
    from planwatch.registry.models import Agency, Document, Indicator, Judgement, Position, Task
    from planwatch.registry.services import indicator_judge
    from planwatch.reporting.models import Notification, TaskLine
    from planwatch.reporting.services import (
        content_of,
        notify,
        report_comment,
        report_save,
        report_transition,
        round_deadline_change,
        round_open,
    )

    users = {name: get_user_model().objects.get(username=name) for name in ("khdt", "yte", "yte.truong", "pct.kinhte")}
    reviewer, officer, head, leader = users["khdt"], users["yte"], users["yte.truong"], users["pct.kinhte"]
    with transaction.atomic():
        # A user's name goes into a title="" attribute on every page and into the history tables.
        officer.first_name, officer.last_name = _short(1), _short(7)
        officer.save(update_fields=["first_name", "last_name"])

        plan = Document.objects.get(slug="kh-ubnd-2024-chi-tieu-dai-hoi-xvii")
        plan.title, plan.issuer, plan.signer = ALL, _short(2), _short(3)
        plan.save()

        indicators = list(plan.indicators.order_by("order")[:len(PAYLOADS)])
        chart_indicator = indicators[0]  # GRDP growth: it has a chart, whose aria-label carried the first finding
        for i, indicator in enumerate(indicators):
            indicator.name = ALL if i == 0 else f"{_short(i)} {indicator.name}"
            indicator.unit = _short(i + 1)
            indicator.lead_text = ALL
            indicator.save()
        indicator_judge(indicator=chart_indicator, status=Judgement.Status.DIFFICULT, reason=ALL, actor=reviewer)

        health = Agency.objects.get(name="Sở Y tế")
        others = list(Agency.objects.exclude(pk=health.pk).filter(led_tasks__isnull=False).distinct().order_by("pk")[:6])
        health.name = ALL[:255]
        health.save()
        for i, agency in enumerate(others):
            agency.name = f"{_short(i + 2)} {agency.name}"[:255]
            agency.save()

        tasks = list(Task.objects.filter(lead_agencies=health).order_by("document", "order")[:len(PAYLOADS)])
        for i, task in enumerate(tasks):
            task.title = ALL if i == 0 else f"{_short(i)} {task.title}"
            task.lead_text = ALL
            task.save()

        seat = Position.objects.get(pk=leader.membership.position_id)  # the vice-chairman's seat
        seats = [seat, *Position.objects.exclude(pk=seat.pk).order_by("order")[:4]]
        for i, position in enumerate(seats):
            position.name = f"{_short(i)} {position.name}"[:200]
            position.title = _short(i + 3)[:100]
            position.portfolio = ALL[:300]
            position.save()
            for tenure in position.tenures.all():
                tenure.person = _short(i + 2)[:150]
                tenure.note = ALL
                tenure.save()

        hostile_round = round_open(
            period="2024-Q3", deadline=date(2024, 10, 15), actor=reviewer, title=ALL[:300],
            at=datetime(2024, 10, 1, 8, 0, tzinfo=HANOI),
        )
        round_deadline_change(round=hostile_round, deadline=date(2024, 10, 20), actor=reviewer, reason=ALL,
                              at=datetime(2024, 10, 2, 8, 0, tzinfo=HANOI))
        report = hostile_round.reports.get(agency=health)
        content = content_of(report)
        lead_lines = set(report.task_lines.filter(role=TaskLine.Role.LEAD).values_list("pk", flat=True))
        for key, values in content.items():
            if key.startswith("i"):
                values.update(note=ALL, source=ALL[:300])
            else:
                values.update(difficulties=ALL, proposals=ALL)
                if int(key[1:]) in lead_lines:
                    values.update(status=values.get("status") or "on_schedule", done_text=ALL)
                else:
                    values.update(contribution=ALL)
        # The agency's own indicators (an officer sees only those) and the vice-chairman's.
        scoped = [line.indicator for line in report.indicator_lines.select_related("indicator").order_by("order")[:3]]
        scoped += list(Indicator.objects.filter(leader=seat).exclude(pk__in=[i.pk for i in scoped]).order_by("pk")[:2])
        for i, indicator in enumerate(scoped):
            if indicator.pk not in {x.pk for x in indicators}:
                indicator.name = f"{_short(i + 4)} {indicator.name}"
                indicator.unit = _short(i)
                indicator.save()
        report_save(report=report, actor=officer, version=report.version, content=content,
                    at=datetime(2024, 10, 5, 9, 0, tzinfo=HANOI))
        report_comment(report=report, actor=officer, text=ALL, at=datetime(2024, 10, 5, 9, 5, tzinfo=HANOI))
        report.refresh_from_db()
        report_transition(report=report, action="approve", actor=head, version=report.version,
                          at=datetime(2024, 10, 6, 9, 0, tzinfo=HANOI))
        report_transition(report=report, action="submit", actor=officer, at=datetime(2024, 10, 6, 10, 0, tzinfo=HANOI))
        report_transition(report=report, action="return", actor=reviewer, reason=ALL,
                          at=datetime(2024, 10, 7, 9, 0, tzinfo=HANOI))
        # A notification whose link is a script URL: the page must not make it a link, the redirect must refuse it.
        notify(users=[officer, reviewer, leader], kind=Notification.Kind.ROUND, subject=ALL, body=ALL,
               url="javascript:window.__pwned=1", round=hostile_round, at=datetime(2024, 10, 7, 10, 0, tzinfo=HANOI))
        lines = {
            "indicator_line": report.indicator_lines.order_by("order").values_list("pk", flat=True).first(),
            "task_line": report.task_lines.order_by("order").values_list("pk", flat=True).first(),
        }

        # Framework plans (the demo holds three, on tasks of plan 183): their tasks and steps, on the Gantt pages.
        from planwatch.frameworks.models import FrameworkPlan

        framework = FrameworkPlan.objects.select_related("task").order_by("pk").first()
        framework.task.title = f"{_short(0)} {framework.task.title}"
        framework.task.save()
        for i, step in enumerate(framework.steps.order_by("pk")):
            step.title = ALL if i == 0 else f"{_short(i)} {step.title}"[:500]
            step.save()

    # The importer: hostile names in a pasted plan and in the file's name.
    from tests.web.import_documents import BLOCKS_PLAN, INDICATORS

    text = BLOCKS_PLAN
    for i, (_, name, _unit, _target, agency) in enumerate(INDICATORS):
        text = text.replace(f"\n{name}\n", f"\n{_short(i)} {name}\n").replace(f"\n{agency}\n", f"\n{_short(i + 3)}\n", 1)
    text = text.replace("Xây dựng đề án chuyển đổi số của quận", ALL)
    draft = import_draft_create(owner=reviewer, data=text.encode(), filename="<svg onload=alert(1)>.txt")

    return {
        "plan": plan.slug, "chart_indicator": chart_indicator.pk, "indicators": [i.pk for i in indicators],
        "health_indicators": [i.pk for i in scoped[:3]], "leader_indicators": [i.pk for i in scoped[3:]],
        "tasks": [t.pk for t in tasks], "health": health.pk, "agencies": [a.pk for a in others],
        "seats": [s.pk for s in seats], "round": hostile_round.pk, "framework_task": framework.task_id,
        "framework_document": framework.task.document.slug, "report": report.pk, "draft": draft.pk, **lines,
    }


def pages(h: dict) -> dict[str, list[str]]:
    """Every HTML page of the site with hostile content, per user of the cast (usernames)."""
    search = [reverse("search") + "?q=" + quote(p) for p in ("alert", *PAYLOADS)]
    common = [
        reverse("home"),
        reverse("document", args=[h["plan"]]),
        reverse("document", args=[h["plan"]]) + "?q=alert",
        reverse("agencies"),
        reverse("agency", args=[h["health"]]),
        reverse("positions"),
        reverse("position", args=[h["seats"][0]]),
        reverse("document-history", args=[h["plan"]]),
        reverse("reporting:rounds"),
        reverse("reporting:notifications"),
        *search,
    ]

    def about(indicators: list[int], tasks: list[int]) -> list[str]:
        return [
            *[reverse("indicator", args=[pk]) for pk in indicators],
            *[reverse("task", args=[pk]) for pk in tasks],
            *[reverse("indicator-history", args=[pk]) for pk in indicators[:1]],
            *[reverse("task-history", args=[pk]) for pk in tasks[:1]],
        ]

    agency_side = [
        reverse("reporting:round", args=[h["round"]]),
        reverse("reporting:report", args=[h["report"]]),
        reverse("reporting:report-history", args=[h["report"]]),
        reverse("reporting:line-history", args=["chi-tieu", h["indicator_line"]]),
        reverse("reporting:line-history", args=["nhiem-vu", h["task_line"]]),
    ]
    planners = [
        *agency_side,
        reverse("reporting:round-history", args=[h["round"]]),
        reverse("reporting:dashboard"),
        reverse("reporting:agency-record", args=[h["health"]]),
        reverse("reports:scorecards") + "?year=2024",
        reverse("agency", args=[h["agencies"][0]]),
        reverse("import"),
        reverse("import-review", args=[h["draft"]]),
        reverse("frameworks:plan", kwargs={"task_pk": h["framework_task"]}),
        reverse("frameworks:document-gantt", args=[h["framework_document"]]),
    ]
    return {
        "khdt": common + about(h["indicators"][:3], h["tasks"][:3]) + about(h["health_indicators"][:1], []) + planners,
        "yte": common + about(h["health_indicators"], h["tasks"][:3]) + agency_side,
        "yte.truong": common + about(h["health_indicators"][:1], h["tasks"][:1]) + agency_side,
        "pct.kinhte": common + about(h["leader_indicators"], []),
    }


def assert_escaped(html: str, where: str) -> None:
    for payload in MARKUP:
        assert payload not in html, f"{where}: unescaped {payload!r}"
    # The attribute payloads, escaped only for text (<>&, not quotes), would reopen the attribute they sit in.
    assert 'onload="alert(1)"' not in html and 'onfocus="alert(1)"' not in html, where
    # Markup opened by a payload, whatever escaping a template applied around it.
    for needle in ("<script>alert", "<img src=x", "<svg onload", "<a href=javascript"):
        assert needle not in html, f"{where}: {needle!r}"


# Django's test client ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_no_page_shows_hostile_content_unescaped_and_every_page_has_the_csp(client, django_user_model):
    from planwatch.web.security import CONTENT_SECURITY_POLICY

    h = seed_hostile_content()
    seen_braces = False
    for username, urls in pages(h).items():
        client.force_login(django_user_model.objects.get(username=username))
        for url in urls:
            response = client.get(url)
            where = f"{username} {url}"
            assert response.status_code == 200, where
            assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY, where
            assert response["X-Content-Type-Options"] == "nosniff", where
            assert response["Referrer-Policy"] == "same-origin", where
            assert response["Content-Type"] == "text/html; charset=utf-8", where
            html = response.content.decode()
            assert_escaped(html, where)
            if "tim-kiem" not in url:  # a search's hits are checked above; some hostile queries find nothing
                assert any(escape(p) in html for p in MARKUP), f"{where}: shows no hostile data, so proves nothing"
            # Shown as written, never evaluated by a template engine.
            seen_braces |= "{{7*7}}" in html
    assert seen_braces


@pytest.mark.django_db
def test_the_indicator_chart_escapes_quotes_in_its_label(client, reviewer, plan_2024):
    """The finding itself: the chart's aria-label broke out of its quotes."""
    indicator = plan_2024.indicators.order_by("order").first()
    indicator.name = 'X" onload="alert(1)" y="'
    indicator.save()
    client.force_login(reviewer)
    html = client.get(reverse("indicator", args=[indicator.pk])).content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="trajectory"' in html  # the chart is drawn
    assert 'aria-label="X&quot; onload=&quot;alert(1)&quot; y=&quot;"' in html
    assert 'onload="alert(1)"' not in html


@pytest.mark.django_db
def test_a_notification_pointing_to_a_script_url_redirects_to_the_list(client):
    from planwatch.reporting.models import Notification

    seed_hostile_content()
    notification = Notification.objects.filter(user__username="yte", url__startswith="javascript:").get()
    client.force_login(notification.user)
    response = client.post(reverse("reporting:notification", args=[notification.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("reporting:notifications")


def test_error_pages_carry_the_csp_too(client):
    """A 404 (no database, no login needed) goes through the same middleware."""
    from planwatch.web.security import CONTENT_SECURITY_POLICY

    response = client.get("/static/no-such-file.js")
    assert response.status_code == 404
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_no_template_has_inline_script_handlers_or_style():
    """The CSP forbids them; a template that brings one back would break its page silently in the browser."""
    offenders = []
    for template in (ROOT / "src" / "planwatch").glob("*/templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for pattern in (r"<script(?![^>]*\bsrc=)[^>]*>", r"\son[a-z]+\s*=", r"\sstyle\s*=", r"<style", r"javascript:",
                        r"\|\s*safe\b", r"autoescape\s+off"):
            for match in re.finditer(pattern, text):
                offenders.append(f"{template.relative_to(ROOT)}: {match.group(0)}")
    assert offenders == []


# Headless Chromium ------------------------------------------------------------------------------

CHROMIUM = os.environ.get("PLANWATCH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]
PASSWORDS = {"khdt": "khdt-demo-2024", "yte": "yte-demo-2024"}

# The demo's database, the payloads seeded into it, then the server: one process, like `planwatch demo`.
SERVER = """
import json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planwatch.settings")
import django
django.setup()
from django.core.management import call_command
from planwatch.demo import load_demo
call_command("migrate", verbosity=0, interactive=False)
load_demo()
from tests.web.test_hostile_content import seed_hostile_content
with open(os.path.join(os.environ["PLANWATCH_VAR_DIR"], "hostile.json"), "w") as out:
    json.dump(seed_hostile_content(), out)
call_command("runserver", "127.0.0.1:" + sys.argv[1], use_reloader=False, use_threading=True)
"""

# Installed before any page script: every way a payload could run, or be stopped from running, leaves a trace.
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "") + " " + (e.sample || ""));
});
["alert", "confirm", "prompt"].forEach(function (name) {
  var original = window[name];
  window[name] = function () { window.__pwned = 1; return original.apply(window, arguments); };
});
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory):
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package (bin/test does).")
    var = tmp_path_factory.mktemp("hostile")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "REDIS_URL")}
    env.update({"PLANWATCH_VAR_DIR": str(var), "PYTHONUNBUFFERED": "1", "PLANWATCH_IN_PROCESS_SCHEDULER": "0"})
    log_path = var / "server.log"
    log = open(log_path, "w")
    process = subprocess.Popen([sys.executable, "-c", SERVER, str(port)], env=env, cwd=ROOT, stdout=log,
                               stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                pytest.fail("the server stopped:\n" + log_path.read_text())
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("the server did not start in time:\n" + log_path.read_text())
                time.sleep(0.3)  # the server is loading the demo data
        yield f"http://127.0.0.1:{port}", json.loads((var / "hostile.json").read_text())
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


@pytest.mark.browser
@pytest.mark.parametrize("username", ["khdt", "yte"])
def test_no_payload_runs_in_chromium(hostile_server, username):
    from playwright.sync_api import sync_playwright

    base_url, h = hostile_server
    dialogs, console = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context()
        context.add_init_script(WATCH)
        page = context.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("console", lambda message: console.append(message.text))
        page.goto(f"{base_url}/dang-nhap/")
        page.locator("input[name=username]").fill(username)
        page.locator("input[name=password]").fill(PASSWORDS[username])
        page.locator("form button[type=submit]").last.click()
        page.wait_for_url(f"{base_url}/")

        # The watch works: markup forced into this page by the test is stopped by the CSP, and the watch sees it.
        page.evaluate("document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=\"window.__pwned=1\">')")
        page.wait_for_function("window.__violations.length > 0")
        assert page.evaluate("window.__pwned") is None

        # Each kind of page once (the client test renders them all); of the searches, the stored names and two
        # hostile queries.
        kinds, urls = set(), []
        for url in pages(h)[username]:
            kind = url if "tim-kiem" in url else re.sub(r"\d+", "N", url.partition("?")[0])
            if kind not in kinds and ("tim-kiem" not in url or url.endswith(("alert", quote(PAYLOADS[1]), quote(PAYLOADS[7])))):
                kinds.add(kind)
                urls.append(url)
        visited = 0
        for url in urls:
            console.clear()
            response = page.goto(base_url + url, wait_until="load")
            assert response.status == 200, url
            assert "script-src 'self'" in response.headers["content-security-policy"], url
            # Whatever could fire: focus (autofocus payloads), the chart's SVG hovered.
            page.keyboard.press("Tab")
            for chart in page.locator("svg.trajectory").all()[:3]:  # the planning home draws a grid of them
                chart.hover()
            page.wait_for_timeout(50)
            assert page.evaluate("window.__violations") == [], url
            assert page.evaluate("window.__pwned") is None, url
            assert not [m for m in console if "Content Security Policy" in m], url
            visited += 1
        assert dialogs == []
        assert visited == len(urls) > 15

        # The pages' own scripts, now files under static/, still run under the CSP: a data-once form marks itself
        # sent (reporting/once.js; a dispatched submit event sends nothing), the language select submits its form.
        page.goto(base_url + reverse("reporting:report", args=[h["report"]]))
        sent = page.evaluate("""() => {
            const form = document.querySelector("form[data-once]");
            form.dispatchEvent(new Event("submit", {cancelable: true}));
            return form.dataset.sent;
        }""")
        assert sent == "1"
        with page.expect_navigation():
            page.select_option("select[name=language]", "en")
        assert page.locator("html").get_attribute("lang") == "en"
        assert page.evaluate("window.__violations") == []
        browser.close()


@pytest.mark.django_db
def test_report_tables_colour_cells_by_class_not_inline_style(client, reviewer):
    """The CSP refuses style="" attributes: every fill a report cell can have is a class with a rule in app.css."""
    from planwatch.reports.layout import FILLS, GROUP_FILL, HEADER_FILL

    css = (ROOT / "src" / "planwatch" / "web" / "static" / "web" / "app.css").read_text(encoding="utf-8")
    for fill in {*FILLS.values(), HEADER_FILL, GROUP_FILL}:
        assert f"td.fill-{fill.lower()}" in css and f"#{fill}" in css, fill
    client.force_login(reviewer)
    html = client.get(reverse("reports:scorecards") + "?year=2024").content.decode()
    assert re.search(r'<td class="(num )?fill-[0-9a-f]{6}"', html) and "style=" not in html
