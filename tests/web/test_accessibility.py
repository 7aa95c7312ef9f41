"""Issue 10 in a real headless Chromium: axe-core finds no serious or critical violation on the pages people work
in, and none of them scrolls sideways on a 390 px phone (a wide table scrolls in its own `.scroll` box instead).

axe-core comes from the npm registry at the version package.json pins (`bin/setup --test` runs `npm ci`); it is
injected into each page from node_modules, never from a CDN. Same server and browser as tests/web/test_browser.py:
the README's `planwatch demo` on a fresh SQLite file.
"""

import sqlite3
from pathlib import Path
from urllib.parse import urljoin

import pytest

from tests.web.test_browser import PASTED_PLAN, browser, demo_server, sign_in  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
REVIEWER = ("khdt", "khdt-demo-2024")
OFFICER = ("yte", "yte-demo-2024")
LEADER = ("pct.kinhte", "pct-demo-2024")
PLAN_2024 = "Kế hoạch thực hiện hoàn thành các chỉ tiêu Nghị quyết Đại hội lần thứ XVII"

# The elements wider than the viewport that no scrolling box of their own holds: what pushes the page sideways.
# An absolutely positioned element (a visually hidden label) escapes every box up to its positioned ancestor.
OVERFLOWING = """() => {
  const held = e => {
    let position = getComputedStyle(e).position;
    for (let a = e.parentElement; a && a !== document.body && position !== 'fixed'; a = a.parentElement) {
      const style = getComputedStyle(a);
      if (position === 'absolute' && style.position === 'static') continue;
      if (style.overflowX !== 'visible') return true;
      position = style.position;
    }
    return false;
  };
  const wide = e => e.getBoundingClientRect().right > window.innerWidth + 1 && !held(e);
  return [...document.body.querySelectorAll('*')].filter(e => wide(e) && !(e.parentElement && wide(e.parentElement)))
    .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + [...e.classList].map(c => '.' + c).join('')
         + ' (right edge ' + Math.round(e.getBoundingClientRect().right) + ' px)');
}"""


def go(path):
    def open_page(page, base_url, var):
        page.goto(base_url + path)
    return open_page


def follow(page, selector):
    page.goto(urljoin(page.url, page.locator(selector).first.get_attribute("href")))


def plan_2024(page, base_url, var):
    page.goto(base_url + "/")
    page.get_by_role("link", name=PLAN_2024).first.click()
    page.wait_for_url("**/van-ban/kh-ubnd-2024-chi-tieu-dai-hoi-xvii/")


def indicator(page, base_url, var):
    plan_2024(page, base_url, var)
    follow(page, '#indicators a[href*="/chi-tieu/"]')


def task(page, base_url, var):
    plan_2024(page, base_url, var)
    follow(page, '#tasks a[href*="/nhiem-vu/"]')


def framework_plan(page, base_url, var):
    """A demo task's framework plan and Gantt chart, reached from plan 183's chart of framework plans."""
    page.goto(base_url + "/van-ban/183-kh-ubnd/gantt/")
    follow(page, 'a[href$="/ke-hoach-khung/"]')


def own_framework_plan(page, base_url, var):
    """Sở Y tế's draft, which its officer edits: every step form is on the page."""
    with sqlite3.connect(var / "planwatch.sqlite3") as db:
        task_id = db.execute(
            "SELECT p.task_id FROM frameworks_frameworkplan p JOIN registry_task_lead_agencies l ON l.task_id = p.task_id"
            " JOIN registry_agency a ON a.id = l.agency_id WHERE a.name = 'Sở Y tế'").fetchone()[0]
    page.goto(f"{base_url}/nhiem-vu/{task_id}/ke-hoach-khung/")


def import_review(page, base_url, var):
    page.goto(base_url + "/nhap-van-ban/")
    page.get_by_label("Hoặc dán nội dung văn bản").fill(PASTED_PLAN)
    page.get_by_role("button", name="Đọc văn bản").click()
    page.wait_for_url("**/nhap-van-ban/*/")


def own_report(page, base_url, var):
    page.goto(base_url + "/bao-cao/")
    follow(page, "#my-reports a")


PAGES = [
    ("home", REVIEWER, go("/")),
    ("plan", REVIEWER, plan_2024),
    ("indicator", REVIEWER, indicator),
    ("task", REVIEWER, task),
    ("agencies", REVIEWER, go("/co-quan/")),
    ("reporting-rounds", REVIEWER, go("/bao-cao/")),
    ("reporting-dashboard", REVIEWER, go("/bao-cao/bang-dieu-khien/")),
    ("import", REVIEWER, go("/nhap-van-ban/")),
    ("import-review", REVIEWER, import_review),
    ("plan-gantt", REVIEWER, go("/van-ban/183-kh-ubnd/gantt/")),
    ("framework-plan", REVIEWER, framework_plan),
    ("search", REVIEWER, go("/tim-kiem/?q=so+ke+hoach")),
    ("officer-home", OFFICER, go("/")),
    ("officer-report", OFFICER, own_report),
    ("officer-framework-plan", OFFICER, own_framework_plan),
    ("leader-home", LEADER, go("/")),
    ("series", REVIEWER, go("/chuoi-chi-tieu/")),
    ("reports-index", REVIEWER, go("/phu-luc/")),
    ("task-tracking", REVIEWER, go("/phu-luc/theo-doi-nhiem-vu/?document=kh-ubnd-2024-chi-tieu-dai-hoi-xvii")),
    ("scorecards", REVIEWER, go("/phu-luc/xep-hang/?year=2024")),
    ("login", None, go("/dang-nhap/")),
]


@pytest.fixture(scope="module")
def contexts(demo_server, browser):
    """One browser context per login, signed in once. bypass_csp: the site's Content-Security-Policy refuses inline
    scripts, and add_script_tag injects axe as one; the pages' own scripts are loaded as they always are."""
    if not AXE.exists():
        pytest.fail(f"axe-core is not installed at {AXE}: run bin/setup --test (it runs npm ci).")
    base_url, _ = demo_server
    made = {}

    def context_for(login):
        if login not in made:
            context = browser.new_context(viewport=DESKTOP, bypass_csp=True)
            if login:
                page = context.new_page()
                sign_in(page, base_url, *login)
                page.close()
            made[login] = context
        return made[login]

    yield context_for
    for context in made.values():
        context.close()


def serious_violations(page, impacts=("serious", "critical")) -> list[str]:
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(" >>> ".join(node["target"]) for node in v["nodes"][:10])
        + (f" … and {len(v['nodes']) - 10} more" if len(v["nodes"]) > 10 else "")
        for v in results["violations"] if v["impact"] in impacts
    ]


def assert_axe_clean(page, name: str, *, impacts=("serious", "critical"), fits_phone: bool = True,
                     at_each_width=None) -> None:
    """axe-core injected into the open page, then at the desktop and the phone width no finding of `impacts`
    (`at_each_width(viewport)` runs after each check, for screenshots); and, unless `fits_phone` is off, the
    page does not scroll sideways at 390 px. The context must bypass the CSP: axe is injected as an inline
    script."""
    page.add_script_tag(path=str(AXE))
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        found = serious_violations(page, impacts)
        assert not found, f"{name} ({page.url}) at {viewport['width']} px:\n" + "\n".join(found)
        if at_each_width is not None:
            at_each_width(viewport)
    if fits_phone:
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= PHONE["width"], (
            f"{name} ({page.url}) scrolls sideways at 390 px ({scroll_width} px wide): "
            + ", ".join(page.evaluate(OVERFLOWING)))


# Pages held to every finding, the minor ones included (the series list once had a minor one).
SPOTLESS = [("series", REVIEWER, go("/chuoi-chi-tieu/")), ("task-tracking", REVIEWER, go("/phu-luc/theo-doi-nhiem-vu/"))]


@pytest.mark.parametrize(("name", "login", "open_page"), SPOTLESS, ids=[name for name, _, _ in SPOTLESS])
def test_the_page_has_no_axe_finding_at_all(demo_server, contexts, name, login, open_page):
    base_url, var = demo_server
    page = contexts(login).new_page()
    try:
        open_page(page, base_url, var)
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        assert_axe_clean(page, name, impacts=("minor", "moderate", "serious", "critical"), fits_phone=False)
    finally:
        page.close()


@pytest.mark.parametrize(("name", "login", "open_page"), PAGES, ids=[name for name, _, _ in PAGES])
def test_the_page_passes_axe_and_fits_a_phone(demo_server, contexts, name, login, open_page):
    base_url, var = demo_server
    page = contexts(login).new_page()
    try:
        open_page(page, base_url, var)
        # Forms folded in <details> (add a step, record a judgement...) are checked too: every input has a label.
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        # Both widths: a table that scrolls in its box only on a phone must then be reachable from the keyboard.
        assert_axe_clean(page, name)
    finally:
        page.close()
