from django import forms
from django.utils.translation import gettext_lazy as _

from planwatch.cascade.models import AdministrativeUnit, Contribution


class IndicatorChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        unit = f" ({obj.unit})" if obj.unit else ""
        return f"{obj.document} — {obj.name[:90]}{unit}"


class ContributionForm(forms.Form):
    """A lower plan's indicator contributing to the indicator of the page; the service validates the rest."""

    contributor = IndicatorChoice(label=_("Chỉ tiêu đóng góp (của kế hoạch cấp dưới)"), queryset=None)
    rule = forms.ChoiceField(label=_("Cách tổng hợp"), choices=Contribution.Rule.choices)
    unit = forms.ModelChoiceField(
        label=_("Đơn vị hành chính của chỉ tiêu đóng góp"), queryset=AdministrativeUnit.objects.none(), required=False,
    )
    weight = forms.DecimalField(
        label=_("Quy mô (dân số, số hộ...) cho bình quân gia quyền"), required=False, localize=True, min_value=0,
        max_digits=24, decimal_places=6,
    )
    base_indicator = IndicatorChoice(
        label=_("Hoặc chỉ tiêu quy mô (số liệu theo từng năm)"), queryset=None, required=False,
    )
    threshold = forms.DecimalField(
        label=_("Ngưỡng (cho tỷ lệ đơn vị đạt ngưỡng)"), required=False, localize=True, max_digits=24, decimal_places=6,
    )
    direction = forms.ChoiceField(label=_("Chiều đạt ngưỡng"), choices=Contribution.Direction.choices)

    def __init__(self, *args, candidates, bases, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contributor"].queryset = candidates
        self.fields["base_indicator"].queryset = bases
        self.fields["unit"].queryset = units
