"""The form of the task-tracking report: which documents, as of which date."""

from django import forms
from django.utils.translation import gettext_lazy as _

from planwatch.registry.forms import DATE_INPUT


class TrackingForm(forms.Form):
    document = forms.ModelChoiceField(
        label=_("Văn bản"), queryset=None, required=False, to_field_name="slug",
        empty_label=_("Mọi văn bản đang theo dõi"),
    )
    on = forms.DateField(label=_("Tính đến ngày"), required=False, input_formats=DATE_INPUT,
                         widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}))

    def __init__(self, *args, documents, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = documents
