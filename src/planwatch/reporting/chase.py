"""Chasing tasks, not only reports: reminders before and after a task's due date and a framework plan's, then
the responsible leader told, each stage sent once.

The same rhythm as report reminders (docs/reporting.md): one reminder at each of PLANWATCH_REMINDER_DAYS_BEFORE
days before the date (the nearest stage only), then one every PLANWATCH_REMINDER_EVERY_DAYS days after it, and
after PLANWATCH_ESCALATE_AFTER_REMINDERS unanswered reminders the leader of the task's seat (or the planning
department when the seat has no account) is told, once. A due date further back than PLANWATCH_CHASE_WINDOW_DAYS
is not chased any more: it is reported as overdue, not reminded about daily for years.

Framework plans live below reporting (planwatch.frameworks knows nothing of notifications); their moves reach
people through the `plan_moved` signal, answered here.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from planwatch.accounts.models import Membership
from planwatch.frameworks.models import FrameworkPlan
from planwatch.frameworks.signals import plan_moved
from planwatch.registry.models import Task, TaskDueDate
from planwatch.reporting.models import Chase, Notification
from planwatch.reporting.services import agency_users, notify, planning_users
from planwatch.reporting.texts import Text
from planwatch.reporting.services.stages import AFTER, BEFORE, ESCALATION, Message, Rhythm, StageSummary, stages_send

DONE = [Task.Status.DONE, Task.Status.DONE_LATE]


ChaseSummary = StageSummary


def leader_users(task: Task):
    seats = {task.leader_id} if task.leader_id else set()
    if task.leader_group_id:
        seats |= set(task.leader_group.positions.values_list("pk", flat=True))
    return get_user_model().objects.filter(
        is_active=True, membership__role=Membership.Role.LEADER, membership__position_id__in=seats,
    )


def lead_users(task: Task) -> list:
    users = []
    for agency in task.lead_agencies.all():
        users += list(agency_users(agency.pk))
    return users


def chase_counts(tasks: Iterable[Task]) -> dict[int, int]:
    """How many times each task (or its framework plan) has been chased: reminders and escalations sent."""
    ids = [task.pk for task in tasks]
    rows = Chase.objects.filter(task_id__in=ids).values("task_id").annotate(n=Count("pk"))
    return {row["task_id"]: row["n"] for row in rows}


def latest_chase_id() -> int | None:
    """The newest chase: a page that shows how often tasks were chased keeps its content under it (accounts/keeping.py)."""
    return Chase.objects.order_by("-pk").values_list("pk", flat=True).first()


def _claim(*, task: Task, subject: str, due: date, kind: str, stage: str, recipients: int, at: datetime) -> bool:
    try:
        with transaction.atomic():
            Chase.objects.create(task=task, subject=subject, due=due, kind=kind, stage=stage, recipients=recipients,
                                 sent_at=at)
    except IntegrityError:
        return False
    return True


def _chase_one(*, task: Task, subject: str, due: date, today: date, now: datetime, url: str, what: str,
               summary: ChaseSummary, sent: list[Chase], rhythm: Rhythm) -> None:
    days_left = (due - today).days
    values = {"what": Text(what), "What": Text(what, capitalized=True), "task": f"{task.key}. {task.title[:200]}",
              "due": due.strftime("%d/%m/%Y"), "left": days_left, "late": -days_left}

    def send(kind: str, stage: str, users: list, subject_text: str, body: str) -> int | None:
        if not _claim(task=task, subject=subject, due=due, kind=kind, stage=stage, recipients=len(users), at=now):
            return None
        return len(notify(users=users, kind=Notification.Kind.CHASE, subject=subject_text, body=body, url=url, at=now))

    stages_send(rhythm=rhythm, messages=_messages(task), sent=sent, days_left=days_left, today=today, now=now,
                values=values, send=send, summary=summary)


def _messages(task: Task) -> dict[str, Message]:
    """Who is told at each kind of stage, and what: the lead agencies, then the leader of the task's seat (or the
    planning department when the seat has no account)."""
    def lead():
        return lead_users(task)

    return {
        BEFORE: Message(lead, gettext_noop("Nhắc hạn: %(what)s %(task)s, hạn %(due)s"),
                        gettext_noop("%(What)s %(task)s đến hạn ngày %(due)s (còn %(left)s ngày).")),
        AFTER: Message(lead, gettext_noop("Quá hạn: %(what)s %(task)s (hạn %(due)s)"),
                       gettext_noop("%(What)s %(task)s đã quá hạn %(late)s ngày (hạn %(due)s). Đề nghị hoàn thành và "
                                    "báo cáo ngay.")),
        ESCALATION: Message(lambda: list(leader_users(task)) or list(planning_users()),
                            gettext_noop("Chậm: %(what)s %(task)s"),
                            gettext_noop("%(What)s %(task)s đã quá hạn %(late)s ngày (hạn %(due)s) và đã được "
                                         "nhắc %(n)s lần. Đề nghị đồng chí chỉ đạo đơn vị chủ trì.")),
    }


def chase_send(*, now: datetime | None = None) -> ChaseSummary:
    """Remind and escalate for tasks of tracked plans and for framework plans not yet sent on. Idempotent."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    window = today - timedelta(days=int(settings.PLANWATCH_CHASE_WINDOW_DAYS))
    horizon = today + timedelta(days=max([int(d) for d in settings.PLANWATCH_REMINDER_DAYS_BEFORE] or [0]))
    summary = ChaseSummary()
    rhythm = Rhythm.from_settings()
    sent: dict[tuple[int, str, date], list[Chase]] = {}
    for chase in Chase.objects.filter(due__gte=window):
        sent.setdefault((chase.task_id, chase.subject, chase.due), []).append(chase)

    dues = (
        TaskDueDate.objects.filter(due__gte=window, due__lte=horizon, task__document__is_tracked=True)
        .exclude(task__status__in=DONE)
        .select_related("task__leader_group").prefetch_related("task__lead_agencies")
        .order_by("due", "task__document_id", "task__order")
    )
    for due in dues:
        task = due.task
        _chase_one(task=task, subject=Chase.Subject.TASK, due=due.due, today=today, now=now,
                   url=reverse("task", args=[task.pk]), what=gettext_noop("nhiệm vụ"), summary=summary,
                   sent=sent.get((task.pk, Chase.Subject.TASK, due.due), []), rhythm=rhythm)

    plans = (
        FrameworkPlan.objects.filter(due__gte=window, due__lte=horizon)
        .exclude(status__in=[FrameworkPlan.Status.SUBMITTED, FrameworkPlan.Status.APPROVED])
        .select_related("task__leader_group").prefetch_related("task__lead_agencies")
    )
    for plan in plans:
        task = plan.task
        _chase_one(task=task, subject=Chase.Subject.FRAMEWORK_PLAN, due=plan.due, today=today, now=now,
                   url=reverse("frameworks:plan", args=[task.pk]), what=gettext_noop("kế hoạch khung của nhiệm vụ"),
                   summary=summary,
                   sent=sent.get((task.pk, Chase.Subject.FRAMEWORK_PLAN, plan.due), []), rhythm=rhythm)
    return summary


@receiver(plan_moved, dispatch_uid="planwatch-framework-plan-notices")
def framework_plan_notices(sender, *, plan: FrameworkPlan, to: str, actor, reason: str = "", **kwargs) -> None:
    """Tell who acts next on a framework plan: the head, the vice-chairman's office, or the agency."""
    task = plan.task
    url = reverse("frameworks:plan", args=[task.pk])
    values = {"task": f"{task.key}. {task.title[:200]}", "reason": reason}
    Status = FrameworkPlan.Status
    heads = [user for user in lead_users(task) if user.membership.role == Membership.Role.HEAD]
    if to == Status.AWAITING_HEAD:
        users, subject, body = heads, gettext_noop("Kế hoạch khung chờ duyệt: %(task)s"), gettext_noop(
            "Cán bộ đã gửi kế hoạch khung của nhiệm vụ %(task)s; đề nghị đồng chí duyệt và gửi lãnh đạo UBND.")
    elif to == Status.SUBMITTED:
        users = list(leader_users(task)) + list(planning_users())
        subject, body = gettext_noop("Kế hoạch khung gửi lãnh đạo UBND: %(task)s"), gettext_noop(
            "Đơn vị chủ trì đã gửi kế hoạch khung của nhiệm vụ %(task)s để phê duyệt.")
    elif to == Status.RETURNED:
        users, subject, body = lead_users(task), gettext_noop("Kế hoạch khung bị trả lại: %(task)s"), gettext_noop(
            "Kế hoạch khung của nhiệm vụ %(task)s bị trả lại. Lý do: %(reason)s")
    elif to == Status.APPROVED:
        users, subject, body = lead_users(task), gettext_noop("Kế hoạch khung được phê duyệt: %(task)s"), gettext_noop(
            "Kế hoạch khung của nhiệm vụ %(task)s đã được phê duyệt; lịch đã phê duyệt là mốc theo dõi tiến độ.")
    else:
        return
    users = [user for user in users if user.pk != getattr(actor, "pk", None)]
    if users:
        notify(users=users, kind=Notification.Kind.FRAMEWORK, subject=Text(subject, values), body=Text(body, values),
               url=url)
