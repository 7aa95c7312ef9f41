"""Writing rounds and reports. Every write is a service: keyword-only arguments, one transaction, an audit trail.

One module per concern:

- common.py: who acts, when, the report row locked, the action log;
- notifications.py: who is told, and the notifications themselves;
- rounds.py: who reports what, opening a round with its pre-filled reports, its deadline, closing it;
- content.py: a report's content as text, and the cleaning of what an agency sends;
- saving.py: saving that content and its evidence files from the version it was read at; remarks;
- transitions.py: the workflow's guarded moves, and what accepting writes into the register (registry.services);
- reminders.py: reminders before and after the deadline, and escalation;
- stages.py: the rhythm of chasing, one loop for reports and for tasks (reporting/chase.py);
- recurring.py: rounds for the due dates of recurring tasks.

The refusals are reporting/errors.py's. Everything is importable from here, as it was from one module.
"""

from planwatch.reporting.errors import (
    ReportingError,
    ReportValidationError,
    RoundExists,
    StaleReport,
    TransitionError,
)
from planwatch.reporting.services.common import DONE_STATUSES, SYSTEM
from planwatch.reporting.services.content import (
    INDICATOR_FIELDS,
    TASK_FIELDS,
    TEXT_LIMIT,
    CleanIndicator,
    CleanTask,
    clean_indicator,
    clean_task,
    content_of,
    contents_of,
    indicator_content,
    report_validate,
    task_content,
)
from planwatch.reporting.services.notifications import (
    agency_users,
    notifications_mark_read,
    notify,
    planning_users,
    report_url,
)
from planwatch.reporting.services.recurring import recurring_rounds_open
from planwatch.reporting.services.reminders import ReminderSummary, _record_reminder, reminders_send
from planwatch.reporting.services.rounds import (
    Assignments,
    round_assignments,
    round_close,
    round_deadline_change,
    round_open,
)
from planwatch.reporting.services.saving import SaveResult, report_comment, report_save
from planwatch.reporting.services.transitions import (
    TRANSITIONS,
    Transition,
    TransitionResult,
    provenance_note,
    report_transition,
    transitions_for,
)

__all__ = [
    "DONE_STATUSES", "INDICATOR_FIELDS", "SYSTEM", "TASK_FIELDS", "TEXT_LIMIT", "TRANSITIONS",
    "Assignments", "CleanIndicator", "CleanTask", "ReminderSummary", "ReportValidationError", "ReportingError",
    "RoundExists", "SaveResult", "StaleReport", "Transition", "TransitionError", "TransitionResult",
    "_record_reminder", "agency_users", "clean_indicator", "clean_task", "content_of", "contents_of",
    "indicator_content", "notifications_mark_read", "notify", "planning_users", "provenance_note",
    "recurring_rounds_open", "reminders_send", "report_comment", "report_save", "report_transition", "report_url",
    "report_validate", "round_assignments", "round_close", "round_deadline_change", "round_open", "task_content",
    "transitions_for",
]
