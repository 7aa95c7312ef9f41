"""The plan register: agencies, leaders, documents, indicators, values and tasks.

Field names follow docs/format.md, so that the register, the importer and `planwatch show`
speak about the same things with the same words.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from planwatch import textnorm

DECIMAL = {"max_digits": 24, "decimal_places": 6, "null": True, "blank": True}


class SearchKeyMixin(models.Model):
    """A folded copy of the searchable text: SQLite folds neither case beyond ASCII nor diacritics."""

    search_key = models.TextField(editable=False, blank=True, default="")

    class Meta:
        abstract = True

    def search_text(self) -> str:
        raise NotImplementedError

    def save(self, *args, **kwargs):
        self.search_key = textnorm.fold(self.search_text())
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_key"}
        super().save(*args, **kwargs)


# Agencies ---------------------------------------------------------------------------------------


class Agency(SearchKeyMixin):
    class Kind(models.TextChoices):
        DEPARTMENT = "department", _("Sở, ban, ngành")
        DISTRICT = "district", _("UBND cấp huyện")
        COMMUNE = "commune", _("UBND cấp xã")
        CITY_OFFICE = "city_office", _("Cơ quan của UBND Thành phố")
        PARTY_BODY = "party_body", _("Cơ quan Đảng")
        CENTRAL_BODY = "central_body", _("Cơ quan Trung ương")
        BANK = "bank", _("Ngân hàng")
        ENTERPRISE = "enterprise", _("Doanh nghiệp")
        PRESS = "press", _("Báo chí")
        PROJECT_BOARD = "project_board", _("Ban quản lý dự án")
        INSTITUTE = "institute", _("Viện, trung tâm")
        POLICE_MILITARY = "police_military", _("Công an, quân sự")
        ASSOCIATION = "association", _("Hội, đoàn thể")
        OTHER = "other", _("Khác")

    name = models.CharField(_("tên"), max_length=255, unique=True)
    short_name = models.CharField(_("tên ngắn"), max_length=120, blank=True)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self", verbose_name=_("cơ quan cấp trên"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="children",
    )

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def search_text(self) -> str:
        return f"{self.name} {self.short_name}"


class AgencyAlias(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="aliases")
    text = models.CharField(_("cách viết"), max_length=255)
    key = models.CharField(max_length=255, unique=True, editable=False)

    class Meta:
        verbose_name = _("tên gọi khác")
        verbose_name_plural = _("tên gọi khác")
        ordering = ["text"]

    def __str__(self) -> str:
        return self.text

    def save(self, *args, **kwargs):
        self.key = textnorm.key(self.text)
        super().save(*args, **kwargs)


class AgencyGroup(models.Model):
    """A name documents use for many agencies at once (`Các Sở, Ban, ngành`)."""

    name = models.CharField(_("tên nhóm"), max_length=255, unique=True)
    aliases = models.JSONField(_("cách viết khác"), default=list, blank=True)
    member_kinds = models.JSONField(_("gồm các loại"), default=list, blank=True)
    members = models.ManyToManyField(Agency, verbose_name=_("thành viên thêm"), blank=True, related_name="named_groups")
    is_open = models.BooleanField(
        _("nhóm mở"), default=False,
        help_text=_("Thành viên được xác định theo từng việc (ví dụ: các đơn vị liên quan)."),
    )

    class Meta:
        verbose_name = _("nhóm cơ quan")
        verbose_name_plural = _("nhóm cơ quan")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def member_agencies(self):
        return Agency.objects.filter(Q(kind__in=self.member_kinds) | Q(pk__in=self.members.all())).distinct()

    def contains(self, agency: Agency) -> bool:
        return agency.kind in self.member_kinds or self.members.filter(pk=agency.pk).exists()


# Leaders ----------------------------------------------------------------------------------------


class Position(models.Model):
    """A leadership seat; assignments name the seat, so they follow it when the person changes."""

    name = models.CharField(_("chức vụ"), max_length=200, unique=True)
    title = models.CharField(_("chức danh"), max_length=100)
    short = models.CharField(_("viết tắt"), max_length=20, blank=True)
    portfolio = models.CharField(_("lĩnh vực phụ trách"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("chức vụ lãnh đạo")
        verbose_name_plural = _("chức vụ lãnh đạo")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name

    def tenure_on(self, day: date | None) -> Tenure | None:
        """Who held the seat on that day (today when None); uses prefetched tenures when present."""
        day = day or date.today()
        tenures = sorted(self.tenures.all(), key=lambda t: t.start or date.min)
        for tenure in reversed(tenures):
            if (tenure.start is None or tenure.start <= day) and (tenure.end is None or day <= tenure.end):
                return tenure
        return None

    def holder_on(self, day: date | None = None) -> str:
        tenure = self.tenure_on(day)
        return tenure.person if tenure else ""


class Tenure(models.Model):
    position = models.ForeignKey(Position, verbose_name=_("chức vụ"), on_delete=models.CASCADE, related_name="tenures")
    person = models.CharField(_("người giữ chức vụ"), max_length=150)
    start = models.DateField(_("từ ngày"), null=True, blank=True)
    end = models.DateField(_("đến ngày"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("nhiệm kỳ")
        verbose_name_plural = _("nhiệm kỳ")
        ordering = ["position", "start"]

    def __str__(self) -> str:
        return f"{self.person} ({self.position})"


class LeaderGroup(models.Model):
    """A name for several seats at once (`Các PCT UBND Thành phố`)."""

    name = models.CharField(_("tên"), max_length=200, unique=True)
    aliases = models.JSONField(_("cách viết khác"), default=list, blank=True)
    positions = models.ManyToManyField(Position, verbose_name=_("các chức vụ"), related_name="groups")

    class Meta:
        verbose_name = _("nhóm lãnh đạo")
        verbose_name_plural = _("nhóm lãnh đạo")

    def __str__(self) -> str:
        return self.name


# Documents --------------------------------------------------------------------------------------


class DocumentQuerySet(models.QuerySet):
    def by_key(self, key: str | int) -> DocumentQuerySet:
        """The documents a person means by `key`: the id (`183-kh-ubnd`), the number as written (`183/KH-UBND`)
        or the database id."""
        text = str(key).strip()
        if not text:
            # An empty key would match every document without a number (`number__iexact=""`).
            return self.none()
        condition = Q(slug=text) | Q(number__iexact=text)
        # isdecimal and ascii: `²` passes isdigit; more than 18 digits overflows the database's integer.
        if text.isdecimal() and text.isascii() and len(text) <= 18:
            condition |= Q(pk=int(text))
        return self.filter(condition)


class Document(SearchKeyMixin):
    class Kind(models.TextChoices):
        RESOLUTION = "resolution", _("Nghị quyết")
        PROGRAMME = "programme", _("Chương trình")
        PLAN = "plan", _("Kế hoạch")
        DECISION = "decision", _("Quyết định")
        REPORT = "report", _("Báo cáo")
        LETTER = "letter", _("Công văn")
        CONCLUSION = "conclusion", _("Kết luận")
        DIRECTIVE = "directive", _("Chỉ thị")
        ARTICLE = "article", _("Bài báo")
        OTHER = "other", _("Khác")

    slug = models.SlugField(_("mã"), max_length=120, unique=True)
    number = models.CharField(_("số, ký hiệu"), max_length=100, blank=True)
    kind = models.CharField(_("loại văn bản"), max_length=20, choices=Kind.choices, default=Kind.PLAN)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=255, blank=True)
    date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    # Drafts give only the year (`ngày tháng năm 2024`).
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    signer = models.CharField(_("người ký"), max_length=150, blank=True)
    signer_title = models.CharField(_("chức danh người ký"), max_length=150, blank=True)
    title = models.TextField(_("trích yếu"))
    period_start = models.PositiveSmallIntegerField(_("giai đoạn từ năm"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("giai đoạn đến năm"), null=True, blank=True)
    implements = models.ManyToManyField(
        "self", verbose_name=_("triển khai văn bản"), symmetrical=False, blank=True, related_name="implemented_by",
    )
    is_tracked = models.BooleanField(
        _("theo dõi thực hiện"), default=False,
        help_text=_("Kế hoạch có chỉ tiêu, nhiệm vụ được theo dõi; các văn bản khác chỉ để tham chiếu."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn bản")
        verbose_name_plural = _("văn bản")
        ordering = ["-year", "-date", "number"]

    def __str__(self) -> str:
        # The enum's label, not get_kind_display(), which builds a dict of every choice per call (once a report line).
        kind = self.Kind(self.kind).label if self.kind in self.Kind.values else self.kind
        return f"{kind} {self.number}" if self.number else self.short_title

    def search_text(self) -> str:
        return f"{self.number} {self.title} {self.issuer}"

    @property
    def short_title(self) -> str:
        return self.title if len(self.title) <= 90 else self.title[:87].rstrip() + "…"

    @property
    def period(self) -> str:
        if self.period_start and self.period_end:
            return f"{self.period_start}-{self.period_end}"
        return ""

    @property
    def effective_date(self) -> date | None:
        """The date assignments are read at: the date, else the end of the year, else none."""
        if self.date:
            return self.date
        return date(self.year, 12, 31) if self.year else None


# Quantities -------------------------------------------------------------------------------------


class Op(models.TextChoices):
    EQ = "eq", "="
    RANGE = "range", _("khoảng từ… đến…")
    GE = "ge", "≥"
    GT = "gt", ">"
    LE = "le", "≤"
    LT = "lt", "<"
    ABOUT = "about", "~"
    QUALITATIVE = "qualitative", _("định tính")


class QuantityFields(models.Model):
    """The parsed form of a target or value (docs/format.md, "Quantities")."""

    text = models.CharField(_("như văn bản ghi"), max_length=500, blank=True)
    op = models.CharField(_("dạng"), max_length=12, choices=Op.choices, default=Op.EQ)
    low = models.DecimalField(_("cận dưới"), **DECIMAL)
    high = models.DecimalField(_("cận trên"), **DECIMAL)
    relative_direction = models.CharField(_("thay đổi"), max_length=10, blank=True)
    relative_base = models.CharField(_("so với kỳ"), max_length=20, blank=True)

    class Meta:
        abstract = True

    @property
    def value(self):
        if self.op in (Op.EQ, Op.ABOUT) and self.low is not None and self.low == self.high:
            return self.low
        return None


# Indicators -------------------------------------------------------------------------------------


class Indicator(SearchKeyMixin):
    class Measure(models.TextChoices):
        GROWTH_AVERAGE = "growth_average", _("Tăng trưởng bình quân giai đoạn")
        SUM_OVER_PERIOD = "sum_over_period", _("Tổng cả giai đoạn")
        LEVEL_AT_END = "level_at_end", _("Mức đạt cuối kỳ")
        SHARE = "share", _("Tỷ trọng")
        RATIO_PER_POPULATION = "ratio_per_population", _("Tỷ lệ trên dân số")
        COUNT = "count", _("Số lượng")
        QUALITATIVE = "qualitative", _("Định tính")

    class Direction(models.TextChoices):
        HIGHER_BETTER = "higher_better", _("Càng cao càng tốt")
        LOWER_BETTER = "lower_better", _("Càng thấp càng tốt")
        BAND = "band", _("Trong khoảng")

    document = models.ForeignKey(Document, verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="indicators")
    key = models.CharField(_("khóa"), max_length=40)
    code = models.CharField(_("số thứ tự"), max_length=20, blank=True)
    group = models.CharField(_("nhóm"), max_length=10, blank=True)
    group_title = models.CharField(_("tên nhóm"), max_length=300, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("chỉ tiêu cha"), null=True, blank=True, on_delete=models.CASCADE, related_name="children",
    )
    depth = models.PositiveSmallIntegerField(default=0)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    name = models.TextField(_("tên chỉ tiêu"))
    unit = models.CharField(_("đơn vị tính"), max_length=100, blank=True)
    measure = models.CharField(_("loại chỉ tiêu"), max_length=24, choices=Measure.choices, default=Measure.LEVEL_AT_END)
    direction = models.CharField(_("chiều tốt"), max_length=16, choices=Direction.choices, default=Direction.HIGHER_BETTER)
    lead_text = models.CharField(_("đơn vị chủ trì (như văn bản ghi)"), max_length=500, blank=True)
    lead_agencies = models.ManyToManyField(Agency, verbose_name=_("đơn vị chủ trì"), blank=True, related_name="led_indicators")
    lead_groups = models.ManyToManyField(AgencyGroup, verbose_name=_("nhóm chủ trì"), blank=True, related_name="led_indicators")
    leader = models.ForeignKey(
        Position, verbose_name=_("lãnh đạo chỉ đạo"), null=True, blank=True, on_delete=models.SET_NULL, related_name="indicators",
    )
    leader_text = models.CharField(_("lãnh đạo (như văn bản ghi)"), max_length=200, blank=True)
    assessment = models.CharField(_("đánh giá của văn bản"), max_length=12, blank=True)
    # The document's own judgement where it states one (a Đánh giá cell, appendix 01a's prose): the words as written
    # and the status they mean on the engine's scale, "" when they state none (registry/judgements.py).
    document_judgement = models.TextField(_("văn bản tự đánh giá (như văn bản ghi)"), blank=True)
    document_judgement_status = models.CharField(_("văn bản tự đánh giá (theo thang của planwatch)"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["document", "order"]
        constraints = [models.UniqueConstraint(fields=["document", "key"], name="indicator_key_unique_in_document")]

    def __str__(self) -> str:
        label = f"{self.code} " if self.code and self.code not in "-+" else ""
        return f"{label}{self.name}"

    def search_text(self) -> str:
        return f"{self.name} {self.unit} {self.lead_text}"


class Target(QuantityFields):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    horizon = models.CharField(_("mốc"), max_length=20)

    class Meta:
        verbose_name = _("mục tiêu")
        verbose_name_plural = _("mục tiêu")
        ordering = ["indicator", "horizon"]
        constraints = [models.UniqueConstraint(fields=["indicator", "horizon"], name="one_target_per_horizon")]

    def __str__(self) -> str:
        return f"{self.horizon}: {self.text}"


class IndicatorValue(QuantityFields):
    class Kind(models.TextChoices):
        PLAN = "plan", _("Kế hoạch (KH)")
        ESTIMATE = "estimate", _("Ước thực hiện (ƯTH)")
        ACTUAL = "actual", _("Thực hiện (TH)")
        REQUIRED = "required", _("Nhiệm vụ cần đạt (NV)")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period = models.CharField(_("kỳ"), max_length=20, db_index=True)
    kind = models.CharField(_("loại số liệu"), max_length=10, choices=Kind.choices)
    source_document = models.ForeignKey(
        Document, verbose_name=_("nguồn"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
    )
    # A document can state the same figure twice (a narrative appendix and a table): `part` tells them apart.
    part = models.CharField(_("phần của văn bản"), max_length=100, blank=True)
    source_note = models.CharField(_("ghi chú nguồn"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("thời điểm nhập"), auto_now_add=True)

    class Meta:
        verbose_name = _("số liệu chỉ tiêu")
        verbose_name_plural = _("số liệu chỉ tiêu")
        ordering = ["indicator", "period", "kind"]
        constraints = [
            # An estimate and the later actual are separate rows; one row per source for each.
            models.UniqueConstraint(
                fields=["indicator", "period", "kind", "source_document", "part"],
                name="one_value_per_period_kind_source",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period}: {self.text}"


class Judgement(models.Model):
    """The planners' own judgement of an indicator, kept beside the engine's; the latest one stands."""

    class Status(models.TextChoices):
        ACHIEVED_EARLY = "achieved_early", _("Đã đạt sớm")
        ON_TRACK = "on_track", _("Dự kiến hoàn thành")
        DIFFICULT = "difficult", _("Khó khăn")
        VERY_CHALLENGING = "very_challenging", _("Rất thách thức")
        UNKNOWN = "unknown", _("Chưa đánh giá")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="judgements")
    status = models.CharField(_("đánh giá"), max_length=20, choices=Status.choices)
    reason = models.TextField(_("lý do"))
    judged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người đánh giá"), null=True, on_delete=models.SET_NULL, related_name="+",
    )
    judged_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)

    class Meta:
        verbose_name = _("đánh giá của cán bộ")
        verbose_name_plural = _("đánh giá của cán bộ")
        ordering = ["indicator", "-judged_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_status_display()}: {self.reason[:60]}"


# Tasks ------------------------------------------------------------------------------------------


class Task(SearchKeyMixin):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Chưa triển khai")
        ON_SCHEDULE = "on_schedule", _("Đúng tiến độ")
        BEHIND = "behind", _("Chậm tiến độ")
        DONE = "done", _("Hoàn thành")
        DONE_LATE = "done_late", _("Hoàn thành muộn")

    class DeadlineKind(models.TextChoices):
        DATE = "date", _("Một thời hạn")
        DATES = "dates", _("Nhiều thời hạn")
        RECURRING = "recurring", _("Định kỳ")
        DONE = "done", _("Đã thực hiện")
        EXTERNAL = "external", _("Theo quy định bên ngoài")
        ONGOING = "ongoing", _("Thường xuyên")
        UNKNOWN = "unknown", _("Chưa xác định")

    document = models.ForeignKey(Document, verbose_name=_("văn bản"), on_delete=models.CASCADE, related_name="tasks")
    key = models.CharField(_("khóa"), max_length=40)
    code = models.CharField(_("số thứ tự"), max_length=20, blank=True)
    section = models.CharField(_("mục"), max_length=10, blank=True)
    section_title = models.CharField(_("tên mục"), max_length=300, blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    title = models.TextField(_("nhiệm vụ"))
    lead_text = models.CharField(_("chủ trì (như văn bản ghi)"), max_length=500, blank=True)
    lead_agencies = models.ManyToManyField(Agency, verbose_name=_("cơ quan chủ trì"), blank=True, related_name="led_tasks")
    lead_groups = models.ManyToManyField(AgencyGroup, verbose_name=_("nhóm chủ trì"), blank=True, related_name="led_tasks")
    coordinating_text = models.TextField(_("phối hợp (như văn bản ghi)"), blank=True)
    coordinating_agencies = models.ManyToManyField(
        Agency, verbose_name=_("cơ quan phối hợp"), blank=True, related_name="coordinated_tasks",
    )
    coordinating_groups = models.ManyToManyField(
        AgencyGroup, verbose_name=_("nhóm phối hợp"), blank=True, related_name="coordinated_tasks",
    )
    leader = models.ForeignKey(
        Position, verbose_name=_("lãnh đạo phụ trách"), null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks",
    )
    leader_group = models.ForeignKey(
        LeaderGroup, verbose_name=_("nhóm lãnh đạo"), null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks",
    )
    leader_text = models.CharField(_("lãnh đạo (như văn bản ghi)"), max_length=200, blank=True)
    product = models.CharField(_("sản phẩm"), max_length=200, blank=True)
    deadline_text = models.CharField(_("thời hạn (như văn bản ghi)"), max_length=200, blank=True)
    deadline_kind = models.CharField(_("loại thời hạn"), max_length=10, choices=DeadlineKind.choices, default=DeadlineKind.UNKNOWN)
    recurrence = models.JSONField(_("lặp lại"), null=True, blank=True)
    # When the task's framework plan is due, as a plan's appendix may state it apart from the task's own deadline
    # (plan 183, appendix 2: "Thời hạn hoàn thành kế hoạch khung").
    framework_deadline_text = models.CharField(_("hạn kế hoạch khung (như văn bản ghi)"), max_length=200, blank=True)
    framework_deadline_kind = models.CharField(
        _("loại hạn kế hoạch khung"), max_length=10, choices=DeadlineKind.choices, blank=True,
    )
    framework_due = models.DateField(_("hạn gửi kế hoạch khung"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    split_from_task = models.CharField(_("tách từ nhiệm vụ số"), max_length=20, blank=True)
    split_from_document = models.CharField(_("tách từ văn bản"), max_length=100, blank=True)
    split_from_text = models.TextField(_("ghi chú tách"), blank=True)
    status = models.CharField(_("tình trạng"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["document", "order"]
        constraints = [models.UniqueConstraint(fields=["document", "key"], name="task_key_unique_in_document")]

    def __str__(self) -> str:
        title = self.title if len(self.title) <= 80 else self.title[:77].rstrip() + "…"
        return f"{self.key}. {title}"

    def search_text(self) -> str:
        return f"{self.title} {self.lead_text} {self.coordinating_text} {self.leader_text} {self.product} {self.note}"


class TaskDueDate(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="due_dates")
    due = models.DateField(_("hạn"), db_index=True)

    class Meta:
        verbose_name = _("hạn hoàn thành")
        verbose_name_plural = _("hạn hoàn thành")
        ordering = ["task", "due"]
        constraints = [models.UniqueConstraint(fields=["task", "due"], name="task_due_date_unique")]

    def __str__(self) -> str:
        return f"{self.due:%d/%m/%Y}"


class TaskReference(models.Model):
    """A document a task row cites (`Kế hoạch số 63/KH-UBND ngày 15/3/2021`)."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="references")
    number = models.CharField(_("số, ký hiệu"), max_length=100, blank=True)
    date = models.DateField(_("ngày"), null=True, blank=True)
    text = models.CharField(_("như văn bản ghi"), max_length=500, blank=True)
    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="cited_by")

    class Meta:
        verbose_name = _("văn bản dẫn chiếu")
        verbose_name_plural = _("văn bản dẫn chiếu")
        ordering = ["task", "id"]

    def __str__(self) -> str:
        return self.text or self.number


def import_source_path(instance: ImportDraft, filename: str) -> str:
    """Where a draft's original document is kept: a random name (never the uploaded one), its extension kept."""
    import os
    import uuid

    from django.utils import timezone

    extension = os.path.splitext(filename)[1].lower()[:10]
    return f"nhap-van-ban/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


class ImportDraft(models.Model):
    """A document read by the importer and waiting for review; nothing reaches the register before it is saved."""

    class Status(models.TextChoices):
        REVIEW = "review", _("Đang rà soát")
        SAVED = "saved", _("Đã lưu")
        DISCARDED = "discarded", _("Đã hủy")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nhập"), on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(_("thời điểm"), auto_now_add=True)
    filename = models.CharField(_("tệp"), max_length=255, blank=True)
    source_lines = models.JSONField(_("nội dung gốc"), default=list)
    data = models.JSONField(_("kết quả đọc"))
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.REVIEW)
    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    result = models.JSONField(_("kết quả lưu"), default=dict, blank=True)
    # The document as uploaded or pasted (at most 20 MB, the importer's limit), so that the planner can have it read
    # again with the meaning they give a table's columns, and see the page images of a scanned PDF. A file in the
    # media storage rather than a BinaryField: the draft row stays small (the review page loads it on every view
    # and would otherwise carry up to 20 MB each time), the storage is the one evidence files already use, and
    # rendering a PDF page wants a file anyway. Empty for drafts made before it was kept.
    source_file = models.FileField(_("văn bản gốc"), upload_to=import_source_path, max_length=300, blank=True)

    class Meta:
        verbose_name = _("bản nhập văn bản")
        verbose_name_plural = _("bản nhập văn bản")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.filename or f"#{self.pk}"



# The revision tokens kept results hang on live beside the register's tables (registry/results.py).
from planwatch.registry.revisions import DocumentRevision, RegisterRevision  # noqa: E402, F401
