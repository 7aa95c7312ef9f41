"""Who may see and change rounds, reports, their lines, evidence files and notifications: reporting's own access
rules, in the words of the user's scope (accounts.access).

- planning department and administrators: every round and report; they open and close rounds and
  return, accept or reopen reports, but never write an agency's content;
- an agency's officers: their agency's reports (read, write while a draft or returned, ask the head to approve,
  submit once approved);
- an agency's head: the same, and approves the report before it goes up;
- a leader: reports with something in their portfolio, only those lines; read and comment;
- anyone else: nothing.
A report of another agency answers 404 like a missing one, for reading and writing alike.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from planwatch.accounts.access import Role, scope_of
from planwatch.reporting.models import Evidence, IndicatorLine, Notification, Report, Round, TaskLine


def can_review_reports(user) -> bool:
    """Open and close rounds; return, accept and reopen reports: the planning department and administrators."""
    return scope_of(user).everything


def can_edit_report(user, report: Report) -> bool:
    scope = scope_of(user)
    return scope.agency_id is not None and scope.agency_id == report.agency_id and scope.role in (Role.OFFICER, Role.HEAD)


def can_approve_report(user, report: Report) -> bool:
    scope = scope_of(user)
    return scope.agency_id is not None and scope.agency_id == report.agency_id and scope.role == Role.HEAD


def can_request_approval(user, report: Report) -> bool:
    """Ask the agency's head to approve: its officers; a head approves instead of asking."""
    scope = scope_of(user)
    return scope.agency_id is not None and scope.agency_id == report.agency_id and scope.role == Role.OFFICER


def _leader_task_condition(position_id: int, prefix: str = "") -> Q:
    return Q(**{f"{prefix}leader_id": position_id}) | Q(**{f"{prefix}leader_group__positions": position_id})


def visible_reports(user, queryset: QuerySet[Report] | None = None) -> QuerySet[Report]:
    queryset = Report.objects.all() if queryset is None else queryset
    scope = scope_of(user)
    if scope.everything:
        return queryset
    if scope.agency_id is not None:
        return queryset.filter(agency_id=scope.agency_id)
    if scope.position_id is not None:
        lines = TaskLine.objects.filter(_leader_task_condition(scope.position_id, "task__"))
        indicator_lines = IndicatorLine.objects.filter(indicator__leader_id=scope.position_id)
        return queryset.filter(
            Q(pk__in=lines.values("report_id")) | Q(pk__in=indicator_lines.values("report_id"))
        )
    return queryset.none()


def visible_rounds(user, queryset: QuerySet[Round] | None = None) -> QuerySet[Round]:
    queryset = Round.objects.all() if queryset is None else queryset
    scope = scope_of(user)
    if scope.everything:
        return queryset
    if scope.nothing:
        return queryset.none()
    return queryset.filter(pk__in=visible_reports(user).values("round_id"))


def visible_task_lines(user, report: Report, queryset: QuerySet[TaskLine] | None = None) -> QuerySet[TaskLine]:
    """The lines of a report the user may read: all of them, or a leader's portfolio."""
    queryset = report.task_lines.all() if queryset is None else queryset.filter(report=report)
    return _task_lines_in_scope(user, queryset)


def visible_indicator_lines(
    user, report: Report, queryset: QuerySet[IndicatorLine] | None = None,
) -> QuerySet[IndicatorLine]:
    queryset = report.indicator_lines.all() if queryset is None else queryset.filter(report=report)
    return _indicator_lines_in_scope(user, queryset)


def visible_lines_of_reports(user, reports) -> tuple[QuerySet[IndicatorLine], QuerySet[TaskLine]]:
    """The indicator and task lines the user may read in any of `reports` (reports they may see): what
    visible_indicator_lines and visible_task_lines give report by report, in one query each."""
    return (
        _indicator_lines_in_scope(user, IndicatorLine.objects.filter(report__in=reports)),
        _task_lines_in_scope(user, TaskLine.objects.filter(report__in=reports)),
    )


def _task_lines_in_scope(user, queryset: QuerySet[TaskLine]) -> QuerySet[TaskLine]:
    scope = scope_of(user)
    if scope.position_id is not None and not scope.everything:
        return queryset.filter(
            pk__in=TaskLine.objects.filter(_leader_task_condition(scope.position_id, "task__")).values("pk")
        )
    return queryset


def _indicator_lines_in_scope(user, queryset: QuerySet[IndicatorLine]) -> QuerySet[IndicatorLine]:
    scope = scope_of(user)
    if scope.position_id is not None and not scope.everything:
        return queryset.filter(indicator__leader_id=scope.position_id)
    return queryset


def round_get_for_user(user, pk: int, *, write: bool = False) -> Round:
    """write: open, change or close the round (the planning department)."""
    found = visible_rounds(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    if write and not can_review_reports(user):
        raise PermissionDenied
    return found


def report_get_for_user(user, pk: int, *, write: bool = False) -> Report:
    """write: change the report's content (the agency's officers and head)."""
    # The accounts the report page names (who saved, approved, accepted) come with it, three queries less; a write
    # (a save, whose page is the next request after its redirect) needs none of them.
    related = ("round", "agency") if write else ("round", "agency", "last_saved_by", "approved_by", "accepted_by")
    found = visible_reports(user).select_related(*related).filter(pk=pk).first()
    if found is None:
        raise Http404
    if write and not can_edit_report(user, found):
        raise PermissionDenied
    return found


def _line_get_for_user(user, pk: int, *, write: bool, model, visible_lines, subject: str):
    """A line is read by whoever may read its report and, for a leader, only within the portfolio."""
    line = model.objects.select_related("report__round", "report__agency", subject).filter(pk=pk).first()
    if line is None or not visible_reports(user).filter(pk=line.report_id).exists():
        raise Http404
    if not visible_lines(user, line.report).filter(pk=line.pk).exists():
        raise Http404
    if write and not can_edit_report(user, line.report):
        raise PermissionDenied
    return line


def task_line_get_for_user(user, pk: int, *, write: bool = False) -> TaskLine:
    return _line_get_for_user(user, pk, write=write, model=TaskLine, visible_lines=visible_task_lines, subject="task")


def indicator_line_get_for_user(user, pk: int, *, write: bool = False) -> IndicatorLine:
    return _line_get_for_user(
        user, pk, write=write, model=IndicatorLine, visible_lines=visible_indicator_lines, subject="indicator",
    )


def evidence_get_for_user(user, pk: int, *, write: bool = False) -> Evidence:
    """An evidence file is read (downloaded) by whoever may read its line; removed by the agency."""
    evidence = Evidence.objects.select_related("line__report__round", "line__report__agency").filter(pk=pk).first()
    if evidence is None:
        raise Http404
    task_line_get_for_user(user, evidence.line_id, write=write)
    return evidence


def notification_get_for_user(user, pk: int, *, write: bool = False) -> Notification:
    """Notifications are personal: only their recipient reads or marks them."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    found = Notification.objects.filter(pk=pk, user=user).first()
    if found is None:
        raise Http404
    return found
