"""Reading dataValueSets back: into the open reports of a round, or as values of record. All or nothing.

Every entry is checked first (data element, orgUnit, period, value, the round and report it would go to);
one refusal and nothing is written. The checks and the writes run in one transaction, so a failure while
writing undoes the writes before it too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from planwatch.engine.numbers import plain
from planwatch.exchange.formats import KIND_LABELS, Reading, data_element_code, read_dhis2_json, understand
from planwatch.exchange.selectors import agencies_by_code, indicator_org_units
from planwatch.registry.models import Indicator, IndicatorValue, Op
from planwatch.registry.services import indicator_value_record
from planwatch.reporting.models import IndicatorLine, Report, Round
from planwatch.reporting.services import ReportingError, ReportValidationError, report_save


class ImportRefused(ValueError):
    """The file cannot be taken as a whole; `problems` lists each reason, one line per entry."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Change:
    label: str  # data element, period, kind as a person reads them
    old: str  # "" when new
    new: str

    @property
    def status(self) -> str:
        if not self.old:
            return "mới"
        return "không đổi" if self.old == self.new else "đổi"


@dataclass
class ImportResult:
    changes: list[Change] = field(default_factory=list)
    dry_run: bool = False

    def count(self, status: str) -> int:
        return sum(1 for change in self.changes if change.status == status)


def _vn(value: Decimal) -> str:
    """The value as the report form reads it: a decimal comma, no grouping (`1162,6`)."""
    return plain(value).replace(".", ",")


def _indicators_by_code() -> dict[str, Indicator]:
    indicators = Indicator.objects.select_related("document").prefetch_related("lead_agencies")
    return {data_element_code(indicator.document.slug, indicator.key): indicator for indicator in indicators}


def _actor_label(actor) -> str:
    return actor if isinstance(actor, str) else actor.get_username()


def value_of_record_save(*, indicator: Indicator, period: str, kind: str, value: Decimal, note: str, actor,
                         at=None) -> tuple[IndicatorValue, str]:
    """Set the value of record (no source document) of an indicator for a period and kind, audited.

    Returns the row and its former text ("" when created). Writing the same number again changes nothing
    and leaves no audit entry: a repeated import is harmless."""
    at = at or timezone.now()
    existing = (
        IndicatorValue.objects.select_for_update()
        .filter(indicator=indicator, period=period, kind=kind, source_document__isnull=True, part="")
        .order_by("-recorded_at", "-pk").first()
    )
    old = existing.text if existing else ""
    if existing is not None and existing.op == Op.EQ and existing.low == value and existing.high == value:
        return existing, old
    # The register writes the row (its time of record this import), audited.
    row = indicator_value_record(
        indicator=indicator, value=existing, period=period, kind=kind, text=_vn(value), op=Op.EQ, low=value,
        high=value, note=note[:300], recorded_by=None if isinstance(actor, str) else actor, actor=actor,
        reason=note[:300], at=at,
    )
    return row, old


def _label(indicator: Indicator, reading: Reading) -> str:
    return f"[{indicator.key}] {indicator.name[:60]} — {reading.period}, {KIND_LABELS[reading.kind]}"


def _check(content: bytes) -> tuple[list[tuple[Reading, Indicator, str]], list[str]]:
    """Each entry understood and matched, or the problems; orgUnit checked against the indicator's units."""
    entries = read_dhis2_json(content)
    indicators = _indicators_by_code()
    matched, problems = [], []
    seen: dict[tuple, int] = {}
    for entry in entries:
        where = f"Dòng {entry.number} ({entry.data_element or '?'}, {entry.period or '?'}, {entry.org_unit or '?'})"
        reading, found = understand(entry)
        indicator = indicators.get(entry.data_element)
        if indicator is None:
            found.append(f"dataElement “{entry.data_element}” không có trong danh mục chỉ tiêu")
        elif entry.org_unit not in indicator_org_units(indicator):
            found.append(f"orgUnit “{entry.org_unit}” không phải đơn vị chủ trì chỉ tiêu này "
                         f"(cần {', '.join(indicator_org_units(indicator))})")
        if reading is not None and indicator is not None:
            slot = (indicator.pk, reading.period, reading.kind, entry.org_unit)
            if slot in seen:
                found.append(f"trùng với dòng {seen[slot]}")
            seen.setdefault(slot, entry.number)
        if found:
            problems.extend(f"{where}: {problem}" for problem in found)
        else:
            matched.append((reading, indicator, entry.org_unit))
    if not entries:
        problems.append("Tệp không có số liệu nào (dataValues rỗng).")
    return matched, problems


@transaction.atomic
def values_import(*, content: bytes, filename: str, actor, round: Round | None = None, as_record: bool = False,
                  dry_run: bool = False) -> ImportResult:
    """Import a dataValueSets file; ImportRefused (nothing written) when any entry cannot be used.

    `actor` is a user or a label (the console's operator). Into a round, values go to the agency's report
    through report_save, as the planning department keying in on the agency's behalf: the report stays in
    draft for the agency to check, approve and submit. As values of record, through value_of_record_save."""
    if (round is None) == (not as_record):
        raise ValueError("choose exactly one of round or as_record")
    matched, problems = _check(content)
    if problems:
        raise ImportRefused(problems)
    who = _actor_label(actor)
    result = ImportResult(dry_run=dry_run)
    if as_record:
        note = f"Nhập từ tệp {filename} bởi {who}"
        at = timezone.now()
        for reading, indicator, _unit in matched:
            row, old = value_of_record_save(indicator=indicator, period=reading.period, kind=reading.kind,
                                            value=reading.value, note=note, actor=actor, at=at)
            result.changes.append(Change(_label(indicator, reading), old, row.text))
    else:
        _into_round(round, matched, actor=f"{who} (nhập từ tệp {filename})"[:150], result=result)
    if dry_run:
        transaction.set_rollback(True)
    return result


def _into_round(round: Round, matched, *, actor: str, result: ImportResult) -> None:
    problems = []
    if not round.is_open:
        raise ImportRefused([f"Đợt báo cáo “{round.title}” đã tổng hợp (đóng): không nhận số liệu."])
    agencies = agencies_by_code()
    contents: dict[int, dict] = {}
    reports: dict[int, Report] = {}
    changes: dict[int, list[Change]] = {}
    for reading, indicator, unit in matched:
        where = f"{indicator.key}, {reading.period}, {unit}"
        if reading.period != round.period:
            problems.append(f"{where}: kỳ {reading.period} không phải kỳ của đợt báo cáo ({round.period})")
            continue
        if reading.kind not in IndicatorLine.Kind.values:
            problems.append(f"{where}: đợt báo cáo chỉ nhận ước thực hiện (UTH) hoặc thực hiện (TH), "
                            f"không nhận {KIND_LABELS[reading.kind]}")
            continue
        agency = agencies.get(unit)
        line = (
            IndicatorLine.objects.select_related("report", "report__round")
            .filter(report__round=round, report__agency=agency, indicator=indicator).first()
            if agency is not None else None
        )
        if line is None:
            problems.append(f"{where}: đơn vị không có báo cáo chỉ tiêu này trong đợt “{round.title}”")
            continue
        report = line.report
        if not report.is_editable:
            problems.append(f"{where}: báo cáo của {report.agency} đang ở trạng thái "
                            f"“{report.get_status_display()}”, không sửa được")
            continue
        reports[report.pk] = report
        text = _vn(reading.value)
        contents.setdefault(report.pk, {})[f"i{line.pk}"] = {
            "kind": reading.kind, "value": text, "note": line.note, "source": line.source,
        }
        old = line.value_text
        if old and line.kind != reading.kind:
            old = f"{old} ({line.kind})"
        unchanged = line.kind == reading.kind and line.low == reading.value and line.high == reading.value
        changes.setdefault(report.pk, []).append(
            Change(_label(indicator, reading), old, old if unchanged else text))
    if problems:
        raise ImportRefused(problems)
    for pk, content in contents.items():
        report = reports[pk]
        try:
            report_save(report=report, actor=actor, version=report.version, content=content)
        except ReportValidationError as exc:
            raise ImportRefused([f"Báo cáo của {report.agency}: {message}"
                                 for message in exc.errors.values()]) from exc
        except ReportingError as exc:
            raise ImportRefused([f"Báo cáo của {report.agency}: {exc}"]) from exc
        result.changes.extend(changes[pk])
