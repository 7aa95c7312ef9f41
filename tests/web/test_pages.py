"""The pages a planner opens, read as the planner reads them."""

import html as htmllib
import re

import pytest
from django.urls import reverse

from planwatch.registry.models import Agency, Position, Task

pytestmark = pytest.mark.django_db


def readable(text: str) -> str:
    """What a reader sees: entities decoded, no-break spaces as spaces, word joiners gone."""
    return htmllib.unescape(text).replace("\u2060", "").replace("\u00a0", " ").strip()


def cells_of_row(html: str, key: str) -> list[str]:
    row = re.search(rf'<tr class="depth-\d" data-key="{re.escape(key)}">(.*?)</tr>', html, re.S)
    assert row, f"row {key} not on the page"
    return [readable(re.sub(r"<[^>]+>", "", cell)) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)]


def test_sign_in_is_required(client, plan_2024):
    response = client.get(reverse("document", args=[plan_2024.slug]))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_the_login_page_is_in_vietnamese(client):
    response = client.get(reverse("login"))
    assert "Đăng nhập" in response.content.decode()


def test_home_lists_the_plans(client, reviewer):
    client.force_login(reviewer)
    html = client.get(reverse("home")).content.decode()
    assert "183/KH-UBND" in html
    assert "Kế hoạch thực hiện hoàn thành các chỉ tiêu Nghị quyết Đại hội lần thứ XVII" in html


def test_plan_page_shows_grdp_in_vietnamese_number_style(client, reviewer, plan_2024):
    client.force_login(reviewer)
    html = client.get(reverse("document", args=[plan_2024.slug])).content.decode()
    cells = cells_of_row(html, "1")
    assert cells[1] == "Tăng trưởng GRDP trung bình"
    assert cells[3:12] == ["6,73", "7,5–8,0", "6,27 (TH 2023)", "2,97", "8,95", "6,27", "6,04", "6,5–7,0", "> 13,07"]


def test_plan_page_writes_thousands_with_a_dot(client, reviewer, plan_2024):
    client.force_login(reviewer)
    html = client.get(reverse("document", args=[plan_2024.slug])).content.decode()
    investment = plan_2024.indicators.get(name="Huy động vốn đầu tư xã hội")
    cells = cells_of_row(html, investment.key)
    assert "1.716,4" in cells and "3.100–3.200" in cells and "> 1.162" in cells and "559,4" in cells


def test_sub_indicators_are_indented(client, reviewer, plan_2024):
    client.force_login(reviewer)
    html = client.get(reverse("document", args=[plan_2024.slug])).content.decode()
    assert 'class="depth-2" data-key="1.3.1"' in html


def test_plan_page_runs_a_bounded_number_of_queries(client, reviewer, plan_2024, plan_183, django_assert_max_num_queries):
    client.force_login(reviewer)
    client.get(reverse("home"))
    for plan in (plan_183, plan_2024):
        # 27: the table, the computation (one of it for the values the indicators' series hold in other documents,
        # docs/series.md), the task filters and one aggregate for how often each task was chased.
        with django_assert_max_num_queries(27):
            response = client.get(reverse("document", args=[plan.slug]))
        assert response.status_code == 200


@pytest.mark.parametrize("name, most", [("home", 19), ("agencies", 12), ("positions", 12)])
def test_list_pages_run_a_bounded_number_of_queries(client, reviewer, name, most, django_assert_max_num_queries):
    # The home page computes the plans: one query of it reads the values their series hold (docs/series.md), one
    # the revision token the results are kept under (registry/results.py); the late reports take three (the open
    # rounds, the late ones' ids by agency, the objects of those shown: tests/web/test_home.py); two, the register's
    # token and the latest audit entry, name the board kept for the next visit (web/home.py board_html).
    client.force_login(reviewer)
    with django_assert_max_num_queries(most):
        assert client.get(reverse(name)).status_code == 200


def test_agency_and_leader_pages_run_a_bounded_number_of_queries(client, reviewer, django_assert_max_num_queries):
    client.force_login(reviewer)
    agency = Agency.objects.get(name="Sở Công Thương")
    position = Position.objects.get(tenures__person="Nguyễn Mạnh Quyền")
    with django_assert_max_num_queries(15):
        assert client.get(reverse("agency", args=[agency.pk])).status_code == 200
    with django_assert_max_num_queries(15):
        assert client.get(reverse("position", args=[position.pk])).status_code == 200


def test_task_filter_by_lead_agency(client, reviewer, plan_2024):
    client.force_login(reviewer)
    science = Agency.objects.get(name="Sở Khoa học và Công nghệ")
    response = client.get(reverse("document", args=[plan_2024.slug]), {"agency": science.pk})
    keys = re.findall(r'<tr data-key="([^"]+)">', response.content.decode())
    direct = set(plan_2024.tasks.filter(lead_agencies=science).values_list("key", flat=True))
    assert {"I.23", "I.24", "I.25", "I.29"} <= direct
    # II.1 is led by "Các sở, ban, ngành; UBND quận, huyện, thị xã": the group of departments includes it.
    assert set(keys) == direct | {"II.1"}


def test_task_filter_by_leader_and_deadline_window(client, reviewer, plan_2024):
    client.force_login(reviewer)
    seat = Position.objects.get(tenures__person="Lê Hồng Sơn")
    response = client.get(
        reverse("document", args=[plan_2024.slug]),
        {"leader": seat.pk, "due_from": "01/12/2024", "due_to": "31/12/2024"},
    )
    keys = re.findall(r'<tr data-key="([^"]+)">', response.content.decode())
    assert "I.25" in keys  # due 31/12/2024
    assert "I.23" not in keys  # recurring in June and October only
    assert all(Task.objects.get(document=plan_2024, key=k).leader == seat for k in keys)


def test_task_filter_explains_a_bad_date(client, reviewer, plan_2024):
    client.force_login(reviewer)
    html = client.get(reverse("document", args=[plan_2024.slug]), {"due_from": "31/02/2024"}).content.decode()
    assert "Nhập một ngày hợp lệ" in html or "Hãy nhập một ngày hợp lệ" in html or "ngày hợp lệ" in html


def test_search_ignores_diacritics_and_case(client, reviewer):
    client.force_login(reviewer)
    html = client.get(reverse("search"), {"q": "so ke hoach"}).content.decode()
    assert "Sở Kế hoạch và Đầu tư" in html


def test_task_search_on_the_plan_page_ignores_diacritics(client, reviewer, plan_2024):
    client.force_login(reviewer)
    response = client.get(reverse("document", args=[plan_2024.slug]), {"q": "san giao dich cong nghe"})
    keys = re.findall(r'<tr data-key="([^"]+)">', response.content.decode())
    assert keys == ["I.25"]


def test_indicator_page(client, reviewer, plan_2024):
    client.force_login(reviewer)
    grdp = plan_2024.indicators.get(key="1")
    html = readable(client.get(reverse("indicator", args=[grdp.pk])).content.decode())
    assert "Tăng trưởng GRDP trung bình" in html and "7,5–8,0" in html and "Hà Minh Hải" in html


def test_task_page_shows_who_holds_the_seat_now_and_then(client, reviewer, plan_183):
    client.force_login(reviewer)
    task = plan_183.tasks.get(code="20")
    html = client.get(reverse("task", args=[task.pk])).content.decode()
    assert "Chử Xuân Dũng" in html and "Vũ Thu Hà" in html


def test_agency_page_lists_what_it_leads_and_coordinates(client, reviewer):
    client.force_login(reviewer)
    agency = Agency.objects.get(name="Sở Khoa học và Công nghệ")
    html = client.get(reverse("agency", args=[agency.pk])).content.decode()
    assert "Sàn giao dịch công nghệ Hà Nội" in html
    assert "Nhiệm vụ phối hợp" in html


def test_history_page_shows_the_trail(client, reviewer, plan_2024):
    client.force_login(reviewer)
    task = plan_2024.tasks.get(key="I.25")
    html = client.get(reverse("task-history", args=[task.pk])).content.decode()
    assert "load-demo" in html


def test_english_is_available(client, reviewer):
    client.force_login(reviewer)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("home")).content.decode()
    assert "Plans being tracked" in html


def test_a_float_never_reaches_a_template():
    from planwatch.web.templatetags.vi import format_number

    with pytest.raises(TypeError):
        format_number(6.27)


def test_a_missing_page_answers_in_vietnamese(client, reviewer, settings):
    settings.DEBUG = False
    client.force_login(reviewer)
    response = client.get("/chi-tieu/999999/")
    assert response.status_code == 404 and "Không tìm thấy trang" in response.content.decode()


def test_a_reimport_leaves_the_progress_reported_since(reviewer, plan_2024):
    from planwatch.registry import hanoi
    from planwatch.registry.services import plan_save

    task = plan_2024.tasks.get(key="I.25")
    task.status = "on_schedule"
    task.save()
    plan_save(data=hanoi.read("plan-2024.toml"), actor=reviewer)
    task.refresh_from_db()
    assert task.status == "on_schedule"


def test_the_plan_page_costs_the_same_queries_with_more_rows(client, reviewer, plan_183):
    """Bounded whatever the data size: twenty more tasks and indicators, not one more query."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from planwatch.registry import hanoi
    from planwatch.registry.services import plan_save

    client.force_login(reviewer)
    url = reverse("document", args=[plan_183.slug])
    client.get(url)
    # Both counts with the engine run: after plan_save this transaction may not use kept results
    # (registry/results.py), so the first count must not read them either.
    cache.clear()
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    data = hanoi.read("plan-183.toml")
    extra_tasks = [{**task, "key": f"X.{n}", "code": str(100 + n), "section": "X"} for n, task in enumerate(data["tasks"][:20])]
    extra_indicators = [
        {**indicator, "key": f"9{n}", "code": f"9{n}", "parent": None}
        for n, indicator in enumerate(i for i in data["indicators"] if "parent" not in i) if n < 20
    ]
    plan_save(data={**data, "tasks": data["tasks"] + extra_tasks, "indicators": data["indicators"] + extra_indicators},
              actor=reviewer)
    with CaptureQueriesContext(connection) as after:
        response = client.get(url)
    assert response.content.decode().count("<tr data-key=") == 63
    # Three fewer after the save: a transaction with changes of its own reads no revision token, neither the
    # register's nor the plan's, so it neither reads nor keeps the page (accounts/keeping.py: nor the latest audit entry).
    assert len(after) == len(before) - 3


def test_the_latest_value_reached_stands_beside_the_plan_target(client, reviewer, plan_2024):
    """Issue 10: the year's actual from an accepted report (a value of record with no document) outranks the
    document's 2023 actual; an estimate does not outrank an actual of the same year."""
    from planwatch.registry.models import Indicator, IndicatorValue

    grdp = Indicator.objects.get(document=plan_2024, key="1")
    client.force_login(reviewer)
    url = reverse("document", args=[plan_2024.slug])

    def latest_cell():
        html = client.get(url).content.decode()
        row = html.split('data-key="1">', 1)[1].split("</tr>", 1)[0]
        return row.split('data-column="latest">', 1)[1].split("</td>", 1)[0]

    assert "6,27" in latest_cell() and "(TH 2023)" in latest_cell()
    IndicatorValue.objects.create(indicator=grdp, period="2024", kind="estimate", op="eq", low=6.5, text="6,5")
    assert "6,5" in latest_cell() and "(ƯTH 2024)" in latest_cell()
    IndicatorValue.objects.create(indicator=grdp, period="2024", kind="actual", op="eq", low=6.52, text="6,52")
    assert "6,52" in latest_cell() and "(TH 2024)" in latest_cell()
    html = client.get(url).content.decode()
    headers = html.split('id="indicators"', 1)[1].split("</thead>", 1)[0]
    assert headers.index("KH 2021-2025") < headers.index("Số thực hiện gần nhất") < headers.index("TH 2021")


def test_the_plan_page_is_kept_for_a_person_until_the_register_changes(
    client, reviewer, officer, plan_2024, django_assert_max_num_queries,
):
    from planwatch.audit.services import record_change, snapshot
    from planwatch.registry.models import Task

    def page(**params):  # what differs on every response, the masked CSRF token and the script nonce, left out
        html = client.get(url, params).content.decode()
        return re.sub(r'(name="csrfmiddlewaretoken" value|nonce)="[^"]*"', "", html)

    url = reverse("document", args=[plan_2024.slug])
    client.force_login(reviewer)
    first = page()
    with django_assert_max_num_queries(10):  # the session, the scope, the plan, the tokens, the audit entry and
        # the latest chase that name the kept page, the nav
        assert page() == first
    assert page(trang_thai="at_risk") != first  # each address its own page

    task = Task.objects.filter(document=plan_2024).order_by("order").first()
    before = snapshot(task)
    task.title = "Nhiệm vụ đã được sửa tên trong trang quản trị"
    task.save()
    record_change(task, before=before, after=snapshot(task), actor=reviewer, reason="sửa tên")
    assert "Nhiệm vụ đã được sửa tên trong trang quản trị" in page()

    client.force_login(officer)  # another person: another scope, never the reviewer's page
    assert page().count("<tr data-key=") < first.count("<tr data-key=")


def test_the_plan_page_stays_kept_while_reports_are_written_and_is_renewed_by_what_acceptance_writes(
    client, reviewer, officer, head, plan_2024, monkeypatch,
):
    from datetime import date

    from planwatch.accounts.keeping import register_version
    from planwatch.audit.models import AuditEntry
    from planwatch.reporting.services import content_of, report_save, report_transition, round_open
    from planwatch.web import views

    computed = []
    real = views._document_context
    monkeypatch.setattr(views, "_document_context", lambda *args: computed.append(args[1].pk) or real(*args))
    report = round_open(period="2024-Q2", deadline=date(2024, 7, 15), actor=reviewer).reports.get(
        agency=officer.membership.agency)
    url = reverse("document", args=[plan_2024.slug])
    client.force_login(reviewer)
    assert client.get(url).status_code == 200 and computed == [plan_2024.pk]
    whole, register = register_version(), register_version(register_only=True)

    content = content_of(report)
    line = report.indicator_lines.order_by("order").first()
    content[f"i{line.pk}"].update(kind="estimate", value="33,5")
    report_save(report=report, actor=officer, version=report.version, content=content)
    report.refresh_from_db()
    report_transition(report=report, action="approve", actor=head, version=report.version)
    report_transition(report=report, action="submit", actor=officer)
    assert AuditEntry.objects.filter(about_register=False, field="value_text", new_value="33,5").exists()
    assert register_version() != whole  # the boards, which list reports, are renewed
    assert register_version(register_only=True) == register
    assert client.get(url).status_code == 200 and computed == [plan_2024.pk]  # the plan page is not

    report_transition(report=report, action="accept", actor=reviewer)  # writes the value and statuses of record
    assert register_version(register_only=True) != register
    client.get(url)
    assert computed == [plan_2024.pk, plan_2024.pk]


def test_the_plan_page_kept_for_one_planner_serves_another(client, reviewer, plan_2024, django_assert_max_num_queries):
    from django.contrib.auth import get_user_model

    from planwatch.accounts.models import Membership

    colleague = get_user_model().objects.create_user("khdt.lan", password="dong-nghiep-2024")
    Membership.objects.create(user=colleague, role=Membership.Role.PLANNING, agency=reviewer.membership.agency)
    url = reverse("document", args=[plan_2024.slug])
    def content() -> str:  # the plan's part of the page: the top bar is the person's own (their notifications)
        html = client.get(url).content.decode()
        return re.sub(r'(name="csrfmiddlewaretoken" value|nonce)="[^"]*"', "", html.split("<main", 1)[1])

    client.force_login(reviewer)
    first = content()
    client.force_login(colleague)
    with django_assert_max_num_queries(10):  # the kept page, not the plan computed again
        again = content()
    assert again == first and 'id="indicators"' in again
