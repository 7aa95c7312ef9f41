"""The register's forms: the task filter of the plan pages and of the task appendix (web and reports use it)."""

from datetime import timedelta

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from planwatch.registry.models import Agency, Position, Task
from planwatch.registry.selectors import TaskFilter

DATE_INPUT = ["%d/%m/%Y", "%Y-%m-%d"]


def _attributes(attrs: dict) -> str:
    """As Django's widgets/attrs.html writes them: a True attribute by its name alone, a False one not at all."""
    return "".join(
        f" {conditional_escape(name)}" if value is True
        else f' {conditional_escape(name)}="{conditional_escape(value)}"'
        for name, value in attrs.items() if value is not False
    )


class ListSelect(forms.Select):
    """A select written in code, the same markup as Django's templates write (select.html, select_option.html). The
    plan page's filter lists every agency and leader of the plan's tasks: the templates cost an include per option,
    a tenth of the page's time (issue 14)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{conditional_escape(widget["name"])}"{_attributes(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
            parts += [
                f'\n  <option value="{conditional_escape(option["value"])}"{_attributes(option["attrs"])}>'
                f'{conditional_escape(option["label"])}</option>\n'
                for option in options
            ]
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))


class _ChoicesOfOneQuery(ModelChoiceIterator):
    """A model's choices read by one plain query. Django reads them through a server-side cursor, three round trips
    on PostgreSQL, which pays for a list too long to hold; a filter's list is shown whole."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class ListedModelChoiceField(forms.ModelChoiceField):
    iterator = _ChoicesOfOneQuery
    widget = ListSelect


class TaskFilterForm(forms.Form):
    WINDOWS = [
        ("", _("Mọi thời hạn")),
        ("overdue", _("Đã quá hạn")),
        ("30", _("Trong 30 ngày tới")),
        ("90", _("Trong 90 ngày tới")),
    ]

    q = forms.CharField(label=_("Tìm"), required=False, max_length=200)
    agency = ListedModelChoiceField(label=_("Đơn vị chủ trì"), queryset=Agency.objects.none(), required=False)
    leader = ListedModelChoiceField(label=_("Lãnh đạo phụ trách"), queryset=Position.objects.none(), required=False)
    status = forms.ChoiceField(
        label=_("Tình trạng"), choices=[("", _("Mọi tình trạng")), *Task.Status.choices], required=False,
        widget=ListSelect,
    )
    window = forms.ChoiceField(label=_("Thời hạn"), choices=WINDOWS, required=False, widget=ListSelect)
    TRACKING = [
        ("", _("Mọi kết quả")),
        ("done_on_time", _("Hoàn thành đúng hạn")),
        ("done_late", _("Hoàn thành quá hạn")),
        ("in_time", _("Đang thực hiện, trong hạn")),
        ("overdue", _("Quá hạn chưa hoàn thành")),
    ]
    tracking = forms.ChoiceField(label=_("Theo dõi"), choices=TRACKING, required=False, widget=ListSelect)
    due_from = forms.DateField(label=_("Hạn từ ngày"), required=False, input_formats=DATE_INPUT)
    due_to = forms.DateField(label=_("đến ngày"), required=False, input_formats=DATE_INPUT)

    def __init__(self, *args, agencies=None, leaders=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies if agencies is not None else Agency.objects.all()
        self.fields["leader"].queryset = leaders if leaders is not None else Position.objects.all()
        for name in ("due_from", "due_to"):
            self.fields[name].widget.attrs["placeholder"] = "dd/mm/yyyy"

    def clean(self):
        data = super().clean()
        if data.get("due_from") and data.get("due_to") and data["due_from"] > data["due_to"]:
            raise forms.ValidationError(_("Ngày bắt đầu phải trước ngày kết thúc."))
        return data

    def to_filter(self) -> TaskFilter:
        if not self.is_valid():
            return TaskFilter()
        data = self.cleaned_data
        due_from, due_to = data.get("due_from"), data.get("due_to")
        today = timezone.localdate()
        window = data.get("window")
        if window == "overdue":
            due_from, due_to = None, today - timedelta(days=1)
        elif window in ("30", "90"):
            due_from, due_to = today, today + timedelta(days=int(window))
        return TaskFilter(
            agency=data["agency"].pk if data.get("agency") else None,
            leader=data["leader"].pk if data.get("leader") else None,
            status=data.get("status") or "",
            due_from=due_from,
            due_to=due_to,
            query=data.get("q") or "",
            overdue_only=window == "overdue",
            tracking=data.get("tracking") or "",
        )

    @property
    def active(self) -> bool:
        return self.is_bound and any(self.data.get(name) for name in self.fields)
