"""Long reports and long rounds, a page at a time (issue 14): the lines to fill first, the rounds' counts whole,
a save from one page leaving the other pages alone, any `?trang=` answered, queries flat."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from planwatch.registry.models import Agency, Indicator
from planwatch.reporting.models import IndicatorLine, Notification, Report, Round, TaskLine
from planwatch.reporting.services import content_of, report_save

pytestmark = pytest.mark.django_db

FIELD = re.compile(r'name="([it]\d+)-(?:value|status|contribution)"')


def lengthened(report, n=40):
    """The report with `n` indicator lines more (127 lines for Sở Y tế's Q2 report: two pages of 100)."""
    taken = report.indicator_lines.values("indicator_id")
    IndicatorLine.objects.bulk_create([
        IndicatorLine(report=report, indicator=indicator, order=100 + i)
        for i, indicator in enumerate(Indicator.objects.exclude(pk__in=taken).order_by("pk")[:n])
    ])
    assert report.indicator_lines.count() + report.task_lines.count() > 100
    return report


def keys_on(html) -> list[str]:
    """The lines whose fields a page holds, in page order."""
    return list(dict.fromkeys(FIELD.findall(html)))


def page(client, report, query="") -> str:
    response = client.get(reverse("reporting:report", args=[report.pk]) + query)
    assert response.status_code == 200
    return response.content.decode()


def fields_of(report, keys, **overrides):
    """The report form as page `keys` sends it: those lines' fields only, then the overrides."""
    data = {"version": str(report.version)}
    for key, values in content_of(report).items():
        if key in keys:
            data.update({f"{key}-{name}": value for name, value in values.items()})
    data.update(overrides)
    return data


def first_indicator(report):
    return report.indicator_lines.order_by("order").first()


# The report page ---------------------------------------------------------------------------------


def test_the_lines_to_fill_come_first_and_those_filled_are_folded_after(client, officer, health_report):
    line = first_indicator(health_report)
    lead = health_report.task_lines.filter(role=TaskLine.Role.LEAD).order_by("order").first()
    content = content_of(health_report)
    content[f"i{line.pk}"]["value"] = "33,5"
    content[f"t{lead.pk}"].update(status="on_schedule", done_text="Đã ban hành kế hoạch")
    report_save(report=health_report, actor=officer, version=1, content=content)
    client.force_login(officer)
    html = page(client, health_report)
    to_fill = html[html.index('<section id="lines"'):html.index('<details class="folded" id="filled"')]
    filled = html[html.index('<details class="folded" id="filled"'):html.index('<section id="y-kien"')]
    total = health_report.indicator_lines.count() + health_report.task_lines.count()
    assert f"Còn {total - 2} dòng cần nhập, trên tổng số {total} dòng của báo cáo." in html
    assert 'id="lines-title">Cần nhập <span class="count">' in to_fill
    assert f'name="i{line.pk}-value"' not in to_fill and f'name="t{lead.pk}-status"' not in to_fill
    assert f'name="i{line.pk}-value" value="33,5"' in filled and "Đã ban hành kế hoạch" in filled
    assert '<details class="folded" id="filled">' in html  # folded: closed while there are lines to fill above
    assert len(keys_on(to_fill)) == total - 2 and keys_on(filled) == [f"i{line.pk}", f"t{lead.pk}"]
    # In each part, indicators, then the tasks the agency leads, then those it coordinates.
    assert to_fill.index('id="indicators"') < to_fill.index('id="lead-tasks"') < to_fill.index('id="coordinated-tasks"')


def test_a_report_of_more_than_a_hundred_lines_is_paged(client, officer, health_report):
    lengthened(health_report)
    client.force_login(officer)
    first, second = page(client, health_report), page(client, health_report, "?trang=2")
    assert "<strong>Trang 1/2</strong>" in first and "<strong>Trang 2/2</strong>" in second
    assert len(keys_on(first)) == 100
    assert not set(keys_on(first)) & set(keys_on(second))
    every = {f"i{pk}" for pk in health_report.indicator_lines.values_list("pk", flat=True)}
    every |= {f"t{pk}" for pk in health_report.task_lines.values_list("pk", flat=True)}
    assert set(keys_on(first)) | set(keys_on(second)) == every
    nav = re.search(r'<nav class="pager" aria-label="Các trang dòng báo cáo">(.*?)</nav>', second, re.S).group(1)
    assert 'rel="prev">Trang trước</a>' in nav and 'aria-current="page">2</a>' in nav and "Trang sau" not in nav


def test_a_filled_line_goes_after_every_line_to_fill_of_a_long_report(client, officer, health_report):
    lengthened(health_report)
    line = first_indicator(health_report)
    content = content_of(health_report)
    content[f"i{line.pk}"]["value"] = "33,5"
    report_save(report=health_report, actor=officer, version=1, content=content)
    client.force_login(officer)
    assert f"i{line.pk}" not in keys_on(page(client, health_report))
    last = page(client, health_report, "?trang=2")
    assert keys_on(last)[-1] == f"i{line.pk}"
    assert f'name="i{line.pk}-value" value="33,5"' in last[last.index('id="filled"'):]


def test_a_save_from_page_two_changes_page_two_and_keeps_page_one(client, officer, health_report):
    lengthened(health_report)
    client.force_login(officer)
    on_first = keys_on(page(client, health_report))
    # Typed earlier: a note on a line of page one, without its value yet (still to fill, still on page one), and
    # a value on another, which goes with the lines filled, to page two.
    noted, valued = [IndicatorLine.objects.get(pk=key[1:]) for key in on_first if key.startswith("i")][:2]
    content = content_of(health_report)
    content[f"i{noted.pk}"]["note"] = "Chờ số của Cục Thống kê"
    content[f"i{valued.pk}"]["value"] = "33,5"
    report_save(report=health_report, actor=officer, version=1, content=content)
    # And a task line of page one left without its status, which a save of the whole report would refuse.
    blank = next(line for line in TaskLine.objects.filter(pk__in=[key[1:] for key in on_first if key.startswith("t")])
                 if line.role == TaskLine.Role.LEAD)
    TaskLine.objects.filter(pk=blank.pk).update(status="")
    health_report.refresh_from_db()
    on_first, on_second = keys_on(page(client, health_report)), keys_on(page(client, health_report, "?trang=2"))
    assert f"i{noted.pk}" in on_first and f"t{blank.pk}" in on_first and f"i{valued.pk}" in on_second
    coordinated = on_second[0]
    before = content_of(health_report)
    response = client.post(
        reverse("reporting:report", args=[health_report.pk]) + "?trang=2",
        fields_of(health_report, set(on_second), **{
            f"i{valued.pk}-value": "34,1", f"{coordinated}-contribution": "Đã cử cán bộ tham gia tổ công tác",
        }),
    )
    assert response.status_code == 302 and response["Location"].endswith("?trang=2")
    after = content_of(health_report)
    assert after[f"i{valued.pk}"]["value"] == "34,1"
    assert after[coordinated]["contribution"] == "Đã cử cán bộ tham gia tổ công tác"
    assert {key: after[key] for key in on_first} == {key: before[key] for key in on_first}
    assert after[f"i{noted.pk}"]["note"] == "Chờ số của Cục Thống kê" and after[f"t{blank.pk}"]["status"] == ""
    health_report.refresh_from_db()
    assert health_report.version == 3
    assert "Đã lưu báo cáo (phiên bản 3)" in client.get(response["Location"]).content.decode()


def test_a_refused_save_from_page_two_shows_page_two_again_with_the_input(client, officer, health_report):
    lengthened(health_report)
    line = first_indicator(health_report)
    content = content_of(health_report)
    content[f"i{line.pk}"]["value"] = "33,5"
    report_save(report=health_report, actor=officer, version=1, content=content)
    health_report.refresh_from_db()
    client.force_login(officer)
    on_second = keys_on(page(client, health_report, "?trang=2"))
    assert on_second[-1] == f"i{line.pk}"  # filled: after every line to fill
    response = client.post(
        reverse("reporting:report", args=[health_report.pk]) + "?trang=2",
        fields_of(health_report, set(on_second), **{f"i{line.pk}-value": "6.27", f"i{line.pk}-note": "Không được mất"}),
    )
    html = response.content.decode()
    assert response.status_code == 200 and "dấu phẩy cho phần thập phân" in html
    assert set(keys_on(html)) == set(on_second)  # the lines posted, none of page one
    assert keys_on(html)[0] == f"i{line.pk}"  # the line to correct comes first, among the lines to fill
    assert 'value="6.27"' in html and "Không được mất" in html and "<strong>Trang 2/2</strong>" in html
    health_report.refresh_from_db()
    assert health_report.version == 2


@pytest.mark.parametrize("asked, shown", [
    ("?trang=999", 2), ("?trang=99999999999999999999999", 2), ("?trang=abc", 1), ("?trang=", 1), ("?trang=0", 1),
    ("?trang=-1", 1), ("?trang=²", 1), ("?trang=1.5", 1),
])
def test_any_page_number_is_answered(client, officer, health_report, asked, shown):
    """Past the end: the last page; anything that is no page number: the first. Never an error."""
    lengthened(health_report)
    client.force_login(officer)
    assert f"<strong>Trang {shown}/2</strong>" in page(client, health_report, asked)


def test_a_long_report_costs_the_queries_of_a_short_one(client, officer, reviewer, health_report, django_assert_max_num_queries):
    url = reverse("reporting:report", args=[health_report.pk])

    def queries(user, query=""):
        client.force_login(user)
        client.get(url + query)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url + query).status_code == 200
        return len(captured)

    short = {user: queries(user) for user in (officer, reviewer)}
    lengthened(health_report)
    for user in (officer, reviewer):
        assert queries(user) == short[user]
        # Page two holds task lines only: the indicator lines' queries are not even made.
        assert queries(user, "?trang=2") < short[user]
        with django_assert_max_num_queries(26):
            client.get(url + "?trang=2")


# The round page and the dashboard ----------------------------------------------------------------


def with_communes(round, n=120):
    """`n` communes more, each with a report in the round, nothing started: 64 + 120 = 184 reports."""
    agencies = [Agency.objects.create(name=f"UBND xã Thử Nghiệm {i:03d}", kind=Agency.Kind.COMMUNE) for i in range(n)]
    Report.objects.bulk_create([Report(round=round, agency=agency) for agency in agencies])
    return round


def agencies_on(html, table="reports") -> list[str]:
    body = re.search(rf'<table class="list" id="{table}">(.*?)</table>', html, re.S).group(1)
    return re.findall(r'<tr data-agency="([^"]+)"', body)


def test_the_round_page_pages_its_reports_and_counts_the_whole_round(client, reviewer, q2_round, django_assert_max_num_queries):
    with_communes(q2_round)
    total = q2_round.reports.count()
    client.force_login(reviewer)
    url = reverse("reporting:round", args=[q2_round.pk])
    seen = []
    for number in (1, 2, 3, 4):
        with django_assert_max_num_queries(12):
            html = client.get(url, {"trang": number}).content.decode()
        seen += agencies_on(html)
        assert f"Trang {number}/4" in html
        assert f'aria-current="true">Mọi tình trạng</a> ({total})' in html
    assert len(seen) == len(set(seen)) == total
    # Filtered (the communes, overdue like every report of the round): their rows, a page at a time; the counts
    # still those of the whole round, the filters kept from page to page.
    html = client.get(url, {"q": "thu nghiem", "state": "overdue", "trang": "2"}).content.decode()
    assert "51–100 trên 120" in html and "Trang 2/3" in html
    assert all(name.startswith("UBND xã Thử Nghiệm") for name in agencies_on(html)) and len(agencies_on(html)) == 50
    assert f'aria-current="true">Quá hạn, chưa nộp</a> ({total})' in html and f">Mọi tình trạng</a> ({total})" in html
    assert f'href="/bao-cao/dot/{q2_round.pk}/?q=thu+nghiem&amp;state=overdue&amp;trang=3" rel="next"' in html
    assert client.get(url, {"trang": "999"}).status_code == 200


def test_the_dashboard_pages_its_agencies_and_keeps_the_round_s_counts(client, reviewer, q2_round, django_assert_max_num_queries):
    with_communes(q2_round)
    total = q2_round.reports.count()
    client.force_login(reviewer)
    url = reverse("reporting:dashboard")
    with django_assert_max_num_queries(18):
        first = client.get(url, {"dot": q2_round.pk}).content.decode()
    with django_assert_max_num_queries(18):
        second = client.get(url, {"dot": q2_round.pk, "trang": 2}).content.decode()
    assert len(agencies_on(first, "agencies")) == 50 and not set(agencies_on(first, "agencies")) & set(agencies_on(second, "agencies"))
    for html in (first, second):
        assert f"<strong>{total}</strong> đơn vị" in html
    assert f'href="/bao-cao/bang-dieu-khien/?dot={q2_round.pk}&amp;trang=3"' in second


# Lists of rounds, of an agency's reports, of notifications -----------------------------------------------


def test_the_round_list_and_an_agency_s_record_page_through_many_rounds(client, reviewer, officer, health, django_assert_max_num_queries):
    rounds = Round.objects.bulk_create([
        Round(period=f"{1950 + i}", title=f"Báo cáo năm {1950 + i}", deadline=date(1951 + i, 1, 15), status=Round.Status.CLOSED)
        for i in range(60)
    ])
    Report.objects.bulk_create([Report(round=round, agency=health) for round in rounds])
    for user in (reviewer, officer):
        client.force_login(user)
        with django_assert_max_num_queries(14):
            html = client.get(reverse("reporting:rounds"), {"trang": 2}).content.decode()
        periods = re.findall(r'<tr data-period="(\d+)">', html)
        assert "Trang 2/" in html and "1950" in periods and "1995" not in periods
    with django_assert_max_num_queries(12):
        html = client.get(reverse("reporting:agency-record", args=[health.pk]), {"trang": 2}).content.decode()
    assert "1950" in re.findall(r'<tr data-period="(\d+)">', html) and "Trang 2/" in html


def test_notifications_are_paged_newest_first(client, reviewer, django_assert_max_num_queries):
    Notification.objects.bulk_create([
        Notification(user=reviewer, kind=Notification.Kind.choices[0][0], subject=f"Thông báo số {i:03d}", body="")
        for i in range(120)
    ])
    client.force_login(reviewer)
    with django_assert_max_num_queries(10):
        html = client.get(reverse("reporting:notifications"), {"trang": "abc"}).content.decode()
    assert "Thông báo số 119" in html and "Thông báo số 069" not in html and "Trang 1/" in html
    html = client.get(reverse("reporting:notifications"), {"trang": 999}).content.decode()
    assert "Thông báo số 000" in html and "Thông báo số 119" not in html
