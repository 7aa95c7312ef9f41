"""Forms of the framework-plan page: they clean fields; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from planwatch.frameworks.models import Step, StepLink
from planwatch.registry.models import Agency

DATE_INPUT = ["%d/%m/%Y", "%Y-%m-%d"]


class StepForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    title = forms.CharField(label=_("Bước thực hiện"), max_length=500)
    start = forms.DateField(label=_("Bắt đầu"), input_formats=DATE_INPUT, required=False, help_text=_("dd/mm/yyyy"))
    end = forms.DateField(label=_("Kết thúc"), input_formats=DATE_INPUT, required=False, help_text=_("dd/mm/yyyy"))
    duration = forms.IntegerField(label=_("Số ngày"), min_value=1, max_value=3660, required=False)
    milestone = forms.BooleanField(label=_("Mốc"), required=False)
    lead = forms.ModelChoiceField(label=_("Đơn vị chủ trì"), queryset=Agency.objects.order_by("name"), required=False)
    coordinating = forms.ModelMultipleChoiceField(
        label=_("Đơn vị phối hợp"), queryset=Agency.objects.order_by("name"), required=False,
    )
    product = forms.CharField(label=_("Sản phẩm"), max_length=500, required=False)
    budget = forms.DecimalField(label=_("Kinh phí (đồng)"), min_value=0, max_digits=18, decimal_places=0,
                                required=False, localize=True)
    people = forms.IntegerField(label=_("Nhân lực (người)"), min_value=0, max_value=100000, required=False)

    def clean(self):
        data = super().clean()
        # A duration alone is enough (the step follows its links, or starts with the plan); the scheduler
        # refuses the rest with its own message.
        given = sum(data.get(name) is not None for name in ("start", "end", "duration"))
        if not data.get("milestone") and given == 0 and not self.errors:
            raise forms.ValidationError(_("Cần ngày bắt đầu, ngày kết thúc hoặc số ngày."))
        if data.get("milestone") and not (data.get("start") or data.get("end")):
            raise forms.ValidationError(_("Mốc cần một ngày."))
        return data

    @classmethod
    def for_step(cls, step: Step, version: int) -> StepForm:
        return cls(initial={
            "version": version, "title": step.title, "start": step.start, "end": step.end, "duration": step.duration,
            "milestone": step.milestone, "lead": step.lead_id, "coordinating": list(step.coordinating.all()),
            "product": step.product, "budget": step.budget, "people": step.people,
        }, prefix=f"s{step.pk}")


class LinkForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    before = forms.ModelChoiceField(label=_("Bước trước"), queryset=Step.objects.none())
    after = forms.ModelChoiceField(label=_("Bước sau"), queryset=Step.objects.none())
    kind = forms.ChoiceField(label=_("Quan hệ"), choices=StepLink.Kind.choices, initial=StepLink.Kind.FINISH_TO_START)
    lag = forms.IntegerField(label=_("Độ trễ (ngày)"), initial=0, min_value=-365, max_value=365)

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        steps = Step.objects.filter(plan=plan) if plan is not None else Step.objects.none()
        self.fields["before"].queryset = steps
        self.fields["after"].queryset = steps

    def clean(self):
        data = super().clean()
        if data.get("before") and data.get("before") == data.get("after"):
            raise forms.ValidationError(_("Một bước không thể đứng sau chính nó."))
        return data


class ProgressForm(forms.Form):
    progress = forms.IntegerField(label=_("Tiến độ (%)"), min_value=0, max_value=100)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Lý do"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class VersionForm(forms.Form):
    version = forms.IntegerField(min_value=1)


class UploadForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    file = forms.FileField(label=_("Tệp kế hoạch khung (.xlsx theo mẫu)"))

    MAX_BYTES = 5 * 1024 * 1024

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 5 MB)."))
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Cần tệp .xlsx theo mẫu tải về từ trang này."))
        return upload


class RescheduleForm(forms.Form):
    version = forms.IntegerField(min_value=1)
    start = forms.DateField(input_formats=DATE_INPUT)
    end = forms.DateField(input_formats=DATE_INPUT)
