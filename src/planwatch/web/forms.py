from django import forms
from django.utils.translation import gettext_lazy as _

from planwatch.registry.forms import TaskFilterForm  # noqa: F401  the register's, used by web and reports alike
from planwatch.registry.models import Judgement


class JudgementForm(forms.Form):
    status = forms.ChoiceField(label=_("Đánh giá của cán bộ"), choices=Judgement.Status.choices)
    reason = forms.CharField(label=_("Lý do"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ImportForm(forms.Form):
    """A document to import: a file (text, Word, Excel, PDF, a saved web page, a scan) or text pasted from one."""

    MAX_BYTES = 20 * 1024 * 1024
    ALLOWED = (
        ".txt", ".text", ".csv", ".tsv", ".md", ".docx", ".xlsx", ".doc", ".xls", ".pdf", ".html", ".htm",
        ".png", ".jpg", ".jpeg", ".tif", ".tiff",
    )

    file = forms.FileField(label=_("Tệp văn bản (TXT, DOCX, XLSX, PDF, HTML hoặc ảnh chụp)"), required=False)
    text = forms.CharField(label=_("Hoặc dán nội dung văn bản"), required=False, widget=forms.Textarea(attrs={"rows": 10}))

    def clean(self):
        data = super().clean()
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if not upload and not text:
            raise forms.ValidationError(_("Hãy chọn một tệp hoặc dán nội dung văn bản."))
        if upload and text:
            raise forms.ValidationError(_("Chỉ chọn một trong hai: tệp hoặc nội dung dán vào."))
        if upload:
            if upload.size > self.MAX_BYTES:
                raise forms.ValidationError(
                    _("Tệp quá lớn (%(size)s MB); giới hạn là 20 MB.") % {"size": round(upload.size / 1024 / 1024, 1)})
            if not upload.name.lower().endswith(self.ALLOWED):
                raise forms.ValidationError(_(
                    "Chỉ nhận tệp văn bản (.txt, .md), Word (.docx, .doc), Excel (.xlsx, .xls), PDF, trang web đã "
                    "lưu (.html) hoặc ảnh chụp (.png, .jpg, .tif)."
                ))
        if len(text.encode()) > self.MAX_BYTES:
            raise forms.ValidationError(_("Nội dung dán vào quá dài; giới hạn là 20 MB."))
        return data

    def document_bytes(self) -> tuple[bytes, str]:
        upload = self.cleaned_data.get("file")
        if upload:
            return upload.read(), upload.name
        return self.cleaned_data["text"].encode("utf-8"), "van-ban-dan-vao.txt"
