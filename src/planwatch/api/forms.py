from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Tên khoá (để nhận ra, ví dụ: máy chủ tổng hợp)"), max_length=100)
    expires = forms.DateField(
        label=_("Hết hạn sau ngày (không bắt buộc)"), required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"), input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )

    def clean_expires(self):
        day = self.cleaned_data.get("expires")
        if day is None:
            return None
        if day < timezone.localdate():
            raise forms.ValidationError(_("Ngày hết hạn đã qua."))
        # Valid through the whole of that day, in Hanoi time.
        return timezone.make_aware(datetime.combine(day, time.max))
