"""Asking the agency's head to approve a report: the officer's "Trình lãnh đạo đơn vị duyệt".

Approval is a move of the workflow (`services.TRANSITIONS["approve"]`); asking for it is not. The report keeps its
status; the action log records the request (`Action.Kind.REQUEST_APPROVAL`, with the version asked about) and
each active head of the agency gets a notification. A request stays pending until the report next moves
(approved, or any other move): the report page and the head's home page show it with its date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from planwatch.accounts.models import Membership
from planwatch.reporting.access import can_request_approval
from planwatch.reporting.errors import ReportingError, TransitionError
from planwatch.reporting.models import Action, Notification, Report
# A request is written as the workflow's moves are (the report locked first, the action log), with their helpers.
from planwatch.reporting.services.common import at_or_now, is_user, lock_report, log_action
from planwatch.reporting.services.content import TEXT_LIMIT
from planwatch.reporting.services.notifications import notify, report_url
from planwatch.reporting.services.transitions import TRANSITIONS
from planwatch.reporting.texts import Text

# The log entries that move a report: a request made before the latest of them is no longer pending.
MOVES = tuple({transition.kind for transition in TRANSITIONS.values()} | {Action.Kind.CREATE})


@dataclass
class ApprovalRequestResult:
    report: Report
    done: bool  # False when the same version was asked about already: nobody is told twice
    message: str


def agency_heads(agency_id: int):
    """The accounts that approve the agency's reports."""
    return get_user_model().objects.filter(
        is_active=True, membership__role=Membership.Role.HEAD, membership__agency_id=agency_id,
    ).order_by("username")


def _name(user) -> str:
    return user.get_full_name() or user.get_username()


def approval_request_possible(user, report: Report) -> bool:
    """Whether the report page offers the user the request (the service says why not, when asked anyway)."""
    return (
        can_request_approval(user, report) and report.status in TRANSITIONS["approve"].sources
        and (report.round.is_open or report.reopen_count > 0)
    )


def pending_approval_requests(reports: Iterable[Report]) -> dict[int, Action]:
    """For each report asked about since its last move, the latest request, by report id (one query)."""
    ids = [report.pk for report in reports]
    if not ids:
        return {}
    entries = Action.objects.filter(report_id__in=ids, kind__in=[Action.Kind.REQUEST_APPROVAL, *MOVES])
    return _pending(entries.order_by("at", "id"))


def pending_approval_request_in(actions: Iterable[Action]) -> Action | None:
    """The pending request among one report's log entries, in the order they happened (the report page has them)."""
    return next(iter(_pending(actions).values()), None)


def _pending(entries: Iterable[Action]) -> dict[int, Action]:
    pending: dict[int, Action] = {}
    for entry in entries:
        if entry.kind == Action.Kind.REQUEST_APPROVAL:
            pending[entry.report_id] = entry
        elif entry.kind in MOVES:
            pending.pop(entry.report_id, None)
    return pending


def requested_version(request: Action) -> int | None:
    return (request.data or {}).get("version")


@transaction.atomic
def report_approval_request(
    *, report: Report, actor, note: str = "", version: int | None = None, at: datetime | None = None,
) -> ApprovalRequestResult:
    """Tell the agency's heads that the report waits for their approval, once per version.

    `version` is the version on the officer's screen: a report saved by someone else since is not asked about
    unseen. Asking again about the same version while the request is pending (a double click) tells nobody again.
    """
    locked = lock_report(report.pk)  # first: see services.common.lock_report
    if is_user(actor) and not can_request_approval(actor, locked):
        raise PermissionDenied
    at = at_or_now(at)
    if locked.status not in TRANSITIONS["approve"].sources:
        raise TransitionError(
            _("Chỉ trình duyệt được báo cáo đang soạn hoặc bị trả lại; báo cáo đang ở trạng thái “%(status)s”.")
            % {"status": locked.get_status_display()}
        )
    if not locked.round.is_open and not locked.reopen_count:
        raise TransitionError(_("Đợt báo cáo đã tổng hợp; báo cáo không thay đổi được nữa."))
    if version is not None and version != locked.version:
        raise TransitionError(
            _("Báo cáo đã được sửa sau khi bạn mở trang (nay là phiên bản %(version)s). Hãy xem lại nội dung rồi "
              "trình lại.") % {"version": locked.version}
        )
    note = (note or "").strip()
    if len(note) > TEXT_LIMIT:
        raise ReportingError(_("Lời nhắn dài quá %(n)s ký tự.") % {"n": TEXT_LIMIT})
    pending = pending_approval_requests([locked]).get(locked.pk)
    if pending is not None and requested_version(pending) == locked.version:
        return ApprovalRequestResult(locked, False, _(
            "Phiên bản %(version)s của báo cáo đã được trình lãnh đạo đơn vị lúc %(when)s; không gửi lại thông báo."
        ) % {"version": locked.version, "when": timezone.localtime(pending.at).strftime("%H:%M %d/%m/%Y")})
    heads = [head for head in agency_heads(locked.agency_id) if not is_user(actor) or head.pk != actor.pk]
    if not heads:
        raise ReportingError(
            _("%(agency)s chưa có tài khoản lãnh đạo đơn vị để duyệt báo cáo; đề nghị quản trị hệ thống tạo tài khoản.")
            % {"agency": locked.agency.name}
        )
    log_action(round=locked.round, report=locked, kind=Action.Kind.REQUEST_APPROVAL, actor=actor, at=at, comment=note,
               from_status=locked.status, to_status=locked.status,
               data={"version": locked.version, "heads": [head.get_username() for head in heads]})
    values = {
        "agency": locked.agency.name, "title": locked.round.title, "version": locked.version,
        "who": _name(actor) if is_user(actor) else str(actor),
        "deadline": locked.round.deadline.strftime("%d/%m/%Y"),
    }
    # Round titles read "Báo cáo quý II/2024": the texts put no "báo cáo" before them.
    body = [Text(gettext_noop("%(who)s trình đồng chí duyệt %(title)s của %(agency)s (phiên bản %(version)s), hạn nộp "
                              "%(deadline)s. Sau khi duyệt, đơn vị nộp báo cáo lên Sở Kế hoạch và Đầu tư."), values)]
    if note:
        body.append(Text(gettext_noop("Lời nhắn: %(note)s"), {"note": note}))
    notify(users=heads, kind=Notification.Kind.APPROVAL_REQUESTED, report=locked, round=locked.round,
           subject=Text(gettext_noop("%(title)s của %(agency)s chờ đồng chí duyệt"), values), body=body,
           url=report_url(locked), at=at)
    return ApprovalRequestResult(locked, True, _("Đã trình lãnh đạo đơn vị duyệt: đã thông báo cho %(names)s.")
                                 % {"names": ", ".join(_name(head) for head in heads)})
