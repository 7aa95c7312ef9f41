"""A round from opening to acceptance, through the services, as the planning department and two agencies live it."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from planwatch.audit.selectors import audit_entries_for
from planwatch.registry.models import Agency, IndicatorValue, Task
from planwatch.reporting.models import Action, IndicatorLine, Report, Round, TaskLine
from planwatch.reporting.services import (
    ReportingError,
    ReportValidationError,
    TransitionError,
    content_of,
    report_save,
    report_transition,
    round_close,
    round_open,
)

from .conftest import hanoi

pytestmark = pytest.mark.django_db


def fill(report, actor, *, at, **values_by_key):
    content = content_of(report)
    for key, values in values_by_key.items():
        content[key].update(values)
    return report_save(report=report, actor=actor, version=report.version, content=content, at=at)


def first_indicator_line(report) -> IndicatorLine:
    return report.indicator_lines.select_related("indicator").order_by("order").first()


def first_lead_line(report) -> TaskLine:
    return report.task_lines.filter(role=TaskLine.Role.LEAD).select_related("task").order_by("order").first()


def submit(report, officer, head, *, at):
    report.refresh_from_db()
    report_transition(report=report, action="approve", actor=head, version=report.version, at=at)
    return report_transition(report=report, action="submit", actor=officer, at=at)


# Opening ----------------------------------------------------------------------------------------


def test_opening_a_round_gives_each_agency_its_own_lines(q2_round, health, trade):
    assert q2_round.title == "Báo cáo quý II/2024"
    health_report = q2_round.reports.get(agency=health)
    assert health_report.indicator_lines.exists() and health_report.task_lines.filter(role="lead").exists()
    for line in health_report.indicator_lines.select_related("indicator"):
        leads = set(line.indicator.lead_agencies.values_list("name", flat=True))
        groups = list(line.indicator.lead_groups.all())
        assert "Sở Y tế" in leads or any(g.contains(health) for g in groups), line.indicator.name
    for line in health_report.task_lines.select_related("task"):
        task = line.task
        if line.role == TaskLine.Role.LEAD:
            assert health in task.lead_agencies.all() or any(g.contains(health) for g in task.lead_groups.all())
        else:
            assert health in task.coordinating_agencies.all() or any(
                g.contains(health) and not g.is_open for g in task.coordinating_groups.all()
            )
        assert task.status not in (Task.Status.DONE, Task.Status.DONE_LATE)
    trade_lines = set(q2_round.reports.get(agency=trade).task_lines.filter(role="lead").values_list("task_id", flat=True))
    health_lines = set(health_report.task_lines.filter(role="lead").values_list("task_id", flat=True))
    assert trade_lines - health_lines and health_lines - trade_lines


def test_an_agency_with_nothing_to_report_gets_no_report(q2_round):
    from planwatch.registry.models import AgencyGroup

    grouped_kinds = {kind for group in AgencyGroup.objects.filter(is_open=False) for kind in group.member_kinds}
    idle = (
        Agency.objects.filter(led_tasks=None, coordinated_tasks=None, led_indicators=None, named_groups=None)
        .exclude(kind__in=grouped_kinds)
    )
    assert idle.exists()
    assert not q2_round.reports.filter(agency__in=idle).exists()
    assert q2_round.reports.count() == q2_round.reports.values("agency").distinct().count()


def test_a_lead_line_is_prefilled_with_the_status_of_record(q2_round, health):
    report = q2_round.reports.get(agency=health)
    line = first_lead_line(report)
    assert line.status == line.task.status


def test_opening_is_audited_and_logged(q2_round, reviewer):
    entries = audit_entries_for(q2_round)
    assert entries.filter(field="deadline", new_value="2024-07-15").exists()
    assert entries.first().actor == reviewer
    assert q2_round.actions.filter(kind=Action.Kind.OPEN, report__isnull=True).count() == 1
    report = q2_round.reports.first()
    assert audit_entries_for(report).filter(field="task_lines").exists()


def test_only_the_planning_department_opens_a_round(officer, head, leader):
    for user in (officer, head, leader):
        with pytest.raises(PermissionDenied):
            round_open(period="2024-Q3", deadline=date(2024, 10, 15), actor=user)


@pytest.mark.parametrize("period, message", [
    ("2024-Q5", "không hợp lệ"),
    ("Q2/2024", "không hợp lệ"),
    ("2024-H3", "không hợp lệ"),
])
def test_a_bad_period_is_refused_in_vietnamese(reviewer, period, message):
    with pytest.raises(ReportingError, match=message):
        round_open(period=period, deadline=date(2024, 7, 15), actor=reviewer)


def test_a_deadline_before_the_period_is_refused(reviewer):
    with pytest.raises(ReportingError, match="trước khi kỳ"):
        round_open(period="2024-Q3", deadline=date(2024, 6, 30), actor=reviewer)


def test_a_second_round_for_the_same_period_is_refused(q2_round, reviewer):
    with pytest.raises(ReportingError, match="Đã có đợt báo cáo"):
        round_open(period="2024-Q2", deadline=date(2024, 7, 20), actor=reviewer)


@pytest.mark.parametrize("period, title", [
    ("2024-H2", "Báo cáo 6 tháng cuối năm 2024"),
    ("2024-9M", "Báo cáo 9 tháng năm 2024"),
    ("2025", "Báo cáo năm 2025"),
])
def test_each_kind_of_period_can_be_opened(reviewer, period, title):
    round = round_open(period=period, deadline=date(2026, 1, 15), actor=reviewer)
    assert round.title == title and round.reports.exists()


# Filling ----------------------------------------------------------------------------------------


def test_a_save_writes_only_what_changed_and_raises_the_version(health_report, officer):
    line = first_indicator_line(health_report)
    result = fill(health_report, officer, at=hanoi(2024, 7, 3, 9), **{
        f"i{line.pk}": {"kind": "estimate", "value": "1.162,6", "note": "Ước 6 tháng", "source": "Sở Y tế"},
    })
    assert result.changed_lines == 1
    health_report.refresh_from_db()
    assert health_report.version == 2 and health_report.last_saved_by == officer
    line.refresh_from_db()
    assert (line.value_text, line.op, str(line.low), str(line.high)) == ("1.162,6", "eq", "1162.600000", "1162.600000")
    entries = audit_entries_for(line)
    assert entries.filter(field="value_text", old_value="", new_value="1.162,6", actor=officer).exists()
    assert health_report.revisions.filter(version=2).exists()
    unchanged = report_save(report=health_report, actor=officer, version=2, content=content_of(health_report))
    assert not unchanged.changed
    health_report.refresh_from_db()
    assert health_report.version == 2


def test_a_save_of_many_lines_writes_each_line_s_own_fields_and_clears_what_was_emptied(health_report, officer):
    indicators = list(health_report.indicator_lines.order_by("order")[:3])
    task = first_lead_line(health_report)
    fill(health_report, officer, at=None, **{
        f"i{indicators[0].pk}": {"kind": "estimate", "value": "12,5"},
        f"i{indicators[1].pk}": {"kind": "actual", "value": "7-9", "note": "Số liệu sơ bộ"},
        f"i{indicators[2].pk}": {"kind": "estimate", "value": "1.234,75"},
        f"t{task.pk}": {"status": "on_schedule", "percent": "40", "done_text": "Đã khởi công."},
    })
    health_report.refresh_from_db()
    fill(health_report, officer, at=None, **{
        f"i{indicators[0].pk}": {"value": ""},  # emptied: its bounds go back to none
        f"t{task.pk}": {"percent": "75"},
    })
    stored = {line.pk: line for line in health_report.indicator_lines.filter(pk__in=[i.pk for i in indicators])}
    assert (stored[indicators[0].pk].value_text, stored[indicators[0].pk].low, stored[indicators[0].pk].high) == ("", None, None)
    second = stored[indicators[1].pk]
    assert (second.kind, second.value_text, second.low, second.high, second.note) == (
        "actual", "7-9", Decimal(7), Decimal(9), "Số liệu sơ bộ")
    assert stored[indicators[2].pk].low == stored[indicators[2].pk].high == Decimal("1234.75")
    task.refresh_from_db()
    assert (task.status, task.percent, task.done_text) == ("on_schedule", 75, "Đã khởi công.")


def test_a_save_reads_the_report_s_lines_in_a_fixed_number_of_queries(
    health_report, officer, django_assert_max_num_queries,
):
    """A save reads the lines once with what it and its audit entries name of their indicators and tasks
    (services/content.py VALIDATED_INDICATOR_LINE, …): with 87 lines, a column left out would cost 87 queries."""
    lead = set(health_report.task_lines.filter(role=TaskLine.Role.LEAD).values_list("pk", flat=True))

    def save(n, *, every):
        content = content_of(health_report)
        for key in (list(content) if every else [next(iter(content))]):
            if key[0] == "i":
                content[key].update(kind="estimate", value=f"{n},5", note=f"Ghi chú {n}")
            elif int(key[1:]) in lead:
                content[key].update(status="on_schedule", percent=str(n), done_text=f"Đã làm {n}")
            else:
                content[key]["contribution"] = f"Đã phối hợp {n}"
        result = report_save(report=health_report, actor=officer, version=health_report.version, content=content)
        health_report.refresh_from_db()
        return result.changed_lines

    save(1, every=False)  # the first save of a report does more than the next ones
    with django_assert_max_num_queries(30):
        assert save(2, every=False) == 1
    with django_assert_max_num_queries(30):
        assert save(3, every=True) == len(content_of(health_report)) > 80


@pytest.mark.parametrize("text, message", [
    ("6.27", "dấu phẩy cho phần thập phân"),
    ("nhiều", "không phải là số"),
    ("8,0-7,5", "số đầu phải nhỏ hơn"),
])
def test_a_value_that_cannot_be_read_is_refused_with_a_vietnamese_message(health_report, officer, text, message):
    line = first_indicator_line(health_report)
    with pytest.raises(ReportValidationError) as caught:
        fill(health_report, officer, at=None, **{f"i{line.pk}": {"value": text}})
    assert message in caught.value.errors[(f"i{line.pk}", "value")]
    line.refresh_from_db()
    assert line.value_text == "" or line.value_text != text
    health_report.refresh_from_db()
    assert health_report.version == 1


def test_an_ambiguous_thousands_dot_is_read_as_vietnamese_and_said(health_report, officer):
    line = first_indicator_line(health_report)
    result = fill(health_report, officer, at=None, **{f"i{line.pk}": {"value": "1.162"}})
    line.refresh_from_db()
    assert line.low == 1162
    assert any("dấu chấm tách hàng nghìn" in notice for notice in result.notices)


@pytest.mark.parametrize("status, percent, message", [
    ("", "", "Chọn tình trạng"),
    ("on_schedule", "120", "từ 0 đến 100"),
    ("on_schedule", "năm mươi", "từ 0 đến 100"),
    ("done", "80", "100%"),
    ("not_started", "20", "chưa có tỷ lệ"),
])
def test_task_progress_is_checked(health_report, officer, status, percent, message):
    line = first_lead_line(health_report)
    with pytest.raises(ReportValidationError) as caught:
        fill(health_report, officer, at=None, **{f"t{line.pk}": {"status": status, "percent": percent}})
    assert message in caught.value.errors[(f"t{line.pk}", "status" if not status else "percent")]


def test_a_coordinating_agency_writes_its_contribution(health_report, officer):
    line = health_report.task_lines.filter(role=TaskLine.Role.COORDINATING).first()
    fill(health_report, officer, at=None, **{f"t{line.pk}": {"contribution": "Đã cử cán bộ tham gia.", "status": "done"}})
    line.refresh_from_db()
    assert line.contribution == "Đã cử cán bộ tham gia." and line.status == ""


def test_another_agencys_line_cannot_be_written_through_this_report(health_report, trade_report, officer):
    foreign = trade_report.task_lines.first()
    content = {**content_of(health_report), f"t{foreign.pk}": {"contribution": "x"}}
    with pytest.raises(ReportValidationError) as caught:
        report_save(report=health_report, actor=officer, version=1, content=content)
    assert "không thuộc báo cáo này" in caught.value.errors[(f"t{foreign.pk}", "")]
    foreign.refresh_from_db()
    assert foreign.contribution == ""


def test_an_officer_of_another_agency_cannot_save(health_report, other_officer, reviewer, leader):
    for user in (other_officer, reviewer, leader):
        with pytest.raises(PermissionDenied):
            report_save(report=health_report, actor=user, version=1, content=content_of(health_report))


# The workflow -----------------------------------------------------------------------------------


def test_only_the_head_approves_and_only_an_approved_report_is_submitted(health_report, officer, head):
    with pytest.raises(TransitionError, match="Không thể"):
        report_transition(report=health_report, action="submit", actor=officer)
    with pytest.raises(PermissionDenied):
        report_transition(report=health_report, action="approve", actor=officer)
    result = report_transition(report=health_report, action="approve", actor=head, version=1)
    assert result.done and result.report.status == Report.Status.APPROVED
    result = report_transition(report=health_report, action="submit", actor=officer, at=hanoi(2024, 7, 10, 9))
    assert result.report.status == Report.Status.SUBMITTED and not result.report.is_late


def test_the_head_approves_the_version_seen(health_report, officer, head):
    fill(health_report, officer, at=None, **{f"i{first_indicator_line(health_report).pk}": {"value": "12"}})
    with pytest.raises(TransitionError, match="phiên bản 2"):
        report_transition(report=health_report, action="approve", actor=head, version=1)


def test_an_approved_report_is_not_edited_until_withdrawn(health_report, officer, head):
    report_transition(report=health_report, action="approve", actor=head, version=1)
    with pytest.raises(TransitionError, match="rút lại duyệt"):
        fill(health_report, officer, at=None, **{f"i{first_indicator_line(health_report).pk}": {"value": "12"}})
    report_transition(report=health_report, action="withdraw", actor=officer)
    fill(health_report, officer, at=None, **{f"i{first_indicator_line(health_report).pk}": {"value": "12"}})


def test_a_submission_after_the_deadline_is_marked_late(trade_report, other_officer, other_head):
    result = submit(trade_report, other_officer, other_head, at=hanoi(2024, 7, 18, 14))
    assert result.report.is_late and result.report.days_late() == 3
    assert "muộn 3 ngày" in result.message


def test_a_submission_on_the_deadline_day_is_on_time(trade_report, other_officer, other_head):
    result = submit(trade_report, other_officer, other_head, at=hanoi(2024, 7, 15, 23, 59))
    assert not result.report.is_late


def test_a_double_submit_submits_once(health_report, officer, head):
    report_transition(report=health_report, action="approve", actor=head, version=1)
    first = report_transition(report=health_report, action="submit", actor=officer)
    second = report_transition(report=health_report, action="submit", actor=head)
    assert first.done and not second.done
    assert health_report.actions.filter(kind=Action.Kind.SUBMIT).count() == 1
    assert "đã được thực hiện trước đó" in second.message


def test_returning_needs_a_reason_and_the_agency_corrects_and_resubmits(health_report, officer, head, reviewer):
    submit(health_report, officer, head, at=hanoi(2024, 7, 10, 9))
    with pytest.raises(TransitionError, match="Cần ghi lý do"):
        report_transition(report=health_report, action="return", actor=reviewer, reason="  ")
    with pytest.raises(PermissionDenied):
        report_transition(report=health_report, action="return", actor=head, reason="x")
    report_transition(report=health_report, action="return", actor=reviewer, reason="Số giường bệnh chưa khớp",
                      at=hanoi(2024, 7, 12, 9))
    health_report.refresh_from_db()
    assert health_report.status == Report.Status.RETURNED and health_report.return_reason == "Số giường bệnh chưa khớp"
    fill(health_report, officer, at=hanoi(2024, 7, 20, 9), **{f"i{first_indicator_line(health_report).pk}": {"value": "30,5"}})
    result = submit(health_report, officer, head, at=hanoi(2024, 7, 20, 10))
    # Timeliness is judged on the first submission, which was on time.
    assert result.report.status == Report.Status.SUBMITTED and not result.report.is_late
    kinds = list(health_report.actions.exclude(kind__in=["comment", "create"]).values_list("kind", flat=True))
    assert kinds == ["approve", "submit", "return", "save", "approve", "submit"]


def test_accepted_values_become_values_of_record_with_provenance(health_report, officer, head, reviewer):
    line = first_indicator_line(health_report)
    lead = first_lead_line(health_report)
    fill(health_report, officer, at=None, **{
        f"i{line.pk}": {"kind": "estimate", "value": "33,5", "source": "Báo cáo của Sở Y tế"},
        f"t{lead.pk}": {"status": "behind", "percent": "40", "done_text": "Đã triển khai một phần."},
    })
    submit(health_report, officer, head, at=hanoi(2024, 7, 10, 9))
    report_transition(report=health_report, action="accept", actor=reviewer, at=hanoi(2024, 7, 22, 15))
    value = IndicatorValue.objects.get(indicator=line.indicator, period="2024-Q2", kind="estimate")
    assert value.text == "33,5" and value.low == value.high == 33.5
    assert value.recorded_by == reviewer
    assert "Báo cáo quý II/2024" in value.source_note and "Sở Y tế" in value.source_note
    assert f"số {health_report.pk}" in value.source_note and "22/07/2024" in value.source_note
    assert value.source_document is None
    assert audit_entries_for(value).filter(actor=reviewer).exists()
    lead.task.refresh_from_db()
    assert lead.task.status == Task.Status.BEHIND
    assert audit_entries_for(lead.task).filter(field="status", new_value="behind").exists()


def test_changing_an_accepted_report_needs_a_reopening_and_updates_the_value_of_record(health_report, officer, head, reviewer):
    line = first_indicator_line(health_report)
    fill(health_report, officer, at=None, **{f"i{line.pk}": {"value": "33,5"}})
    submit(health_report, officer, head, at=hanoi(2024, 7, 10, 9))
    report_transition(report=health_report, action="accept", actor=reviewer)
    health_report.refresh_from_db()
    with pytest.raises(TransitionError):
        fill(health_report, officer, at=None, **{f"i{line.pk}": {"value": "34"}})
    with pytest.raises(PermissionDenied):
        report_transition(report=health_report, action="reopen", actor=head, reason="Sửa số")
    report_transition(report=health_report, action="reopen", actor=reviewer, reason="Cục Thống kê công bố số chính thức")
    health_report.refresh_from_db()
    assert health_report.status == Report.Status.DRAFT and health_report.reopen_count == 1
    assert audit_entries_for(health_report).filter(field="status", old_value="accepted", reason__contains="Cục Thống kê").exists()
    fill(health_report, officer, at=None, **{f"i{line.pk}": {"kind": "actual", "value": "34"}})
    submit(health_report, officer, head, at=hanoi(2024, 8, 1, 9))
    report_transition(report=health_report, action="accept", actor=reviewer)
    values = IndicatorValue.objects.filter(indicator=line.indicator, period="2024-Q2")
    assert [(v.kind, v.text) for v in values] == [("actual", "34")]
    assert audit_entries_for(values.get()).filter(field="text", old_value="33,5", new_value="34").exists()


def test_a_round_with_reports_waiting_cannot_be_closed(health_report, officer, head, reviewer, q2_round, other_officer):
    submit(health_report, officer, head, at=hanoi(2024, 7, 10, 9))
    with pytest.raises(TransitionError, match="chờ xem xét"):
        round_close(round=q2_round, actor=reviewer)
    report_transition(report=health_report, action="accept", actor=reviewer)
    closed = round_close(round=q2_round, actor=reviewer)
    assert closed.status == Round.Status.CLOSED
    assert audit_entries_for(closed).filter(field="status", new_value="closed").exists()
    with pytest.raises(TransitionError, match="tổng hợp"):
        fill(q2_round.reports.get(agency__name="Sở Công Thương"), other_officer, at=None)


def test_only_the_planning_department_closes_a_round(q2_round, officer, head, leader):
    for user in (officer, head, leader):
        with pytest.raises(PermissionDenied):
            round_close(round=q2_round, actor=user)


def test_a_leader_comments_on_a_report(health_report, leader):
    from planwatch.reporting.services import report_comment

    action = report_comment(report=health_report, actor=leader, text="Đề nghị làm rõ nguyên nhân chậm.")
    assert action.kind == Action.Kind.COMMENT and action.actor == leader
    with pytest.raises(ReportingError):
        report_comment(report=health_report, actor=leader, text="   ")


def test_after_closing_an_agency_that_never_submitted_is_marked_as_not_submitted(q2_round, trade_report, reviewer):
    from planwatch.reporting.selectors import report_state

    round_close(round=q2_round, actor=reviewer, at=hanoi(2024, 7, 25, 9))
    trade_report.refresh_from_db()
    assert report_state(trade_report, date(2024, 9, 1)) == "missing"
    assert trade_report.days_late(date(2024, 9, 1)) == 10  # counted to the closing day, not to today
