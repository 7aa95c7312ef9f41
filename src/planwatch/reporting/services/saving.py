"""What an agency writes on its report: its content and evidence files, from the version it was read at (a save
made from an older version is refused with the newer values, so two people editing one draft never lose each
other's work); and the remarks anyone who reads a report may leave on it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from planwatch.audit.services import record_change, record_changes, snapshot
from planwatch.registry.models import Indicator
from planwatch.reporting.access import can_edit_report
from planwatch.reporting.errors import ReportingError, StaleReport, TransitionError
from planwatch.reporting.evidence import check_evidence, clean_name
from planwatch.reporting.models import Action, Evidence, IndicatorLine, Report, Revision, TaskLine
from planwatch.reporting.services.common import at_or_now, is_user, lock_report, log_action, user_or_none
from planwatch.reporting.services.content import TEXT_LIMIT, CleanIndicator, content_of, report_validate
from planwatch.reporting.values import parse_value


@dataclass
class SaveResult:
    report: Report
    changed_lines: int = 0
    files: int = 0
    notices: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.changed_lines or self.files)


# The fields an agency writes on each kind of line; nothing else of a line changes when a report is saved.
INDICATOR_FIELDS = ("kind", "value_text", "op", "low", "high", "note", "source")
TASK_FIELDS = ("status", "percent", "done_text", "difficulties", "proposals", "contribution", "step_progress")


def _update_rows(model, rows: list, names: tuple[str, ...]) -> None:
    """`names` of each row written in one batch of the same UPDATE (executemany). Django's bulk_update writes one
    CASE per field across all the rows, and building it cost two thirds of a deadline-day save of 100 lines; the
    database is given the same rows either way, and neither sends signals."""
    connection = transaction.get_connection()
    quote = connection.ops.quote_name
    fields = [model._meta.get_field(name) for name in names]
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(model._meta.pk.column)} = %s"
    params = [[field.get_db_prep_save(getattr(row, field.attname), connection) for field in fields] + [row.pk]
              for row in rows]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _write_lines(changed: list[tuple], *, actor) -> None:
    """The changed lines in one batch per kind of line and their audit entries in one insert: a deadline-day
    save of 100 lines is a handful of statements, not two per line (issue 14)."""
    for model, names in ((IndicatorLine, INDICATOR_FIELDS), (TaskLine, TASK_FIELDS)):
        lines = [line for line, _before, _after in changed if isinstance(line, model)]
        if lines:
            _update_rows(model, lines, names)
    record_changes(changed, actor=actor, reason=_("Lưu báo cáo"))


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
    locked = lock_report(report.pk)  # first: see lock_report
    if is_user(actor) and not can_edit_report(actor, locked):
        raise PermissionDenied
    at = at_or_now(at)
    _editable_or_refuse(locked)
    if locked.version != version:
        base = Revision.objects.filter(report=locked, version=version).values_list("data", flat=True).first()
        raise StaleReport(report=locked, base=base or {}, current=content_of(locked))
    cleaned, indicator_lines, task_lines = report_validate(report=locked, content=content, files=files)
    result = SaveResult(report=locked)
    changed = []
    for key, clean in cleaned.items():
        line = indicator_lines.get(key) or task_lines[key]
        line.report = locked
        # The fields a save writes, not the line's every column: a save of a hundred lines compares them twice.
        names = INDICATOR_FIELDS if isinstance(clean, CleanIndicator) else TASK_FIELDS
        before = snapshot(line, fields=names)
        for name in names:
            setattr(line, name, getattr(clean, name))
        after = snapshot(line, fields=names)
        if after != before:
            changed.append((line, before, after))
        if isinstance(clean, CleanIndicator) and clean.value_text:
            notice = parse_value(clean.value_text, qualitative=line.indicator.measure == Indicator.Measure.QUALITATIVE).notice
            if notice:
                result.notices.append(f"{line.indicator.name}: {notice}")
    _write_lines(changed, actor=actor)
    result.changed_lines = len(changed)
    for evidence in Evidence.objects.filter(
        pk__in=list(remove_evidence), line__report=locked, removed_at__isnull=True,
    ).select_related("line__report__agency", "line__task"):
        before = snapshot(evidence)
        evidence.removed_at, evidence.removed_by = at, user_or_none(actor)
        evidence.save(update_fields=["removed_at", "removed_by"])
        record_change(evidence, before=before, after=snapshot(evidence), actor=actor, reason=_("Gỡ minh chứng"))
        result.files += 1
    for key, uploads in (files or {}).items():
        for upload in uploads:
            evidence = Evidence(
                line=task_lines[key], name=clean_name(upload.name), size=upload.size,
                content_type=check_evidence(upload),
                uploaded_by=user_or_none(actor), uploaded_at=at,
            )
            evidence.file.save(upload.name, upload, save=False)
            evidence.save()
            record_change(evidence, before=None, after=snapshot(evidence), actor=actor, reason=_("Tải lên minh chứng"))
            result.files += 1
    if not result.changed:
        return result
    before = snapshot(locked)
    locked.version += 1
    locked.last_saved_at, locked.last_saved_by = at, user_or_none(actor)
    locked.save(update_fields=["version", "last_saved_at", "last_saved_by"])
    record_change(locked, before=before, after=snapshot(locked), actor=actor, reason=_("Lưu báo cáo"))
    Revision.objects.create(report=locked, version=locked.version, data=content_of(locked), saved_by=user_or_none(actor), saved_at=at)
    parts = []
    if result.changed_lines:
        parts.append(_("%(n)s dòng") % {"n": result.changed_lines})
    if result.files:
        parts.append(_("%(n)s tệp minh chứng thêm, bớt") % {"n": result.files})
    log_action(round=locked.round, report=locked, kind=Action.Kind.SAVE, actor=actor, at=at, comment=", ".join(parts),
               from_status=locked.status, to_status=locked.status)
    return result


@transaction.atomic
def report_comment(*, report: Report, actor, text: str, at: datetime | None = None) -> Action:
    """A remark on a report: leaders (read and comment), the planning department, the agency."""
    text = (text or "").strip()
    if not text:
        raise ReportingError(_("Ý kiến không được để trống."))
    if len(text) > TEXT_LIMIT:
        raise ReportingError(_("Ý kiến dài quá %(n)s ký tự.") % {"n": TEXT_LIMIT})
    return log_action(round=report.round, report=report, kind=Action.Kind.COMMENT, actor=actor, at=at_or_now(at),
                      comment=text, from_status=report.status, to_status=report.status)
