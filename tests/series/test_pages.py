"""The series pages through the test client: the indicator page's section, the list of links to confirm, and who
may decide (the planning department; an agency reads; someone without a scope is told nothing)."""

import pytest
from django.test import Client
from django.urls import reverse

from planwatch.series.models import SeriesMember

pytestmark = pytest.mark.django_db


def member(plan, key) -> SeriesMember:
    return SeriesMember.objects.get(indicator__document=plan, indicator__key=key)


def decide(client, link, action, **data):
    return client.post(reverse("series:decide", args=[link.pk, action]), data)


def test_the_indicator_page_lists_the_other_rows_of_its_series(client, reviewer, plan_183, plan_2024):
    client.force_login(reviewer)
    transport = plan_183.indicators.get(key="17")
    html = client.get(reverse("indicator", args=[transport.pk])).content.decode()
    section = html[html.index('id="series"'):]
    assert "Chuỗi chỉ tiêu" in section and "Đã xác nhận" in section
    assert reverse("indicator", args=[plan_2024.indicators.get(key="17").pk]) in section
    assert reverse("document", args=[plan_2024.slug]) in section
    # The values the judgement took, and where they come from.
    values = section[section.index('id="series-values"'):]
    assert "19,8" in values and "theo Kế hoạch thực hiện hoàn thành" in values


def test_a_reviewer_confirms_a_proposed_link_from_the_indicator_page(client, reviewer, plan_183):
    client.force_login(reviewer)
    doctors = plan_183.indicators.get(key="9.1")
    page = reverse("indicator", args=[doctors.pk])
    html = client.get(page).content.decode()
    link = member(plan_183, "9.1")
    assert reverse("series:decide", args=[link.pk, "xac-nhan"]) in html
    assert f'name="next" value="{page}#series"' in html
    response = decide(client, link, "xac-nhan", next=f"{page}#series")
    assert response.status_code == 302 and response["Location"] == f"{page}#series"
    link.refresh_from_db()
    assert link.status == "confirmed" and link.confirmed_by == reviewer
    html = client.get(page).content.decode()
    assert "Đã xác nhận liên kết chuỗi chỉ tiêu." in html and "Đã đạt sớm" in html


def test_an_officer_reads_the_section_without_buttons_and_may_not_decide(client, officer, plan_183):
    client.force_login(officer)
    doctors = plan_183.indicators.get(key="9.1")  # led by Sở Y tế
    html = client.get(reverse("indicator", args=[doctors.pk])).content.decode()
    assert 'id="series"' in html and "Đề xuất" in html
    assert "xac-nhan" not in html and "lien-ket" not in html
    link = member(plan_183, "9.1")
    assert decide(client, link, "xac-nhan").status_code == 403
    link.refresh_from_db()
    assert link.status == "proposed"


@pytest.mark.parametrize("who", ["outsider", "leader"])
def test_a_link_outside_the_user_s_scope_is_not_found(request, client, who, plan_183):
    client.force_login(request.getfixturevalue(who))
    link = member(plan_183, "9.1")
    assert decide(client, link, "bac-bo").status_code == 404
    link.refresh_from_db()
    assert link.status == "proposed"


def test_the_list_of_links_to_confirm(client, reviewer, plan_183):
    client.force_login(reviewer)
    html = client.get(reverse("series:proposals")).content.decode()
    rows = html[html.index('id="proposals"'):]
    waiting = SeriesMember.objects.filter(status="proposed")
    assert rows.count("<tr data-member=") == waiting.count() > 0
    per_head = member(plan_183, "3")
    assert f'data-member="{per_head.pk}"' in rows and "đơn vị tính khác nhau" in rows
    assert reverse("series:decide", args=[per_head.pk, "bac-bo"]) in rows
    response = decide(client, per_head, "bac-bo")
    assert response.status_code == 302 and response["Location"] == reverse("series:proposals")
    assert f'data-member="{per_head.pk}"' not in client.get(reverse("series:proposals")).content.decode()


def test_an_officer_sees_only_links_of_their_indicators_and_no_buttons(client, officer, plan_183):
    client.force_login(officer)
    html = client.get(reverse("series:proposals")).content.decode()
    assert f'data-member="{member(plan_183, "9.1").pk}"' in html  # Sở Y tế's
    assert f'data-member="{member(plan_183, "3").pk}"' not in html  # Sở Kế hoạch và Đầu tư's
    assert "xac-nhan" not in html


def test_someone_without_a_scope_is_told_nothing_exists(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("series:proposals")).status_code == 404


def test_a_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("series:proposals"))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_decision_needs_the_form_s_token(reviewer, plan_183):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    link = member(plan_183, "9.1")
    assert decide(client, link, "xac-nhan").status_code == 403
    link.refresh_from_db()
    assert link.status == "proposed"


def test_a_decision_never_sends_the_browser_to_another_site(client, reviewer, plan_183):
    client.force_login(reviewer)
    response = decide(client, member(plan_183, "9.2"), "bac-bo", next="https://ke-gian.example/")
    assert response["Location"] == reverse("series:proposals")


def test_a_reviewer_links_two_rows_by_hand(client, reviewer, plan_183, plan_2024):
    client.force_login(reviewer)
    per_head = plan_183.indicators.get(key="3")
    in_usd = plan_2024.indicators.get(key="3.1")
    html = client.get(reverse("indicator", args=[per_head.pk])).content.decode()
    # Candidates are asked for: scoring every row of every other plan is seconds at a country's size (issue 14).
    assert f'<option value="{in_usd.pk}">' not in html and "?lien_ket=1" in html
    html = client.get(reverse("indicator", args=[per_head.pk]), {"lien_ket": "1"}).content.decode()
    assert f'<option value="{in_usd.pk}">' in html  # among the candidates offered
    response = client.post(reverse("series:link", args=[per_head.pk]), {"other": in_usd.pk})
    assert response.status_code == 302
    assert member(plan_183, "3").series == SeriesMember.objects.get(indicator=in_usd).series
    assert client.post(reverse("series:link", args=[per_head.pk]), {"other": "²"}).status_code == 404


def test_an_officer_may_not_link_by_hand(client, officer, plan_183, plan_2024):
    client.force_login(officer)
    doctors = plan_183.indicators.get(key="9.1")
    other = plan_2024.indicators.get(key="9.2")
    assert client.post(reverse("series:link", args=[doctors.pk]), {"other": other.pk}).status_code == 403


def test_the_list_runs_a_bounded_number_of_queries(client, reviewer, plan_183, django_assert_max_num_queries):
    client.force_login(reviewer)
    client.get(reverse("series:proposals"))
    with django_assert_max_num_queries(10):
        assert client.get(reverse("series:proposals")).status_code == 200


def test_the_list_costs_the_same_queries_with_more_links(client, reviewer, plan_183):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(reviewer)
    url = reverse("series:proposals")
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    SeriesMember.objects.filter(indicator__document=plan_183, status="confirmed").update(status="proposed")
    with CaptureQueriesContext(connection) as after:
        html = client.get(url).content.decode()
    assert html.count("<tr data-member=") > 30
    assert len(after) == len(before)


def test_saving_an_import_proposes_links_for_the_document(client, reviewer, plan_183):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from planwatch.registry.importing import unknown_agencies
    from planwatch.registry.models import ImportDraft
    from tests.registry.test_importing import PLAN_183

    SeriesMember.objects.filter(indicator__document=plan_183).delete()
    client.force_login(reviewer)
    upload = SimpleUploadedFile("183.txt", PLAN_183.read_bytes(), content_type="text/plain")
    review = client.post(reverse("import"), {"file": upload})["Location"]
    draft = ImportDraft.objects.get(owner=reviewer)
    fields = {"action": "save", "doc-id": "183-kh-ubnd"}
    fields.update({f"new-agency-{n}": name for n, name in enumerate(unknown_agencies(draft.data), start=1)})
    html = client.post(review, fields, follow=True).content.decode()
    proposed = SeriesMember.objects.filter(indicator__document=plan_183, status="proposed")
    assert proposed.count() > 30
    assert f"{proposed.count()} chỉ tiêu được đề xuất vào chuỗi chỉ tiêu" in html
