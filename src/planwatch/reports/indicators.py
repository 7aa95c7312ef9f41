"""The indicator appendix, in the layout of appendix 01b of the 2024 plan, for any plan and any period.

Columns for a report of year Y (or a part of it) on a plan whose targets are for P = 2021-2025:

    TT | Chỉ tiêu | ĐVT | baseline (2016-2020) | KH 2021-2025 | Thực hiện: 2021 .. Y-1, average or sum so far |
    [the reporting period itself, when it is a quarter, a half or nine months] | KH Y |
    Cần đạt để hoàn thành KH: NV as the document prints it, and as planwatch computes it | Đánh giá |
    Đơn vị chủ trì | Lãnh đạo chỉ đạo

Values come from the register: the document's own table and the values accepted from reporting rounds (a value
a document repeats in a narrative part is left out). For one period and kind the latest recorded value wins, so an
official actual replaces an estimate of the same kind only when it is recorded later.
The engine (docs/engine.md) computes, as of year Y, the average or sum so far where the document printed none,
what the remaining years must reach, and the status.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from django.db.models import Prefetch
from django.utils.translation import gettext as _

from planwatch import engine
from planwatch.accounts.access import scope_of, visible_indicators
from planwatch.engine.kinds import GROWTH_AVERAGE, LOWER_BETTER, BAND, SUM_OVER_PERIOD
from planwatch.engine.periods import YEAR
from planwatch.engine.numbers import as_written
from planwatch.registry.explanations import reason_text
from planwatch.registry.computing import DocumentComputation, plan_computation, plan_period_of, with_latest_judgement
from planwatch.registry.models import Document, Indicator, IndicatorValue, Judgement, Tenure
from planwatch.reports.layout import FILLS, GROUP_FILL, HEADER_FILL, Cell, Column, Row, Table
from planwatch.reports.numbers import number_cell, quantity_cell, vn_text, written_places
from planwatch.reports.periods import period_label

ACHIEVED = ("actual", "estimate")


@dataclass
class Spec:
    key: str
    label: str
    width: float
    group: str = ""  # a label spanning this column and its neighbours of the same group (first header row)
    align: str = "center"


@dataclass
class IndicatorReport:
    """What the appendix is built from; kept for tests and for the scorecards."""

    table: Table
    indicators: list[Indicator]
    computed: dict[int, engine.Computed] = field(default_factory=dict)
    group_status: dict[int, str] = field(default_factory=dict)
    plan: engine.Period | None = None
    computation: DocumentComputation | None = None  # what the table was computed from (the disagreements read it)


def _indicators(user, document: Document) -> list[Indicator]:
    return list(
        with_latest_judgement(visible_indicators(user, document.indicators.all()))
        .select_related("leader")
        .prefetch_related(
            "lead_agencies", "targets",
            Prefetch("leader__tenures", queryset=Tenure.objects.order_by("start")),
            # The latest recorded first: for one period and kind it is the one shown and computed with.
            Prefetch(
                "values",
                queryset=IndicatorValue.objects.filter(part="").select_related("source_document")
                .order_by("-recorded_at", "-id"),
            ),
        )
        .order_by("order")
    )


def _restore_precision(obj) -> None:
    """The register pads numbers to six decimals; the engine reads the printed precision from the decimals."""
    for name in ("low", "high"):
        number = getattr(obj, name)
        if number is not None:
            setattr(obj, name, as_written(number, obj.text))


def _latest_values(indicator: Indicator) -> dict[tuple[str, str], IndicatorValue]:
    chosen: dict[tuple[str, str], IndicatorValue] = {}
    for value in indicator.values.all():
        chosen.setdefault((value.period, value.kind), value)
    return chosen


def _plan_period(indicators: list[Indicator], document: Document, year: int) -> engine.Period:
    spans = Counter(plan_period_of(i, document) for i in indicators if i.targets.all())
    spans.pop(None, None)
    code = spans.most_common(1)[0][0] if spans else (document.period or str(year))
    try:
        return engine.plan_period(code)
    except engine.PeriodError:
        return engine.Period.year(year)


def _period_of(code: str) -> engine.Period | None:
    try:
        return engine.parse_period(code)
    except engine.PeriodError:
        return None


def leader_text(owner, on: date, then: date | None) -> str:
    """The leader as the document wrote it, and who holds the seat on `on` when the text does not say: after a
    change of hands `PCT Hà Minh Hải (nay: PCT Nguyễn Văn A)`, for a seat named without a person
    `Chủ tịch UBND Thành phố (Trần Sỹ Thanh)`."""
    text = owner.leader_text
    if not owner.leader_id:
        return text
    holder = owner.leader.holder_on(on)
    if not holder or holder in text:
        return text
    short = owner.leader.short or owner.leader.title
    if not text:
        return f"{short} {holder}"
    before = owner.leader.holder_on(then) if then else ""
    if before and before in text:
        now = _("nay: %(leader)s") % {"leader": f"{short} {holder}"}
        return f"{text} ({now})"
    return f"{text} ({holder})"


def _places(indicator: Indicator, values: dict) -> int:
    """Decimals for a computed figure: as many as the printed values it comes from (at most 2)."""
    found = [
        written_places(v.text, v.low) for v in values.values()
        if v.low is not None and _period_of(v.period) is not None
    ]
    return min(max(found), 2) if found else 2


def _target_places(indicator: Indicator, plan: engine.Period, default: int) -> int:
    """For a level the figure to reach is the target itself: as many decimals as the target was written with."""
    if indicator.measure in (GROWTH_AVERAGE, SUM_OVER_PERIOD):
        return default
    for target in indicator.targets.all():
        if target.horizon in (plan.code, str(plan.end_year)):
            numbers = [n for n in (target.low, target.high) if n is not None]
            if numbers:
                return max(written_places(target.text, n) for n in numbers)
    return default


def required_cell(computed: engine.Computed | None, plan: engine.Period, places: int, measure: str) -> Cell:
    """What the remaining years must reach, by the engine: the binding bound (`≥ 13,07`) as a number cell."""
    if computed is None:
        return Cell()
    required = computed.required
    low, high = required.low, required.high
    if low is None and high is None:
        return Cell()
    suffix = ""
    if required.period is not None and required.period.code != str(plan.end_year):
        span = required.period.code
        suffix = f"/năm ({span})" if measure == GROWTH_AVERAGE else f" ({span})"
    if low is not None and high is not None and low == high:
        return number_cell(low, places, suffix=suffix, italic=True)
    direction = computed.direction
    if direction == BAND and low is not None and high is not None:
        return Cell(text=f"{vn_text(low, places)}-{vn_text(high, places)}{suffix}", italic=True, align="right")
    if direction == LOWER_BETTER and high is not None:
        return number_cell(high, places, prefix="≤ ", suffix=suffix, italic=True)
    if low is not None:
        return number_cell(low, places, prefix="≥ ", suffix=suffix, italic=True)
    return number_cell(high, places, prefix="≤ ", suffix=suffix, italic=True)


def status_label(status: str) -> str:
    """The words for a status code, from the one vocabulary the pages use too (registry's Judgement.Status)."""
    return str(Judgement.Status(status).label) if status in Judgement.Status.values else status


def status_cell(status: str | None, reason: str = "", *, expected_early: bool = False) -> Cell:
    if expected_early and status == "achieved_early":
        return Cell(text=_("Dự kiến đạt sớm"), fill=FILLS.get(status), align="center", comment=reason)
    if not status:
        return Cell()
    return Cell(text=status_label(status), fill=FILLS.get(status), align="center", comment=reason)


def indicator_report(*, user, document: Document, period: engine.Period, on: date) -> IndicatorReport:
    year = period.start_year
    indicators = _indicators(user, document)
    for indicator in indicators:
        for obj in [*indicator.targets.all(), *indicator.values.all()]:
            _restore_precision(obj)
    plan = _plan_period(indicators, document, year)
    # Kept apart from the pages' results: computed from the rows read here (every source's values), which can
    # warn differently. An export of a 200-row plan spent most of its time computing; the next export of the same
    # plan, period and scope reads it back until the plan changes.
    computation = plan_computation(document, indicators, as_of_year=year, kind="report-results",
                                   load=lambda: indicators)
    values = {i.pk: _latest_values(i) for i in indicators}
    layout = _column_layout(indicators, values, document=document, period=period, plan=plan)
    keys = [s.key for s in layout.specs]

    rows: list[Row] = []
    year_kinds: dict[str, set] = defaultdict(set)
    previous_group = None
    estimate_in_period = False
    for indicator in indicators:
        if indicator.group and indicator.group != previous_group and indicator.depth == 0:
            heading = f"{indicator.group}. {indicator.group_title}".rstrip(". ")
            cells: list[Cell | None] = [Cell(text=heading, bold=True, fill=GROUP_FILL, colspan=len(keys))]
            rows.append(Row(cells + [None] * (len(keys) - 1), kind="group"))
            previous_group = indicator.group
        cell, in_period = _indicator_cells(
            indicator, values[indicator.pk], layout, computation, year_kinds, document=document, on=on,
        )
        estimate_in_period |= in_period
        rows.append(Row(_spanned(cell, keys), key=indicator.key))

    _merge_down(rows, [keys.index("lead"), keys.index("leader")], indicators)

    # Header ----------------------------------------------------------------------------------------------------
    for spec in layout.specs:
        kinds = year_kinds.get(spec.key)
        if spec.key.startswith("year:"):
            y = spec.key.split(":")[1]
            spec.label = f"TH {y}" if kinds in (None, set(), {"actual"}) else (
                f"ƯTH {y}" if kinds == {"estimate"} else f"TH/ƯTH {y}")
    header = _header(layout.specs)

    table = Table(
        sheet_name=_("Chỉ tiêu"),
        title=_("Phụ lục: Chỉ tiêu kinh tế - xã hội — kết quả thực hiện %(period)s") % {
            "period": period_label(period).lower() if period.kind != YEAR else _("năm %(year)s") % {"year": year}},
        subtitle=_("Kỳ báo cáo %(period)s; số liệu đến ngày %(date)s") % {
            "period": period.code, "date": on.strftime("%d/%m/%Y")},
        columns=[Column(s.key, s.width, s.align) for s in layout.specs],
        header=header,
        rows=rows,
        notes=_notes(user, indicators, computation.by_indicator, year=year, estimate_in_period=estimate_in_period),
    )
    return IndicatorReport(table, indicators, computation.by_indicator, computation.group_status, plan, computation)


@dataclass
class ColumnLayout:
    """The appendix's columns for a period: which baselines, targets, years and required values it shows."""

    specs: list[Spec]
    year: int
    plan: engine.Period
    period: engine.Period
    baselines: set
    horizons: set
    required_periods: set
    past_years: list[int]
    so_far: engine.Period | None
    own: bool  # a column for the period's own actual or estimate


def _column_layout(indicators, values, *, document: Document, period: engine.Period, plan: engine.Period) -> ColumnLayout:
    year = period.start_year
    baselines, horizons, required_periods = set(), set(), set()
    for indicator in indicators:
        for (code, kind) in values[indicator.pk]:
            p = _period_of(code)
            if p is None:
                continue
            if kind == "actual" and p.end_year < plan.start_year and p.whole_years:
                baselines.add(p)
            if kind == "required" and p.whole_years and p.end_year >= year:
                required_periods.add(p)
        for target in indicator.targets.all():
            p = _period_of(target.horizon)
            if p is not None:
                horizons.add(p)
    past_years = [y for y in plan.years if y < year]
    so_far = engine.Period.span(plan.start_year, year - 1) if len(past_years) > 1 else None
    done_group = _("Thực hiện")
    need_group = _("Cần đạt để hoàn thành KH %(plan)s") % {"plan": plan.code}
    specs = [Spec("tt", "TT", 6), Spec("name", _("Chỉ tiêu"), 38, align="left"), Spec("unit", _("Đơn vị tính"), 9)]
    specs += [Spec(f"base:{p.code}", p.code, 9) for p in sorted(baselines)]
    for p in sorted(horizons, key=lambda p: (p != plan, p)):
        label = f"KH {p.code}" if p.kind != YEAR else _("Mục tiêu %(year)s") % {"year": p.code}
        specs.append(Spec(f"target:{p.code}", label, 10))
    specs += [Spec(f"year:{y}", str(y), 8, group=done_group) for y in past_years]
    if so_far:
        specs.append(Spec("sofar", so_far.code, 9, group=done_group))
    # The period's own actual or estimate: always for part of a year; for a year, once some value is in (an
    # estimate of the year reported in December, the official actual later).
    own = period.kind != YEAR or any(
        (period.code, kind) in v for v in values.values() for kind in ACHIEVED
    )
    if own:
        label = period_label(period)
        specs.append(Spec("period", _("TH kỳ báo cáo %(period)s") % {"period": label[:1].lower() + label[1:]}, 10))
    if year in plan.years or any(("plan" == k and c == str(year)) for v in values.values() for (c, k) in v):
        specs.append(Spec("plan", f"KH {year}", 10))
    for p in sorted(required_periods):
        specs.append(Spec(f"required:{p.code}", _("NV %(period)s (văn bản)") % {"period": p.code}, 11,
                          group=need_group))
    specs.append(Spec("computed", _("planwatch tính"), 11, group=need_group))
    specs += [
        Spec("status", _("Đánh giá"), 12),
        Spec("lead", _("Đơn vị chủ trì"), 12, align="left"),
        Spec("leader", _("Lãnh đạo UBND TP chỉ đạo") if "Thành phố" in document.issuer else _("Lãnh đạo chỉ đạo"),
             14, align="left"),
    ]
    return ColumnLayout(specs, year, plan, period, baselines, horizons, required_periods, past_years, so_far, own)


def _indicator_cells(
    indicator: Indicator, v: dict, layout: ColumnLayout, computation: DocumentComputation,
    year_kinds: dict[str, set], *, document: Document, on: date,
) -> tuple[dict[str, Cell], bool]:
    """One indicator's cells by column key, and whether its period column holds an estimate. Notes in
    `year_kinds` which kinds of value each year column shows (its label says TH, ƯTH or both)."""
    computed, group_status = computation.by_indicator, computation.group_status
    plan, year, so_far = layout.plan, layout.year, layout.so_far
    c = computed.get(indicator.pk)
    top = indicator.depth == 0
    places = _places(indicator, v)
    estimate_in_period = False
    cell: dict[str, Cell] = {
        "tt": Cell(text=indicator.code, align="center", bold=top),
        "name": Cell(text=indicator.name, indent=indicator.depth, bold=top),
        "unit": Cell(text=indicator.unit, align="center"),
    }
    for p in layout.baselines:
        cell[f"base:{p.code}"] = quantity_cell(v.get((p.code, "actual")))
    targets = {t.horizon: t for t in indicator.targets.all()}
    for p in layout.horizons:
        cell[f"target:{p.code}"] = quantity_cell(targets.get(p.code))
    for y in layout.past_years:
        found = v.get((str(y), "actual")) or v.get((str(y), "estimate"))
        if found is not None:
            year_kinds[f"year:{y}"].add(found.kind)
        cell[f"year:{y}"] = quantity_cell(found)
    if so_far:
        printed = v.get((so_far.code, "actual"))
        if printed is not None:
            cell["sofar"] = quantity_cell(printed)
        elif (
            c is not None and c.so_far.value is not None and c.so_far.through == so_far
            and indicator.measure in (GROWTH_AVERAGE, SUM_OVER_PERIOD)
        ):
            cell["sofar"] = number_cell(c.so_far.value, places, italic=True)
    if layout.own:
        found = v.get((layout.period.code, "actual")) or v.get((layout.period.code, "estimate"))
        cell["period"] = quantity_cell(found, italic=found is not None and found.kind == "estimate")
        estimate_in_period = found is not None and found.kind == "estimate"
    cell["plan"] = quantity_cell(v.get((str(year), "plan")))
    for p in layout.required_periods:
        cell[f"required:{p.code}"] = quantity_cell(v.get((p.code, "required")))
    cell["computed"] = required_cell(
        c if indicator.targets.all() else None, plan, _target_places(indicator, plan, places), indicator.measure,
    )
    status = group_status.get(indicator.pk) if indicator.pk in group_status else (
        c.status if c is not None and indicator.targets.all() else None
    )
    own_reason = reason_text(c) if c is not None and indicator.targets.all() and status == c.status else ""
    expected = (indicator.pk in computation.expected_early if indicator.pk in group_status
                else c is not None and c.expected_early)
    cell["status"] = status_cell(status, own_reason, expected_early=expected)
    lead = indicator.lead_text or ", ".join(a.short_name or a.name for a in indicator.lead_agencies.all())
    cell["lead"] = Cell(text=lead)
    cell["leader"] = Cell(text=leader_text(indicator, on, document.effective_date))
    if not indicator.targets.all() and not v:
        # A heading row (`7 Chỉ tiêu về văn hóa`): its name spans the unit and value columns, as in the source.
        keys = [s.key for s in layout.specs]
        cell["name"].colspan = keys.index("computed") - keys.index("name") + 1
    return cell, estimate_in_period


def _spanned(cell: dict[str, Cell], keys: list[str]) -> list[Cell | None]:
    """The cells in column order, None where a cell to the left spans over."""
    row_cells: list[Cell | None] = []
    skip = 0
    for key in keys:
        if skip:
            row_cells.append(None)
            skip -= 1
            continue
        current = cell.get(key, Cell())
        row_cells.append(current)
        skip = current.colspan - 1
    return row_cells


def _notes(user, indicators, computed, *, year: int, estimate_in_period: bool) -> list[str]:
    notes = [
        _("Số in nghiêng do planwatch tính theo quy tắc ở docs/engine.md, tính đến năm %(year)s: bình quân "
          "(tốc độ tăng) hoặc tổng (chỉ tiêu cộng dồn) các năm đã qua khi văn bản không ghi, và mức các năm còn lại "
          "cần đạt để hoàn thành kế hoạch (cận thận trọng của kế hoạch năm %(year)s).") % {"year": year},
        _("“NV (văn bản)” là số văn bản ghi; “planwatch tính” tính lại từ số liệu hiện có. Hai số khác nhau khi số "
          "liệu đã được cập nhật sau khi ban hành văn bản hoặc văn bản làm tròn khác."),
    ]
    if estimate_in_period:
        notes.append(_("Số in nghiêng ở cột kỳ báo cáo là số ước thực hiện (ƯTH)."))
    for indicator in indicators:
        found = computed.get(indicator.pk)
        for warning in (found.warnings if found else ()):
            if warning.code == engine.PRINTED_MISMATCH:
                notes.append(_("Chỉ tiêu %(key)s, số in khác quy tắc tính: %(message)s") % {
                    "key": indicator.key, "message": reason_text(warning, "message")})
    if not scope_of(user).everything:
        notes.append(_("Chỉ gồm các chỉ tiêu thuộc phạm vi của người xuất báo cáo."))
    return notes


def _header(specs: list[Spec]) -> list[list[Cell | None]]:
    """Two header rows: a group label spans its columns, every other label spans both rows."""
    if not any(s.group for s in specs):
        return [[Cell(text=s.label, bold=True, align="center", fill=HEADER_FILL) for s in specs]]
    first: list[Cell | None] = []
    second: list[Cell | None] = []
    index = 0
    while index < len(specs):
        spec = specs[index]
        if spec.group:
            width = 1
            while index + width < len(specs) and specs[index + width].group == spec.group:
                width += 1
            first.append(Cell(text=spec.group, bold=True, align="center", fill=HEADER_FILL, colspan=width))
            first.extend([None] * (width - 1))
            for member in specs[index:index + width]:
                second.append(Cell(text=member.label, bold=True, align="center", fill=HEADER_FILL))
            index += width
        else:
            first.append(Cell(text=spec.label, bold=True, align="center", fill=HEADER_FILL, rowspan=2))
            second.append(None)
            index += 1
    return [first, second]


def _merge_down(rows: list[Row], columns: list[int], indicators: list[Indicator]) -> None:
    """Merge equal lead and leader cells of consecutive rows of one numbered indicator, as the source does."""
    top_of = {}
    by_pk = {i.pk: i for i in indicators}
    by_key = {i.key: i for i in indicators}
    for indicator in indicators:
        top = indicator
        while top.parent_id and top.parent_id in by_pk:
            top = by_pk[top.parent_id]
        top_of[indicator.key] = top.key
    for column in columns:
        start = None
        for index, row in enumerate(rows + [Row([], kind="end")]):
            cell = row.cells[column] if row.kind == "data" and column < len(row.cells) else None
            if start is not None:
                anchor = rows[start].cells[column]
                same = (
                    cell is not None and anchor is not None and cell.text and cell.text == anchor.text
                    and top_of.get(row.key) == top_of.get(rows[start].key)
                    and row.key in by_key
                )
                if same:
                    anchor.rowspan += 1
                    row.cells[column] = None
                    continue
            start = index if cell is not None and cell.text else None
