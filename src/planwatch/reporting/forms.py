"""Forms of the reporting pages.

The report form has one group of fields per line (`i<id>-value`, `t<id>-status`, `t<id>-step-<step id>` for each
step of a task measured by its framework plan, ...); it turns the request into
the content the `report_save` service takes, and holds what the page shows again after a refusal: the person's
own input, the field errors, and after a stale save the newer values saved by someone else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from planwatch.httpinputs import bounded_int
from planwatch.registry.models import Document
from planwatch.reporting import steps as line_steps
from planwatch.reporting.models import IndicatorLine, Round, TaskLine
from planwatch.reporting.periods import PeriodError, parse_period, period_label, periods_to_open, suggested_period
from planwatch.reporting.services import StaleReport, indicator_content, task_content

DATE_INPUT = ["%d/%m/%Y", "%Y-%m-%d"]


class DocumentsField(forms.ModelMultipleChoiceField):
    """The plans to report on, by id: an id that is no id a database can hold is refused as an invalid choice
    before any query (PostgreSQL would answer `bigint out of range` with a 500)."""

    def _check_values(self, value):
        for pk in value:
            if bounded_int(str(pk)) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk})
        return super()._check_values(value)


class PeriodField(forms.ChoiceField):
    """A list of periods to pick from, that still takes the code of any period a round can be opened for
    (`2024-Q2`, `2019`, `2024-h2`): scripts and tests post codes. The cleaned value is the code as the engine
    writes it; anything else is refused with the Vietnamese message of `parse_period`."""

    def to_python(self, value) -> str:
        return str(value or "").strip()

    def validate(self, value) -> None:
        forms.Field.validate(self, value)  # only "required": the code is checked by parse_period, not the list

    def clean(self, value) -> str:
        value = super().clean(value)
        try:
            return parse_period(value).code
        except PeriodError as exc:
            raise forms.ValidationError(str(exc), code="invalid_period") from exc

    def bound_data(self, data, initial):
        # A code posted as `2024-q3` shows selected as the option `2024-Q3` when the page comes back with an error.
        try:
            return parse_period(data).code
        except PeriodError:
            return data


class RoundOpenForm(forms.Form):
    period = PeriodField(
        label=_("Kỳ báo cáo"),
        error_messages={"required": _("Chọn kỳ báo cáo.")},
        help_text=_("Chọn sẵn là kỳ có ngày kết thúc gần hôm nay nhất (quý I, 6 tháng, 9 tháng, cả năm) "
                    "chưa có đợt báo cáo."),
    )
    deadline = forms.DateField(label=_("Hạn nộp"), input_formats=DATE_INPUT, help_text=_("dd/mm/yyyy"))
    documents = DocumentsField(
        label=_("Kế hoạch"), queryset=Document.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Chọn ít nhất một kế hoạch để báo cáo.")},
    )

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        tracked = Document.objects.filter(is_tracked=True).order_by("-year", "-date")
        self.fields["documents"].queryset = tracked
        if not self.is_bound:
            self.initial.setdefault("documents", list(tracked))
        self.fields["deadline"].widget.attrs["placeholder"] = "dd/mm/yyyy"
        self._offer_periods(today or timezone.localdate())

    def _offer_periods(self, today) -> None:
        """The periods around today, by year, those with a round already marked; one preselected."""
        periods = periods_to_open(today)
        opened = set(
            Round.objects.filter(origin=Round.Origin.MANUAL, period__in=[p.code for p in periods])
            .values_list("period", flat=True)
        )
        by_year: dict[str, list[tuple[str, str]]] = {}
        for period in periods:
            label = period_label(period)
            if period.code in opened:
                label = _("%(period)s — đã có đợt báo cáo") % {"period": label}
            by_year.setdefault(str(period.start_year), []).append((period.code, label))
        choices = list(by_year.items())
        if self.is_bound:
            # A code posted that the list does not offer (an older year, the second half) stays shown on an error.
            try:
                posted = parse_period(self.data.get(self.add_prefix("period"))).code
            except PeriodError:
                posted = None
            if posted and not any(posted == code for _year, options in choices for code, _label in options):
                choices.append((_("Kỳ khác"), [(posted, period_label(parse_period(posted)))]))
        self.fields["period"].choices = choices
        self.initial.setdefault("period", suggested_period(today, opened=opened))


class DeadlineForm(forms.Form):
    deadline = forms.DateField(label=_("Hạn nộp mới"), input_formats=DATE_INPUT)
    reason = forms.CharField(label=_("Lý do"), max_length=300)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000, required=False)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ConfirmationCheckbox(forms.CheckboxInput):
    """Ticked only by what a ticked box sends (`on`) or an explicit yes: Django's own checkbox takes any other
    text, `0` and `no` included, as ticked."""

    TICKED = ("on", "true", "1", "yes")

    def value_from_datadict(self, data, files, name) -> bool:
        return str(data.get(name, "")).strip().lower() in self.TICKED


class AcceptForm(forms.Form):
    """The planning department's confirmation, on the page that shows what acceptance writes into the register.
    A request without the box ticked accepts nothing, with or without JavaScript."""

    confirm = forms.BooleanField(
        label=_("Tôi đã xem xét và chấp nhận báo cáo này"), widget=ConfirmationCheckbox,
        error_messages={"required": _(
            "Báo cáo chưa được chấp nhận: hãy xem lại nội dung sẽ ghi nhận và đánh dấu ô "
            "“Tôi đã xem xét và chấp nhận báo cáo này”.")},
    )
    # The version the summary showed: a report changed since (returned, corrected, resubmitted) is not accepted unseen.
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class ApprovalRequestForm(forms.Form):
    note = forms.CharField(label=_("Lời nhắn cho lãnh đạo đơn vị (không bắt buộc)"), required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Ý kiến"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class ReportFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm đơn vị"), required=False, max_length=200)
    state = forms.ChoiceField(label=_("Tình trạng"), required=False, choices=[
        ("", _("Mọi tình trạng")),
        ("on_time", _("Nộp đúng hạn")), ("late", _("Nộp muộn")), ("overdue", _("Quá hạn, chưa nộp")),
        ("in_progress", _("Đang soạn")), ("not_started", _("Chưa bắt đầu")), ("missing", _("Không nộp")),
        ("submitted", _("Chờ xem xét")), ("returned", _("Bị trả lại")), ("accepted", _("Đã chấp nhận")),
    ])


@dataclass
class LineForm:
    """One line's fields as the page shows them."""

    key: str
    line: object
    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    newer: dict[str, str] = field(default_factory=dict)  # saved by someone else since the person's version
    conflicts: set[str] = field(default_factory=set)  # changed by both: the person's input is kept, check it
    steps: list[line_steps.StepRow] = field(default_factory=list)  # a task measured by its framework plan's steps

    def name(self, field_name: str) -> str:
        return f"{self.key}-{field_name}"

    @property
    def derived_percent(self) -> int:
        """The task's percentage from its steps as they stand in the form (read-only on the page)."""
        return line_steps.percent_shown(self.line, [row.step for row in self.steps], self.values)


LINE_FIELD = re.compile(r"([it])([0-9]{1,19})-")


def posted_line_ids(data, files=None) -> tuple[set[int], set[int]]:
    """The indicator and task lines whose fields (or evidence files) a request carries, by id: a long report is
    saved a page at a time (issue 14), and a save reads and changes those lines only."""
    found: dict[str, set[int]] = {"i": set(), "t": set()}
    for name in [*data.keys(), *(files.keys() if files is not None else [])]:
        match = LINE_FIELD.match(name)
        line_id = bounded_int(match.group(2)) if match else None  # none past what a database key holds
        if line_id is not None:
            found[match.group(1)].add(line_id)
    return found["i"], found["t"]


@dataclass
class LineGroup:
    """Some of the report's lines as a page shows them (those to fill, those filled): indicators, tasks the agency
    leads, tasks it coordinates."""

    indicator_forms: list[LineForm]
    lead_forms: list[LineForm]
    coordinating_forms: list[LineForm]

    def __len__(self) -> int:
        return len(self.indicator_forms) + len(self.lead_forms) + len(self.coordinating_forms)


class ReportForm:
    def __init__(self, *, indicator_lines: list[IndicatorLine], task_lines: list[TaskLine], version: int,
                 data=None, files=None):
        self.version = version
        self.data = data
        self.lines: dict[str, LineForm] = {}
        # The lines whose fields the request carried: a long report is filled a page at a time (issue 14), and a
        # save changes the lines of the page it was made from, never those of the other pages.
        self.posted: set[str] = set()
        for line in indicator_lines:
            self.lines[f"i{line.pk}"] = LineForm(f"i{line.pk}", line, indicator_content(line))
        today = timezone.localdate()
        for line in task_lines:
            self.lines[f"t{line.pk}"] = LineForm(
                f"t{line.pk}", line, task_content(line), steps=line_steps.step_rows(line, today=today))
        self.non_field_errors: list[str] = []
        self.files: dict[str, list] = {}
        self.remove_evidence: list[int] = []
        if data is not None:
            for key, line_form in self.lines.items():
                # The line's own fields: those of its kind (services.INDICATOR_FIELDS, TASK_FIELDS) and a task's steps.
                for name in list(line_form.values):
                    if line_form.name(name) in data:
                        line_form.values[name] = data.get(line_form.name(name), "")
                        self.posted.add(key)
                if files is not None and key.startswith("t"):
                    uploads = [f for f in files.getlist(line_form.name("evidence")) if f]
                    if uploads:
                        self.files[key] = uploads
                        self.posted.add(key)
            for text in data.getlist("remove_evidence"):
                evidence_id = bounded_int(text)
                if evidence_id is not None:
                    self.remove_evidence.append(evidence_id)
            # A version that is no number (or past any real one) is stale: the save is refused as such.
            self.version = bounded_int(data.get("version")) or 0

    @property
    def indicator_forms(self) -> list[LineForm]:
        return [form for key, form in self.lines.items() if key.startswith("i")]

    @property
    def lead_forms(self) -> list[LineForm]:
        return [form for key, form in self.lines.items() if key.startswith("t") and form.line.role == TaskLine.Role.LEAD]

    @property
    def coordinating_forms(self) -> list[LineForm]:
        return [form for key, form in self.lines.items() if key.startswith("t") and form.line.role == TaskLine.Role.COORDINATING]

    def content(self) -> dict[str, dict[str, str]]:
        return {key: dict(form.values) for key, form in self.lines.items()}

    def posted_content(self) -> dict[str, dict[str, str]]:
        """The content of the lines the request carried: what a save from one page of the report may change."""
        return {key: dict(form.values) for key, form in self.lines.items() if key in self.posted}

    @property
    def flagged(self) -> set[str]:
        """Lines with an error or a conflict to look at: the page shows them among the lines to fill."""
        return {key for key, form in self.lines.items() if form.errors or form.conflicts}

    def group(self, keys: list[str]) -> LineGroup:
        """The lines of `keys`, in that order, by kind."""
        forms = [self.lines[key] for key in keys if key in self.lines]
        return LineGroup(
            [form for form in forms if form.key.startswith("i")],
            [form for form in forms if form.key.startswith("t") and form.line.role == TaskLine.Role.LEAD],
            [form for form in forms if form.key.startswith("t") and form.line.role == TaskLine.Role.COORDINATING],
        )

    def set_errors(self, errors: dict[tuple[str, str], str]) -> None:
        for (key, name), message in errors.items():
            if key in self.lines:
                self.lines[key].errors[name or "__all__"] = message
            else:
                self.non_field_errors.append(message)

    @property
    def has_errors(self) -> bool:
        return bool(self.non_field_errors or any(form.errors for form in self.lines.values()))

    def apply_stale(self, error: StaleReport) -> None:
        """After a refused stale save: fields the person did not touch take the newer values; fields only the
        person changed keep the input; fields both changed keep the input, marked, with the newer value beside."""
        for key, form in self.lines.items():
            base = error.base.get(key, {})
            current = error.current.get(key, {})
            for name, mine in list(form.values.items()):
                theirs = current.get(name, "")
                original = base.get(name, theirs)
                if theirs != original:
                    form.newer[name] = theirs
                    if mine == original:
                        form.values[name] = theirs
                    elif mine != theirs:
                        form.conflicts.add(name)
        self.version = error.report.version
        if self.files:
            self.non_field_errors.append(str(_("Tệp đính kèm chưa được lưu; hãy chọn lại tệp rồi lưu.")))
        self.files = {}


def today_input() -> str:
    return timezone.localdate().strftime("%d/%m/%Y")
