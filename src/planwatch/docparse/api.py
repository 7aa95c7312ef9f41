"""The parser's public API: bytes or a path in, a `ParsedDocument` out, and its plan format (docs/format.md).

    parsed = parse_bytes(data, filename="ke-hoach.docx", agencies=AgencyDirectory.from_toml(...), leaders=...)
    print(dumps(to_format(parsed)))

Everything unreadable raises `ParseError` with a Vietnamese message; everything doubtful in what was read is a
warning in `parsed.warnings`.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

from planwatch.engine.explain import gettext_noop, phrase
from planwatch.engine.quantity import Quantity

from . import readers
from .agencies import AgencyDirectory, LeaderDirectory
from .builder import Builder, guess_measure
from .errors import ParseError
from .header import parse_header, slug
from .numbers import parse_quantity
from .model import (
    CandidateIndicator,
    Deadline,
    DocumentInfo,
    LeaderRef,
    ParsedDocument,
    ParsedIndicator,
    ParsedTask,
    ParseWarning,
    Resolution,
    Source,
    SourceDocument,
    Target,
)
from .prose import candidate_indicators, prose_tasks
from .columns import classify
from .model import Column, Table
from .tables import find_tables, table_lines
from planwatch.textnorm import key

FORMAT = "planwatch/1"

# Letters only Vietnamese uses among Latin scripts: ă đ ơ ư and the Vietnamese block of Latin Extended Additional.
_VI_LETTERS = re.compile(r"[ăĂđĐơƠưƯĩĨũŨ\u1ea0-\u1ef9]")
_VI_WORDS = re.compile(
    r"\b(?:cua|va|cac|nam|duoc|thuc hien|chi tieu|nhiem vu|ke hoach|thanh pho|uy ban|nhan dan|so|ngay|thang|"
    r"phat trien|kinh te|xa hoi|trien khai|don vi|chu tri|phoi hop|nghi quyet|chuong trinh)\b"
)


def parse_path(
    path: str | Path,
    *,
    agencies: AgencyDirectory | None = None,
    leaders: LeaderDirectory | None = None,
    columns: dict[int, dict[int, str]] | None = None,
) -> ParsedDocument:
    p = Path(path)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise ParseError(f"Không mở được tệp {p.name}.", expected="đường dẫn tới một tệp có thật") from exc
    if size > readers.MAX_BYTES:
        raise ParseError(
            f"Tệp quá lớn ({size / 1024 / 1024:.1f} MB).",
            expected=f"một tệp không quá {readers.MAX_BYTES // 1024 // 1024} MB",
        )
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ParseError(f"Không đọc được tệp {p.name}.", expected="một tệp đọc được") from exc
    return parse_bytes(data, filename=p.name, agencies=agencies, leaders=leaders, columns=columns)


def parse_bytes(
    data: bytes,
    *,
    filename: str | None = None,
    agencies: AgencyDirectory | None = None,
    leaders: LeaderDirectory | None = None,
    columns: dict[int, dict[int, str]] | None = None,
) -> ParsedDocument:
    """Read a plan document (text, DOCX or XLSX) into indicators, tasks, candidate indicators and warnings.

    `columns` corrects what the reader took a column to mean, once for a whole table: `{table number (1-based):
    {column (0-based): header}}`, the header as a planner would write it (`Đơn vị tính`, `TH 2023`, `Chỉ tiêu
    2025`); an empty header or `Bỏ qua` leaves the column out."""
    try:
        return _parse(data, filename, agencies, leaders, columns)
    except ParseError:
        raise
    except RecursionError as exc:
        raise ParseError("Tài liệu lồng nhau quá sâu, không đọc được.", expected="một văn bản thông thường") from exc
    except MemoryError as exc:
        raise ParseError("Tài liệu quá lớn để đọc.", expected="một tệp nhỏ hơn") from exc


def _parse(data: bytes, filename, agencies, leaders, columns=None) -> ParsedDocument:
    source = readers.read(data, filename)
    _require_vietnamese(source)
    warnings: list[ParseWarning] = []
    tables = find_tables(source, warnings)
    if columns:
        override_columns(tables, columns)
    info = parse_header(header_lines(source, tables), agencies)
    info.period = _period(info, tables, source)
    if agencies is None:
        warnings.append(
            ParseWarning(
                "no_agency_register",
                phrase(gettext_noop("Không có danh mục cơ quan: mọi tên cơ quan được để nguyên văn và coi là chưa biết.")),
            )
        )
    builder = Builder(info, warnings, agencies, leaders)
    indicators: list[ParsedIndicator] = []
    tasks: list[ParsedTask] = []
    for table in tables:
        if table.kind == "indicators":
            indicators.extend(builder.indicators(table))
        else:
            tasks.extend(builder.tasks(table))
    skip = table_lines(source, tables) if source.format == "text" else set()
    if not tasks and source.format != "xlsx":
        tasks = prose_tasks(source.lines, skip, builder.resolve_agencies, year=builder.year, period_end=builder.period_end)
    candidates = candidate_indicators(source.lines, skip) if source.format != "xlsx" else []
    if not tables and not tasks and not indicators and _has_unrecognised_table(source):
        raise ParseError(
            "Tài liệu có bảng nhưng không nhận ra dòng tiêu đề của bảng nào.",
            expected="một dòng tiêu đề có cột TT và cột tên (Tên chỉ tiêu / Nhiệm vụ / Nội dung) cùng các cột như "
            "Đơn vị tính, Chỉ tiêu/Mục tiêu theo năm, Đơn vị chủ trì, Thời hạn",
        )
    if not tables and not tasks and not indicators and not candidates:
        warnings.append(
            ParseWarning(
                "nothing_found",
                phrase(
                    gettext_noop(
                        "Không tìm thấy bảng chỉ tiêu, bảng nhiệm vụ hay nhiệm vụ giao cho cơ quan nào trong tài liệu."
                    )
                ),
            )
        )
    _check_unique_keys(indicators, tasks, warnings)
    return ParsedDocument(info, indicators, tasks, candidates, warnings, tables, source)


def override_columns(tables: list[Table], columns: dict[int, dict[int, str]]) -> None:
    """The planner's reading of a column replaces the reader's, for every row of the table."""
    by_index = {t.index: t for t in tables}
    for t_index, changes in columns.items():
        table = by_index.get(int(t_index))
        if table is None:
            continue
        for j, header in changes.items():
            j = int(j)
            if not 0 <= j < len(table.columns):
                continue
            text = (header or "").strip()
            if not text or key(text) in ("bo qua", "khac"):
                table.columns[j] = Column("other", text or table.columns[j].header)
            else:
                table.columns[j] = classify(text)


def header_lines(source: SourceDocument, tables) -> list[str]:
    """The document's lines with the text of its layout tables (not data tables) put back in place: a Word
    document usually sets the issuer and the number beside the motto and the date in a borderless table."""
    if source.format != "docx":
        return source.lines
    data_grids = {t.header_source.table for t in tables if t.header_source}
    out: list[str] = []
    by_position: dict[int, list[str]] = {}
    for g_index, grid in enumerate(source.grids, start=1):
        if g_index in data_grids:
            continue
        texts = [part for row in grid.rows for cell in row if cell.text for part in cell.text.split("\n")]
        by_position.setdefault(grid.after_line, []).extend(texts)
    for i, line in enumerate(source.lines):
        out.extend(by_position.get(i, []))
        out.append(line)
    out.extend(by_position.get(len(source.lines), []))
    return out


def _require_vietnamese(source: SourceDocument) -> None:
    text = "\n".join(source.lines)
    if source.grids:
        text += "\n" + "\n".join(c.text for g in source.grids for r in g.rows[:200] for c in r)
    sample = text[:50000]
    letters = sum(1 for ch in sample if ch.isalpha())
    if letters < 20:
        raise ParseError(
            "Tài liệu gần như không có chữ: không có gì để đọc.",
            expected="một văn bản kế hoạch tiếng Việt",
        )
    vi_letters = len(_VI_LETTERS.findall(sample))
    from planwatch.textnorm import fold

    vi_words = len(set(_VI_WORDS.findall(fold(sample[:20000]))))
    if vi_letters / letters >= 0.01 or (vi_letters >= 3 and vi_words >= 4) or vi_words >= 8:
        return
    raise ParseError(
        "Tài liệu không phải tiếng Việt (không thấy chữ và từ tiếng Việt), nên không phải một kế hoạch để nhập.",
        expected="một văn bản kế hoạch tiếng Việt",
    )


def _has_unrecognised_table(source: SourceDocument) -> bool:
    if any(len(g.rows) >= 2 and max((len(r) for r in g.rows), default=0) >= 3 for g in source.grids):
        return True
    tab_lines = sum(1 for line in source.lines if line.count("\t") >= 2)
    pipe_lines = sum(1 for line in source.lines if line.strip() == "|")
    return tab_lines >= 2 or pipe_lines >= 6


def _period(info: DocumentInfo, tables, source: SourceDocument) -> str | None:
    """The span the plan covers: as its title says (`giai đoạn 2021-2025`, `nhiệm kỳ 2020 - 2025`), else from its year to the horizon of
    its targets (`Chỉ tiêu đến năm 2025` in a plan of 2021 → `2021-2025`)."""
    title = info.title or ""
    m = re.search(r"(?:giai đoạn|nhiệm kỳ|thời kỳ)\s+((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)", title, re.IGNORECASE)
    if m:
        return f"{m.group(1)}-{m.group(2)}"
    ends = []
    for t in tables:
        for c in t.columns:
            if c.role == "target" and c.period:
                ends.append(int(c.period[-4:]))
    start = info.date.year if info.date else info.year
    if ends and start:
        end = max(ends)
        if end >= start:
            return f"{start}-{end}"
    m = re.search(r"đến năm\s+((?:19|20)\d\d)", title, re.IGNORECASE)
    if m and start and int(m.group(1)) >= start:
        return f"{start}-{m.group(1)}"
    return None


def _check_unique_keys(indicators, tasks, warnings) -> None:
    # One whole sentence for each kind of item, for the translators.
    said = (
        (indicators, gettext_noop(
            "Mã chỉ tiêu '%(key)s' xuất hiện hơn một lần (có thể tài liệu có nhiều bảng cùng cách đánh số)."
        )),
        (tasks, gettext_noop(
            "Mã nhiệm vụ '%(key)s' xuất hiện hơn một lần (có thể tài liệu có nhiều bảng cùng cách đánh số)."
        )),
    )
    for items, template in said:
        seen: dict[str, int] = {}
        for it in items:
            seen[it.key] = seen.get(it.key, 0) + 1
            if seen[it.key] == 2:
                warnings.append(
                    ParseWarning(
                        "duplicate_key",
                        phrase(template, key=it.key),
                        it.source,
                        it.key,
                    )
                )


# --- the plan format --------------------------------------------------------------------------------------


def to_format(parsed: ParsedDocument) -> dict:
    """The plan format of docs/format.md (`planwatch/1`), with what only `parse` prints (sources, warnings)."""
    return {
        "format": FORMAT,
        "document": _document(parsed.document),
        "indicators": [_indicator(i) for i in parsed.indicators],
        "tasks": [_task(t) for t in parsed.tasks],
        "candidate_indicators": [_candidate(c) for c in parsed.candidate_indicators],
        "warnings": [w.to_dict() for w in parsed.warnings],
        "tables": [_table(t) for t in parsed.tables],
    }


def _table(t: Table) -> dict:
    """What the reader took a table to be, for the person importing to check and correct."""
    return {
        "index": t.index,
        "kind": t.kind,
        "layout": t.layout,
        "title": t.title,
        "confidence": t.confidence,
        "rows": len(t.rows),
        "uncertain_rows": len(t.uncertain_rows),
        "columns": [{"header": c.header, "role": c.role, "period": c.period, "kind": c.kind} for c in t.columns],
        "source": t.header_source.to_dict() if t.header_source else {},
    }


def _document(d: DocumentInfo) -> dict:
    when = d.date.isoformat() if d.date else (str(d.year) if d.year else None)
    return {
        "id": d.id or (slug(d.number) if d.number else None),
        "number": d.number,
        "kind": d.kind,
        "issuer": d.issuer,
        "date": when,
        "signer": d.signer,
        "signer_title": d.signer_title,
        "title": d.title,
        "period": d.period,
        "implements": list(d.implements),
    }


def quantity_dict(q: Quantity) -> dict:
    out: dict = {"text": q.text, "op": q.op, "low": q.low, "high": q.high}
    if q.relative is not None:
        out["relative"] = {"direction": q.relative.direction, "base": q.relative.base}
    return out


def _leader(ref: LeaderRef | None) -> dict | None:
    if ref is None:
        return None
    return {"text": ref.text, "position": ref.position, "person": ref.person}


def _indicator(i: ParsedIndicator) -> dict:
    return {
        "key": i.key,
        "code": i.code,
        "group": i.group,
        "group_title": i.group_title,
        "parent": i.parent,
        "name": i.name,
        "unit": i.unit,
        "measure": i.measure,
        "direction": i.direction,
        "targets": [{"horizon": t.horizon, **quantity_dict(t.quantity)} for t in i.targets],
        "values": [
            {"period": v.period, "kind": v.kind, **quantity_dict(v.quantity), "value": v.quantity.value} for v in i.values
        ],
        "lead_text": i.lead.text,
        "lead_agencies": list(i.lead.agencies),
        "lead_groups": list(i.lead.groups),
        "unknown_agencies": list(i.lead.unknown),
        "leader": _leader(i.leader),
        "assessment": i.assessment,
        "confidence": i.confidence,
        "reasons": list(i.reasons),
        "source": i.source.to_dict(with_column=False),
    }


def _deadline(d: Deadline | None) -> dict | None:
    if d is None:
        return None
    return {
        "text": d.text,
        "kind": d.kind,
        "due_dates": [x.isoformat() for x in d.due_dates],
        "recurrence": (
            {"months": list(d.recurrence.months), "from": d.recurrence.start, "until": d.recurrence.until}
            if d.recurrence
            else None
        ),
    }


def _task(t: ParsedTask) -> dict:
    unknown = list(t.lead.unknown) + [u for u in t.coordinating.unknown if u not in t.lead.unknown]
    out = {
        "key": t.key,
        "code": t.code,
        "section": t.section,
        "section_title": t.section_title,
        "title": t.title,
        "lead_text": t.lead.text,
        "lead_agencies": list(t.lead.agencies),
        "lead_groups": list(t.lead.groups),
        "coordinating_text": t.coordinating.text,
        "coordinating_agencies": list(t.coordinating.agencies),
        "coordinating_groups": list(t.coordinating.groups),
        "unknown_agencies": unknown,
        "leader": _leader(t.leader),
        "product": t.product,
        "deadline": _deadline(t.deadline),
        "framework_deadline": _deadline(t.framework_deadline),
        "note": t.note,
        "references": [
            {"number": r.number or None, "date": r.date.isoformat() if r.date else None, "text": r.text} for r in t.references
        ],
        "split_from": (
            {"task": t.split_from.task, "document": t.split_from.document, "text": t.split_from.text} if t.split_from else None
        ),
        "status": t.status,
        "confidence": t.confidence,
        "reasons": list(t.reasons),
        "source": t.source.to_dict(with_column=False),
    }
    if t.parent is not None:
        out["parent"] = t.parent
    if t.progress:
        out["progress"] = t.progress
    return out


def indicator_from_candidate(candidate: dict, *, key: str, horizon: str, name: str | None = None) -> dict:
    """A candidate the planner confirmed, as an indicator of the plan format: its level becomes the target for
    `horizon`, its kind is guessed as for a table's row, and its confidence says it came from a sentence."""
    quantity = parse_quantity(candidate.get("text") or "").quantity
    if quantity is None:
        raise ParseError(f"Không đọc được mức chỉ tiêu “{candidate.get('text')}”.", expected="một con số, ví dụ 95%")
    title = (name or candidate.get("name") or "").strip()
    if not title:
        raise ParseError("Chỉ tiêu chưa có tên.", expected="tên chỉ tiêu")
    targets = [Target(horizon, quantity)]
    unit = candidate.get("unit")
    measure, direction = guess_measure(title, unit, targets)
    source = candidate.get("source") or {}
    return _indicator(ParsedIndicator(
        key=key, code=key, group=None, parent=None, name=title, unit=unit, targets=targets, values=[],
        lead=Resolution(None), leader=None, assessment=None, source=Source(line=source.get("line")),
        measure=measure, direction=direction, confidence=0.6,
        reasons=["đọc từ lời văn, người nhập đã xác nhận"],
    ))


def _candidate(c: CandidateIndicator) -> dict:
    return {
        "name": c.name,
        "horizon": c.horizon,
        "unit": c.unit,
        **quantity_dict(c.quantity),
        "sentence": c.text,
        "source": c.source.to_dict(),
    }


def dumps(obj, *, indent: int | None = 2) -> str:
    """JSON with Decimals written as JSON numbers without loss (`1162.6`, never `1162.5999`)."""
    return _encode(obj, indent, 0)


def _encode(obj, indent: int | None, level: int) -> str:
    if isinstance(obj, Decimal):
        if not obj.is_finite():
            return "null"
        text = format(obj, "f")
        return text
    if isinstance(obj, (date,)):
        return json.dumps(obj.isoformat())
    if obj is None or isinstance(obj, (bool, int, float, str)):
        return json.dumps(obj, ensure_ascii=False)
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = [json.dumps(str(k), ensure_ascii=False) + ": " + _encode(v, indent, level + 1) for k, v in obj.items()]
        return _wrap("{", "}", items, indent, level)
    if isinstance(obj, (list, tuple)):
        if not obj:
            return "[]"
        return _wrap("[", "]", [_encode(v, indent, level + 1) for v in obj], indent, level)
    if isinstance(obj, (Resolution, Source)):
        return _encode(obj.__dict__, indent, level)
    raise TypeError(f"cannot encode {type(obj).__name__}")


def _wrap(open_: str, close: str, items: list[str], indent: int | None, level: int) -> str:
    if indent is None:
        return open_ + ", ".join(items) + close
    pad = " " * (indent * (level + 1))
    end = " " * (indent * level)
    return open_ + "\n" + ",\n".join(pad + i for i in items) + "\n" + end + close
