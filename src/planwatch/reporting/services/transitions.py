"""The report workflow: a table of guarded transitions (`TRANSITIONS`), each move written to the action log and
to the audit trail, and what accepting a report writes into the register (through registry's services)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from planwatch.audit.services import record_change, snapshot
from planwatch.registry.services import indicator_value_delete, indicator_value_record, task_status_set
from planwatch.reporting import steps as line_steps
from planwatch.reporting.access import can_approve_report, can_edit_report, can_review_reports
from planwatch.reporting.errors import TransitionError
from planwatch.reporting.models import Action, Notification, Report, TaskLine
from planwatch.reporting.services.common import at_or_now, is_user, lock_report, log_action, user_or_none
from planwatch.reporting.services.content import content_of
from planwatch.reporting.services.notifications import agency_users, notify, planning_users, report_url
from planwatch.reporting.shared import shares_in_force
from planwatch.reporting.texts import Text


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
    locked = lock_report(report.pk)  # first: see lock_report
    at = at_or_now(at)
    if is_user(actor) and not transition.guard(actor, locked):
        raise PermissionDenied
    if _just_made(transition, locked):
        return TransitionResult(
            locked, False, _("Việc “%(label)s” đã được thực hiện trước đó; không làm lại.") % {"label": transition.label},
        )
    reason = (reason or "").strip()
    _refuse(transition, locked, reason=reason, version=version)
    before = snapshot(locked)
    source = locked.status
    locked.status = transition.target
    data = _move(locked, action, actor=actor, reason=reason, at=at)
    locked.save()
    record_change(locked, before=before, after=snapshot(locked), actor=actor,
                  reason=f"{transition.label}: {reason}" if reason else transition.label)
    log_action(round=locked.round, report=locked, kind=transition.kind, actor=actor, at=at, comment=reason,
               from_status=source, to_status=locked.status, data=data)
    _notify_transition(locked, action, actor=actor, reason=reason, at=at)
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


def _just_made(transition: Transition, report: Report) -> bool:
    """The move is the last one made (a double click): the report is where it leads, and no other move since."""
    if report.status != transition.target or report.status in transition.sources:
        return False
    last = (
        report.actions.exclude(kind__in=[Action.Kind.COMMENT, Action.Kind.SAVE, Action.Kind.REQUEST_APPROVAL])
        .order_by("-at", "-id").first()
    )
    return last is not None and last.kind == transition.kind


def _refuse(transition: Transition, report: Report, *, reason: str, version: int | None) -> None:
    """Raise TransitionError when the move cannot be made now, saying why."""
    if report.status not in transition.sources:
        raise TransitionError(
            _("Không thể “%(label)s” khi báo cáo đang ở trạng thái “%(status)s”.")
            % {"label": transition.label, "status": report.get_status_display()}
        )
    if not report.round.is_open and not (transition.in_closed_round or report.reopen_count):
        raise TransitionError(_("Đợt báo cáo đã tổng hợp; báo cáo không thay đổi được nữa."))
    if transition.needs_reason and not reason:
        raise TransitionError(_("Cần ghi lý do để “%(label)s”.") % {"label": transition.label.lower()})
    if version is not None and version != report.version:
        raise TransitionError(
            _("Báo cáo đã được sửa sau khi bạn mở trang (nay là phiên bản %(version)s). Hãy xem lại nội dung rồi làm lại.")
            % {"version": report.version}
        )


def _move(report: Report, action: str, *, actor, reason: str, at: datetime):
    """What the move writes on the report besides its status (unsaved); accepting returns the content accepted,
    for the action log."""
    user = user_or_none(actor)
    if action == "approve":
        report.approved_at, report.approved_by = at, user
    elif action == "withdraw":
        report.approved_at, report.approved_by = None, None
    elif action == "submit":
        report.submitted_at, report.submitted_by = at, user
        if report.first_submitted_at is None:
            report.first_submitted_at = at
    elif action == "return":
        report.return_reason = reason
        report.approved_at, report.approved_by = None, None
    elif action == "accept":
        report.accepted_at, report.accepted_by = at, user
        return _accept_effects(report, actor=actor, at=at)
    elif action == "reopen":
        report.reopen_reason = reason
        report.reopen_count += 1
        report.approved_at, report.approved_by = None, None
    return None


def _asked_approval(report: Report, actor) -> list:
    """The officers who asked the head to approve (reporting/approval.py) since the report last moved, the one
    approving aside: the approval just logged is the newest entry, the requests come right before it."""
    asked = {}
    entries = report.actions.exclude(kind__in=[Action.Kind.COMMENT, Action.Kind.SAVE]).select_related("actor")
    for entry in entries.order_by("-id")[1:50]:
        if entry.kind != Action.Kind.REQUEST_APPROVAL:
            break
        if entry.actor is not None and entry.actor.is_active and entry.actor.pk != getattr(actor, "pk", None):
            asked[entry.actor.pk] = entry.actor
    return list(asked.values())


@dataclass(frozen=True)
class _Told:
    """Who is told of a move, and what: subject and body are formatted with the report's agency, round title,
    the reason given and who moved it."""

    kind: str
    recipients: Callable  # (report, actor) -> users
    subject: str
    body: str


def _agency(report: Report, actor):
    return agency_users(report.agency_id)


# Round titles read "Báo cáo quý II/2024": a text that starts with the title puts no "báo cáo" before it.
TOLD = {
    # Issue 10: the officer who asked for the approval learns that the report can go to the planning department.
    "approve": _Told(
        Notification.Kind.APPROVED, _asked_approval,
        gettext_noop("%(title)s của %(agency)s đã được lãnh đạo đơn vị duyệt"),
        gettext_noop("%(who)s đã duyệt %(title)s của %(agency)s. Đơn vị có thể nộp báo cáo lên Sở Kế hoạch và Đầu tư."),
    ),
    "submit": _Told(
        Notification.Kind.SUBMITTED, lambda report, actor: planning_users(),
        gettext_noop("%(agency)s đã nộp báo cáo %(title)s"),
        gettext_noop("%(agency)s đã nộp báo cáo %(title)s; báo cáo chờ Sở Kế hoạch và Đầu tư xem xét."),
    ),
    "return": _Told(
        Notification.Kind.RETURNED, _agency,
        gettext_noop("Báo cáo %(title)s bị trả lại"),
        gettext_noop("Sở Kế hoạch và Đầu tư trả lại báo cáo %(title)s của %(agency)s. Lý do: %(reason)s"),
    ),
    "accept": _Told(
        Notification.Kind.ACCEPTED, _agency,
        gettext_noop("Báo cáo %(title)s đã được chấp nhận"),
        gettext_noop("Sở Kế hoạch và Đầu tư đã chấp nhận báo cáo %(title)s của %(agency)s."),
    ),
    "reopen": _Told(
        Notification.Kind.REOPENED, _agency,
        gettext_noop("Báo cáo %(title)s được mở lại"),
        gettext_noop("Sở Kế hoạch và Đầu tư mở lại báo cáo %(title)s của %(agency)s để sửa. Lý do: %(reason)s"),
    ),
}


def _notify_transition(report: Report, action: str, *, actor, reason: str, at: datetime) -> None:
    told = TOLD.get(action)  # withdrawing an approval stays inside the agency: nobody is told
    if told is None:
        return
    who = (actor.get_full_name() or actor.get_username()) if is_user(actor) else str(actor)
    values = {"agency": report.agency.name, "title": report.round.title, "reason": reason, "who": who}
    notify(users=told.recipients(report, actor), kind=told.kind, report=report, round=report.round,
           subject=Text(told.subject, values), body=Text(told.body, values), url=report_url(report), at=at)


def provenance_note(report: Report, at: datetime) -> str:
    return (
        _("Đợt báo cáo: %(title)s; báo cáo của %(agency)s (số %(pk)s), chấp nhận ngày %(day)s")
        % {"title": report.round.title, "agency": report.agency.name, "pk": report.pk,
           "day": timezone.localtime(at).strftime("%d/%m/%Y")}
    )[:300]


def _accept_effects(report: Report, *, actor, at: datetime) -> dict:
    """Accepted values become the indicator values of record, task statuses follow the lead agency's report, and
    so does the progress of the steps of the tasks' framework plans (reporting/steps.py).

    Returns the accepted content, kept in the action log so later pages show what changed since.
    """
    reason = _("Chấp nhận báo cáo %(title)s của %(agency)s") % {"title": report.round.title, "agency": report.agency.name}
    user = user_or_none(actor)
    note = provenance_note(report, at)
    lines = list(report.indicator_lines.select_related("indicator", "recorded_value"))
    shares = shares_in_force(lines)
    for line in lines:
        line.report = report
        # The line's own row, then the rows of its series it stands for (reporting/shared.py): the same value,
        # period and kind for each, each write audited.
        for holder in (line, *shares.get(line.pk, [])):
            recorded = None
            if line.value_text:
                recorded = indicator_value_record(
                    indicator=holder.indicator, value=holder.recorded_value, period=report.round.period,
                    kind=line.kind, text=line.value_text, op=line.op or "qualitative", low=line.low, high=line.high,
                    note=note, recorded_by=user, actor=actor, reason=reason, at=at,
                )
            elif holder.recorded_value is not None:  # an emptied line takes its value of record away
                indicator_value_delete(value=holder.recorded_value, actor=actor, reason=reason)
            if recorded != holder.recorded_value:
                holder.recorded_value = recorded
                holder.save(update_fields=["recorded_value"])
    for line in report.task_lines.filter(role=TaskLine.Role.LEAD).exclude(status="").select_related("task"):
        task_status_set(task=line.task, status=line.status, actor=actor, reason=reason)
    line_steps.step_progress_accept(report, actor=actor, reason=reason)
    return content_of(report)
