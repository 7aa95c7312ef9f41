"""The four-way task tracking per lead agency (done on time, done late, in time, overdue), as a page and as files,
checked against a count by hand of the 2024 plan's task appendix."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from planwatch.registry.models import Task
from planwatch.reports.tracking import task_tracking, tracking_report
from planwatch.reports.writers import render
from tests.reports.helpers import word, workbook

pytestmark = pytest.mark.django_db

SCIENCE = "Sở Khoa học và Công nghệ"
ICT = "Sở Thông tin và Truyền thông"
BA_DINH = "UBND quận Ba Đình"
WAYS = ("done_on_time", "done_late", "in_time", "overdue")
HEADER = ["TT", "Cơ quan, đơn vị chủ trì", "Tổng số nhiệm vụ", "Đúng hạn", "Quá hạn", "Trong hạn", "Quá hạn",
          "Tỷ lệ hoàn thành đúng hạn"]


@pytest.fixture
def science_done(plan_2024):
    # Sở KH&CN leads I.23, I.24 (June and October of 2024 and 2025), I.25 and I.29 (2024), and, as a department,
    # II.1 ("Các Sở, Ban, ngành"). One done on time, one done late.
    Task.objects.filter(document=plan_2024, key="I.25").update(status=Task.Status.DONE)
    Task.objects.filter(document=plan_2024, key="I.29").update(status=Task.Status.DONE_LATE)
    return plan_2024


def row(result, name):
    return next(r for r in result.rows if r.agency.name == name)


def counts(r):
    return tuple(r.counts[way] for way in WAYS)


def test_it_counts_the_four_ways_per_lead_agency_as_counted_by_hand(reviewer, science_done):
    result = task_tracking(user=reviewer, document=science_done, on=date(2025, 1, 15))
    science = row(result, SCIENCE)
    assert counts(science) == (1, 1, 0, 3)
    assert science.task_keys["overdue"] == ["I.23", "I.24", "II.1"]
    assert science.total == 5 and science.on_time_share == Decimal("0.2")
    # I.27 has no deadline: in time; I.26 and I.28 (June 2024) and II.1 are overdue.
    assert counts(row(result, ICT)) == (0, 0, 1, 3)
    # A district: I.12 and I.17 are led by "UBND các quận, huyện, thị xã", II.1 by the districts too.
    assert row(result, BA_DINH).task_keys["overdue"] == ["I.12", "I.17", "II.1"]
    # The total counts each of the plan's 49 tasks once.
    assert counts(result.total) == (1, 1, 1, 46) and result.total.total == 49
    assert result.open_group_led == 0


def test_the_date_decides_between_in_time_and_overdue(reviewer, science_done):
    early = row(task_tracking(user=reviewer, document=science_done, on=date(2024, 5, 1)), SCIENCE)
    assert counts(early) == (1, 1, 3, 0)
    july = row(task_tracking(user=reviewer, document=science_done, on=date(2024, 7, 1)), SCIENCE)
    assert july.task_keys["overdue"] == ["I.23", "I.24", "II.1"] and july.counts["in_time"] == 0
    # A deadline is overdue only from the next day: on 30/06/2024 itself, still in time.
    on_the_day = row(task_tracking(user=reviewer, document=science_done, on=date(2024, 6, 30)), SCIENCE)
    assert on_the_day.counts["overdue"] == 0


def test_every_tracked_document_adds_its_tasks(reviewer, science_done, plan_183):
    one = task_tracking(user=reviewer, document=science_done, on=date(2025, 1, 15))
    every = task_tracking(user=reviewer, on=date(2025, 1, 15))
    in_183 = plan_183.tasks.count()
    assert every.total.total == one.total.total + in_183
    # Sở KH&CN leads nothing in plan 183: its row stays the same.
    assert counts(row(every, SCIENCE)) == counts(row(one, SCIENCE))


def test_an_officer_sees_only_their_agency(officer, plan_2024):
    result = task_tracking(user=officer, document=plan_2024, on=date(2025, 1, 15))
    assert [r.agency.name for r in result.rows] == ["Sở Y tế"]
    assert counts(result.rows[0]) == (0, 0, 0, 1)  # II.1, as a department
    assert result.limited


def test_the_workbook_opens_back_with_the_counts(reviewer, science_done):
    report = tracking_report(user=reviewer, document=science_done, on=date(2025, 1, 15), today=date(2025, 1, 16))
    rendered = render(report, "xlsx")
    assert rendered.filename == "kh-ubnd-2024-chi-tieu-dai-hoi-xvii-theo-doi-nhiem-vu-2025-01-15.xlsx"
    ws = workbook(rendered.content)["Theo dõi nhiệm vụ"]
    cells = [[c.value for c in r] for r in ws.iter_rows()]
    science = next(r for r in cells if r[1] == SCIENCE)
    assert science[2:7] == [5, 1, 1, 0, 3]
    assert science[7] == pytest.approx(0.2)
    total = next(r for r in cells if r[1] and str(r[1]).startswith("Tổng cộng"))
    assert total[2:7] == [49, 1, 1, 1, 46]
    assert any("15/01/2025" in str(value) for r in cells for value in r if value)


def test_the_word_file_opens_back_with_the_counts(reviewer, science_done):
    rendered = render(tracking_report(user=reviewer, document=science_done, on=date(2025, 1, 15)), "docx")
    table = word(rendered.content).tables[-1]
    texts = [[cell.text for cell in r.cells] for r in table.rows]
    assert texts[1] == HEADER
    science = next(r for r in texts if r[1] == SCIENCE)
    assert science[2:] == ["5", "1", "1", "0", "3", "20,0%"]


def test_the_page_shows_the_table_and_offers_the_downloads(client, reviewer, science_done,
                                                            django_assert_max_num_queries):
    client.force_login(reviewer)
    client.get(reverse("home"))
    url = reverse("reports:tracking") + f"?document={science_done.slug}&on=15/01/2025"
    with django_assert_max_num_queries(15):
        response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<tr data-key="{SCIENCE}"><td>' in html
    assert f"document={science_done.slug}&amp;on=15/01/2025&amp;format=xlsx" in html
    download = client.get(url + "&format=docx")
    assert download.status_code == 200
    assert download["Content-Disposition"].endswith('theo-doi-nhiem-vu-2025-01-15.docx"')
    assert client.get(reverse("reports:tracking") + "?on=31/02/2025").status_code == 400


def test_it_is_linked_from_the_task_filter_and_the_index(client, reviewer, plan_2024):
    client.force_login(reviewer)
    plan_page = client.get(reverse("document", args=[plan_2024.slug])).content.decode()
    assert f'href="{reverse("reports:tracking")}?document={plan_2024.slug}"' in plan_page
    index = client.get(reverse("reports:index")).content.decode()
    assert f'href="{reverse("reports:tracking")}"' in index


def test_someone_without_a_role_is_refused(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("reports:tracking")).status_code == 404


def test_the_command_writes_the_tracking_of_every_tracked_plan(tmp_path, science_done):
    path = tmp_path / "theo-doi.xlsx"
    call_command("report", "--appendix", "tracking", "--as-of", "15/01/2025", "-o", str(path))
    ws = workbook(path.read_bytes())["Theo dõi nhiệm vụ"]
    science = next(r for r in ws.iter_rows(values_only=True) if r[1] == SCIENCE)
    assert science[2:7] == (5, 1, 1, 0, 3)
    with pytest.raises(CommandError, match="dd/mm/yyyy"):
        call_command("report", "--appendix", "tracking", "--as-of", "2025-13-01", "-o", str(path))
    with pytest.raises(CommandError, match="Cần mã văn bản"):
        call_command("report", "--period", "2024", "-o", str(path))
