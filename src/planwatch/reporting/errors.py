"""The refusals of the reporting workflow: one base (`ReportingError`), its message for the person who asked.

Its own module, below the services and the evidence checks that raise them, so that either can import them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from planwatch.reporting.models import Report


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
