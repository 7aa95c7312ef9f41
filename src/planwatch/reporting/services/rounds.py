"""Rounds: who reports what in a round, opening it with each agency's pre-filled report, moving its deadline,
closing it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from planwatch.audit.services import record_change, record_creations, snapshot
from planwatch.registry.models import Document, Indicator, IndicatorValue, Task
from planwatch.registry.selectors import closed_group_member_ids
from planwatch.reporting import steps as line_steps
from planwatch.reporting.access import can_review_reports
from planwatch.reporting.errors import ReportingError, RoundExists, TransitionError
from planwatch.reporting.models import (
    Action,
    IndicatorLine,
    Notification,
    Report,
    Revision,
    Round,
    SharedLine,
    TaskLine,
)
from planwatch.reporting.periods import PeriodError, parse_period, period_label
from planwatch.reporting.services.common import (
    DONE_STATUSES,
    actor_label,
    at_or_now,
    is_user,
    log_action,
    sqlite_write_lock,
    user_or_none,
)
from planwatch.reporting.services.content import contents_of
from planwatch.reporting.services.notifications import Message, agency_users_of, notify_many, report_url
from planwatch.reporting.shared import shared_lines as line_sharing
from planwatch.reporting.texts import Text


@dataclass
class Assignments:
    """What each agency reports in a round: indicator ids, and task ids it leads or coordinates."""

    indicators: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    lead_tasks: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    coordinated_tasks: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))

    def agencies(self) -> set[int]:
        return {*self.indicators, *self.lead_tasks, *self.coordinated_tasks}


def _pairs(through, owner: str, ids: list[int], target: str) -> list[tuple[int, int]]:
    return list(through.objects.filter(**{f"{owner}_id__in": ids}).values_list(f"{owner}_id", f"{target}_id"))


def round_assignments(round: Round) -> Assignments:
    """Who reports what: indicators led and tasks led or coordinated, directly or through a closed group.

    A recurring round covers only its tasks; a regular round every indicator (with a target, or a leaf row) and
    every task not yet done of its plans.
    """
    groups = closed_group_member_ids()
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
    if is_user(actor) and not can_review_reports(actor):
        raise PermissionDenied
    at = at_or_now(at)
    try:
        parsed = parse_period(period)
    except PeriodError as exc:
        raise ReportingError(str(exc)) from exc
    if deadline < parsed.start:
        raise ReportingError(
            _("Hạn nộp %(deadline)s đứng trước khi kỳ %(period)s bắt đầu.")
            % {"deadline": deadline.strftime("%d/%m/%Y"), "period": period_label(parsed)}
        )
    sqlite_write_lock()
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
        opened_by=user_or_none(actor), opened_at=at,
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
    log_action(round=round, report=None, kind=Action.Kind.OPEN, actor=actor, at=at,
               comment=_("Hạn nộp %(deadline)s") % {"deadline": deadline.strftime("%d/%m/%Y")})
    reports = _reports_create(round, actor=actor, at=at)
    # Each agency's officers and heads are told, in one query for the users and one (a batch) for the notifications.
    users = agency_users_of(Report.objects.filter(round=round).values("agency_id"))
    subject = Text(gettext_noop("Đợt báo cáo mới: %(title)s"), {"title": round.title})
    notify_many(
        Message(
            users=users.get(report.agency_id, ()), kind=Notification.Kind.ROUND, report=report, round=round,
            subject=subject,
            body=Text(gettext_noop("Sở Kế hoạch và Đầu tư đề nghị %(agency)s nộp báo cáo %(title)s trước ngày "
                                   "%(deadline)s."),
                      {"agency": report.agency.name, "title": round.title, "deadline": deadline.strftime("%d/%m/%Y")}),
            url=report_url(report), at=at,
        )
        for report in reports
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


@dataclass
class _Prefill:
    """What a new round's lines start from: each indicator's value of record for the period (an actual before an
    estimate), each task's status of record and the agency's last accepted percentage, except a task measured by
    its framework plan, whose percentage is its steps'."""

    indicator_ids: set[int]
    known: dict[int, IndicatorValue]
    status_of: dict[int, str]
    last_percent: dict[tuple[int, int], int | None]
    from_steps: dict[int, int]

    @classmethod
    def read(cls, round: Round, assignments: Assignments, agency_ids: list[int]) -> _Prefill:
        indicator_ids = {pk for ids in assignments.indicators.values() for pk in ids}
        known: dict[int, IndicatorValue] = {}
        for value in IndicatorValue.objects.filter(
            indicator_id__in=indicator_ids, period=round.period,
            kind__in=[IndicatorLine.Kind.ACTUAL, IndicatorLine.Kind.ESTIMATE],
        ).select_related("source_document").order_by("indicator_id", "kind", "-recorded_at"):
            known.setdefault(value.indicator_id, value)  # "actual" sorts before "estimate"
        task_ids = {
            pk for ids in [*assignments.lead_tasks.values(), *assignments.coordinated_tasks.values()] for pk in ids
        }
        last_percent: dict[tuple[int, int], int | None] = {}
        for agency_id, task_id, percent in (
            TaskLine.objects.filter(report__status=Report.Status.ACCEPTED, report__agency_id__in=agency_ids,
                                    task_id__in=task_ids)
            .order_by("report__round__deadline", "report__round_id")
            .values_list("report__agency_id", "task_id", "percent")
        ):
            last_percent[(agency_id, task_id)] = percent
        return cls(
            indicator_ids=indicator_ids, known=known,
            status_of=dict(Task.objects.filter(pk__in=task_ids).values_list("pk", "status")),
            last_percent=last_percent, from_steps=line_steps.derived_percents(task_ids),
        )

    def percent(self, agency_id: int, task_id: int) -> int | None:
        return self.from_steps.get(task_id, self.last_percent.get((agency_id, task_id)))


def _indicator_lines(report: Report, indicator_ids: list[int], *, kept: dict[int, list[int]],
                     known: dict[int, IndicatorValue]) -> tuple[list[IndicatorLine], list]:
    """The report's indicator lines, pre-filled, and the (line, rows it stands for) of the series asked once."""
    asked_elsewhere = {pk for others in kept.values() for pk in others}
    lines, shares = [], []
    for pk in indicator_ids:
        if pk in asked_elsewhere:
            continue
        line = IndicatorLine(report=report, indicator_id=pk, order=len(lines) + 1)
        others = kept.get(pk, [])
        if others:
            shares.append((line, others))
        # The row's own value of record for the period, else one the rows it stands for hold.
        value = next((known[key] for key in (pk, *others) if key in known), None)
        if value is not None:
            line.kind, line.value_text, line.op, line.low, line.high = (
                value.kind, value.text, value.op, value.low, value.high,
            )
            line.source = (value.source_note or (str(value.source_document) if value.source_document_id else ""))[:300]
        lines.append(line)
    return lines, shares


def _reports_create(round: Round, *, actor, at: datetime) -> list[Report]:
    assignments = round_assignments(round)
    agency_ids = sorted(assignments.agencies())
    if not agency_ids:
        return []
    prefill = _Prefill.read(round, assignments, agency_ids)
    indicator_ids = prefill.indicator_ids
    Report.objects.bulk_create([Report(round=round, agency_id=pk) for pk in agency_ids])
    reports = list(Report.objects.filter(round=round).select_related("agency").order_by("agency_id"))
    by_agency = {report.agency_id: report for report in reports}
    # Rows of one series (confirmed, same unit) are asked once: the line of the most recent document's row
    # stands for the others (reporting/shared.py).
    sharing = line_sharing(indicator_ids, assignments.indicators)
    indicator_lines, task_lines, line_shares = [], [], []
    for agency_id, report in by_agency.items():
        lines, shares = _indicator_lines(report, assignments.indicators.get(agency_id, []),
                                         kept=sharing.get(agency_id, {}), known=prefill.known)
        indicator_lines += lines
        line_shares += shares
        order = 0
        for role, ids in ((TaskLine.Role.LEAD, assignments.lead_tasks), (TaskLine.Role.COORDINATING, assignments.coordinated_tasks)):
            for pk in ids.get(agency_id, []):
                order += 1
                task_lines.append(TaskLine(
                    report=report, task_id=pk, role=role, order=order,
                    status=prefill.status_of.get(pk, "") if role == TaskLine.Role.LEAD else "",
                    percent=prefill.percent(agency_id, pk) if role == TaskLine.Role.LEAD else None,
                ))
    IndicatorLine.objects.bulk_create(indicator_lines, batch_size=500)
    SharedLine.objects.bulk_create(
        [SharedLine(line_id=line.pk, indicator_id=pk) for line, others in line_shares for pk in others], batch_size=500,
    )
    TaskLine.objects.bulk_create(task_lines, batch_size=500)
    contents = contents_of(reports)
    Revision.objects.bulk_create([
        Revision(report=report, version=1, data=contents[report.pk], saved_by=user_or_none(actor), saved_at=at)
        for report in reports
    ])
    counts = defaultdict(lambda: [0, 0])
    for line in indicator_lines:
        counts[line.report_id][0] += 1
    for line in task_lines:
        counts[line.report_id][1] += 1
    for report in reports:
        report.round = round
    record_creations(
        ((report, {**snapshot(report), "indicator_lines": str(counts[report.pk][0]),
                   "task_lines": str(counts[report.pk][1])}) for report in reports),
        actor=actor, reason=_("Mở đợt báo cáo"),
    )
    Action.objects.bulk_create([
        Action(round=round, report=report, kind=Action.Kind.CREATE, to_status=Report.Status.DRAFT,
               actor=user_or_none(actor), actor_label=actor_label(actor), at=at)
        for report in reports
    ])
    return list(Report.objects.filter(round=round).select_related("agency"))


@transaction.atomic
def round_deadline_change(*, round: Round, deadline: date, actor, reason: str, at: datetime | None = None) -> Round:
    if is_user(actor) and not can_review_reports(actor):
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
    at = at_or_now(at)
    before = snapshot(round)
    old = round.deadline
    round.deadline = deadline
    round.save(update_fields=["deadline"])
    record_change(round, before=before, after=snapshot(round), actor=actor, reason=reason)
    log_action(round=round, report=None, kind=Action.Kind.DEADLINE, actor=actor, at=at,
               comment=f"{old:%d/%m/%Y} → {deadline:%d/%m/%Y}: {reason}")
    return round


@transaction.atomic
def round_close(*, round: Round, actor, at: datetime | None = None) -> Round:
    """Accept the round as a whole: nothing may wait for review; reports never submitted stay as not submitted."""
    if is_user(actor) and not can_review_reports(actor):
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
    at = at_or_now(at)
    before = snapshot(round)
    round.status, round.closed_at, round.closed_by = Round.Status.CLOSED, at, user_or_none(actor)
    round.save(update_fields=["status", "closed_at", "closed_by"])
    record_change(round, before=before, after=snapshot(round), actor=actor, reason=_("Tổng hợp đợt báo cáo"))
    accepted = round.reports.filter(status=Report.Status.ACCEPTED).count()
    log_action(round=round, report=None, kind=Action.Kind.CLOSE, actor=actor, at=at, from_status=Round.Status.OPEN,
               to_status=Round.Status.CLOSED,
               comment=_("%(accepted)s báo cáo được chấp nhận, %(missing)s đơn vị không nộp.")
               % {"accepted": accepted, "missing": round.reports.filter(first_submitted_at__isnull=True).count()})
    return round
