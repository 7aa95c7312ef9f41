"""Reading through the API: each role sees exactly what the web shows it, in pages, filtered, in a few queries."""

import pytest

from planwatch.accounts.access import visible_documents, visible_indicators, visible_tasks
from planwatch.frameworks.models import FrameworkPlan
from planwatch.registry.models import Agency, IndicatorValue, Task
from planwatch.reporting.access import visible_reports, visible_rounds

LISTS = ["/documents/", "/indicators/", "/indicator-values/", "/tasks/", "/framework-plans/", "/rounds/", "/reports/",
         "/series/"]


def _all_ids(api, path, key="id", **params):
    ids, page = [], 1
    while True:
        response = api.get(path, {**params, "page": page, "page_size": 200})
        assert response.status_code == 200, response.content
        data = response.json()
        ids += [item[key] for item in data["results"]]
        if data["next"] is None:
            return ids
        page = data["next"]


@pytest.mark.parametrize("role", ["officer", "other_officer", "head", "reviewer", "leader", "outsider"])
def test_each_role_reads_exactly_its_web_scope(request, api_as, role, q2_round):
    user = request.getfixturevalue(role)
    api = api_as(user)
    assert sorted(_all_ids(api, "/documents/")) == sorted(visible_documents(user).values_list("pk", flat=True))
    assert sorted(_all_ids(api, "/indicators/")) == sorted(visible_indicators(user).values_list("pk", flat=True))
    assert sorted(_all_ids(api, "/tasks/")) == sorted(visible_tasks(user).values_list("pk", flat=True))
    assert sorted(_all_ids(api, "/rounds/")) == sorted(visible_rounds(user).values_list("pk", flat=True))
    assert sorted(_all_ids(api, "/reports/")) == sorted(visible_reports(user).values_list("pk", flat=True))
    assert sorted(_all_ids(api, "/framework-plans/", key="task")) == sorted(
        FrameworkPlan.objects.filter(task__in=visible_tasks(user)).values_list("task_id", flat=True))
    values = IndicatorValue.objects.filter(indicator__in=visible_indicators(user))
    assert sorted(_all_ids(api, "/indicator-values/")) == sorted(values.values_list("pk", flat=True))


def test_the_scopes_differ_so_the_test_above_means_something(officer, reviewer, outsider, other_officer):
    mine = set(visible_tasks(officer).values_list("pk", flat=True))
    theirs = set(visible_tasks(other_officer).values_list("pk", flat=True))
    assert mine and theirs and mine != theirs
    assert visible_tasks(reviewer).count() > len(mine | theirs) - 1
    assert not visible_tasks(outsider).exists()


def test_an_officer_cannot_read_another_agencys_objects(api_as, officer, trade_report, health_report):
    api = api_as(officer)
    assert api.get(f"/reports/{health_report.pk}/").status_code == 200
    hidden = api.get(f"/reports/{trade_report.pk}/")
    assert hidden.status_code == 404 and "Không tìm thấy" in hidden.json()["detail"]
    task = Task.objects.exclude(pk__in=visible_tasks(officer)).first()
    assert api.get(f"/tasks/{task.pk}/").status_code == 404
    # A plan of a task the officer cannot see answers like a missing one.
    plan = FrameworkPlan.objects.exclude(task__in=visible_tasks(officer)).first()
    assert api.get(f"/framework-plans/{plan.task_id}/").status_code == 404
    assert api.get("/tasks/999999999/").status_code == 404
    assert api.get(f"/tasks/{2**63 - 1}/").status_code == 404
    assert api.get(f"/tasks/{2**64}/").status_code == 400


def test_a_leader_reads_only_the_lines_of_their_portfolio(api_as, leader, reviewer, q2_round):
    from planwatch.reporting.access import visible_task_lines

    report = visible_reports(leader, q2_round.reports.all()).first()
    assert report is not None
    mine = api_as(leader).get(f"/reports/{report.pk}/").json()
    full = api_as(reviewer).get(f"/reports/{report.pk}/").json()
    assert sorted(line["id"] for line in mine["task_lines"]) == sorted(
        visible_task_lines(leader, report).values_list("pk", flat=True))
    assert len(mine["task_lines"]) + len(mine["indicator_lines"]) < len(full["task_lines"]) + len(full["indicator_lines"])


def test_pages_are_counted_and_bounded(api_as, reviewer):
    api = api_as(reviewer)
    total = visible_tasks(reviewer).count()
    assert total > 60
    first = api.get("/tasks/", {"page_size": 25}).json()
    assert (first["count"], first["page"], first["page_size"], first["pages"]) == (total, 1, 25, -(-total // 25))
    assert first["next"] == 2 and first["previous"] is None and len(first["results"]) == 25
    last = api.get("/tasks/", {"page_size": 25, "page": first["pages"]}).json()
    assert last["next"] is None and len(last["results"]) == total - 25 * (first["pages"] - 1)
    second = api.get("/tasks/", {"page_size": 25, "page": 2}).json()
    assert not {t["id"] for t in first["results"]} & {t["id"] for t in second["results"]}
    beyond = api.get("/tasks/", {"page": 9999}).json()
    assert beyond["results"] == [] and beyond["count"] == total
    too_big = api.get("/tasks/", {"page_size": 201})
    assert too_big.status_code == 400 and "page_size" in too_big.json()["detail"]
    assert api.get("/tasks/", {"page": 0}).status_code == 400


def test_search_ignores_case_and_diacritics(api_as, reviewer):
    api = api_as(reviewer)
    accented = api.get("/tasks/", {"q": "Y tế", "page_size": 200}).json()
    plain = api.get("/tasks/", {"q": "y te", "page_size": 200}).json()
    assert accented["count"] > 0 and accented["results"] == plain["results"]
    # Every word, anywhere in the row (as the web's search).
    found = Task.objects.filter(pk__in=[t["id"] for t in plain["results"]])
    assert all("y" in task.search_key and "te" in task.search_key for task in found)
    assert Task.objects.filter(search_key__contains="y te").count() <= len(found)
    assert api.get("/tasks/", {"q": "khong-co-chu-nay-xyz"}).json()["count"] == 0
    indicators = api.get("/indicators/", {"q": "giuong benh"}).json()
    assert indicators["count"] >= 1 and all("giường bệnh" in item["name"].lower() for item in indicators["results"])


def test_filters_by_document_agency_status_and_year(api_as, reviewer, plan_183, plan_2024):
    api = api_as(reviewer)
    in_183 = api.get("/tasks/", {"document": plan_183.pk, "page_size": 200}).json()
    assert in_183["count"] == Task.objects.filter(document=plan_183).count()
    assert {task["document"] for task in in_183["results"]} == {plan_183.pk}

    health = Agency.objects.get(name="Sở Y tế")
    led = api.get("/tasks/", {"agency": health.pk, "page_size": 200}).json()["results"]
    assert led and all(
        health.pk in [a["id"] for a in task["lead_agencies"] + task["coordinating_agencies"]] for task in led)
    indicators = api.get("/indicators/", {"agency": health.pk, "page_size": 200}).json()["results"]
    assert indicators and all(health.pk in [a["id"] for a in item["lead_agencies"]] for item in indicators)

    status = Task.objects.values_list("status", flat=True).first()
    by_status = api.get("/tasks/", {"status": status, "page_size": 200}).json()
    assert by_status["count"] == Task.objects.filter(status=status).count()

    due_2024 = Task.objects.filter(due_dates__due__year=2024).distinct().count()
    assert due_2024 and api.get("/tasks/", {"year": 2024}).json()["count"] == due_2024
    documents = api.get("/documents/", {"year": 2024}).json()["results"]
    assert plan_2024.pk in [d["id"] for d in documents] and plan_183.pk not in [d["id"] for d in documents]
    values = api.get("/indicator-values/", {"year": 2023, "page_size": 200}).json()["results"]
    assert values and all(value["period"].startswith("2023") for value in values)


def test_details_carry_their_parts(api_as, reviewer, plan_183):
    api = api_as(reviewer)
    task = Task.objects.filter(document=plan_183).exclude(framework_due=None).first()
    detail = api.get(f"/tasks/{task.pk}/").json()
    assert detail["framework_due"] == task.framework_due.isoformat()
    assert detail["framework_deadline_text"] == task.framework_deadline_text
    assert [a["id"] for a in detail["lead_agencies"]] == list(task.lead_agencies.values_list("pk", flat=True))

    indicator = IndicatorValue.objects.values_list("indicator", flat=True).first()
    shown = api.get(f"/indicators/{indicator}/").json()
    assert shown["values"] and {v["indicator"] for v in shown["values"]} == {indicator}
    assert isinstance(shown["targets"], list)

    document = api.get(f"/documents/{plan_183.slug}/").json()
    assert document["id"] == plan_183.pk and document["tasks"] == plan_183.tasks.count()
    assert api.get(f"/documents/{plan_183.pk}/").json()["slug"] == plan_183.slug


def test_a_framework_plan_has_its_steps_progress_and_critical_path(api_as, reviewer):
    from planwatch.frameworks.selectors import plan_schedule

    plan = FrameworkPlan.objects.filter(steps__isnull=False).distinct().first()
    data = api_as(reviewer).get(f"/framework-plans/{plan.task_id}/").json()
    steps = list(plan.steps.order_by("order", "pk"))
    assert [step["id"] for step in data["steps"]] == [step.pk for step in steps]
    assert [step["progress"] for step in data["steps"]] == [step.progress for step in steps]
    timing = plan_schedule(plan)
    assert data["critical_path"] == [int(key) for key in timing.critical_path] and data["critical_path"]
    assert all(step["critical"] == (step["id"] in data["critical_path"]) for step in data["steps"])
    assert data["steps"][0]["scheduled_start"] == timing[str(steps[0].pk)].early_start.isoformat()


@pytest.mark.parametrize("path", LISTS)
def test_each_list_reads_in_a_fixed_number_of_queries(api_as, reviewer, q2_round, path, django_assert_max_num_queries):
    api = api_as(reviewer)
    api.get(path)  # the token's last use is written once a minute: not counted below
    # Authentication, the scope, the count and the page with its prefetched parts: never a query per row.
    with django_assert_max_num_queries(10):
        response = api.get(path, {"page_size": 200})
    assert response.status_code == 200 and response.json()["results"]


def test_a_plans_values_leave_in_the_exchange_formats_within_the_callers_scope(api_as, reviewer, outsider, client,
                                                                              plan_2024):
    import csv
    import io
    import json as jsonlib

    api = api_as(reviewer)
    path = f"/documents/{plan_2024.slug}/export/dhis2-json"
    response = api.get(path)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    values = jsonlib.loads(response.content)["dataValues"]
    grdp = sorted((v["period"], v["value"]) for v in values
                  if v["dataElement"] == f"{plan_2024.slug}_1" and v.get("categoryOptionCombo") == "TH")
    assert grdp[:3] == [("2021", "2.97"), ("2022", "8.95"), ("2023", "6.27")]
    sdmx = api.get(f"/documents/{plan_2024.slug}/export/sdmx-csv")
    assert next(csv.reader(io.StringIO(sdmx.content.decode())))[:3] == ["STRUCTURE", "STRUCTURE_ID", "ACTION"]
    assert api.get(f"/documents/{plan_2024.slug}/export/xml").status_code in (400, 422)
    assert api_as(outsider).get(path).status_code == 404
    assert client.get(f"/api/v1{path}").status_code == 401
