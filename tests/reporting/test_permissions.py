"""Who may do what with rounds and reports: every role against every object kind and action, through the URLs.

The reports are the demo round's (2024-H1). The target is Sở Y tế's report: `officer` and `head` are its own
agency, `other_officer` (Sở Công Thương) guesses its URLs. "ok" means the action happened; "403" and "404" that
it was refused and nothing changed; "login" that an anonymous visitor was sent to sign in.
"""

import csv
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.urls import reverse

from planwatch.reporting.models import Action, Evidence, Notification, Report, Round, TaskLine
from planwatch.reporting.services import content_of, report_save, report_transition

pytestmark = pytest.mark.django_db

ROLES = ["reviewer", "admin", "officer", "head", "other_officer", "leader", "outsider", "anonymous"]
SYSTEM = "kiểm thử"
PDF = b"%PDF-1.4 minh chung\n"


@pytest.fixture
def h1():
    return Round.objects.get(period="2024-H1", origin="manual")


@pytest.fixture
def health_h1(h1):
    return h1.reports.get(agency__name="Sở Y tế")


@pytest.fixture
def trade_h1(h1):
    return h1.reports.get(agency__name="Sở Công Thương")


def as_role(client, request, role):
    if role == "anonymous":
        return None
    user = get_user_model().objects.get(username="admin") if role == "admin" else request.getfixturevalue(role)
    client.force_login(user)
    return user


def to_state(report: Report, state: str) -> Report:
    """Bring the (accepted) demo report to a state, as the system."""
    report.refresh_from_db()
    path = {
        "accepted": [],
        "draft": ["reopen"],
        "approved": ["reopen", "approve"],
        "submitted": ["reopen", "approve", "submit"],
    }[state]
    for action in path:
        report_transition(report=report, action=action, actor=SYSTEM, reason="kiểm thử", version=None)
    report.refresh_from_db()
    return report


def first_value_line(report):
    return report.indicator_lines.order_by("order").first()


# action: (state the report must be in, how to do it, how to tell it happened)

def do_save(client, report):
    line = first_value_line(report)
    return client.post(reverse("reporting:report", args=[report.pk]), {
        "version": report.version, f"i{line.pk}-value": "99,9", f"i{line.pk}-kind": "estimate",
    })


def saved(report):
    return first_value_line(report).value_text == "99,9"


def move(name):
    def do(client, report):
        # Accepting needs its confirmation ticked (test_accept_confirmation.py); the other moves ignore the field.
        return client.post(reverse("reporting:report-transition", args=[report.pk, name]),
                           {"reason": "Lý do kiểm thử", "version": report.version, "confirm": "on"})
    return do


def status_is(status, **extra):
    def check(report):
        report.refresh_from_db()
        return report.status == status and all(getattr(report, k) == v for k, v in extra.items())
    return check


def do_comment(client, report):
    return client.post(reverse("reporting:report-comment", args=[report.pk]), {"text": "Ý kiến kiểm thử"})


def commented(report):
    return report.actions.filter(kind=Action.Kind.COMMENT, comment="Ý kiến kiểm thử").exists()


def do_request_approval(client, report):
    return client.post(reverse("reporting:report-request-approval", args=[report.pk]), {"version": report.version})


def approval_requested(report):
    return report.actions.filter(kind=Action.Kind.REQUEST_APPROVAL).exists()


REPORT_ACTIONS = {
    "save": ("draft", do_save, saved),
    "request_approval": ("draft", do_request_approval, approval_requested),
    "approve": ("draft", move("approve"), status_is("approved")),
    "withdraw": ("approved", move("withdraw"), status_is("draft")),
    "submit": ("approved", move("submit"), status_is("submitted")),
    "return": ("submitted", move("return"), status_is("returned")),
    "accept": ("submitted", move("accept"), status_is("accepted")),
    "reopen": ("accepted", move("reopen"), status_is("draft", reopen_count=1)),
    "comment": ("accepted", do_comment, commented),
}

MATRIX = {
    #            reviewer admin  officer head   other  leader outsider anonymous
    "save":     ["403", "403", "ok",  "ok",  "404", "403", "404", "login"],
    "request_approval": ["403", "403", "ok", "403", "404", "403", "404", "login"],
    "approve":  ["403", "403", "403", "ok",  "404", "403", "404", "login"],
    "withdraw": ["403", "403", "ok",  "ok",  "404", "403", "404", "login"],
    "submit":   ["403", "403", "ok",  "ok",  "404", "403", "404", "login"],
    "return":   ["ok",  "ok",  "403", "403", "404", "403", "404", "login"],
    "accept":   ["ok",  "ok",  "403", "403", "404", "403", "404", "login"],
    "reopen":   ["ok",  "ok",  "403", "403", "404", "403", "404", "login"],
    "comment":  ["ok",  "ok",  "ok",  "ok",  "404", "ok",  "404", "login"],
}


def assert_outcome(response, expected, happened):
    if expected == "ok":
        assert response.status_code in (200, 302), response.status_code
        assert happened, "the action did not happen"
    elif expected == "login":
        assert response.status_code == 302 and reverse("login") in response["Location"]
        assert not happened
    else:
        assert response.status_code == int(expected)
        assert not happened


@pytest.mark.parametrize("action", list(REPORT_ACTIONS))
@pytest.mark.parametrize("role", ROLES)
def test_report_actions(client, request, health_h1, role, action):
    state, do, happened = REPORT_ACTIONS[action]
    report = to_state(health_h1, state)
    as_role(client, request, role)
    response = do(client, report)
    report.refresh_from_db()
    assert_outcome(response, MATRIX[action][ROLES.index(role)], happened(report))


# Reading -----------------------------------------------------------------------------------------

READ = {
    #                    reviewer admin officer head other leader outsider anonymous
    "report":           [200, 200, 200, 200, 404, 200, 404, "login"],
    "report-history":   [200, 200, 200, 200, 404, 200, 404, "login"],
    "round":            [200, 200, 200, 200, 200, 200, 404, "login"],
    "round-history":    [200, 200, 200, 200, 200, 200, 404, "login"],
    "round-export":     [200, 200, 200, 200, 200, 200, 404, "login"],
    "dashboard":        [200, 200, 403, 403, 403, 403, 403, "login"],
    "round-open":       [200, 200, 403, 403, 403, 403, 403, "login"],
    "agency-record":    [200, 200, 200, 200, 404, 404, 404, "login"],
    "rounds":           [200, 200, 200, 200, 200, 200, 200, "login"],
    "notifications":    [200, 200, 200, 200, 200, 200, 200, "login"],
}


def read_url(name, health_h1):
    if name in ("report", "report-history"):
        return reverse(f"reporting:{name}", args=[health_h1.pk])
    if name in ("round", "round-history", "round-export"):
        return reverse(f"reporting:{name}", args=[health_h1.round_id])
    if name == "agency-record":
        return reverse("reporting:agency-record", args=[health_h1.agency_id])
    return reverse(f"reporting:{name}")


@pytest.mark.parametrize("name", list(READ))
@pytest.mark.parametrize("role", ROLES)
def test_reading(client, request, health_h1, role, name):
    as_role(client, request, role)
    response = client.get(read_url(name, health_h1))
    expected = READ[name][ROLES.index(role)]
    if expected == "login":
        assert response.status_code == 302 and reverse("login") in response["Location"]
    else:
        assert response.status_code == expected


ROUND_WRITES = {
    #            reviewer admin officer head other leader outsider anonymous
    "close":    ["ok", "ok", "403", "403", "403", "403", "404", "login"],
    "deadline": ["ok", "ok", "403", "403", "403", "403", "404", "login"],
    "open":     ["ok", "ok", "403", "403", "403", "403", "403", "login"],
}


@pytest.mark.parametrize("action", list(ROUND_WRITES))
@pytest.mark.parametrize("role", ROLES)
def test_round_actions(client, request, h1, role, action):
    for report in h1.reports.filter(status=Report.Status.SUBMITTED):
        report_transition(report=report, action="accept", actor=SYSTEM)
    as_role(client, request, role)
    if action == "close":
        response = client.post(reverse("reporting:round-close", args=[h1.pk]))
        h1.refresh_from_db()
        happened = h1.status == Round.Status.CLOSED
    elif action == "deadline":
        response = client.post(reverse("reporting:round-deadline", args=[h1.pk]), {"deadline": "30/06/2024", "reason": "Gia hạn"})
        h1.refresh_from_db()
        happened = h1.deadline.isoformat() == "2024-06-30"
    else:
        response = client.post(reverse("reporting:round-open"), {
            "period": "2024-Q3", "deadline": "15/10/2024", "documents": list(h1.documents.values_list("pk", flat=True)),
        })
        happened = Round.objects.filter(period="2024-Q3").exists()
    assert_outcome(response, ROUND_WRITES[action][ROLES.index(role)], happened)


# Evidence files ----------------------------------------------------------------------------------


def attach(report, line, actor=SYSTEM):
    report = to_state(report, "draft")
    upload = SimpleUploadedFile("quyet-dinh.pdf", PDF, content_type="application/pdf")
    report_save(report=report, actor=actor, version=report.version, content=content_of(report), files={f"t{line.pk}": [upload]})
    return Evidence.objects.get(line=line)


@pytest.fixture
def outside_portfolio_line(health_h1, leader):
    seat = leader.membership.position
    line = (
        health_h1.task_lines.exclude(task__leader=seat).exclude(task__leader_group__positions=seat)
        .order_by("role", "order").first()
    )
    assert line is not None
    return line


EVIDENCE = ["200", "200", "200", "200", "404", "404", "404", "login"]


@pytest.mark.parametrize("role", ROLES)
def test_downloading_evidence(client, request, health_h1, outside_portfolio_line, role, settings, tmp_path):
    evidence = attach(health_h1, outside_portfolio_line)
    as_role(client, request, role)
    response = client.get(reverse("reporting:evidence", args=[evidence.pk]))
    expected = EVIDENCE[ROLES.index(role)]
    if expected == "login":
        assert response.status_code == 302
    else:
        assert response.status_code == int(expected)
    if expected == "200":
        assert b"".join(response.streaming_content) == PDF
        assert "quyet-dinh.pdf" in response["Content-Disposition"]


def test_a_leader_downloads_evidence_of_a_task_in_the_portfolio(client, health_h1, leader):
    seat = leader.membership.position
    line = health_h1.task_lines.filter(task__leader=seat).first()
    assert line is not None
    evidence = attach(health_h1, line)
    client.force_login(leader)
    assert client.get(reverse("reporting:evidence", args=[evidence.pk])).status_code == 200


def test_a_line_history_follows_the_line_visibility(client, health_h1, outside_portfolio_line, leader, other_officer, officer):
    url = reverse("reporting:line-history", args=["nhiem-vu", outside_portfolio_line.pk])
    for user, expected in ((officer, 200), (other_officer, 404), (leader, 404)):
        client.force_login(user)
        assert client.get(url).status_code == expected
    assert client.get(reverse("reporting:line-history", args=["khac", outside_portfolio_line.pk])).status_code == 404


# Notifications -----------------------------------------------------------------------------------


def test_a_notification_is_opened_only_by_its_recipient(client, officer, other_officer):
    mine = Notification.objects.filter(user=officer).first()
    assert mine is not None
    client.force_login(other_officer)
    assert client.post(reverse("reporting:notification", args=[mine.pk])).status_code == 404
    mine.refresh_from_db()
    assert mine.read_at is None
    client.force_login(officer)
    response = client.post(reverse("reporting:notification", args=[mine.pk]))
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.read_at is not None


# Nothing outside the scope in lists, searches and exports -----------------------------------------


def test_an_officer_lists_only_the_agencys_reports(client, officer, h1):
    client.force_login(officer)
    html = client.get(reverse("reporting:round", args=[h1.pk])).content.decode()
    assert 'data-agency="Sở Y tế"' in html
    assert html.count("data-agency=") == 1
    assert "Sở Công Thương" not in html
    html = client.get(reverse("reporting:rounds")).content.decode()
    assert "Sở Xây dựng" not in html


def test_an_officer_searching_another_agency_finds_nothing(client, officer, h1):
    client.force_login(officer)
    html = client.get(reverse("reporting:round", args=[h1.pk]), {"q": "cong thuong"}).content.decode()
    assert "data-agency=" not in html
    html = client.get(reverse("reporting:round", args=[h1.pk]), {"q": "y te"}).content.decode()
    assert 'data-agency="Sở Y tế"' in html


def test_the_planning_department_searches_agencies_without_diacritics(client, reviewer, h1):
    client.force_login(reviewer)
    html = client.get(reverse("reporting:round", args=[h1.pk]), {"q": "cong thuong"}).content.decode()
    assert 'data-agency="Sở Công Thương"' in html and 'data-agency="Sở Y tế"' not in html


def export_agencies(client, h1) -> set[str]:
    content = client.get(reverse("reporting:round-export", args=[h1.pk])).getvalue().decode("utf-8-sig")
    return {row[0] for row in list(csv.reader(StringIO(content)))[1:]}


def test_an_officers_export_holds_only_the_agencys_report(client, officer, reviewer, h1):
    client.force_login(officer)
    assert export_agencies(client, h1) == {"Sở Y tế"}
    client.force_login(reviewer)
    assert {"Sở Y tế", "Sở Công Thương", "Sở Xây dựng"} <= export_agencies(client, h1)


def test_a_leaders_export_holds_only_the_portfolio(client, leader, h1):
    from planwatch.registry.models import Indicator, Task

    client.force_login(leader)
    content = client.get(reverse("reporting:round-export", args=[h1.pk])).getvalue().decode("utf-8-sig")
    rows = list(csv.reader(StringIO(content)))[1:]
    seat = leader.membership.position
    tasks = Task.objects.filter(Q(leader=seat) | Q(leader_group__positions=seat)).select_related("document")
    allowed_tasks = {(str(task.document), task.key) for task in tasks}
    allowed_indicators = {(str(i.document), i.name) for i in Indicator.objects.filter(leader=seat).select_related("document")}
    task_rows = [row for row in rows if row[4] in ("Chủ trì", "Phối hợp")]
    indicator_rows = [row for row in rows if row[4] == "Chỉ tiêu"]
    assert task_rows, "the leader's portfolio has tasks in the round"
    assert all((row[5], row[6]) in allowed_tasks for row in task_rows)
    assert all((row[5], row[7]) in allowed_indicators for row in indicator_rows)
    assert len(rows) < TaskLine.objects.filter(report__round=h1).count()


def test_a_leader_sees_only_the_portfolio_lines_of_a_report(client, leader, health_h1, outside_portfolio_line):
    client.force_login(leader)
    html = client.get(reverse("reporting:report", args=[health_h1.pk])).content.decode()
    seat = leader.membership.position
    inside = health_h1.task_lines.filter(task__leader=seat).select_related("task").first()
    assert f'data-task="{inside.task.key}"' in html
    assert f'data-task="{outside_portfolio_line.task.key}" data-document="{outside_portfolio_line.task.document.slug}"' not in html
    # The full audit trail names every line, so a leader does not get it.
    html = client.get(reverse("reporting:report-history", args=[health_h1.pk])).content.decode()
    assert "Chưa có thay đổi nào" in html


def test_notifications_list_only_ones_own(client, officer, other_officer):
    client.force_login(other_officer)
    html = client.get(reverse("reporting:notifications")).content.decode()
    for notification in Notification.objects.filter(user=officer):
        assert f'reporting/thong-bao/{notification.pk}/"' not in html


def test_the_round_export_reads_lines_a_chunk_of_reports_at_a_time(client, reviewer, h1, django_assert_max_num_queries):
    """Issue 14: two queries for the lines of up to 100 reports, not two per report; every line still there."""
    from planwatch.reporting.models import IndicatorLine, TaskLine

    client.force_login(reviewer)
    client.get(reverse("reporting:round", args=[h1.pk]))
    with django_assert_max_num_queries(8):
        content = client.get(reverse("reporting:round-export", args=[h1.pk])).getvalue().decode("utf-8-sig")
    rows = list(csv.reader(StringIO(content)))[1:]
    assert h1.reports.count() > 50
    assert len(rows) == IndicatorLine.objects.filter(report__round=h1).count() + TaskLine.objects.filter(report__round=h1).count()
