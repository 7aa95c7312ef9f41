"""The reporting demo: the six-month round of 2024 with the loop at work, loaded idempotently by `load-demo`.

Round `2024-H1`, due 20/6/2024, opened by the planning department on 3/6/2024:
- Sở Y tế: filled, approved by its head, submitted on time, accepted (its values became values of record);
- Sở Giáo dục và Đào tạo: submitted on time, waiting for review;
- Sở Xây dựng: submitted on time, returned with a reason;
- Sở Công Thương: submitted late (27/6);
- every other agency: nothing yet, reminded before and after the deadline.
The round is created once; loading again leaves it (and whatever was done to it since) alone.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from planwatch.accounts.demo import DemoAccount
from planwatch.accounts.models import Membership
from planwatch.accounts.services import account_save
from planwatch.registry.demo import LOADER
from planwatch.registry.models import Agency, IndicatorValue, Task
from planwatch.reporting.models import IndicatorLine, Report, Round, TaskLine
from planwatch.reporting.services import content_of, reminders_send, report_save, report_transition, round_open

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
PERIOD = "2024-H1"
DEADLINE = date(2024, 6, 20)

# Heads to approve reports, and officers for two more agencies, so that every state of the loop has someone.
ACCOUNTS = [
    DemoAccount("congthuong.truong", "ct-truong-2024", Membership.Role.HEAD, "Lãnh đạo Sở Công Thương", agency="Sở Công Thương"),
    DemoAccount("giaoduc", "gd-demo-2024", Membership.Role.OFFICER, "Cán bộ Sở Giáo dục và Đào tạo", agency="Sở Giáo dục và Đào tạo"),
    DemoAccount("giaoduc.truong", "gd-truong-2024", Membership.Role.HEAD, "Lãnh đạo Sở Giáo dục và Đào tạo", agency="Sở Giáo dục và Đào tạo"),
    DemoAccount("xaydung", "xd-demo-2024", Membership.Role.OFFICER, "Cán bộ Sở Xây dựng", agency="Sở Xây dựng"),
    DemoAccount("xaydung.truong", "xd-truong-2024", Membership.Role.HEAD, "Lãnh đạo Sở Xây dựng", agency="Sở Xây dựng"),
]


def at(month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2024, month, day, hour, minute, tzinfo=HANOI)


def _user(username: str):
    return get_user_model().objects.get(username=username)


def _accounts() -> None:
    for account in ACCOUNTS:
        agency = Agency.objects.filter(name=account.agency).first()
        if agency is None:
            continue
        account_save(
            username=account.username, password=account.password, role=account.role, agency=agency,
            full_name=account.description, actor=LOADER, reason=LOADER,
        )


def _sample_value(line: IndicatorLine) -> str:
    """A plausible six-month figure: the plan value for 2024 as written, else the latest actual."""
    values = IndicatorValue.objects.filter(indicator=line.indicator, kind__in=["plan", "actual"]).order_by("-period", "kind")
    plan = values.filter(period="2024", kind="plan").first()
    chosen = plan or values.filter(kind="actual").first()
    if chosen is None or chosen.low is None:
        return ""
    number = chosen.low if chosen.op != "lt" and chosen.op != "le" else chosen.high
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    whole, _, fraction = text.partition(".")
    whole = f"{int(whole):,}".replace(",", ".")
    return f"{whole},{fraction}" if fraction else whole


STATUSES = [Task.Status.ON_SCHEDULE, Task.Status.BEHIND, Task.Status.ON_SCHEDULE, Task.Status.ON_SCHEDULE, Task.Status.NOT_STARTED]


def _fill(report: Report, *, actor, when: datetime, note: str, keep_status: bool) -> None:
    """Sample content. keep_status: leave each task's status as the register has it, because an accepted
    report sets the status of record and loading the plans again would set it back (see docs/reporting.md)."""
    content = content_of(report)
    for line in report.indicator_lines.select_related("indicator"):
        value = _sample_value(line)
        if value:
            content[f"i{line.pk}"].update(kind="estimate", value=value, note=note, source="Số liệu ước tính của đơn vị")
    lead = report.task_lines.filter(role=TaskLine.Role.LEAD).select_related("task").order_by("order")
    for number, line in enumerate(lead[:5]):
        status = line.task.status if keep_status else STATUSES[number]
        started = status != Task.Status.NOT_STARTED
        content[f"t{line.pk}"].update(
            status=status,
            percent=str(30 + 10 * number) if started else "",
            done_text=("Đã xây dựng kế hoạch triển khai, giao các phòng chuyên môn thực hiện; tổ chức kiểm tra định kỳ."
                       if started else "Đang xây dựng kế hoạch triển khai, dự kiến ban hành trong quý III."),
            difficulties="Nguồn kinh phí bố trí chậm." if number == 1 else "",
            proposals="Đề nghị Sở Tài chính sớm thẩm định dự toán." if number == 1 else "",
        )
    for line in report.task_lines.filter(role=TaskLine.Role.COORDINATING).order_by("order")[:3]:
        content[f"t{line.pk}"].update(contribution="Đã cử cán bộ tham gia tổ công tác và cung cấp số liệu theo đề nghị của đơn vị chủ trì.")
    report_save(report=report, actor=actor, version=report.version, content=content, at=when)


def _submit(report: Report, *, officer, head, filled: datetime, approved: datetime, submitted: datetime,
            keep_status: bool = False) -> Report:
    _fill(report, actor=officer, when=filled, note="Ước thực hiện 6 tháng đầu năm.", keep_status=keep_status)
    report.refresh_from_db()
    report_transition(report=report, action="approve", actor=head, version=report.version, at=approved)
    report_transition(report=report, action="submit", actor=head, at=submitted)
    report.refresh_from_db()
    return report


NEEDED = ["khdt", "yte", "yte.truong", "congthuong", *(account.username for account in ACCOUNTS)]


@transaction.atomic
def load_reporting_demo(*, with_accounts: bool = True) -> Round | None:
    """Returns the round when it was created now, None when it was there already (or the accounts are not)."""
    if with_accounts:
        _accounts()
    if Round.objects.filter(period=PERIOD, origin=Round.Origin.MANUAL).exists():
        return None
    if get_user_model().objects.filter(username__in=NEEDED).count() < len(NEEDED):
        return None  # the story needs its cast: `load-demo --no-accounts` on an empty database skips it
    planner = _user("khdt")
    round = round_open(period=PERIOD, deadline=DEADLINE, actor=planner, at=at(6, 3, 8))
    reports = {report.agency.name: report for report in round.reports.select_related("agency")}

    reminders_send(now=at(6, 13, 8))  # seven days before: everyone still drafting is reminded

    if "Sở Y tế" in reports:
        report = _submit(reports["Sở Y tế"], officer=_user("yte"), head=_user("yte.truong"),
                         filled=at(6, 12, 15), approved=at(6, 14, 9), submitted=at(6, 14, 9, 5), keep_status=True)
    if "Sở Xây dựng" in reports:
        report = _submit(reports["Sở Xây dựng"], officer=_user("xaydung"), head=_user("xaydung.truong"),
                         filled=at(6, 17, 10), approved=at(6, 18, 8), submitted=at(6, 18, 8, 10))
    reminders_send(now=at(6, 18, 8))  # two days before
    if "Sở Giáo dục và Đào tạo" in reports:
        _submit(reports["Sở Giáo dục và Đào tạo"], officer=_user("giaoduc"), head=_user("giaoduc.truong"),
                filled=at(6, 18, 16), approved=at(6, 19, 10), submitted=at(6, 19, 10, 30))
    reminders_send(now=at(6, 21, 8))  # the day after the deadline: first reminder past due
    if "Sở Xây dựng" in reports:
        report_transition(
            report=reports["Sở Xây dựng"], action="return", actor=planner, at=at(6, 21, 14),
            reason="Thiếu nguồn số liệu của các chỉ tiêu ước thực hiện; đề nghị ghi rõ nguồn (Cục Thống kê hay số liệu "
                   "của Sở) và bổ sung khó khăn, vướng mắc của nhiệm vụ chậm tiến độ.",
        )
    if "Sở Y tế" in reports:
        report_transition(report=reports["Sở Y tế"], action="accept", actor=planner, at=at(6, 24, 16))
    if "Sở Công Thương" in reports:
        _submit(reports["Sở Công Thương"], officer=_user("congthuong"), head=_user("congthuong.truong"),
                filled=at(6, 26, 15), approved=at(6, 27, 8), submitted=at(6, 27, 8, 30))
    return round
