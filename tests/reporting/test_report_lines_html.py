"""The report's lines as the report page writes them in code (reporting/templatetags/report_lines.py, issue 14):
the fields named and filled from the line, every text escaped, the read-only view, a task's framework-plan steps,
evidence files, the coordinated tasks folded unless there is something in them, and the English messages."""

import re
from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from planwatch.frameworks import services as framework_services
from planwatch.frameworks.models import FrameworkPlan
from planwatch.registry.models import Indicator, Task
from planwatch.reporting import selectors
from planwatch.reporting.forms import ReportForm
from planwatch.reporting.models import Evidence, IndicatorLine, TaskLine
from planwatch.reporting.services import content_of, report_save, round_open
from planwatch.reporting.templatetags.report_lines import report_lines_html

from .conftest import hanoi
from .test_pages import first_indicator, first_lead, form_data

pytestmark = pytest.mark.django_db


def page(client, report) -> str:
    response = client.get(reverse("reporting:report", args=[report.pk]))
    assert response.status_code == 200
    return response.content.decode()


def around(html: str, marker: str, element: str) -> str:
    """The element (`<tr …>…</tr>`) holding `marker`."""
    at = html.index(marker)
    start = html.rindex(f"<{element} ", 0, at)
    return html[start:html.index(f"</{element}>", at)]


def indicator_row(html: str, line) -> str:
    return around(html, reverse("reporting:line-history", args=["chi-tieu", line.pk]), "tr")


def lead_article(html: str, line) -> str:
    return around(html, reverse("reporting:line-history", args=["nhiem-vu", line.pk]), "article")


def coordinated_details(html: str, line) -> str:
    return around(html, f'name="t{line.pk}-contribution"', "details")


def saved(report, actor, **lines) -> None:
    """The report saved with the fields given per line key (`i12={"value": "33,5"}`)."""
    content = content_of(report)
    for key, values in lines.items():
        content[key].update(values)
    report_save(report=report, actor=actor, version=report.version, content=content)
    report.refresh_from_db()


def test_an_indicator_line_is_a_row_of_fields_named_after_the_line_and_filled_with_its_values(
    client, officer, health_report,
):
    line = first_indicator(health_report)
    saved(health_report, officer, **{f"i{line.pk}": {
        "kind": "actual", "value": "33,5", "note": "Theo Cục Thống kê", "source": "Niên giám 2024"}})
    client.force_login(officer)
    row = indicator_row(page(client, health_report), line)
    name = escape(line.indicator.name)
    assert f'<select name="i{line.pk}-kind" aria-label="Loại số liệu: {name}">' in row
    assert '<option value="actual" selected>Thực hiện (TH)</option>' in row
    assert '<option value="estimate">' in row
    assert f'name="i{line.pk}-value" value="33,5" aria-label="Giá trị: {name}" maxlength="200"' in row
    assert f'<textarea name="i{line.pk}-note" rows="2" aria-label="Ghi chú: {name}">Theo Cục Thống kê</textarea>' in row
    assert f'name="i{line.pk}-source" value="Niên giám 2024"' in row
    assert f'href="{reverse("indicator", args=[line.indicator_id])}"' in row
    assert f'href="{reverse("reporting:line-history", args=["chi-tieu", line.pk])}"' in row
    # A series asked once stands for the rows of both plans (test_series_lines.py): the row says so.
    html = page(client, health_report)
    assert html.count('<div class="small shared-plans">Số liệu dùng chung cho: KH 183/KH-UBND; KH năm 2024</div>') >= 2


def test_the_planning_department_reads_the_kind_value_and_note_without_fields(client, officer, reviewer, health_report):
    line = first_indicator(health_report)
    saved(health_report, officer, **{f"i{line.pk}": {"kind": "actual", "value": "33,5", "note": "Dòng một\nDòng hai"}})
    client.force_login(reviewer)
    html = page(client, health_report)
    row = indicator_row(html, line)
    assert "<select" not in row and "<input" not in row and "<textarea" not in row
    assert "<td>Thực hiện (TH)</td>" in row
    assert '<td class="num value">33,5</td>' in row
    assert "<td>Dòng một<br>Dòng hai</td>" in row
    # A line not yet filled shows a dash, and no kind.
    empty = health_report.indicator_lines.exclude(pk=line.pk).select_related("indicator").order_by("order").first()
    assert re.search(r'<td></td>\s*<td class="num value"><span class="muted">—</span></td>', indicator_row(html, empty))


def test_hostile_names_and_texts_are_escaped_in_fields_links_and_labels(client, officer, reviewer, health_report):
    line, lead = first_indicator(health_report), first_lead(health_report)
    Indicator.objects.filter(pk=line.indicator_id).update(name='<script>alert("i")</script>', unit="<u>%</u>")
    Task.objects.filter(pk=lead.task_id).update(title="<img src=x onerror=alert(1)>", product="<b>sp</b>")
    saved(health_report, officer, **{f"i{line.pk}": {"value": "1", "note": "</textarea><script>alert(2)</script>"},
                                     f"t{lead.pk}": {"status": "on_schedule", "done_text": "<i>xong</i>\nhết"}})
    client.force_login(officer)
    html = page(client, health_report)
    for raw in ("<script>alert", "<img src=x", "<u>%</u>", "<b>sp</b>", "</textarea><script>"):
        assert raw not in html
    name = "&lt;script&gt;alert(&quot;i&quot;)&lt;/script&gt;"
    row = indicator_row(html, line)
    assert f">{name}</a>" in row and f'aria-label="Giá trị: {name}"' in row and "<td>&lt;u&gt;%&lt;/u&gt;</td>" in row
    assert "&lt;/textarea&gt;&lt;script&gt;alert(2)&lt;/script&gt;</textarea>" in row
    assert f"{lead.task.key}. &lt;img src=x onerror=alert(1)&gt;</a>" in lead_article(html, lead)
    client.force_login(reviewer)
    html = page(client, health_report)
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "<dd>&lt;i&gt;xong&lt;/i&gt;<br>hết</dd>" in lead_article(html, lead)


def test_a_refused_save_marks_the_line_and_says_why_under_the_field(client, officer, health_report):
    line, lead = first_indicator(health_report), first_lead(health_report)
    client.force_login(officer)
    response = client.post(reverse("reporting:report", args=[health_report.pk]), form_data(
        health_report, **{f"i{line.pk}-value": "6.27", f"t{lead.pk}-percent": "150"}))
    html = response.content.decode()
    row = indicator_row(html, line)
    assert re.match(r'<tr data-indicator="[^"]+" data-document="[^"]+" class="has-error">', row)
    assert re.search(r'value="6\.27"[^>]*>\s*<p class="error" role="alert">[^<]*dấu phẩy', row)
    article = lead_article(html, lead)
    assert article.startswith('<article class="task-line has-error"')
    assert re.search(rf'name="t{lead.pk}-percent" value="150" size="4"><p class="error" role="alert">', article)


def test_a_task_led_shows_the_previous_period_and_the_fields_of_its_progress(client, officer, health_report):
    lead = first_lead(health_report)
    client.force_login(officer)
    article = lead_article(page(client, health_report), lead)
    previous = TaskLine.objects.filter(
        task=lead.task, report__agency=health_report.agency, report__status="accepted",
    ).select_related("report__round").order_by("report__round__deadline").last()
    assert previous is not None, "Sở Y tế's first half of 2024 is accepted in the demo"
    assert f'<p class="small muted">Kỳ trước ({escape(previous.report.round.title)}): ' in article
    assert f'<select name="t{lead.pk}-status">' in article
    assert f'name="t{lead.pk}-percent"' in article and f'<textarea name="t{lead.pk}-done_text" rows="3">' in article
    assert f'<input type="file" name="t{lead.pk}-evidence"' in article
    assert f'href="{reverse("task", args=[lead.task_id])}"' in article


@pytest.fixture
def plan(head, reviewer) -> FrameworkPlan:
    """Sở Y tế's framework plan (four steps; the second runs 01/11-15/12/2024 at 60 %), approved: it measures."""
    plan = FrameworkPlan.objects.get(task__lead_agencies__name="Sở Y tế")
    framework_services.plan_send(plan=plan, actor=head)
    framework_services.plan_approve(plan=plan, actor=reviewer)
    plan.refresh_from_db()
    return plan


def test_a_task_measured_by_its_framework_plan_shows_its_steps_in_a_table(client, officer, reviewer, settings, plan):
    round = round_open(period="2024-Q4", deadline=date(2025, 1, 15), actor=reviewer, at=hanoi(2025, 1, 2, 8))
    report = round.reports.get(agency__name="Sở Y tế")
    line = report.task_lines.get(task=plan.task, role=TaskLine.Role.LEAD)
    steps = list(plan.steps.order_by("order"))
    client.force_login(officer)
    with time_machine.travel(hanoi(2025, 1, 5, 9), tick=False):
        article = lead_article(page(client, report), line)
    table = article[article.index(f'<div class="steps" id="steps-{line.pk}">'):]
    assert f'href="{reverse("frameworks:plan", args=[plan.task_id])}"' in table
    assert len(re.findall(r'<tr data-step="\d+"', table)) == len(steps)
    for step in steps:
        assert (f'name="t{line.pk}-step-{step.pk}" value="{step.progress}" size="4" '
                f'aria-label="Tiến độ (%): {escape(step.title)}"') in table
    # Past its end (15/12/2024) at 60 %: late.
    assert f'<tr data-step="{steps[1].pk}" class="late">' in table and '<span class="badge late">chậm</span>' in table
    assert f'<tr data-step="{steps[0].pk}">' in table
    assert "<strong data-derived-percent>64%</strong>" in article
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = lead_article(page(client, report), line)
    assert "<span>Percent done</span>" in english and "<th>Progress this period (%)</th>" in english
    assert "%%" not in english
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME)
    client.force_login(reviewer)
    table = lead_article(page(client, report), line)
    assert f"t{line.pk}-step-" not in table and f"<td>{steps[1].progress}%</td>" in table


def test_evidence_files_are_linked_and_can_be_removed_only_while_editable(client, officer, reviewer, health_report):
    lead = first_lead(health_report)
    client.force_login(officer)
    data = form_data(health_report)
    data[f"t{lead.pk}-evidence"] = [SimpleUploadedFile("quyết <định>.pdf", b"%PDF-1.7 ...")]
    assert client.post(reverse("reporting:report", args=[health_report.pk]), data).status_code == 302
    evidence = Evidence.objects.get(line=lead)
    link = f'<a href="{reverse("reporting:evidence", args=[evidence.pk])}">{escape(evidence.name)}</a>'
    article = lead_article(page(client, health_report), lead)
    assert link in article and "<định>" not in article
    assert f'<input type="checkbox" name="remove_evidence" value="{evidence.pk}">' in article
    client.force_login(reviewer)
    article = lead_article(page(client, health_report), lead)
    assert link in article and "remove_evidence" not in article and 'type="file"' not in article


def test_an_evidence_id_past_a_thousand_is_written_plainly_and_removes_the_file(client, officer, health_report):
    """The template wrote `{{ ev.pk }}` localised (`12.345`), a value the form could not read back."""
    lead = first_lead(health_report)
    Evidence.objects.create(pk=12345, line=lead, file="minh-chung/x.pdf", name="x.pdf", size=2048,
                            content_type="application/pdf")
    client.force_login(officer)
    article = lead_article(page(client, health_report), lead)
    assert '<input type="checkbox" name="remove_evidence" value="12345">' in article
    assert '<span class="small muted">(2 KB)</span>' in article
    response = client.post(reverse("reporting:report", args=[health_report.pk]),
                           form_data(health_report, remove_evidence="12345"))
    assert response.status_code == 302
    assert Evidence.objects.get(pk=12345).removed_at is not None


def test_a_coordinated_task_is_folded_unless_it_holds_a_contribution(client, officer, health_report):
    coordinated = list(health_report.task_lines.filter(role=TaskLine.Role.COORDINATING).select_related("task")
                       .order_by("order")[:2])
    assert len(coordinated) == 2
    saved(health_report, officer, **{f"t{coordinated[0].pk}": {"contribution": "Đã cử cán bộ\nphối hợp"}})
    client.force_login(officer)
    html = page(client, health_report)
    done, empty = (coordinated_details(html, line) for line in coordinated)
    assert re.match(r'<details class="task-line" data-task="[^"]+" data-document="[^"]+" open>', done)
    assert '<span class="badge">✓</span></summary>' in done
    assert "Đã cử cán bộ\nphối hợp</textarea>" in done
    assert re.match(r'<details class="task-line" data-task="[^"]+" data-document="[^"]+">', empty)
    assert "badge" not in empty


@pytest.mark.parametrize("who", ["officer", "reviewer"])
def test_the_lines_read_for_a_page_hold_every_column_the_page_writes(request, who, reviewer, plan):
    """The selectors read only the columns the page writes (selectors.INDICATOR_LINE_COLUMNS, TASK_LINE_COLUMNS):
    writing the lines, editable or read, with a framework plan's steps, a leader, evidence files and plans sharing
    a series, makes no query more. A column left out would cost a query per line."""
    user = request.getfixturevalue(who)
    round = round_open(period="2024-Q4", deadline=date(2025, 1, 15), actor=reviewer, at=hanoi(2025, 1, 2, 8))
    report = round.reports.get(agency__name="Sở Y tế")
    lead = report.task_lines.get(task=plan.task, role=TaskLine.Role.LEAD)
    Evidence.objects.create(line=lead, file="minh-chung/x.pdf", name="x.pdf", size=10, content_type="application/pdf")
    # A leader named by the seat alone, as a plan may leave the text of its column empty.
    Task.objects.filter(pk__in=report.task_lines.values("task_id"), leader__isnull=False).update(leader_text="")
    indicator_lines = selectors.indicator_lines_for(user=user, report=report)
    task_lines = selectors.task_lines_for(user=user, report=report)
    assert any(line.shared_plans for line in indicator_lines)
    assert any(line.task.leader_id and line.role == TaskLine.Role.LEAD for line in task_lines)
    assert {TaskLine.Role.LEAD, TaskLine.Role.COORDINATING} <= {line.role for line in task_lines}
    context = {"editable": who == "officer", "round": round, "statuses": Task.Status.choices,
               "kinds": IndicatorLine.Kind.choices, "previous": selectors.previous_lines(report)}
    with CaptureQueriesContext(connection) as captured:
        form = ReportForm(indicator_lines=indicator_lines, task_lines=task_lines, version=report.version)
        html = report_lines_html(context, form.group(list(form.lines)))
        labels = [str(line.indicator) + str(line.indicator.document) for line in indicator_lines]
    assert [query["sql"] for query in captured.captured_queries] == []
    assert f'<div class="steps" id="steps-{lead.pk}">' in html and "x.pdf" in html and len(labels) == len(indicator_lines)


# The actions table --------------------------------------------------------------------------------

# reporting/_actions.html as a template before the table was written in code: the same markup is expected.
FORMER_ACTIONS_TEMPLATE = """{% load i18n %}
<table class="list actions" id="actions">
  <thead><tr><th>{% translate "Thời điểm" %}</th><th>{% translate "Người thực hiện" %}</th><th>{% translate "Hành động" %}</th><th>{% translate "Trạng thái" %}</th><th>{% translate "Nội dung, lý do" %}</th></tr></thead>
  <tbody>
  {% for action in actions %}
    <tr class="action-{{ action.kind }}"><td>{{ action.at|date:"d/m/Y H:i" }}</td><td>{{ action.actor_label }}</td><td>{{ action.get_kind_display }}</td>
      <td class="small">{% if action.from_status != action.to_status %}{% if action.from_status %}{{ action.from_label }} → {% endif %}{{ action.to_label }}{% endif %}</td>
      <td>{{ action.comment|linebreaksbr }}</td></tr>
  {% empty %}
    <tr><td colspan="5" class="muted">{% translate "Chưa có hoạt động nào." %}</td></tr>
  {% endfor %}
  </tbody>
</table>
"""


def _without_spacing(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_actions_table_is_what_the_former_template_wrote(health_report, officer, head, reviewer, language):
    from django.template import Context, Template
    from django.template.loader import render_to_string
    from django.utils import translation

    from planwatch.reporting.models import Action
    from planwatch.reporting.services import report_comment, report_transition

    saved(health_report, officer, **{f"i{first_indicator(health_report).pk}": {"value": "12,5"}})
    report_transition(report=health_report, action="approve", actor=head, reason="", version=health_report.version)
    report_transition(report=health_report, action="submit", actor=officer, reason="")
    report_transition(report=health_report, action="return", actor=reviewer,
                      reason="Thiếu số liệu <quý II>\nĐề nghị bổ sung & gửi lại")
    report_comment(report=health_report, actor=head, text="Ý kiến của lãnh đạo: \"đồng ý\"")
    Action.objects.filter(report=health_report).update(actor_label="Nguyễn <Văn> A")
    actions = list(Action.objects.filter(report=health_report).order_by("at", "id"))
    assert {action.kind for action in actions} >= {"save", "submit", "return", "comment"}
    with translation.override(language):
        former = Template(FORMER_ACTIONS_TEMPLATE).render(Context({"actions": actions}))
        now = render_to_string("reporting/_actions.html", {"actions": actions})
        empty_former = Template(FORMER_ACTIONS_TEMPLATE).render(Context({"actions": []}))
        empty_now = render_to_string("reporting/_actions.html", {"actions": []})
    assert _without_spacing(now) == _without_spacing(former)
    assert "Nguyễn &lt;Văn&gt; A" in now and "&lt;quý II&gt;<br>" in now
    assert _without_spacing(empty_now) == _without_spacing(empty_former)
    if language == "en":  # every word of the table in the catalogue: none left in Vietnamese
        assert "Nothing done yet." in empty_now and "Chưa có" not in empty_now and "Thời điểm" not in now
