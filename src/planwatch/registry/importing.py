"""The document importer on the register's side: the register as the parser's directories, a parsed document
kept as a draft, reviewed and saved (computing one without the database: assessing.py).

The parser (planwatch.docparse) is pure Python and knows nothing of the database; this module hands it the
agency and leader registers and turns its output (docs/format.md) into what `plan_save` writes.
"""

from __future__ import annotations

import re
from decimal import Decimal

from django.db import transaction

from planwatch import engine, textnorm
from planwatch.docparse.agencies import AgencyDirectory, LeaderDirectory
from planwatch.docparse.api import indicator_from_candidate
from planwatch.docparse.errors import ParseError
from planwatch.registry.judgements import judgements_from_tables
from planwatch.registry.models import Agency, AgencyGroup, Document, LeaderGroup, Position
from planwatch.registry.services import Changes, PlanSaveResult, RegisterError, agencies_register, plan_save


def register_directories() -> tuple[AgencyDirectory, LeaderDirectory]:
    """The agency and leader registers as the parser reads them (three queries each)."""
    agencies = [
        {
            "name": agency.name, "short": agency.short_name, "kind": agency.kind,
            "parent": agency.parent.name if agency.parent_id else "",
            "aliases": [alias.text for alias in agency.aliases.all()],
        }
        for agency in Agency.objects.select_related("parent").prefetch_related("aliases")
    ]
    groups = [
        {
            "name": group.name, "aliases": group.aliases, "member_kinds": group.member_kinds,
            "members": [member.name for member in group.members.all()], "open": group.is_open,
        }
        for group in AgencyGroup.objects.prefetch_related("members")
    ]
    positions = [
        {
            "name": position.name, "title": position.title, "short": position.short, "portfolio": position.portfolio,
            "tenure": [
                {"person": t.person, "start": t.start.isoformat() if t.start else "",
                 "end": t.end.isoformat() if t.end else "", "note": t.note}
                for t in position.tenures.all()
            ],
        }
        for position in Position.objects.prefetch_related("tenures")
    ]
    leader_groups = [
        {"name": group.name, "aliases": group.aliases, "positions": [p.name for p in group.positions.all()]}
        for group in LeaderGroup.objects.prefetch_related("positions")
    ]
    return (
        AgencyDirectory.from_records(agencies=agencies, groups=groups),
        LeaderDirectory.from_records(positions=positions, groups=leader_groups),
    )


# Saving a reviewed import -----------------------------------------------------------------------


@transaction.atomic
def import_save(*, data: dict, new_agencies: list[dict], actor, reason: str = "nhập văn bản") -> PlanSaveResult:
    """Register the agencies the person accepted as new, then save the plan; all or nothing."""
    changes = Changes()
    if new_agencies:
        existing = {agency.name for agency in Agency.objects.all()}
        fresh = [record for record in new_agencies if record["name"] not in existing]
        changes.merge(agencies_register(agencies=fresh, groups=[], actor=actor, reason=reason))
    if not (data.get("document") or {}).get("id"):
        raise RegisterError("Văn bản chưa có số: hãy đặt một mã (id) cố định cho văn bản trước khi lưu.")
    yearless = [i["name"] for i in data.get("indicators", []) if any(not t.get("horizon") for t in i.get("targets", []))]
    if yearless:
        # A target must say for which year: the engine judges every target against its year.
        raise RegisterError(
            "Mục tiêu chưa có năm đích ở " + "; ".join(yearless[:5]) + (" …" if len(yearless) > 5 else "")
            + ". Hãy sửa nghĩa cột chỉ tiêu (ghi năm) rồi đọc lại, hoặc ghi giai đoạn của văn bản."
        )
    result = plan_save(data=data, actor=actor, reason=reason)
    result.changes.merge(changes)
    return result


# Drafts: read, reviewed, saved ------------------------------------------------------------------

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # the parser refuses more too; the form says it first


def _plain_json(value):
    """The parsed format as JSON the database keeps: Decimals as strings, so no digit is lost."""
    if isinstance(value, Decimal):
        return engine.numbers.plain(value)
    if isinstance(value, dict):
        return {k: _plain_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain_json(v) for v in value]
    return value


def source_view(parsed) -> list[dict]:
    """What the review page shows beside the parsed rows: a text document's lines, with the rows of any table
    found in it as a real table (an HTML table pasted into text) placed where the table stands; for other
    documents the rows of each table read. A row of a document with pages (PDF) carries its page."""
    source = parsed.source
    grids = list(getattr(source, "grids", None) or [])
    grid_rows: list[tuple[int, dict]] = []  # (index of the text line the table comes before, row)
    for table in parsed.tables:
        header = table.header_source
        header_row = [(header, [column.header for column in table.columns])] if header and header.table else []
        for where, cells in header_row + [(row.source, [cell.text for cell in row.cells]) for row in table.rows]:
            if where.table is None:
                continue  # a row of a table written as text lines: its lines are listed
            grid = grids[where.table - 1] if 0 < where.table <= len(grids) else None
            entry = {
                "ref": f"table-{where.table}-row-{where.row}", "label": f"B{where.table}·{where.row}",
                "text": textnorm.nfc(" │ ".join(cells)),
            }
            if getattr(grid, "page", None):
                entry["page"] = grid.page
            grid_rows.append((getattr(grid, "after_line", 0) or 0, entry))
    if source is None or source.format != "text":
        return [entry for _, entry in grid_rows]
    lines = [
        {"ref": f"line-{n}", "label": str(n), "text": textnorm.nfc(text)} for n, text in enumerate(source.lines, start=1)
    ]
    if not grid_rows:
        return lines
    before: dict[int, list[dict]] = {}
    for position, entry in grid_rows:
        before.setdefault(min(position, len(lines)), []).append(entry)
    out: list[dict] = []
    for index, line in enumerate(lines):
        out.extend(before.pop(index, []))
        out.append(line)
    for rest in before.values():
        out.extend(rest)
    return out


def source_ref(source: dict | None) -> str:
    if not source:
        return ""
    if source.get("table") is not None:
        return f"table-{source['table']}-row-{source['row']}"
    if source.get("line") is not None:
        return f"line-{source['line']}"
    return ""


@transaction.atomic
def import_draft_create(*, owner, data: bytes, filename: str = ""):
    """Read a document into a draft for review. Raises ParseError (nothing saved) when it cannot be read."""
    from planwatch.audit.services import record_change
    from planwatch.docparse.api import parse_bytes, to_format
    from planwatch.registry.models import ImportDraft

    agencies, leaders = register_directories()
    parsed = parse_bytes(data, filename=filename or None, agencies=agencies, leaders=leaders)
    formatted = _plain_json(judgements_from_tables(to_format(parsed), parsed))
    formatted["document"]["id"] = formatted["document"].get("id") or propose_id(formatted["document"])
    formatted["reading"] = reading_of(parsed)
    draft = ImportDraft.objects.create(
        owner=owner, filename=filename[:255], data=formatted, source_lines=source_view(parsed),
    )
    keep_original(draft, data, filename)
    record_change(draft, before=None, after=_draft_snapshot(draft), actor=owner, reason="đọc văn bản để nhập")
    return draft


def propose_id(document: dict) -> str:
    """An id for a document without a number: the register's, when it already holds the same document
    (same kind, year and title), so that a re-import updates it; otherwise one made from the title."""
    from django.utils.text import slugify

    from planwatch import textnorm
    from planwatch.registry.models import Document

    year = _year_of(document.get("date"))
    title_key = textnorm.key(document.get("title") or "")
    candidates = Document.objects.filter(number="", kind=document.get("kind") or "plan")
    if year:
        candidates = candidates.filter(year=year)
    for candidate in candidates:
        if title_key and textnorm.key(candidate.title) == title_key:
            return candidate.slug
    words = slugify(textnorm.fold(document.get("title") or "van-ban"))[:60].strip("-")
    return f"{words}-{year}" if year else words


def unknown_agencies(data: dict) -> list[str]:
    names: list[str] = []
    for item in [*data.get("indicators", []), *data.get("tasks", [])]:
        for name in item.get("unknown_agencies", []):
            if name not in names:
                names.append(name)
    return names


def apply_edits(data: dict, edits: dict[str, str]) -> dict:
    """The draft with the reviewer's edited cells, each edited cell read again as the parser reads it.

    `edits` maps field names of the review form to their text: `doc-id`, `ind-3-name`, `ind-3-target-2021-2025`,
    `ind-3-value-2023-actual`, `ind-3-lead`, `task-5-deadline`, ... Only cells whose text changed are re-read.
    """
    from planwatch.docparse.api import quantity_dict
    from planwatch.docparse.deadlines import parse_deadline
    from planwatch.docparse.numbers import parse_quantity

    agencies, leaders = register_directories()
    document = data["document"]
    for field_name in ("id", "number", "title", "period", "date"):
        text = edits.get(f"doc-{field_name}")
        if text is not None:
            document[field_name] = text.strip() or None
    year = _year_of(document.get("date"))
    period_end = _period_end(document.get("period"))

    def resolve(item: dict, role: str, text: str) -> None:
        resolution, _matches = agencies.resolve(text)
        item[f"{role}_text"] = text or None
        item[f"{role}_agencies"] = list(resolution.agencies)
        item[f"{role}_groups"] = list(resolution.groups)
        unknown = []
        for cell in ("lead", "coordinating"):
            if item.get(f"{cell}_text"):
                unknown += agencies.resolve(item[f"{cell}_text"])[0].unknown
        item["unknown_agencies"] = list(dict.fromkeys(unknown))

    for index, indicator in enumerate(data.get("indicators", [])):
        prefix = f"ind-{index}-"
        for name in ("name", "unit"):
            if f"{prefix}{name}" in edits:
                indicator[name] = edits[f"{prefix}{name}"].strip() or (None if name == "unit" else indicator[name])
        for target in indicator.get("targets", []):
            text = edits.get(f"{prefix}target-{target['horizon']}")
            if text is not None and text.strip() != (target.get("text") or ""):
                quantity = parse_quantity(text).quantity
                target.update(_plain_json(quantity_dict(quantity)) if quantity else {"text": text, "op": "qualitative", "low": None, "high": None})
        kept = []
        for value in indicator.get("values", []):
            text = edits.get(f"{prefix}value-{value['period']}-{value['kind']}")
            if text is not None and text.strip() != (value.get("text") or ""):
                quantity = parse_quantity(text).quantity
                if quantity is None:
                    continue  # emptied: no value
                value.update(_plain_json(quantity_dict(quantity)))
                value["value"] = _plain_json(quantity.value)
            kept.append(value)
        indicator["values"] = kept
        if f"{prefix}lead" in edits and edits[f"{prefix}lead"].strip() != (indicator.get("lead_text") or ""):
            resolve(indicator, "lead", edits[f"{prefix}lead"].strip())
    for index, task in enumerate(data.get("tasks", [])):
        prefix = f"task-{index}-"
        for name in ("title", "product", "note"):
            if f"{prefix}{name}" in edits:
                task[name] = edits[f"{prefix}{name}"].strip() or (task[name] if name == "title" else None)
        for role, field_name in (("lead", "lead"), ("coordinating", "coordinating")):
            text = edits.get(f"{prefix}{field_name}")
            if text is not None and text.strip() != (task.get(f"{role}_text") or ""):
                resolve(task, role, text.strip())
        text = edits.get(f"{prefix}leader")
        if text is not None and text.strip() != ((task.get("leader") or {}).get("text") or ""):
            ref, _match = leaders.resolve(text.strip(), year=year)
            task["leader"] = {"text": ref.text, "position": ref.position, "person": ref.person} if ref else None
        text = edits.get(f"{prefix}deadline")
        if text is not None and text.strip() != ((task.get("deadline") or {}).get("text") or ""):
            deadline = parse_deadline(text.strip(), year=year, period_end=period_end)
            task["deadline"] = None if deadline is None else {
                "text": deadline.text, "kind": deadline.kind, "due_dates": [d.isoformat() for d in deadline.due_dates],
                "recurrence": {"months": list(deadline.recurrence.months), "from": deadline.recurrence.start,
                               "until": deadline.recurrence.until} if deadline.recurrence else None,
            }
    return data


_CONFIRMED = re.compile(r"^cand-(\d{1,4})$")
_HORIZON = re.compile(r"^(?:19|20)\d\d(?:-(?:19|20)\d\d)?$", re.ASCII)


def confirm_candidates(data: dict, edits: dict[str, str]) -> list[str]:
    """Candidates the reviewer ticked (`cand-3`), with their name and year as edited (`cand-3-name`,
    `cand-3-horizon`), become indicators of the draft and leave the list of candidates. Returns what stops a
    ticked one (no year, no name), in Vietnamese; those stay candidates."""
    candidates = data.get("candidate_indicators") or []
    ticked = sorted({int(m.group(1)) for k in edits if (m := _CONFIRMED.match(k))})
    document = data.get("document") or {}
    fallback = document.get("period") or (str(_year_of(document.get("date"))) if _year_of(document.get("date")) else "")
    used = {indicator["key"] for indicator in data.get("indicators", [])}
    problems, confirmed = [], set()
    for index in ticked:
        if index >= len(candidates):
            continue
        candidate = candidates[index]
        horizon = (edits.get(f"cand-{index}-horizon") or candidate.get("horizon") or fallback or "").strip()
        horizon = horizon.replace("–", "-").replace(" ", "")
        if len(horizon) == 9 and horizon[4] == "-":
            horizon = horizon[5:]  # a target `đến năm` the end of a period: the horizon is the end year
        if not _HORIZON.match(horizon):
            problems.append(f"Chỉ tiêu gợi ý “{candidate.get('name')}”: chưa có năm đích (ví dụ 2025).")
            continue
        number = len(used) + 1
        while f"P{number}" in used:
            number += 1
        key = f"P{number}"
        try:
            indicator = indicator_from_candidate(candidate, key=key, horizon=horizon, name=edits.get(f"cand-{index}-name"))
        except ParseError as exc:
            problems.append(f"Chỉ tiêu gợi ý “{candidate.get('name')}”: {exc}")
            continue
        used.add(key)
        data.setdefault("indicators", []).append(_plain_json(indicator))
        confirmed.add(index)
    data["candidate_indicators"] = [c for i, c in enumerate(candidates) if i not in confirmed]
    return problems


def _four_digits(text: str) -> int | None:
    # isascii(): `'²'.isdigit()` is True but `int('²')` raises; a reviewer may type anything in these cells.
    return int(text) if len(text) == 4 and text.isascii() and text.isdigit() else None


def _year_of(text: str | None) -> int | None:
    return _four_digits(text[:4]) if text else None


def _period_end(text: str | None) -> int | None:
    return _four_digits(text[-4:]) if text else None


def _draft_snapshot(draft) -> dict:
    # The parsed data itself is too large for the trail; the saved document's own trail holds its content.
    return {"status": draft.status, "filename": draft.filename, "document": str(draft.document or "")}


def import_draft_save(*, draft, edits: dict[str, str], new_agencies: dict[str, str], actor) -> PlanSaveResult:
    """Save a reviewed draft: every unknown agency must be accepted as new (with its kind) or corrected first.

    The reviewer's edits are kept on the draft even when the save is refused, so no typing is lost.
    """
    from planwatch.registry.models import ImportDraft

    if draft.status != ImportDraft.Status.REVIEW:
        raise RegisterError("Bản nhập này đã được lưu hoặc đã hủy.")
    data = apply_edits(draft.data, edits)
    problems = confirm_candidates(data, edits)
    draft.data = data
    draft.save(update_fields=["data"])
    if problems:
        raise RegisterError(" ".join(problems))
    require_content(data)
    missing = [name for name in unknown_agencies(data) if name not in new_agencies]
    if missing:
        raise RegisterError(
            "Còn cơ quan chưa có trong danh mục: " + "; ".join(missing)
            + ". Hãy chọn “thêm vào danh mục” hoặc sửa lại tên trong ô tương ứng."
        )
    return _save_reviewed(draft, data, new_agencies, actor)


@transaction.atomic
def _save_reviewed(draft, data: dict, new_agencies: dict[str, str], actor) -> PlanSaveResult:
    from planwatch.audit.services import record_change
    from planwatch.registry.models import ImportDraft

    before = _draft_snapshot(draft)
    existing = Document.objects.filter(slug=(data.get("document") or {}).get("id")).first()
    if existing is not None:
        # A document never states an indicator's measure or direction: the importer guesses them, and a guess
        # does not overwrite what the register already holds.
        known = set(existing.indicators.values_list("key", flat=True))
        for indicator in data.get("indicators", []):
            if indicator["key"] in known:
                indicator.pop("measure", None)
                indicator.pop("direction", None)
    accepted = [{"name": name, "kind": kind or "other"} for name, kind in new_agencies.items()]
    for item in [*data.get("indicators", []), *data.get("tasks", [])]:
        for name in item.pop("unknown_agencies", []):
            # The accepted name is added where the reader found it: as lead, or as coordinating.
            role = "lead" if name in (item.get("lead_text") or "") else "coordinating"
            item.setdefault(f"{role}_agencies", []).append(name)
    result = import_save(data=data, new_agencies=accepted, actor=actor, reason=f"nhập văn bản {draft}")
    draft.data = data
    draft.status = ImportDraft.Status.SAVED
    draft.document = result.document
    draft.result = {"created": result.changes.created, "updated": result.changes.updated,
                    "deleted": result.changes.deleted, "messages": result.changes.messages[:200]}
    draft.save()
    record_change(draft, before=before, after=_draft_snapshot(draft), actor=actor, reason="lưu bản nhập")
    return result


@transaction.atomic
def import_draft_discard(*, draft, actor) -> None:
    from planwatch.audit.services import record_change
    from planwatch.registry.models import ImportDraft

    before = _draft_snapshot(draft)
    draft.status = ImportDraft.Status.DISCARDED
    draft.save(update_fields=["status"])
    record_change(draft, before=before, after=_draft_snapshot(draft), actor=actor, reason="hủy bản nhập")


# A draft's original, read again with the planner's meaning of columns --------------------------------------


def keep_original(draft, data: bytes, filename: str = "") -> None:
    """Keep the document as uploaded or pasted beside its draft (ImportDraft.source_file says why a file)."""
    from django.core.files.base import ContentFile

    if len(data) > MAX_UPLOAD_BYTES:  # the parser refuses such a file before any draft exists; never kept
        return
    draft.source_file.save(filename or "van-ban.txt", ContentFile(data), save=False)
    draft.save(update_fields=["source_file"])


def read_original(draft) -> bytes:
    """The draft's original document; RegisterError when it was not kept (a draft older than the field)."""
    if not draft.source_file:
        raise RegisterError("Bản nhập này không giữ văn bản gốc nên không đọc lại được: hãy nhập lại văn bản.")
    try:
        with draft.source_file.open("rb") as handle:
            data = handle.read(MAX_UPLOAD_BYTES + 1)
    except OSError as exc:
        raise RegisterError("Không mở được văn bản gốc của bản nhập này: hãy nhập lại văn bản.") from exc
    if len(data) > MAX_UPLOAD_BYTES:
        raise RegisterError("Văn bản gốc vượt quá giới hạn 20 MB, không đọc lại.")
    return data


def reading_of(parsed) -> dict:
    """How the document was read, for the review page: its format, whether any text came from page images
    (OCR, so less sure) and the pages its tables stand on."""
    source = parsed.source
    pages = sorted({g.page for g in getattr(source, "grids", None) or [] if getattr(g, "page", None)})
    return {
        "format": getattr(source, "format", None),
        "ocr": bool(getattr(source, "ocr", False)),
        "pages": pages,
    }


def has_content(data: dict) -> bool:
    return bool(data.get("indicators") or data.get("tasks"))


def require_content(data: dict) -> None:
    """An import with no indicator and no task would save an empty document: refused."""
    if not has_content(data):
        raise RegisterError(
            "Không đọc được chỉ tiêu hay nhiệm vụ nào từ văn bản này nên không có gì để lưu vào danh mục. "
            "Hãy sửa nghĩa các cột của bảng rồi đọc lại, hoặc nhập lại văn bản."
        )


def _choices_text(choices: dict) -> str:
    return "; ".join(
        f"bảng {t}, cột {int(j) + 1}: {header or 'bỏ qua'}"
        for t, columns in sorted(choices.items(), key=lambda item: int(item[0]))
        for j, header in sorted(columns.items(), key=lambda item: int(item[0]))
    )


def _read_text(data: dict) -> str:
    return f"{len(data.get('indicators', []))} chỉ tiêu, {len(data.get('tasks', []))} nhiệm vụ"


@transaction.atomic
def import_draft_reread(*, draft, columns: dict, actor):
    """Read the draft's original document again with the planner's meaning of some columns, each fixed once for
    a whole table: `{table number: {column index (0-based): header as a planner would write it}}` (docparse's
    `columns=`; an empty header or `Bỏ qua` leaves the column out). The choices add to the ones made before; what
    was read is replaced (cell edits not yet saved are read again from the original) and the draft stays a draft.
    Raises RegisterError when the draft is no longer under review, kept no original, or cannot be read again."""
    from planwatch.audit.services import record_change
    from planwatch.docparse.api import parse_bytes, to_format
    from planwatch.docparse.errors import ParseError
    from planwatch.registry.models import ImportDraft

    if draft.status != ImportDraft.Status.REVIEW:
        raise RegisterError("Bản nhập này đã được lưu hoặc đã hủy.")
    original = read_original(draft)
    old = draft.data or {}
    choices: dict[int, dict[int, str]] = {
        int(t): {int(j): header for j, header in cols.items()} for t, cols in (old.get("column_choices") or {}).items()
    }
    for t, cols in columns.items():
        choices.setdefault(int(t), {}).update({int(j): (header or "").strip() for j, header in cols.items()})
    agencies, leaders = register_directories()
    try:
        parsed = parse_bytes(original, filename=draft.filename or None, agencies=agencies, leaders=leaders, columns=choices)
    except ParseError as exc:
        raise RegisterError(f"Không đọc lại được văn bản với nghĩa cột đã chọn: {exc}") from exc
    formatted = _plain_json(judgements_from_tables(to_format(parsed), parsed))
    formatted["document"]["id"] = (
        (old.get("document") or {}).get("id") or formatted["document"].get("id") or propose_id(formatted["document"])
    )
    formatted["reading"] = reading_of(parsed)
    formatted["column_choices"] = {str(t): {str(j): h for j, h in cols.items()} for t, cols in choices.items()}
    # Each column keeps the header the document gives it, whatever the planner made of it.
    read_headers = {
        (table.get("index"), j): column.get("read_header", column.get("header"))
        for table in old.get("tables", []) for j, column in enumerate(table.get("columns", []))
    }
    for table in formatted.get("tables", []):
        for j, column in enumerate(table.get("columns", [])):
            column["read_header"] = read_headers.get((table.get("index"), j), column.get("header"))
    before = {"columns": _choices_text(old.get("column_choices") or {}), "read": _read_text(old)}
    draft.data = formatted
    draft.source_lines = source_view(parsed)
    draft.save(update_fields=["data", "source_lines"])
    after = {"columns": _choices_text(formatted["column_choices"]), "read": _read_text(formatted)}
    record_change(draft, before=before, after=after, actor=actor, reason="đọc lại văn bản với nghĩa cột đã chọn")
    return draft


def render_page(draft, page: int, *, scale: float = 1.5) -> bytes | None:
    """A page of the draft's original PDF as PNG, rendered on demand (to check OCR against the page image);
    None when the original is not a PDF, the page does not exist, or no renderer is installed."""
    data = read_original(draft)
    if not data.startswith(b"%PDF"):
        return None
    try:
        import pypdfium2
    except ImportError:
        return _render_page_poppler(data, page, scale)
    import io

    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError:
        return None
    try:
        if not 1 <= page <= len(pdf):
            return None
        image = pdf[page - 1].render(scale=scale).to_pil()
        buffer = io.BytesIO()
        image.save(buffer, format="PNG", optimize=True)
        return buffer.getvalue()
    finally:
        pdf.close()


def _render_page_poppler(data: bytes, page: int, scale: float) -> bytes | None:
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path

    program = shutil.which("pdftoppm")
    if program is None or page < 1:
        return None
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "van-ban.pdf"
        pdf.write_bytes(data)
        try:
            subprocess.run(
                [program, "-f", str(page), "-l", str(page), "-r", str(int(72 * scale)), "-png", "-singlefile",
                 str(pdf), str(Path(folder) / "trang")],
                check=True, timeout=60, capture_output=True,
            )
        except (subprocess.SubprocessError, OSError):
            return None
        image = Path(folder) / "trang.png"
        return image.read_bytes() if image.exists() else None
