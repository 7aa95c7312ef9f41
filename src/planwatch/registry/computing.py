"""The register's indicators through the computation engine: models in, engine types, results out.

The engine is pure Python (planwatch.engine); this module is the only place that translates.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache

from django.apps import apps
from django.db.models import OuterRef, Prefetch, Q, Subquery, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import get_language, gettext_noop

from planwatch import engine
from planwatch.engine import progress as engine_progress
from planwatch.engine.explain import Phrase, phrase
from planwatch.engine.numbers import as_written
from planwatch.registry import hooks
from planwatch.registry.models import Document, Indicator, IndicatorValue, Judgement, Op, QuantityFields
from planwatch.registry.results import (
    KeptResults,
    ResultsSummary,
    document_tokens,
    keep_results,
    keep_summaries,
    kept_results,
    kept_results_of,
    kept_summaries_of,
)
from planwatch.registry.rows import target_rows

STATUS_ORDER = [engine.ACHIEVED_EARLY, engine.ON_TRACK, engine.DIFFICULT, engine.VERY_CHALLENGING, engine.UNKNOWN]


def quantity_of(obj: QuantityFields) -> engine.Quantity:
    relative = (
        engine.Relative(obj.relative_direction, obj.relative_base) if obj.relative_direction else None
    )
    low = as_written(obj.low, obj.text) if obj.low is not None else None
    if obj.high is None:
        high = None
    elif obj.high == obj.low:  # most quantities are one number, stored as both bounds: read once
        high = low
    else:
        high = as_written(obj.high, obj.text)
    return engine.Quantity(obj.op, low, high, obj.text, relative)


def _source_label(value: IndicatorValue, language: str | None) -> str:
    document = value.source_document if value.source_document_id else None
    if document is None:
        return _label_of_source(None, "", "", value.source_note, value.part, language)
    return _label_of_source(document.kind, document.number, document.title, value.source_note, value.part, language)


# A plan's values mostly come from one or two documents: naming the document for each value (its kind's label in
# the active language) cost more than the engine's arithmetic on it (issue 14). The label depends only on these
# arguments, so it is computed once for each.
@lru_cache(maxsize=4096)
def _label_of_source(kind: str | None, number: str, title: str, note: str, part: str, language: str | None) -> str:
    parts = [str(Document(kind=kind, number=number, title=title)) if kind is not None else note or "nhập trực tiếp"]
    if part:
        parts.append(part)
    return ", ".join(parts)


def series_of(indicator: Indicator) -> engine.IndicatorSeries:
    """The indicator with every value it holds, from any source (uses prefetched targets and values)."""
    targets, values = [], []
    language = get_language()
    for target in indicator.targets.all():
        try:
            targets.append(engine.Target(target.horizon, quantity_of(target)))
        except engine.PeriodError:
            continue
    for value in indicator.values.all():
        try:
            values.append(engine.Observation(
                value.period, value.kind, quantity_of(value), _source_label(value, language),
            ))
        except engine.PeriodError:
            continue
    # The values of record other documents hold for the same indicator, in its unit, for periods it has none of
    # its own (planwatch.series, docs/series.md): each with `value` as stored and `quantity` as read here.
    for borrowed in getattr(indicator, "series_values", ()):
        try:
            values.append(engine.Observation(
                borrowed.value.period, borrowed.value.kind, borrowed.quantity, _source_label(borrowed.value, language),
            ))
        except engine.PeriodError:
            continue
    return engine.IndicatorSeries(
        key=indicator.key, name=indicator.name, unit=indicator.unit or None, measure=indicator.measure,
        direction=indicator.direction if indicator.direction != Indicator.Direction.HIGHER_BETTER else None,
        targets=tuple(targets), values=tuple(values),
    )


def plan_period_of(indicator: Indicator, document: Document) -> str | None:
    """The span the targets are for: a target's span (`2021-2025`), else the document's period."""
    for target in indicator.targets.all():
        if "-" in target.horizon:
            return target.horizon
    for child in getattr(indicator, "_children", ()):
        period = plan_period_of(child, document)
        if period:
            return period
    return document.period or None


@dataclass
class DocumentComputation:
    """Every indicator's computed figures, group statuses and cross-source warnings of one document."""

    document: Document
    indicators: list[Indicator] = field(default_factory=list)
    by_indicator: dict[int, engine.Computed] = field(default_factory=dict)
    group_status: dict[int, str] = field(default_factory=dict)  # top-level indicator id -> combined status
    # Top-level indicators achieved early only by plan values (every early row of the group judged from a plan).
    expected_early: set[int] = field(default_factory=set)
    warnings: list[engine.ConsistencyWarning] = field(default_factory=list)

    def summary(self) -> list[tuple[str, int]]:
        counts = Counter(self.group_status.values())
        return [(status, counts.get(status, 0)) for status in STATUS_ORDER]

    def row_status(self, indicator: Indicator) -> tuple[str, bool]:
        """The status a row shows and whether it is achieved early only by a plan value: a row heading a group
        shows the group's (the worst of its rows), a sub-row with a target of its own its own, any other none."""
        if indicator.pk in self.group_status:
            return self.group_status[indicator.pk], indicator.pk in self.expected_early
        computed = self.by_indicator.get(indicator.pk)
        if computed is not None and target_rows(indicator):
            return computed.status, computed.expected_early
        return "", False

    def warnings_for(self, indicator: Indicator) -> list[engine.ConsistencyWarning]:
        own = list(self.by_indicator[indicator.pk].warnings) if indicator.pk in self.by_indicator else []
        return own + [w for w in self.warnings if w.key == indicator.key or indicator.key in w.figures.get("indicators", [])]


def structure_warnings(parent: Indicator, parts: list[Indicator]) -> list[engine.ConsistencyWarning]:
    """The shares of a structure row must add up to 100 in every period (and target) that all of them state."""
    if not parts or any(part.measure != Indicator.Measure.SHARE for part in parts):
        return []
    found = []
    slots: dict[tuple[str, str], list] = {}
    for part in parts:
        for target in part.targets.all():
            slots.setdefault((target.horizon, "target"), []).append((part.key, quantity_of(target)))
        for value in part.values.all():
            if not value.part and value.kind in ("actual", "estimate", "plan"):
                slots.setdefault((value.period, value.kind), []).append((part.key, quantity_of(value)))
    for (period, _kind), quantities in sorted(slots.items()):
        if len(quantities) == len(parts):
            try:
                found += engine.check_parts(parent.name, period, quantities)
            except engine.PeriodError:
                continue
    # The message names the row; the key ties the warning to it.
    return [replace(warning, key=parent.key) for warning in found]


def _series_membership() -> tuple[str, ...]:
    """The indicator's membership of a series (planwatch.series), read in the indicators' own query."""
    return ("series_member",) if apps.is_installed("planwatch.series") else ()


def _with_what_computing_reads(queryset, *, values: bool = True):
    queryset = with_latest_judgement(queryset.select_related("parent", *_series_membership()).prefetch_related("targets"))
    return queryset.prefetch_related(_values_prefetch()) if values else queryset


def _values_prefetch() -> Prefetch:
    # In the order they were recorded, whatever plan the database picks: the engine's input, and so the kept
    # results, must not depend on which rows were read together (PostgreSQL returns them in any order).
    return Prefetch("values", queryset=IndicatorValue.objects.select_related("source_document").order_by("pk"))


def load_values(indicators: list[Indicator]) -> None:
    """Read the values of indicators read without them (`compute_documents(values=False)`): their own, in the
    order recorded, and what their series lend them; two or three queries for the lot."""
    prefetch_related_objects(indicators, _values_prefetch())
    _with_series_values(indicators)


def _with_series_values(indicators: list[Indicator]) -> None:
    """Give each indicator not yet given them the values its series holds in other documents (`series_values`):
    one query for the lot, whatever their number (two when their memberships were not read with them). The
    register stands without the series app: it fills the hook (registry/hooks.py)."""
    missing = [indicator for indicator in indicators if not hasattr(indicator, "series_values")]
    if missing:
        for attach in hooks.value_sources:
            attach(missing)


def indicators_for_computing(document: Document, queryset=None):
    queryset = document.indicators.all() if queryset is None else queryset
    return list(_with_what_computing_reads(queryset).order_by("order"))


PLAN_ORDER = ("-document__year", "-document__date", "document_id", "order")


def compute_documents(queryset, *, values: bool = True, only=None) -> list[DocumentComputation]:
    """`compute_document` for every document the indicators of `queryset` belong to, in a few queries whatever the
    number of documents; newest plan first, each with only the given indicators (a scope: see compute_document).
    The engine runs only for the documents whose results are not kept (registry/results.py), and values are read
    only for those, unless `values` asks them for every row (a page that shows them).

    `only(summaries, order)` names, of the documents whose results are kept (`summaries`: document id -> the
    ResultsSummary kept beside them, newest plan first; `order`: document id -> its rows' ids in document order),
    the rows the page needs as objects: the others are counted through the summaries (`summary`, `group_status`)
    and never read; `indicators` then holds those rows only. The full kept results (`by_indicator`, `warnings`)
    are read only for the documents some of whose rows are named: of the others, a computation holds the group
    statuses alone. A page over the whole register (the planning department's home) reads the rows it shows."""
    if only is not None:
        return _focused(queryset, values=values, only=only)[0]
    indicators = list(_with_what_computing_reads(queryset.select_related("document"), values=values).order_by(
        *PLAN_ORDER))
    by_document: dict[int, tuple[Document, list[Indicator]]] = {}
    for indicator in indicators:
        by_document.setdefault(indicator.document_id, (indicator.document, []))[1].append(indicator)
    tokens = document_tokens(by_document)
    kept = kept_results_of({
        pk: (tokens[pk], [row.pk for row in rows]) for pk, (_document, rows) in by_document.items()
    })
    unkept = [row for pk, (_document, rows) in by_document.items() if pk not in kept for row in rows]
    if values:
        _with_series_values(indicators)
    elif unkept:
        load_values(unkept)
    return [
        _with_kept(document, rows, kept[pk]) if pk in kept
        else _computed_and_kept(tokens[pk], document, rows, as_of_year=None)
        for pk, (document, rows) in by_document.items()
    ]


def compute_register(queryset, *, only, at_most: int, claim=None) -> tuple[list[DocumentComputation], dict]:
    """compute_documents(queryset, values=False, only=only) for a page over the whole register, which computes at
    most `at_most` of the plans whose results are not kept, those of them `claim(ids, tokens)` gives it (none being
    computed elsewhere); the others are left out of its computations and returned as theirs to compute later:
    document id -> its rows' ids (registry/warming.py)."""
    return _focused(queryset, values=False, only=only, at_most=at_most, claim=claim)


def compute_and_keep(rows_by_document: dict[int, list[int]]) -> None:
    """The given rows of each document computed and kept, as a page scoped to them would keep them."""
    rows = [pk for ids in rows_by_document.values() for pk in ids]
    _computed_plans(Indicator.objects.filter(pk__in=rows), list(rows_by_document),
                    document_tokens(rows_by_document), values=False)


def _focused(queryset, *, values: bool, only, at_most: int | None = None, claim=None):
    ids: dict[int, list[int]] = {}
    for pk, document_id in queryset.order_by(*PLAN_ORDER).values_list("pk", "document_id"):
        ids.setdefault(document_id, []).append(pk)
    tokens = document_tokens(ids)
    wanted = {pk: (tokens[pk], rows) for pk, rows in ids.items()}
    # Every plan's summary, small, in one round trip; a plan whose results are kept without one (kept before
    # summaries were, or its summary evicted alone) gives it from its results, and it is kept for the next reader.
    summaries = kept_summaries_of(wanted)
    kept = kept_results_of({pk: key for pk, key in wanted.items() if pk not in summaries})
    if kept:
        found = {pk: ResultsSummary.of(results) for pk, results in kept.items()}
        keep_summaries(found, wanted)
        summaries |= found
    missing = [pk for pk in ids if pk not in summaries]
    now = missing if at_most is None else missing[:at_most]
    now = claim(now, tokens) if claim is not None and now else now
    later = {pk: ids.pop(pk) for pk in missing if pk not in now}
    computed = _computed_plans(queryset, now, tokens, values=values)
    shown = only(summaries, ids) if summaries else set()
    rows: dict[int, list[Indicator]] = {}
    if shown:
        read = _with_what_computing_reads(Indicator.objects.filter(pk__in=shown).select_related("document"),
                                          values=values)
        for indicator in read.order_by(*PLAN_ORDER):
            rows.setdefault(indicator.document_id, []).append(indicator)
        if values:
            _with_series_values([row for found in rows.values() for row in found])
    # The full results only of the plans whose rows are shown; one whose results were evicted while its summary
    # stayed is computed as a plan with nothing kept.
    if any(pk not in kept for pk in rows):
        kept |= kept_results_of({pk: wanted[pk] for pk in rows if pk not in kept})
    computed |= _computed_plans(queryset, [pk for pk in rows if pk not in kept], tokens, values=values)
    documents = {pk: found[0].document for pk, found in rows.items()}
    named = [pk for pk in summaries if pk not in documents and pk not in computed]
    documents |= Document.objects.in_bulk(named) if named else {}
    return [
        computed[pk] if pk in computed
        else _with_kept(documents[pk], rows.get(pk, []), kept[pk]) if pk in kept
        else _with_summary(documents[pk], summaries[pk])
        for pk in ids if pk in computed or pk in summaries
    ], later


def _computed_plans(queryset, document_ids: list[int], tokens, *, values: bool) -> dict[int, DocumentComputation]:
    """The documents' rows among `queryset`, read with everything computing reads, computed and kept."""
    if not document_ids:
        return {}
    fresh: dict[int, list[Indicator]] = {}
    read = _with_what_computing_reads(queryset.filter(document_id__in=document_ids).select_related("document"),
                                      values=values)
    for indicator in read.order_by(*PLAN_ORDER):
        fresh.setdefault(indicator.document_id, []).append(indicator)
    found = [row for rows in fresh.values() for row in rows]
    if values:
        _with_series_values(found)
    else:
        load_values(found)
    return {pk: _computed_and_kept(tokens[pk], rows[0].document, rows, as_of_year=None) for pk, rows in fresh.items()}


def plan_computation(
    document: Document, rows: list[Indicator], *, load, as_of_year: int | None = None, kind: str = "results",
) -> DocumentComputation:
    """The computation of `rows`, the indicators a page has already read with their targets: from the results kept
    for them when there are some, else `compute_document` on `load()` (the same rows read with everything computing
    reads), kept for the next reader. With kept results the rows are not read a second time. A caller computing
    from rows read otherwise (the reports read every source's values) names its own `kind`, kept apart."""
    token = document_tokens([document.pk])[document.pk]
    kept = kept_results(token, document_id=document.pk, indicator_ids=[row.pk for row in rows], as_of_year=as_of_year,
                        kind=kind)
    if kept is not None:
        return _with_kept(document, rows, kept)
    return _computed_and_kept(token, document, load(), as_of_year=as_of_year, kind=kind)


def _computed_and_kept(token, document, rows, *, as_of_year, kind: str = "results") -> DocumentComputation:
    result = compute_document(document, rows, as_of_year=as_of_year)
    _keep(token, result, [row.pk for row in rows], as_of_year, kind)
    return result


def _keep(token, result: DocumentComputation, ids: list[int], as_of_year: int | None, kind: str = "results") -> None:
    keep_results(token, KeptResults(
        by_indicator=result.by_indicator, group_status=result.group_status,
        expected_early=frozenset(result.expected_early), warnings=tuple(result.warnings),
    ), document_id=result.document.pk, indicator_ids=ids, as_of_year=as_of_year, kind=kind)


def _with_kept(document: Document, indicators: list[Indicator], kept: KeptResults) -> DocumentComputation:
    _link_children(indicators)
    return DocumentComputation(
        document=document, indicators=indicators, by_indicator=dict(kept.by_indicator),
        group_status=dict(kept.group_status), expected_early=set(kept.expected_early), warnings=list(kept.warnings),
    )


def _with_summary(document: Document, summary: ResultsSummary) -> DocumentComputation:
    """A plan none of whose rows a page shows: its groups' statuses, to count; no row, no figure, no warning."""
    return DocumentComputation(
        document=document, group_status=dict(summary.group_status), expected_early=set(summary.expected_early),
    )


def _link_children(indicators: list[Indicator]) -> dict[int, list[Indicator]]:
    """Each row's sub-rows among `indicators`, as `_children` (plan_period_of reads them)."""
    children = defaultdict(list)
    for indicator in indicators:
        if indicator.parent_id:
            children[indicator.parent_id].append(indicator)
    for indicator in indicators:
        indicator._children = children.get(indicator.pk, [])
    return children


def yearly_trend(indicator: Indicator, document: Document) -> list[engine_progress.YearValue]:
    """The value standing for each year of the indicator's plan period that has a number: the actual, else the
    estimate, else the plan (the engine's own choice). Reads prefetched targets and values."""
    code = plan_period_of(indicator, document)
    if not code:
        return []
    try:
        plan = engine.plan_period(code)
    except engine.PeriodError:
        return []
    series = series_of(indicator)
    years = engine_progress.yearly(series, plan, series.effective_direction(plan))
    return [value for _year, value in sorted(years.items()) if value.number is not None]


def compute_document(
    document: Document, indicators: list[Indicator] | None = None, *, as_of_year: int | None = None
) -> DocumentComputation:
    """Run the engine on each indicator (as of `as_of_year`, else the latest year with values); a group's status
    is the worst of its own and its sub-indicators'. A row whose parent is not among `indicators` (a scope that
    shows only some rows) heads its own group."""
    indicators = indicators if indicators is not None else indicators_for_computing(document)
    _with_series_values(indicators)
    result = DocumentComputation(document=document, indicators=indicators)
    children = _link_children(indicators)
    sources: dict[str, list] = {}
    names: dict[str, str] = {}
    for indicator in indicators:
        series = series_of(indicator)
        period = plan_period_of(indicator, document)
        if period:
            try:
                result.by_indicator[indicator.pk] = engine.compute_indicator(
                    series, plan_period=period, as_of_year=as_of_year,
                )
            except (engine.PeriodError, ValueError):
                pass
        sources[indicator.key] = [(o.source, o.period.code, o.kind, o.quantity) for o in series.values]
        names[indicator.key] = indicator.name
    result.warnings = engine.check_sources_many(sources, names=names)
    for indicator in indicators:
        result.warnings += structure_warnings(indicator, children.get(indicator.pk, []))
    judge_qualitative_targets(result, as_of_year=as_of_year)

    def computed_under(indicator: Indicator) -> list[engine.Computed]:
        own = result.by_indicator.get(indicator.pk)
        found = [own] if own and indicator.targets.all() else []
        for child in children.get(indicator.pk, []):
            found += computed_under(child)
        return found

    shown = {indicator.pk for indicator in indicators}
    for indicator in indicators:
        if not indicator.parent_id or indicator.parent_id not in shown:
            under = computed_under(indicator)
            result.group_status[indicator.pk] = engine.combine([c.status for c in under])
            early = [c for c in under if c.status == engine.ACHIEVED_EARLY]
            if result.group_status[indicator.pk] == engine.ACHIEVED_EARLY and all(c.expected_early for c in early):
                result.expected_early.add(indicator.pk)
    return result


def _rounded(value):
    return None if value is None else engine.display(value, 2)


def computed_to_format(computed: engine.Computed | None, warnings: list[engine.ConsistencyWarning]) -> dict:
    """The `computed` object of docs/format.md: figures rounded to 2 decimals, warnings with their messages."""
    if computed is None:
        return {
            "so_far": None, "required": None, "assessment": None, "status": engine.UNKNOWN,
            "reason": "Chưa xác định được kỳ kế hoạch của chỉ tiêu", "warnings": [w.to_dict() for w in warnings],
        }
    data = computed.to_dict()
    data["so_far"]["value"] = _rounded(data["so_far"]["value"])
    data["required"]["low"] = _rounded(data["required"]["low"])
    data["required"]["high"] = _rounded(data["required"]["high"])
    data["warnings"] = [w.to_dict() for w in warnings]
    return data


@dataclass
class IndicatorAnalysis:
    series: engine.IndicatorSeries
    plan_period: str | None
    computed: engine.Computed | None
    warnings: list[engine.ConsistencyWarning]


def indicator_analysis(indicator: Indicator) -> IndicatorAnalysis:
    """One indicator computed within its document, so that warnings across its rows are found too. With the
    document's results kept, only the indicator and its sub-rows are read."""
    document = indicator.document
    token = document_tokens([document.pk])[document.pk]
    ids = list(document.indicators.values_list("pk", flat=True))
    kept = kept_results(token, document_id=document.pk, indicator_ids=ids)
    if kept is not None:
        rows = indicators_for_computing(document, document.indicators.filter(Q(pk=indicator.pk) | Q(parent=indicator.pk)))
        _with_series_values(rows)
        result = _with_kept(document, rows, kept)
    else:
        result = compute_document(document)
        _keep(token, result, ids, None)
    same = next(i for i in result.indicators if i.pk == indicator.pk)
    return IndicatorAnalysis(
        series=series_of(same),
        plan_period=plan_period_of(same, document),
        computed=result.by_indicator.get(indicator.pk),
        warnings=result.warnings_for(same),
    )


# Qualitative targets ------------------------------------------------------------------------------------------
# `Hoàn thành`, `Cơ bản không còn hộ nghèo`: the engine judges such a target only when a value says the same words
# (docs/engine.md). Otherwise people judge it, and the status comes from them (docs/judgements.md): the planning
# department's latest judgement (registry.Judgement), else what the agency reported in its latest accepted report
# (a value of record with words, read by registry/judgements.py), else it stays unknown.


def is_qualitative(indicator: Indicator) -> bool:
    return indicator.measure == Indicator.Measure.QUALITATIVE or any(
        target.op == Op.QUALITATIVE for target in indicator.targets.all()
    )


def with_latest_judgement(queryset):
    """Indicators annotated with the status of their latest judgement (`latest_judgement_status`, None without
    one), so that computing reads judgements only for the rows that have some: a page costs no query more."""
    latest = Judgement.objects.filter(indicator=OuterRef("pk")).order_by("-judged_at", "-id")
    return queryset.annotate(latest_judgement_status=Subquery(latest.values("status")[:1]))


def judge_qualitative_targets(result: DocumentComputation, *, as_of_year: int | None = None) -> None:
    """Replace the engine's `unknown` on each qualitative row by the people's judgement, with their reason."""
    waiting = [
        indicator for indicator in result.indicators
        if is_qualitative(indicator) and getattr(result.by_indicator.get(indicator.pk), "status", None) == engine.UNKNOWN
    ]
    # Rows annotated by with_latest_judgement are looked up only when judged; rows another selector read, always.
    judged = [indicator for indicator in waiting if getattr(indicator, "latest_judgement_status", "") is not None]
    latest: dict[int, Judgement] = {}
    if judged:
        for judgement in Judgement.objects.filter(indicator__in=judged).select_related("judged_by"):
            latest.setdefault(judgement.indicator_id, judgement)  # the model orders the newest first
    for indicator in waiting:
        found = _status_judged(latest.get(indicator.pk)) or _status_reported(indicator, as_of_year)
        if found is None:
            continue
        status, within, alone = found
        target = next((t.text for t in indicator.targets.all() if t.op == Op.QUALITATIVE), "")
        # Kept with the results and shown in each reader's language: a phrase, written in Vietnamese as the reason.
        reason = (phrase(gettext_noop("Mục tiêu định tính “%(target)s”: %(reason)s"), target=target, reason=within)
                  if target else alone)
        result.by_indicator[indicator.pk] = replace(
            result.by_indicator[indicator.pk], status=status, reason=str(reason), explanation=reason,
            expected_early=False,
        )


def _status_judged(judgement: Judgement | None) -> tuple[str, Phrase, Phrase] | None:
    """The planning department's latest judgement (its reason within a sentence, and alone); one of `unknown`
    withdraws it."""
    if judgement is None or judgement.status == Judgement.Status.UNKNOWN:
        return None
    person = judgement.judged_by
    values = {"when": timezone.localtime(judgement.judged_at).strftime("%d/%m/%Y"),
              "who": f" ({person.get_full_name() or person.username})" if person is not None else "",
              "reason": judgement.reason}
    return (judgement.status, phrase(gettext_noop("đánh giá của cán bộ ngày %(when)s%(who)s: %(reason)s"), **values),
            phrase(gettext_noop("Đánh giá của cán bộ ngày %(when)s%(who)s: %(reason)s"), **values))


def _status_reported(indicator: Indicator, as_of_year: int | None) -> tuple[str, Phrase, Phrase] | None:
    """What the agency's latest accepted report says in words, read onto the engine's scale: its outlook
    (`dự kiến hoàn thành`), or achieved for a bare `Hoàn thành`, `Đạt`."""
    from planwatch.registry.judgements import read_judgement

    reported = _latest_reported_words(indicator, as_of_year)
    if reported is None:
        return None
    stated = read_judgement(reported.text)
    status = stated.status or (engine.ACHIEVED_EARLY if stated.verdict in (engine.MET, engine.EXCEEDED) else "")
    if not status:
        return None
    values = {"text": reported.text, "source": reported.source_note or reported.period}
    return (status, phrase(gettext_noop("đơn vị báo cáo “%(text)s” (%(source)s)"), **values),
            phrase(gettext_noop("Đơn vị báo cáo “%(text)s” (%(source)s)"), **values))


def _latest_reported_words(indicator: Indicator, as_of_year: int | None) -> IndicatorValue | None:
    """The latest value of record in words that came from a report, not a document (an accepted report line
    becomes such a value), for a period ending by `as_of_year` when given. Reads the prefetched values."""
    found = []
    for value in indicator.values.all():
        if value.source_document_id or value.op != Op.QUALITATIVE or value.kind not in ("actual", "estimate"):
            continue
        try:
            end = engine.parse_period(value.period).end_year
        except engine.PeriodError:
            continue
        if as_of_year is None or end <= as_of_year:
            found.append(value)
    return max(found, key=lambda v: (v.recorded_at, v.pk), default=None)
