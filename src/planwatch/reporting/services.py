"""Writing rounds and reports. Every write is a service: keyword-only arguments, one transaction, an audit trail.

The report workflow is a table of guarded transitions (`TRANSITIONS`), each move written to the action log
(`Action`) and to the audit trail. Content saves use a version number: a save made from an older version is
refused (`StaleReport`) with the newer values, so two people editing one draft never lose each other's work.

`actor` is a user, or a text label for the system itself (the demo loader, the scheduled jobs); role guards
apply to users only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from planwatch.accounts.access import can_approve_report, can_edit_report, can_review_reports
from planwatch.accounts.models import Membership
from planwatch.audit.services import record_change, snapshot
from planwatch.registry.models import Agency, AgencyGroup, Document, Indicator, IndicatorValue, Task, TaskDueDate
from planwatch.reporting import steps as line_steps
from planwatch.reporting.evidence import check_evidence, clean_name
from planwatch.reporting.models import (
    Action,
    Evidence,
    IndicatorLine,
    Notification,
    Reminder,
    Report,
    Revision,
    Round,
    SharedLine,
    TaskLine,
)
from planwatch.reporting.periods import PeriodError, parse_period, period_for_due_date, period_label
from planwatch.reporting.shared import shared_lines as line_sharing
from planwatch.reporting.shared import shares_in_force
from planwatch.reporting.values import ValueInputError, parse_value

SYSTEM = "planwatch"
DONE_STATUSES = (Task.Status.DONE, Task.Status.DONE_LATE)


class ReportingError(ValueError):
    """A request the workflow refuses; the message is for the person who made it."""


class TransitionError(ReportingError):
    """A move the report's state does not allow."""


class RoundExists(ReportingError):
    """A round for this period (or recurring due date) is open already, perhaps by someone a moment ago."""


class ReportValidationError(ReportingError):
    """Content that cannot be saved: one message per field, keyed by (line key, field name)."""

    def __init__(self, errors: dict[tuple[str, str], str]):
        self.errors = errors
        super().__init__(_("Báo cáo chưa được lưu: có %(n)s ô cần sửa.") % {"n": len(errors)})


class StaleReport(ReportingError):
    """A save made from an older version; carries the newer content so the page can show it."""

    def __init__(self, *, report: Report, base: dict, current: dict):
        self.report = report
        self.base = base
        self.current = current
        who = report.last_saved_by.get_username() if report.last_saved_by_id else _("người khác")
        when = timezone.localtime(report.last_saved_at).strftime("%H:%M %d/%m/%Y") if report.last_saved_at else ""
        super().__init__(
            _("Báo cáo vừa được %(who)s lưu lúc %(when)s (phiên bản %(version)s), sau khi bạn mở trang. "
              "Thay đổi của bạn chưa được lưu. Các giá trị mới nhất được hiển thị bên dưới; hãy xem lại "
              "rồi bấm Lưu lần nữa.") % {"who": who, "when": when, "version": report.version}
        )


def _is_user(actor) -> bool:
    return actor is not None and not isinstance(actor, str)


def _user_or_none(actor):
    return actor if _is_user(actor) else None


def _label(actor) -> str:
    if actor is None:
        return ""
    return actor[:150] if isinstance(actor, str) else actor.get_username()[:150]


def _now(at: datetime | None) -> datetime:
    return at or timezone.now()


def _lock_report(pk: int) -> Report:
    """The report row, locked for this transaction.

    PostgreSQL locks the row (SELECT ... FOR UPDATE). SQLite ignores FOR UPDATE, so a no-op write comes
    first: it takes the database's write lock before anything is read, where a read-then-write would let two
    transactions deadlock on SQLite's lock upgrade.
    """
    if connection.vendor == "sqlite":
        Report.objects.filter(pk=pk).update(version=F("version"))
    return Report.objects.select_for_update().select_related("round", "agency").get(pk=pk)


def _sqlite_write_lock() -> None:
    """On SQLite, take the database's write lock now, before this transaction reads what it will check.

    SQLite ignores FOR UPDATE; a no-op write makes two round opens queue instead of both passing the "already
    open?" check, or deadlocking on the lock upgrade ("database is locked"). PostgreSQL needs none of this: the
    rounds' unique constraints decide there (round_open).
    """
    if connection.vendor == "sqlite":
        Round.objects.filter(pk=-1).update(status=F("status"))


def _log(*, round: Round, report: Report | None, kind: str, actor, at: datetime, comment: str = "",
         from_status: str = "", to_status: str = "", data=None) -> Action:
    return Action.objects.create(
        round=round, report=report, kind=kind, actor=_user_or_none(actor), actor_label=_label(actor), at=at,
        comment=comment, from_status=from_status, to_status=to_status, data=data,
    )


# Who is told ------------------------------------------------------------------------------------


def agency_users(agency_id: int):
    return get_user_model().objects.filter(
        is_active=True, membership__agency_id=agency_id,
        membership__role__in=[Membership.Role.OFFICER, Membership.Role.HEAD],
    )


def planning_users():
    return get_user_model().objects.filter(is_active=True, membership__role=Membership.Role.PLANNING)


def report_url(report: Report) -> str:
    """The report's page, as a path: the app links to it, the email job puts PLANWATCH_BASE_URL before it."""
    return reverse("reporting:report", args=[report.pk])


def notify(*, users: Iterable, kind: str, subject: str, body: str, report: Report | None = None,
           round: Round | None = None, url: str = "", at: datetime | None = None) -> list[Notification]:
    """In-app notifications, and an email job for each recipient with an address (run after commit)."""
    created = Notification.objects.bulk_create([
        Notification(user=user, kind=kind, subject=subject[:300], body=body, report=report, round=round, url=url,
                     created_at=_now(at))
        for user in {user.pk: user for user in users}.values()
    ])
    with_email = [n.pk for n in created if n.user.email]
    if with_email:
        from planwatch.reporting.tasks import notification_email

        for pk in with_email:
            transaction.on_commit(lambda pk=pk: notification_email(pk))
    return created


# Rounds -----------------------------------------------------------------------------------------


@dataclass
class Assignments:
    """What each agency reports in a round: indicator ids, and task ids it leads or coordinates."""

    indicators: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    lead_tasks: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    coordinated_tasks: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))

    def agencies(self) -> set[int]:
        return {*self.indicators, *self.lead_tasks, *self.coordinated_tasks}


def _closed_group_members() -> dict[int, set[int]]:
    by_kind: dict[str, set[int]] = defaultdict(set)
    for pk, kind in Agency.objects.values_list("pk", "kind"):
        by_kind[kind].add(pk)
    members: dict[int, set[int]] = {}
    for group in AgencyGroup.objects.filter(is_open=False).prefetch_related("members"):
        ids = {agency.pk for agency in group.members.all()}
        for kind in group.member_kinds or []:
            ids |= by_kind.get(kind, set())
        members[group.pk] = ids
    return members


def _pairs(through, owner: str, ids: list[int], target: str) -> list[tuple[int, int]]:
    return list(through.objects.filter(**{f"{owner}_id__in": ids}).values_list(f"{owner}_id", f"{target}_id"))


def round_assignments(round: Round) -> Assignments:
    """Who reports what: indicators led and tasks led or coordinated, directly or through a closed group.

    A recurring round covers only its tasks; a regular round every indicator (with a target, or a leaf row) and
    every task not yet done of its plans.
    """
    groups = _closed_group_members()
    result = Assignments()
    tasks = Task.objects.filter(document__in=round.documents.all())
    if round.origin == Round.Origin.RECURRING:
        tasks = tasks.filter(pk__in=round.tasks.values("pk"))
        indicators = Indicator.objects.none()
    else:
        tasks = tasks.exclude(status__in=DONE_STATUSES).exclude(deadline_kind=Task.DeadlineKind.DONE)
        indicators = (
            Indicator.objects.filter(document__in=round.documents.all())
            .annotate(n_targets=Count("targets", distinct=True), n_children=Count("children", distinct=True))
            .filter(Q(n_targets__gt=0) | Q(n_children=0))
        )
    indicator_ids = list(indicators.order_by("document_id", "order").values_list("pk", flat=True))
    task_ids = list(tasks.order_by("document_id", "order").values_list("pk", flat=True))

    def expand(direct: list[tuple[int, int]], via_groups: list[tuple[int, int]]) -> dict[int, set[int]]:
        owners: dict[int, set[int]] = defaultdict(set)
        for owner, agency in direct:
            owners[owner].add(agency)
        for owner, group in via_groups:
            owners[owner] |= groups.get(group, set())
        return owners

    indicator_leads = expand(
        _pairs(Indicator.lead_agencies.through, "indicator", indicator_ids, "agency"),
        _pairs(Indicator.lead_groups.through, "indicator", indicator_ids, "agencygroup"),
    )
    task_leads = expand(
        _pairs(Task.lead_agencies.through, "task", task_ids, "agency"),
        _pairs(Task.lead_groups.through, "task", task_ids, "agencygroup"),
    )
    task_partners = expand(
        _pairs(Task.coordinating_agencies.through, "task", task_ids, "agency"),
        _pairs(Task.coordinating_groups.through, "task", task_ids, "agencygroup"),
    )
    for pk in indicator_ids:
        for agency in indicator_leads.get(pk, ()):
            result.indicators[agency].append(pk)
    for pk in task_ids:
        leads = task_leads.get(pk, set())
        for agency in leads:
            result.lead_tasks[agency].append(pk)
        for agency in task_partners.get(pk, set()) - leads:
            result.coordinated_tasks[agency].append(pk)
    return result


def _round_title(period_code: str, origin: str, due_date: date | None) -> str:
    label = period_label(parse_period(period_code))
    if origin == Round.Origin.RECURRING and due_date:
        return _("Báo cáo định kỳ hạn %(due)s (%(period)s)") % {"due": due_date.strftime("%d/%m/%Y"), "period": label}
    return _("Báo cáo %(period)s") % {"period": label[0].lower() + label[1:]}


@transaction.atomic
def round_open(
    *, period: str, deadline: date, actor, documents: Iterable[Document] | None = None,
    tasks: Iterable[Task] | None = None, origin: str = Round.Origin.MANUAL, due_date: date | None = None,
    title: str = "", at: datetime | None = None,
) -> Round:
    """Open a round for a period and create each agency's report, pre-filled."""
    if _is_user(actor) and not can_review_reports(actor):
        raise PermissionDenied
    at = _now(at)
    try:
        parsed = parse_period(period)
    except PeriodError as exc:
        raise ReportingError(str(exc)) from exc
    if deadline < parsed.start:
        raise ReportingError(
            _("Hạn nộp %(deadline)s đứng trước khi kỳ %(period)s bắt đầu.")
            % {"deadline": deadline.strftime("%d/%m/%Y"), "period": period_label(parsed)}
        )
    _sqlite_write_lock()
    if origin == Round.Origin.MANUAL:
        existing = Round.objects.filter(period=parsed.code, origin=origin).first()
        if existing:
            raise _round_exists(existing)
    documents = list(documents) if documents is not None else list(Document.objects.filter(is_tracked=True))
    if not documents:
        raise ReportingError(_("Chọn ít nhất một kế hoạch để báo cáo."))
    round = Round(
        period=parsed.code, deadline=deadline, origin=origin, due_date=due_date,
        title=(title or _round_title(parsed.code, origin, due_date))[:300],
        opened_by=_user_or_none(actor), opened_at=at,
    )
    # The uniqueness of a period's round is left to the database (below): checked here, it races.
    round.full_clean(exclude=["documents", "tasks"], validate_constraints=False)
    try:
        with transaction.atomic():
            round.save()
    except IntegrityError:
        # Two reviewers opened the same round at once: the database let one through (one_manual_round_per_period,
        # one_recurring_round_per_due_date); on PostgreSQL this insert waited for that one to commit.
        existing = _same_round(parsed.code, origin, due_date)
        if existing is None:
            raise
        raise _round_exists(existing) from None
    round.documents.set(documents)
    if tasks is not None:
        round.tasks.set(list(tasks))
    record_change(round, before=None, after=snapshot(round, m2m=["documents", "tasks"]), actor=actor,
                  reason=_("Mở đợt báo cáo"))
    _log(round=round, report=None, kind=Action.Kind.OPEN, actor=actor, at=at,
         comment=_("Hạn nộp %(deadline)s") % {"deadline": deadline.strftime("%d/%m/%Y")})
    reports = _reports_create(round, actor=actor, at=at)
    for report in reports:
        notify(
            users=agency_users(report.agency_id), kind=Notification.Kind.ROUND, report=report, round=round,
            subject=_("Đợt báo cáo mới: %(title)s") % {"title": round.title},
            body=_("Sở Kế hoạch và Đầu tư đề nghị %(agency)s nộp báo cáo %(title)s trước ngày %(deadline)s.")
            % {"agency": report.agency.name, "title": round.title, "deadline": deadline.strftime("%d/%m/%Y")},
            url=report_url(report), at=at,
        )
    return round


def _same_round(period: str, origin: str, due_date: date | None) -> Round | None:
    if origin == Round.Origin.RECURRING:
        return Round.objects.filter(origin=origin, due_date=due_date).first()
    return Round.objects.filter(origin=origin, period=period).first()


def _round_exists(existing: Round) -> RoundExists:
    return RoundExists(
        _("Đã có đợt báo cáo %(title)s (hạn nộp %(deadline)s).")
        % {"title": existing.title, "deadline": existing.deadline.strftime("%d/%m/%Y")}
    )


def _reports_create(round: Round, *, actor, at: datetime) -> list[Report]:
    assignments = round_assignments(round)
    agency_ids = sorted(assignments.agencies())
    if not agency_ids:
        return []
    # Pre-fill: the value of record for this period, if any (an actual before an estimate) ...
    indicator_ids = {pk for ids in assignments.indicators.values() for pk in ids}
    known: dict[int, IndicatorValue] = {}
    for value in IndicatorValue.objects.filter(
        indicator_id__in=indicator_ids, period=round.period, kind__in=[IndicatorLine.Kind.ACTUAL, IndicatorLine.Kind.ESTIMATE],
    ).select_related("source_document").order_by("indicator_id", "kind", "-recorded_at"):
        known.setdefault(value.indicator_id, value)  # "actual" sorts before "estimate"
    # ... and each task's status of record and the agency's last accepted percentage.
    task_ids = {pk for ids in [*assignments.lead_tasks.values(), *assignments.coordinated_tasks.values()] for pk in ids}
    status_of = dict(Task.objects.filter(pk__in=task_ids).values_list("pk", "status"))
    last_percent: dict[tuple[int, int], int | None] = {}
    for agency_id, task_id, percent in (
        TaskLine.objects.filter(report__status=Report.Status.ACCEPTED, report__agency_id__in=agency_ids, task_id__in=task_ids)
        .order_by("report__round__deadline", "report__round_id")
        .values_list("report__agency_id", "task_id", "percent")
    ):
        last_percent[(agency_id, task_id)] = percent
    # ... except a task measured by its framework plan: its percentage is its steps'.
    from_steps = line_steps.derived_percents(task_ids)

    Report.objects.bulk_create([Report(round=round, agency_id=pk) for pk in agency_ids])
    reports = list(Report.objects.filter(round=round).select_related("agency").order_by("agency_id"))
    by_agency = {report.agency_id: report for report in reports}
    # Rows of one series (confirmed, same unit) are asked once: the line of the most recent document's row
    # stands for the others (reporting/shared.py).
    sharing = line_sharing(indicator_ids, assignments.indicators)
    indicator_lines, task_lines, line_shares = [], [], []
    for agency_id, report in by_agency.items():
        kept = sharing.get(agency_id, {})
        asked_elsewhere = {pk for others in kept.values() for pk in others}
        order = 0
        for pk in assignments.indicators.get(agency_id, []):
            if pk in asked_elsewhere:
                continue
            order += 1
            line = IndicatorLine(report=report, indicator_id=pk, order=order)
            others = kept.get(pk, [])
            if others:
                line_shares.append((line, others))
            # The row's own value of record for the period, else one the rows it stands for hold.
            value = next((known[key] for key in (pk, *others) if key in known), None)
            if value is not None:
                line.kind, line.value_text, line.op, line.low, line.high = (
                    value.kind, value.text, value.op, value.low, value.high,
                )
                line.source = (value.source_note or (str(value.source_document) if value.source_document_id else ""))[:300]
            indicator_lines.append(line)
        order = 0
        for role, ids in ((TaskLine.Role.LEAD, assignments.lead_tasks), (TaskLine.Role.COORDINATING, assignments.coordinated_tasks)):
            for pk in ids.get(agency_id, []):
                order += 1
                task_lines.append(TaskLine(
                    report=report, task_id=pk, role=role, order=order,
                    status=status_of.get(pk, "") if role == TaskLine.Role.LEAD else "",
                    percent=from_steps.get(pk, last_percent.get((agency_id, pk))) if role == TaskLine.Role.LEAD else None,
                ))
    IndicatorLine.objects.bulk_create(indicator_lines, batch_size=500)
    SharedLine.objects.bulk_create(
        [SharedLine(line_id=line.pk, indicator_id=pk) for line, others in line_shares for pk in others], batch_size=500,
    )
    TaskLine.objects.bulk_create(task_lines, batch_size=500)
    contents = contents_of(reports)
    Revision.objects.bulk_create([
        Revision(report=report, version=1, data=contents[report.pk], saved_by=_user_or_none(actor), saved_at=at)
        for report in reports
    ])
    counts = defaultdict(lambda: [0, 0])
    for line in indicator_lines:
        counts[line.report_id][0] += 1
    for line in task_lines:
        counts[line.report_id][1] += 1
    for report in reports:
        report.round = round
        record_change(
            report, before=None,
            after={**snapshot(report), "indicator_lines": str(counts[report.pk][0]), "task_lines": str(counts[report.pk][1])},
            actor=actor, reason=_("Mở đợt báo cáo"),
        )
    Action.objects.bulk_create([
        Action(round=round, report=report, kind=Action.Kind.CREATE, to_status=Report.Status.DRAFT,
               actor=_user_or_none(actor), actor_label=_label(actor), at=at)
        for report in reports
    ])
    return list(Report.objects.filter(round=round).select_related("agency"))


@transaction.atomic
def round_deadline_change(*, round: Round, deadline: date, actor, reason: str, at: datetime | None = None) -> Round:
    if _is_user(actor) and not can_review_reports(actor):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ReportingError(_("Cần ghi lý do đổi hạn nộp."))
    round = Round.objects.select_for_update().get(pk=round.pk)
    if not round.is_open:
        raise TransitionError(_("Đợt báo cáo đã tổng hợp, không đổi hạn được."))
    if deadline < parse_period(round.period).start:
        raise ReportingError(_("Hạn nộp không thể trước khi kỳ báo cáo bắt đầu."))
    if deadline == round.deadline:
        return round
    at = _now(at)
    before = snapshot(round)
    old = round.deadline
    round.deadline = deadline
    round.save(update_fields=["deadline"])
    record_change(round, before=before, after=snapshot(round), actor=actor, reason=reason)
    _log(round=round, report=None, kind=Action.Kind.DEADLINE, actor=actor, at=at,
         comment=f"{old:%d/%m/%Y} → {deadline:%d/%m/%Y}: {reason}")
    return round


@transaction.atomic
def round_close(*, round: Round, actor, at: datetime | None = None) -> Round:
    """Accept the round as a whole: nothing may wait for review; reports never submitted stay as not submitted."""
    if _is_user(actor) and not can_review_reports(actor):
        raise PermissionDenied
    round = Round.objects.select_for_update().get(pk=round.pk)
    if not round.is_open:
        return round
    waiting = list(round.reports.filter(status=Report.Status.SUBMITTED).select_related("agency"))
    if waiting:
        raise TransitionError(
            _("Còn %(n)s báo cáo chờ xem xét (%(names)s): hãy chấp nhận hoặc trả lại trước khi tổng hợp đợt.")
            % {"n": len(waiting), "names": ", ".join(r.agency.name for r in waiting[:5])}
        )
    at = _now(at)
    before = snapshot(round)
    round.status, round.closed_at, round.closed_by = Round.Status.CLOSED, at, _user_or_none(actor)
    round.save(update_fields=["status", "closed_at", "closed_by"])
    record_change(round, before=before, after=snapshot(round), actor=actor, reason=_("Tổng hợp đợt báo cáo"))
    accepted = round.reports.filter(status=Report.Status.ACCEPTED).count()
    _log(round=round, report=None, kind=Action.Kind.CLOSE, actor=actor, at=at, from_status=Round.Status.OPEN,
         to_status=Round.Status.CLOSED,
         comment=_("%(accepted)s báo cáo được chấp nhận, %(missing)s đơn vị không nộp.")
         % {"accepted": accepted, "missing": round.reports.filter(first_submitted_at__isnull=True).count()})
    return round


# Report content ---------------------------------------------------------------------------------

INDICATOR_FIELDS = ("kind", "value", "note", "source")
TASK_FIELDS = ("status", "percent", "done_text", "difficulties", "proposals", "contribution")
TEXT_LIMIT = 5000


def indicator_content(line: IndicatorLine) -> dict[str, str]:
    return {"kind": line.kind, "value": line.value_text, "note": line.note, "source": line.source}


def task_content(line: TaskLine) -> dict[str, str]:
    """The line's fields and, for a task measured by its framework plan, one per step (reporting/steps.py)."""
    return {
        "status": line.status, "percent": "" if line.percent is None else str(line.percent),
        "done_text": line.done_text, "difficulties": line.difficulties, "proposals": line.proposals,
        "contribution": line.contribution, **line_steps.step_content(line),
    }


def contents_of(reports: list[Report]) -> dict[int, dict[str, dict[str, str]]]:
    """Each report's editable content: `i<line id>` and `t<line id>` to field values as text."""
    data: dict[int, dict[str, dict[str, str]]] = {report.pk: {} for report in reports}
    for line in IndicatorLine.objects.filter(report__in=reports):
        data[line.report_id][f"i{line.pk}"] = indicator_content(line)
    for line in line_steps.with_steps(TaskLine.objects.filter(report__in=reports)):
        data[line.report_id][f"t{line.pk}"] = task_content(line)
    return data


def content_of(report: Report) -> dict[str, dict[str, str]]:
    return contents_of([report])[report.pk]


@dataclass(frozen=True)
class CleanIndicator:
    kind: str
    value_text: str
    op: str
    low: object
    high: object
    note: str
    source: str


@dataclass(frozen=True)
class CleanTask:
    status: str
    percent: int | None
    done_text: str
    difficulties: str
    proposals: str
    contribution: str
    step_progress: dict[str, int]


def clean_indicator(line: IndicatorLine, values: dict[str, str], errors: dict, key: str) -> CleanIndicator | None:
    kind = (values.get("kind") or IndicatorLine.Kind.ESTIMATE).strip()
    if kind not in IndicatorLine.Kind.values:
        errors[(key, "kind")] = _("Chọn ước thực hiện hoặc thực hiện.")
    try:
        parsed = parse_value(values.get("value", ""), qualitative=line.indicator.measure == Indicator.Measure.QUALITATIVE)
    except ValueInputError as exc:
        errors[(key, "value")] = str(exc)
        parsed = None
    text = " ".join((values.get("value") or "").split())
    if len(text) > 200:
        errors[(key, "value")] = _("Giá trị dài quá 200 ký tự.")
    source = (values.get("source") or "").strip()
    if len(source) > 300:
        errors[(key, "source")] = _("Nguồn số liệu dài quá 300 ký tự.")
    note = (values.get("note") or "").strip()
    if len(note) > TEXT_LIMIT:
        errors[(key, "note")] = _("Ghi chú dài quá %(n)s ký tự.") % {"n": TEXT_LIMIT}
    if parsed is None:
        return CleanIndicator(kind, text, "", None, None, note, source)
    return CleanIndicator(kind, text, parsed.op, parsed.low, parsed.high, note, source)


def clean_task(line: TaskLine, values: dict[str, str], errors: dict, key: str) -> CleanTask:
    status = (values.get("status") or "").strip()
    if line.role == TaskLine.Role.LEAD and status not in Task.Status.values:
        errors[(key, "status")] = _("Chọn tình trạng thực hiện nhiệm vụ.")
    if line.role == TaskLine.Role.COORDINATING:
        status = ""
    steps = line_steps.steps_of(line)
    if steps:  # the percentage follows the steps of the task's framework plan
        by_steps = line_steps.clean_steps(line, steps, values, status=status, errors=errors, key=key)
        percent, step_progress = by_steps.percent, by_steps.step_progress
    else:
        line_steps.refuse_step_fields(values, errors, key)
        percent, step_progress = _clean_percent(line, values, status, errors, key), line.step_progress
    texts = {}
    for name in ("done_text", "difficulties", "proposals", "contribution"):
        texts[name] = (values.get(name) or "").strip().replace("\r\n", "\n")
        if len(texts[name]) > TEXT_LIMIT:
            errors[(key, name)] = _("Nội dung dài quá %(n)s ký tự.") % {"n": TEXT_LIMIT}
    # A coordinating agency writes its contribution; the lead agency what was done.
    texts["done_text" if line.role == TaskLine.Role.COORDINATING else "contribution"] = ""
    return CleanTask(status, percent, **texts, step_progress=step_progress)


def _clean_percent(line: TaskLine, values: dict[str, str], status: str, errors: dict, key: str) -> int | None:
    """The percentage a lead agency types for a task not measured by framework-plan steps."""
    percent_text = (values.get("percent") or "").strip().rstrip("%").strip()
    percent = None
    if percent_text and line.role == TaskLine.Role.LEAD:
        if not (percent_text.isascii() and percent_text.isdigit()) or int(percent_text) > 100:  # `²` is isdigit()
            errors[(key, "percent")] = _("Tỷ lệ hoàn thành là một số nguyên từ 0 đến 100.")
        else:
            percent = int(percent_text)
    if percent is not None and status in DONE_STATUSES and percent != 100:
        errors[(key, "percent")] = _("Nhiệm vụ đã hoàn thành thì tỷ lệ là 100%.")
    if percent and status == Task.Status.NOT_STARTED:
        errors[(key, "percent")] = _("Nhiệm vụ chưa triển khai thì chưa có tỷ lệ hoàn thành.")
    return percent


def report_validate(*, report: Report, content: dict[str, dict[str, str]], files: dict[str, list] | None = None):
    """Check content (and evidence files) against the report's lines without writing anything.

    Returns the cleaned lines; raises ReportValidationError with one Vietnamese message per field.
    """
    errors: dict[tuple[str, str], str] = {}
    indicator_lines = {f"i{line.pk}": line for line in report.indicator_lines.select_related("indicator")}
    task_lines = {f"t{line.pk}": line for line in line_steps.with_steps(report.task_lines.all())}
    cleaned: dict[str, object] = {}
    for key, values in content.items():
        if key in indicator_lines:
            cleaned[key] = clean_indicator(indicator_lines[key], values, errors, key)
        elif key in task_lines:
            cleaned[key] = clean_task(task_lines[key], values, errors, key)
        else:
            errors[(key, "")] = _("Dòng %(key)s không thuộc báo cáo này.") % {"key": key}
    for key, uploads in (files or {}).items():
        if key not in task_lines:
            errors[(key, "evidence")] = _("Dòng %(key)s không thuộc báo cáo này.") % {"key": key}
            continue
        for upload in uploads:
            try:
                check_evidence(upload)
            except ReportingError as exc:
                errors[(key, "evidence")] = str(exc)
    if errors:
        raise ReportValidationError(errors)
    return cleaned, indicator_lines, task_lines


@dataclass
class SaveResult:
    report: Report
    changed_lines: int = 0
    files: int = 0
    notices: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.changed_lines or self.files)


def _editable_or_refuse(report: Report) -> None:
    if not report.is_editable:
        if report.status == Report.Status.APPROVED:
            raise TransitionError(_("Báo cáo đã được lãnh đạo đơn vị duyệt; muốn sửa, hãy rút lại duyệt trước."))
        raise TransitionError(
            _("Báo cáo đang ở trạng thái “%(status)s”, không sửa được.") % {"status": report.get_status_display()}
        )
    if not report.round.is_open and report.reopen_count == 0:
        raise TransitionError(_("Đợt báo cáo đã tổng hợp; báo cáo không sửa được nữa."))


@transaction.atomic
def report_save(
    *, report: Report, actor, version: int, content: dict[str, dict[str, str]], files: dict[str, list] | None = None,
    remove_evidence: Iterable[int] = (), at: datetime | None = None,
) -> SaveResult:
    """Save the agency's content from the version it was read at; refuse a stale save (StaleReport).

    Only lines whose fields differ are written, each change audited; evidence files are checked for type and
    size. A save that changes nothing leaves the version as it is.
    """
    locked = _lock_report(report.pk)  # first: see _lock_report
    if _is_user(actor) and not can_edit_report(actor, locked):
        raise PermissionDenied
    at = _now(at)
    _editable_or_refuse(locked)
    if locked.version != version:
        base = Revision.objects.filter(report=locked, version=version).values_list("data", flat=True).first()
        raise StaleReport(report=locked, base=base or {}, current=content_of(locked))
    cleaned, indicator_lines, task_lines = report_validate(report=locked, content=content, files=files)
    result = SaveResult(report=locked)
    for key, clean in cleaned.items():
        line = indicator_lines.get(key) or task_lines[key]
        line.report = locked
        before = snapshot(line)
        if isinstance(clean, CleanIndicator):
            for name in ("kind", "value_text", "op", "low", "high", "note", "source"):
                setattr(line, name, getattr(clean, name))
        else:
            for name in ("status", "percent", "done_text", "difficulties", "proposals", "contribution", "step_progress"):
                setattr(line, name, getattr(clean, name))
        after = snapshot(line)
        if after != before:
            line.save()
            record_change(line, before=before, after=after, actor=actor, reason=_("Lưu báo cáo"))
            result.changed_lines += 1
        if isinstance(clean, CleanIndicator) and clean.value_text:
            notice = parse_value(clean.value_text, qualitative=line.indicator.measure == Indicator.Measure.QUALITATIVE).notice
            if notice:
                result.notices.append(f"{line.indicator.name}: {notice}")
    for evidence in Evidence.objects.filter(
        pk__in=list(remove_evidence), line__report=locked, removed_at__isnull=True,
    ).select_related("line__report__agency", "line__task"):
        before = snapshot(evidence)
        evidence.removed_at, evidence.removed_by = at, _user_or_none(actor)
        evidence.save(update_fields=["removed_at", "removed_by"])
        record_change(evidence, before=before, after=snapshot(evidence), actor=actor, reason=_("Gỡ minh chứng"))
        result.files += 1
    for key, uploads in (files or {}).items():
        for upload in uploads:
            evidence = Evidence(
                line=task_lines[key], name=clean_name(upload.name), size=upload.size,
                content_type=check_evidence(upload),
                uploaded_by=_user_or_none(actor), uploaded_at=at,
            )
            evidence.file.save(upload.name, upload, save=False)
            evidence.save()
            record_change(evidence, before=None, after=snapshot(evidence), actor=actor, reason=_("Tải lên minh chứng"))
            result.files += 1
    if not result.changed:
        return result
    before = snapshot(locked)
    locked.version += 1
    locked.last_saved_at, locked.last_saved_by = at, _user_or_none(actor)
    locked.save(update_fields=["version", "last_saved_at", "last_saved_by"])
    record_change(locked, before=before, after=snapshot(locked), actor=actor, reason=_("Lưu báo cáo"))
    Revision.objects.create(report=locked, version=locked.version, data=content_of(locked), saved_by=_user_or_none(actor), saved_at=at)
    parts = []
    if result.changed_lines:
        parts.append(_("%(n)s dòng") % {"n": result.changed_lines})
    if result.files:
        parts.append(_("%(n)s tệp minh chứng thêm, bớt") % {"n": result.files})
    _log(round=locked.round, report=locked, kind=Action.Kind.SAVE, actor=actor, at=at, comment=", ".join(parts),
         from_status=locked.status, to_status=locked.status)
    return result


# Transitions ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    name: str
    sources: tuple[str, ...]
    target: str
    kind: str
    guard: Callable
    needs_reason: bool = False
    # A closed round still lets a reopened report go through its correction.
    in_closed_round: bool = False

    @property
    def label(self) -> str:
        return Action.Kind(self.kind).label


S = Report.Status
TRANSITIONS = {
    "approve": Transition("approve", (S.DRAFT, S.RETURNED), S.APPROVED, Action.Kind.APPROVE, can_approve_report),
    "withdraw": Transition("withdraw", (S.APPROVED,), S.DRAFT, Action.Kind.WITHDRAW, can_edit_report),
    "submit": Transition("submit", (S.APPROVED,), S.SUBMITTED, Action.Kind.SUBMIT, can_edit_report),
    "return": Transition("return", (S.SUBMITTED,), S.RETURNED, Action.Kind.RETURN,
                         lambda user, report: can_review_reports(user), needs_reason=True, in_closed_round=True),
    "accept": Transition("accept", (S.SUBMITTED,), S.ACCEPTED, Action.Kind.ACCEPT,
                         lambda user, report: can_review_reports(user), in_closed_round=True),
    "reopen": Transition("reopen", (S.ACCEPTED,), S.DRAFT, Action.Kind.REOPEN,
                         lambda user, report: can_review_reports(user), needs_reason=True, in_closed_round=True),
}


def transitions_for(user, report: Report) -> list[Transition]:
    """The moves this user may make on this report now (for the buttons of the page)."""
    moves = []
    for transition in TRANSITIONS.values():
        if report.status not in transition.sources or not transition.guard(user, report):
            continue
        if not report.round.is_open and not (transition.in_closed_round or report.reopen_count):
            continue
        moves.append(transition)
    return moves


@dataclass
class TransitionResult:
    report: Report
    done: bool
    message: str


@transaction.atomic
def report_transition(
    *, report: Report, action: str, actor, reason: str = "", version: int | None = None, at: datetime | None = None,
) -> TransitionResult:
    """Move the report along the workflow, once: repeating a move just made (a double click) changes nothing."""
    transition = TRANSITIONS.get(action)
    if transition is None:
        raise TransitionError(_("Thao tác không hợp lệ."))
    locked = _lock_report(report.pk)  # first: see _lock_report
    at = _now(at)
    if _is_user(actor) and not transition.guard(actor, locked):
        raise PermissionDenied
    if locked.status == transition.target and locked.status not in transition.sources:
        last = (
            locked.actions.exclude(kind__in=[Action.Kind.COMMENT, Action.Kind.SAVE, Action.Kind.REQUEST_APPROVAL])
            .order_by("-at", "-id").first()
        )
        if last is not None and last.kind == transition.kind:
            return TransitionResult(
                locked, False, _("Việc “%(label)s” đã được thực hiện trước đó; không làm lại.") % {"label": transition.label},
            )
    if locked.status not in transition.sources:
        raise TransitionError(
            _("Không thể “%(label)s” khi báo cáo đang ở trạng thái “%(status)s”.")
            % {"label": transition.label, "status": locked.get_status_display()}
        )
    if not locked.round.is_open and not (transition.in_closed_round or locked.reopen_count):
        raise TransitionError(_("Đợt báo cáo đã tổng hợp; báo cáo không thay đổi được nữa."))
    reason = (reason or "").strip()
    if transition.needs_reason and not reason:
        raise TransitionError(_("Cần ghi lý do để “%(label)s”.") % {"label": transition.label.lower()})
    if version is not None and version != locked.version:
        raise TransitionError(
            _("Báo cáo đã được sửa sau khi bạn mở trang (nay là phiên bản %(version)s). Hãy xem lại nội dung rồi làm lại.")
            % {"version": locked.version}
        )
    before = snapshot(locked)
    source = locked.status
    locked.status = transition.target
    user = _user_or_none(actor)
    data = None
    if action == "approve":
        locked.approved_at, locked.approved_by = at, user
    elif action == "withdraw":
        locked.approved_at, locked.approved_by = None, None
    elif action == "submit":
        locked.submitted_at, locked.submitted_by = at, user
        if locked.first_submitted_at is None:
            locked.first_submitted_at = at
    elif action == "return":
        locked.return_reason = reason
        locked.approved_at, locked.approved_by = None, None
    elif action == "accept":
        locked.accepted_at, locked.accepted_by = at, user
        data = _accept_effects(locked, actor=actor, at=at)
    elif action == "reopen":
        locked.reopen_reason = reason
        locked.reopen_count += 1
        locked.approved_at, locked.approved_by = None, None
    locked.save()
    record_change(locked, before=before, after=snapshot(locked), actor=actor,
                  reason=f"{transition.label}: {reason}" if reason else transition.label)
    _log(round=locked.round, report=locked, kind=transition.kind, actor=actor, at=at, comment=reason,
         from_status=source, to_status=locked.status, data=data)
    _notify_transition(locked, action, reason=reason, at=at)
    message = {
        "approve": _("Đã duyệt báo cáo. Có thể nộp lên Sở Kế hoạch và Đầu tư."),
        "withdraw": _("Đã rút lại duyệt; báo cáo trở về đang soạn."),
        "submit": _("Đã nộp báo cáo."),
        "return": _("Đã trả lại báo cáo cho đơn vị."),
        "accept": _("Đã chấp nhận báo cáo; số liệu được ghi nhận."),
        "reopen": _("Đã mở lại báo cáo để đơn vị sửa."),
    }[action]
    if action == "submit" and locked.is_late:
        message += " " + _("Báo cáo nộp muộn %(days)s ngày so với hạn.") % {"days": locked.days_late()}
    return TransitionResult(locked, True, message)


def _notify_transition(report: Report, action: str, *, reason: str, at: datetime) -> None:
    values = {"agency": report.agency.name, "title": report.round.title, "reason": reason}
    if action == "submit":
        notify(users=planning_users(), kind=Notification.Kind.SUBMITTED, report=report, round=report.round,
               subject=_("%(agency)s đã nộp báo cáo %(title)s") % values,
               body=_("%(agency)s đã nộp báo cáo %(title)s; báo cáo chờ Sở Kế hoạch và Đầu tư xem xét.") % values,
               url=report_url(report), at=at)
    elif action == "return":
        notify(users=agency_users(report.agency_id), kind=Notification.Kind.RETURNED, report=report, round=report.round,
               subject=_("Báo cáo %(title)s bị trả lại") % values,
               body=_("Sở Kế hoạch và Đầu tư trả lại báo cáo %(title)s của %(agency)s. Lý do: %(reason)s") % values,
               url=report_url(report), at=at)
    elif action == "accept":
        notify(users=agency_users(report.agency_id), kind=Notification.Kind.ACCEPTED, report=report, round=report.round,
               subject=_("Báo cáo %(title)s đã được chấp nhận") % values,
               body=_("Sở Kế hoạch và Đầu tư đã chấp nhận báo cáo %(title)s của %(agency)s.") % values,
               url=report_url(report), at=at)
    elif action == "reopen":
        notify(users=agency_users(report.agency_id), kind=Notification.Kind.REOPENED, report=report, round=report.round,
               subject=_("Báo cáo %(title)s được mở lại") % values,
               body=_("Sở Kế hoạch và Đầu tư mở lại báo cáo %(title)s của %(agency)s để sửa. Lý do: %(reason)s") % values,
               url=report_url(report), at=at)


def provenance_note(report: Report, at: datetime) -> str:
    return (
        _("Đợt báo cáo: %(title)s; báo cáo của %(agency)s (số %(pk)s), chấp nhận ngày %(day)s")
        % {"title": report.round.title, "agency": report.agency.name, "pk": report.pk,
           "day": timezone.localtime(at).strftime("%d/%m/%Y")}
    )[:300]


def _record_line_value(
    line: IndicatorLine, indicator: Indicator, value: IndicatorValue | None, *, period: str, note: str, user, actor,
    reason: str, at: datetime,
) -> IndicatorValue | None:
    """Write the line's value as `indicator`'s value of record (`value`, the one written at an earlier acceptance,
    or a new one); an emptied line removes it. Returns the value of record now."""
    if not line.value_text:
        if value is not None:
            record_change(value, before=snapshot(value), after=None, actor=actor, reason=reason)
            value.delete()
        return None
    creating = value is None
    value = value or IndicatorValue(indicator=indicator)
    before = None if creating else snapshot(value)
    value.period, value.kind = period, line.kind
    value.text, value.op, value.low, value.high = line.value_text, line.op or "qualitative", line.low, line.high
    value.relative_direction = value.relative_base = ""
    value.source_document, value.source_note, value.recorded_by = None, note, user
    value.save()
    # recorded_at is filled in only when the row is created; the time of record is the acceptance.
    IndicatorValue.objects.filter(pk=value.pk).update(recorded_at=at)
    after = snapshot(value)
    if before != after:
        record_change(value, before=before, after=after, actor=actor, reason=reason)
    return value


def _accept_effects(report: Report, *, actor, at: datetime) -> dict:
    """Accepted values become the indicator values of record, task statuses follow the lead agency's report, and
    so does the progress of the steps of the tasks' framework plans (reporting/steps.py).

    Returns the accepted content, kept in the action log so later pages show what changed since.
    """
    reason = _("Chấp nhận báo cáo %(title)s của %(agency)s") % {"title": report.round.title, "agency": report.agency.name}
    user = _user_or_none(actor)
    note = provenance_note(report, at)
    lines = list(report.indicator_lines.select_related("indicator", "recorded_value"))
    shares = shares_in_force(lines)
    for line in lines:
        line.report = report
        # The line's own row, then the rows of its series it stands for (reporting/shared.py): the same value,
        # period and kind for each, each write audited.
        for holder in (line, *shares.get(line.pk, [])):
            recorded = _record_line_value(
                line, holder.indicator, holder.recorded_value, period=report.round.period, note=note, user=user,
                actor=actor, reason=reason, at=at,
            )
            if recorded != holder.recorded_value:
                holder.recorded_value = recorded
                holder.save(update_fields=["recorded_value"])
    for line in report.task_lines.filter(role=TaskLine.Role.LEAD).exclude(status="").select_related("task"):
        task = line.task
        if task.status != line.status:
            before = snapshot(task)
            task.status = line.status
            task.save(update_fields=["status", "search_key"])
            record_change(task, before=before, after=snapshot(task), actor=actor, reason=reason)
    line_steps.step_progress_accept(report, actor=actor, reason=reason)
    return content_of(report)


@transaction.atomic
def report_comment(*, report: Report, actor, text: str, at: datetime | None = None) -> Action:
    """A remark on a report: leaders (read and comment), the planning department, the agency."""
    text = (text or "").strip()
    if not text:
        raise ReportingError(_("Ý kiến không được để trống."))
    if len(text) > TEXT_LIMIT:
        raise ReportingError(_("Ý kiến dài quá %(n)s ký tự.") % {"n": TEXT_LIMIT})
    return _log(round=report.round, report=report, kind=Action.Kind.COMMENT, actor=actor, at=_now(at), comment=text,
                from_status=report.status, to_status=report.status)


@transaction.atomic
def notifications_mark_read(*, user, ids: Iterable[int] | None = None, at: datetime | None = None) -> int:
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=_now(at))


# Reminders and escalation -----------------------------------------------------------------------


@dataclass
class ReminderSummary:
    reminders: int = 0
    escalations: int = 0
    notifications: int = 0


def _days(n: int) -> str:
    return _("%(n)s ngày") % {"n": n}


def _responsible_leaders(report: Report):
    """Leader accounts holding the seats responsible for what the report covers."""
    lines = TaskLine.objects.filter(report=report)
    seats = set(lines.exclude(task__leader__isnull=True).values_list("task__leader_id", flat=True))
    seats |= set(lines.exclude(task__leader_group__isnull=True).values_list("task__leader_group__positions", flat=True))
    seats |= set(
        IndicatorLine.objects.filter(report=report).exclude(indicator__leader__isnull=True)
        .values_list("indicator__leader_id", flat=True)
    )
    seats.discard(None)
    return get_user_model().objects.filter(
        is_active=True, membership__role=Membership.Role.LEADER, membership__position_id__in=seats,
    )


def _record_reminder(report: Report, kind: str, stage: str, recipients: int, at: datetime) -> bool:
    """Claim the stage; False when another run got there first (the unique stage makes runs idempotent)."""
    try:
        with transaction.atomic():
            Reminder.objects.create(report=report, kind=kind, stage=stage, recipients=recipients, sent_at=at)
    except IntegrityError:
        return False
    return True


@transaction.atomic
def reminders_send(*, now: datetime | None = None) -> ReminderSummary:
    """Remind agencies before and after the deadline; escalate to the responsible leader when reminders fail.

    Before the deadline: one reminder at each of PLANWATCH_REMINDER_DAYS_BEFORE days (the nearest stage only, if
    the job missed one). After it: a reminder every PLANWATCH_REMINDER_EVERY_DAYS days; once
    PLANWATCH_ESCALATE_AFTER_REMINDERS reminders after the deadline went unanswered, the leaders responsible
    are told, once. Running it again the same day sends nothing new.
    """
    now = _now(now)
    today = timezone.localdate(now)
    summary = ReminderSummary()
    days_before = sorted({int(d) for d in settings.PLANWATCH_REMINDER_DAYS_BEFORE})
    every = max(1, int(settings.PLANWATCH_REMINDER_EVERY_DAYS))
    escalate_after = max(1, int(settings.PLANWATCH_ESCALATE_AFTER_REMINDERS))
    reports = (
        Report.objects.filter(round__status=Round.Status.OPEN, first_submitted_at__isnull=True)
        .exclude(status__in=Report.DONE)
        .select_related("round", "agency")
        .prefetch_related("reminders")
        .order_by("round__deadline", "agency__name")
    )
    for report in reports:
        sent = list(report.reminders.all())
        stages = {reminder.stage for reminder in sent}
        days_left = (report.round.deadline - today).days
        values = {"agency": report.agency.name, "title": report.round.title,
                  "deadline": report.round.deadline.strftime("%d/%m/%Y"), "left": _days(max(days_left, 0)),
                  "late": _days(max(-days_left, 0))}

        def send(kind: str, stage: str, users: list, subject: str, body: str) -> bool:
            """Claim the stage, then tell the users; False when the stage was sent already."""
            if not _record_reminder(report, kind, stage, len(users), now):
                return False
            notes = notify(
                users=users, report=report, round=report.round, at=now, url=report_url(report),
                kind=Notification.Kind.ESCALATION if kind == Reminder.Kind.ESCALATION else Notification.Kind.REMINDER,
                subject=subject % values, body=body % values,
            )
            summary.notifications += len(notes)
            if kind == Reminder.Kind.ESCALATION:
                summary.escalations += 1
            else:
                summary.reminders += 1
            return True

        if days_left >= 0:
            due = [d for d in days_before if days_left <= d]
            # Only the nearest stage: a job that missed a day does not send two reminders at once.
            if due and not any(s.startswith("before-") and int(s[7:]) <= due[0] for s in stages):
                send(Reminder.Kind.BEFORE, f"before-{due[0]}", list(agency_users(report.agency_id)),
                     _("Nhắc hạn: báo cáo %(title)s, hạn %(deadline)s"),
                     _("%(agency)s chưa nộp báo cáo %(title)s. Hạn nộp: %(deadline)s (còn %(left)s). "
                       "Báo cáo cần lãnh đạo đơn vị duyệt trước khi nộp."))
            continue
        after = sorted((r.sent_at for r in sent if r.kind == Reminder.Kind.AFTER))
        if not after or (today - timezone.localdate(after[-1])).days >= every:
            if send(Reminder.Kind.AFTER, f"after-{len(after) + 1}", list(agency_users(report.agency_id)),
                    _("Quá hạn: báo cáo %(title)s (hạn %(deadline)s)"),
                    _("%(agency)s chưa nộp báo cáo %(title)s, đã quá hạn %(late)s. Đề nghị nộp ngay.")):
                after.append(now)
        if len(after) >= escalate_after and "escalation" not in stages:
            values["n"] = len(after)
            send(Reminder.Kind.ESCALATION, "escalation", list(_responsible_leaders(report)) or list(planning_users()),
                 _("Báo cáo chậm: %(agency)s chưa nộp báo cáo %(title)s"),
                 _("%(agency)s chưa nộp báo cáo %(title)s, đã quá hạn %(late)s và đã được nhắc %(n)s lần. "
                   "Đề nghị đồng chí chỉ đạo đơn vị nộp báo cáo."))
    return summary


# Rounds from recurring deadlines ----------------------------------------------------------------


@transaction.atomic
def recurring_rounds_open(*, today: date | None = None, lead_days: int | None = None, actor=SYSTEM) -> list[Round]:
    """Open a round for each due date of recurring tasks (`Tháng 6, tháng 10 hàng năm`) coming within lead_days.

    One round per due date, covering every tracked task due then; its period is the year to date
    (June: 6 months, October: 9 months). Idempotent: a due date that already has its round is skipped.
    """
    _sqlite_write_lock()  # before the reads below: several workers may run this at once
    today = today or timezone.localdate()
    lead_days = settings.PLANWATCH_RECURRING_ROUND_LEAD_DAYS if lead_days is None else lead_days
    due_dates = (
        TaskDueDate.objects.filter(
            task__deadline_kind=Task.DeadlineKind.RECURRING, task__document__is_tracked=True,
            due__gte=today, due__lte=date.fromordinal(today.toordinal() + lead_days),
        )
        .exclude(task__status__in=DONE_STATUSES)
        .select_related("task")
        .order_by("due", "task__document_id", "task__order")
    )
    by_due: dict[date, list[Task]] = defaultdict(list)
    for due_date in due_dates:
        by_due[due_date.due].append(due_date.task)
    opened = []
    existing = set(Round.objects.filter(origin=Round.Origin.RECURRING, due_date__in=list(by_due)).values_list("due_date", flat=True))
    for due, tasks in sorted(by_due.items()):
        if due in existing:
            continue
        documents = Document.objects.filter(pk__in={task.document_id for task in tasks})
        try:
            opened.append(round_open(
                period=period_for_due_date(due), deadline=due, actor=actor, documents=documents, tasks=tasks,
                origin=Round.Origin.RECURRING, due_date=due,
            ))
        except RoundExists:
            continue  # another run (a second worker) opened it meanwhile
    return opened
