from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from planwatch.registry.models import Agency, Judgement, Position, Task
from planwatch.registry.selectors import TaskFilter

DATE_INPUT = ["%d/%m/%Y", "%Y-%m-%d"]


class TaskFilterForm(forms.Form):
    WINDOWS = [
        ("", _("Mọi thời hạn")),
        ("overdue", _("Đã quá hạn")),
        ("30", _("Trong 30 ngày tới")),
        ("90", _("Trong 90 ngày tới")),
    ]

    q = forms.CharField(label=_("Tìm"), required=False, max_length=200)
    agency = forms.ModelChoiceField(label=_("Đơn vị chủ trì"), queryset=Agency.objects.none(), required=False)
    leader = forms.ModelChoiceField(label=_("Lãnh đạo phụ trách"), queryset=Position.objects.none(), required=False)
    status = forms.ChoiceField(label=_("Tình trạng"), choices=[("", _("Mọi tình trạng")), *Task.Status.choices], required=False)
    window = forms.ChoiceField(label=_("Thời hạn"), choices=WINDOWS, required=False)
    TRACKING = [
        ("", _("Mọi kết quả")),
        ("done_on_time", _("Hoàn thành đúng hạn")),
        ("done_late", _("Hoàn thành quá hạn")),
        ("in_time", _("Đang thực hiện, trong hạn")),
        ("overdue", _("Quá hạn chưa hoàn thành")),
    ]
    tracking = forms.ChoiceField(label=_("Theo dõi"), choices=TRACKING, required=False)
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
