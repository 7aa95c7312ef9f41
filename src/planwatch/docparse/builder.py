"""Tables → indicators and tasks (the result builder), applying the rules of docs/format.md.

Indicator rows:

- a row whose TT is a group letter or Roman numeral (`A`, `II`) and that holds no target or value is a group
  heading: it sets `group` for the rows below and starts the fill-down afresh;
- a numbered row (`1`, `12.`) is keyed by its number; any other row is a sub-row of the nearest numbered row
  (a `+` row of the nearest `-` row inside it), keyed by its parent's key and its position (`1.3.1`);
- when the TT cell is empty and the name starts with a marker (`- `, `+ `, `Trong đó:`, `Tr.đó:`), the marker is
  the code; a row that reads only `Trong đó:` is a marker, not an indicator;
- an empty lead or leader cell continues the nearest non-empty one above in the same group (the cell was merged),
  except on a heading row (no target, no value), which keeps only what is written on it;
- a unit in the name (`(%)`, `(Tỷ đồng)`) becomes the unit when the unit cell is empty or absent.

Task rows: a Roman or letter row with nothing else is a section; numbered rows are tasks keyed `section.number`;
rows without a number under a task are its sub-tasks. References and `split_from` are read from the note.
"""

from __future__ import annotations

import re
from decimal import Decimal

from planwatch.engine.explain import Phrase, gettext_noop, phrase
from planwatch.engine.kinds import DIRECTION_LABELS, MEASURE_LABELS
from planwatch.engine.quantity import EQ, Quantity

from .agencies import AgencyDirectory, LeaderDirectory, Match
from .cells import GROUP, NUMBERED
from .cell_rules import (  # the rules as functions; re-exported: tests and header.py import them from here
    DOC_NUMBER,
    _first_index,
    _period_end,
    assessment_of,
    caption_unit,
    guess_measure,
    references_in,
    split_from_in,
    split_lead_cell,
    split_marker,
    unit_from_name,
)
from .celltext import clean, one_line
from .deadlines import parse_deadline
from .model import (
    DocumentInfo,
    LeaderRef,
    ParsedIndicator,
    ParsedTask,
    ParseWarning,
    Resolution,
    Row,
    Source,
    Table,
    Target,
    Value,
)
from .numbers import NumberContext, column_style, parse_quantity, readings

_HEADING_IN_CELL = re.compile(r"^(?P<n>[IVX]{1,5}|[A-ZĐ]|\d{1,2})[.)]\s+(?P<t>\S.{2,})$")
ROMAN_OR_LETTER = re.compile(r"^(?:[IVX]{1,5}|[A-ZĐ])$")


class Builder:
    def __init__(
        self,
        info: DocumentInfo,
        warnings: list[ParseWarning],
        agencies: AgencyDirectory | None = None,
        leaders: LeaderDirectory | None = None,
    ) -> None:
        self.info = info
        self.warnings = warnings
        self.agencies = agencies
        self.leaders = leaders
        self.period_end = _period_end(info.period) or (info.date.year if info.date else info.year)
        self.year = info.date.year if info.date else info.year
        self.columns_warned: set[tuple[int, int]] = set()

    # --- helpers ---------------------------------------------------------------------------------------

    def warn(self, code: str, message: Phrase | str, source: Source, text: str | None = None) -> None:
        self.warnings.append(ParseWarning(code, message, source, text))

    def resolve_agencies(self, text: str | None, source: Source) -> Resolution:
        if not text:
            return Resolution(None)
        if self.agencies is None:
            # No register to read the names against: every name is unknown, and said so once per document.
            parts = [p.strip(" .") for p in re.split(r"\s*;\s*", text) if p.strip(" .")]
            return Resolution(text, [], [], parts)
        res, matches = self.agencies.resolve(text)
        for m in matches:
            self._report_match(m, source)
        return res

    def _report_match(self, m: Match, source: Source) -> None:
        if m.how == "fuzzy":
            self.warn(
                "fuzzy_agency",
                phrase(
                    gettext_noop(
                        "'%(written)s' không có trong danh mục; gần giống '%(name)s' nhất (khác %(distance)s ký tự) "
                        "nên đã nhận là '%(name)s'. Hãy kiểm tra."
                    ),
                    written=m.written,
                    name=m.name,
                    distance=m.distance,
                ),
                source,
                m.written,
            )
        elif m.how == "unknown":
            self.warn(
                "unknown_agency",
                phrase(
                    gettext_noop("Cơ quan '%(written)s' chưa có trong danh mục: đề xuất thêm mới."),
                    written=m.written,
                ),
                source,
                m.written,
            )

    def resolve_leader(self, text: str | None, source: Source) -> LeaderRef | None:
        if not text:
            return None
        if self.leaders is None:
            return LeaderRef(text)
        ref, match = self.leaders.resolve(text, on=self.info.date, year=self.year)
        if match is None:
            return ref
        if match.how == "fuzzy":
            self.warn(
                "fuzzy_leader",
                phrase(
                    gettext_noop(
                        "Tên lãnh đạo '%(written)s' viết khác danh mục; đã nhận là '%(person)s'. Hãy kiểm tra."
                    ),
                    written=match.detail,
                    person=match.person,
                ),
                source,
                text,
            )
        elif match.how == "out_of_tenure":
            self.warn(
                "leader_out_of_tenure",
                phrase(
                    gettext_noop(
                        "Theo danh mục, '%(person)s' không giữ chức vụ này vào ngày của văn bản. Hãy kiểm tra."
                    ),
                    person=match.person,
                ),
                source,
                text,
            )
        elif match.how == "unknown":
            self.warn(
                "unknown_leader",
                phrase(gettext_noop("Không nhận ra lãnh đạo '%(written)s' trong danh mục."), written=text),
                source,
                text,
            )
        return ref

    def _row_source(self, row: Row, column: int | None = None) -> Source:
        return row.source.with_column(None if column is None else column + 1)

    # --- indicators -------------------------------------------------------------------------------------

    def indicators(self, table: Table) -> list[ParsedIndicator]:
        cols = table.columns
        idx = _first_index(cols)
        table_unit = caption_unit(table.title)
        group_horizon: str | None = None
        target_cols = [j for j, c in enumerate(cols) if c.role == "target"]
        value_cols = [j for j, c in enumerate(cols) if c.role == "value"]
        styles = {
            j: column_style([r.cells[j].text for r in table.rows]) for j in target_cols + value_cols
        }
        out: list[ParsedIndicator] = []
        group: str | None = None
        group_title: str | None = None
        last_lead: str | None = None
        last_leader: str | None = None
        last_numbered: str | None = None
        last_dash: str | None = None
        children: dict[str, int] = {}
        guessed: dict[str, tuple[str, str, str | None]] = {}
        top_count = 0
        tt_index = idx.get("tt")
        numbers = [one_line(r.cells[tt_index].text).rstrip(".)") for r in table.rows] if tt_index is not None else []
        numbered_rows = any(NUMBERED.match(n) for n in numbers)
        # Numbering that starts again in every group (I: 1, 2; II: 1, 2) needs the group in the key to stay unique.
        plain = [n for n in numbers if NUMBERED.match(n)]
        per_group = len(plain) != len(set(plain)) and any(GROUP.match(n) and not NUMBERED.match(n) for n in numbers)

        for row in table.rows:
            cell = lambda role: row.cells[idx[role]] if role in idx else None  # noqa: E731
            tt = one_line(cell("tt").text) if cell("tt") else ""
            name_cell = cell("name")
            name = clean(name_cell.text) if name_cell else ""
            unit_text = one_line(cell("unit").text) if cell("unit") else ""
            numeric_texts = [row.cells[j].text for j in target_cols + value_cols]
            has_data = any(parse_quantity(t).quantity is not None for t in numeric_texts)

            caps_group = "tt" not in idx and not has_data and len(name.split()) >= 2 and name.isupper()
            if (GROUP.match(tt) and not has_data and not NUMBERED.match(tt)) or caps_group:
                # A group: its letter and title, or (without a number column) its title in capitals.
                group = tt.rstrip(".") if tt else None
                group_title = name or None
                # `Đến năm 2030` as a group: the horizon of the targets below it when their column names none.
                horizon = re.search(r"(?:^|đến|tới|giai đoạn)\s*(?:năm\s+)?((?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?)\s*$", name or "", re.IGNORECASE)
                group_horizon = re.sub(r"\s*[-–]\s*", "-", horizon.group(1)) if horizon else None
                last_lead = last_leader = None
                last_numbered = last_dash = None
                continue

            code, name = split_marker(tt, name)
            if not name:
                continue  # `Trong đó:` alone, or an empty row
            numbered = NUMBERED.match(code) if code else None
            if numbered:
                k = numbered.group(1) or numbered.group(2)
                parent = k.rsplit(".", 1)[0] if "." in k else None
                if per_group and group:
                    k = f"{group}.{k}"
                    parent = f"{group}.{parent}" if parent else None
                last_numbered, last_dash = k, None
            else:
                parent = (last_dash if code == "+" else None) or last_numbered
                if parent is None:
                    # A row above any numbered row (or a table without numbers): keyed by its place.
                    top_count += 1
                    k = str(top_count) if not numbered_rows else f"0.{top_count}"
                else:
                    children[parent] = children.get(parent, 0) + 1
                    k = f"{parent}.{children[parent]}"
                if code == "-":
                    last_dash = k

            unit = unit_text or None
            if not unit:
                name, unit = unit_from_name(name)
            if not unit and "unit" not in idx:
                unit = table_unit  # `Đơn vị tính: tỷ đồng` written once above the table

            src = row.source
            ctx_mag_texts = numeric_texts
            targets: list[Target] = []
            values: list[Value] = []
            for j in target_cols + value_cols:
                c = row.cells[j]
                q = self._quantity(c, NumberContext.for_row(ctx_mag_texts, unit=unit, column_style=styles[j]), self._row_source(row, j))
                if q is None:
                    continue
                col = cols[j]
                if col.role == "target":
                    horizon = col.period or group_horizon or self.info.period or self._title_year()
                    if not horizon and (id(table), j) not in self.columns_warned:
                        self.columns_warned.add((id(table), j))  # once per column, not once per row
                        self.warn(
                            "target_without_horizon",
                            phrase(
                                gettext_noop(
                                    "Cột '%(header)s' là chỉ tiêu nhưng không nói năm đích, và văn bản không nói giai "
                                    "đoạn: hãy ghi năm cho cột này (sửa nghĩa cột) trước khi lưu."
                                ),
                                header=col.header,
                            ),
                            self._row_source(row, j),
                            col.header,
                        )
                    targets.append(Target(horizon or "", q))
                else:
                    values.append(Value(col.period or "", col.kind or "actual", q))
            heading = not targets and not values

            lead_text = self._filled(cell("lead"), heading, last_lead)
            if lead_text:
                last_lead = lead_text
            leader_text = self._filled(cell("leader"), heading, last_leader)
            if leader_text:
                last_leader = leader_text
            lead_src = self._row_source(row, idx.get("lead"))
            lead = self.resolve_agencies(lead_text, lead_src)
            leader = self.resolve_leader(leader_text, self._row_source(row, idx.get("leader")))
            assessment = None
            if cell("assessment") and cell("assessment").text.strip():
                assessment = assessment_of(cell("assessment").text)
                if assessment is None:
                    self.warn(
                        "unknown_assessment",
                        phrase(
                            gettext_noop("Không hiểu đánh giá '%(written)s' (cần: Đạt, Không đạt, Vượt)."),
                            written=one_line(cell("assessment").text),
                        ),
                        self._row_source(row, idx.get("assessment")),
                        one_line(cell("assessment").text),
                    )
            measure, direction = guess_measure(name, unit, targets, guessed.get(parent) if parent else None)
            guessed[k] = (measure, direction, unit)
            out.append(
                ParsedIndicator(
                    key=k,
                    code=code,
                    group=group,
                    parent=parent,
                    name=name,
                    unit=unit,
                    targets=targets,
                    values=values,
                    lead=lead,
                    leader=leader,
                    assessment=assessment,
                    source=src,
                    measure=measure,
                    direction=direction,
                    group_title=group_title,
                    confidence=row.confidence,
                    reasons=list(row.reasons),
                )
            )
            self.warn(
                "measure_guessed",
                phrase(
                    gettext_noop(
                        "Cách tính '%(measure)s' và chiều '%(direction)s' của chỉ tiêu là phỏng đoán từ tên và "
                        "đơn vị tính."
                    ),
                    measure=phrase(MEASURE_LABELS.get(measure, measure)),
                    direction=phrase(DIRECTION_LABELS.get(direction, direction)),
                ),
                src,
                name[:120],
            )
        return out

    def _title_year(self) -> str | None:
        """`Kế hoạch phát triển kinh tế - xã hội năm 2025`: a one-year plan's targets are for that year."""
        found = re.findall(r"\bnăm\s+((?:19|20)\d\d)\b", self.info.title or "", re.IGNORECASE)
        return found[-1] if found else None

    def _filled(self, c, heading: bool, last: str | None) -> str | None:
        if c is None:
            return None
        # As written (a paragraph break in a Word cell stays `\n`).
        written = "" if c.restored else clean(c.text)
        if heading:
            return written or None
        if written:
            return written
        if c.restored and c.text:
            return clean(c.text)
        return last

    def _quantity(self, c, ctx: NumberContext, source: Source) -> Quantity | None:
        if c.number is not None and isinstance(c.number, Decimal):
            return Quantity(EQ, c.number, c.number, one_line(c.text))
        result = parse_quantity(c.text, ctx)
        q = result.quantity
        if q is None:
            return None
        for tok in result.ambiguous:
            options = [r.value for r in readings(tok)]
            self.warn(
                "ambiguous_number",
                phrase(
                    gettext_noop(
                        "Số '%(written)s' có thể là %(first)s hoặc %(second)s; hàng và cột không đủ để quyết định, "
                        "đã đọc theo kiểu Việt Nam. Hãy kiểm tra."
                    ),
                    written=tok,
                    first=options[0],  # Decimals: written in the reader's number style
                    second=options[1],
                ),
                source,
                tok,
            )
        if result.unparsed:
            self.warn(
                "value_as_text",
                phrase(gettext_noop("Ô có số nhưng không đọc được thành chỉ tiêu định lượng; giữ nguyên văn bản.")),
                source,
                q.text,
            )
        return q

    # --- tasks ---------------------------------------------------------------------------------------------

    def tasks(self, table: Table) -> list[ParsedTask]:
        idx = _first_index(table.columns)
        out: list[ParsedTask] = []
        section: str | None = None
        section_title: str | None = None
        last_task: str | None = None
        children: dict[str, int] = {}
        for row in table.rows:
            cell = lambda role: row.cells[idx[role]] if role in idx else None  # noqa: E731
            # Cells as written: a paragraph break in a Word cell stays `\n` (docs/format.md, "Text as written").
            text = lambda role: clean(cell(role).text) if cell(role) else ""  # noqa: E731
            tt = one_line(text("tt"))
            title = clean(cell("name").text) if cell("name") else ""
            others = [text(r) for r in ("lead", "coord", "leader", "product", "deadline", "note", "progress")]
            # A section: its letter or numeral and a title; a stray scrap of the row above in another cell (a page
            # break in the copy) does not make it a task, an agency would.
            stray = [o for o in others if o]
            if GROUP.match(tt) and not NUMBERED.match(tt) and (
                not stray or (not text("lead") and not text("coord") and all(len(o) <= 25 and o[:1].islower() for o in stray))
            ):
                section, section_title = tt.rstrip("."), title or None
                last_task = None
                continue
            heading = _HEADING_IN_CELL.match(title if not tt else tt if not title else "")
            if heading and not any(others) and (not tt or not title):
                # A heading written whole in one cell spanning the table: `I. HOÀN THIỆN THỂ CHẾ` opens a section,
                # `1. Công tác tuyên truyền` only titles the rows under it (their own numbers key them).
                if ROMAN_OR_LETTER.match(heading.group("n")):
                    section = heading.group("n")
                    last_task = None
                section_title = heading.group("t")
                continue
            code, title = split_marker(tt, title)
            if not title and not any(others):
                continue
            numbered = NUMBERED.match(code) if code else None
            parent = None
            if numbered:
                number = numbered.group(1) or numbered.group(2)
                k = f"{section}.{number}" if section else number
                last_task = k
            elif last_task is not None:
                parent = last_task
                children[parent] = children.get(parent, 0) + 1
                k = f"{parent}.{children[parent]}"
            else:
                children["_"] = children.get("_", 0) + 1
                k = f"{section}.{children['_']}" if section else str(children["_"])
            lead_text = text("lead") or None
            coord_text = text("coord") or None
            if lead_text and not coord_text:
                lead_text, coord_text = split_lead_cell(lead_text)
            deadline = parse_deadline(one_line(text("deadline")), year=self.year, period_end=self.period_end)
            if deadline is not None and deadline.kind == "unknown":
                self.warn(
                    "unknown_deadline",
                    phrase(
                        gettext_noop("Không hiểu thời hạn '%(written)s'; giữ nguyên văn bản, không có ngày đến hạn."),
                        written=deadline.text,
                    ),
                    self._row_source(row, idx.get("deadline")),
                    deadline.text,
                )
            framework_deadline = None
            if "deadline" in idx and table.columns[idx["deadline"]].kind == "framework_plan":
                framework_deadline, deadline = deadline, None
            note = clean(cell("note").text) if cell("note") and cell("note").text.strip() else None
            note_line = one_line(note) if note else None
            out.append(
                ParsedTask(
                    key=k,
                    code=code,
                    section=section,
                    section_title=section_title,
                    title=title,
                    lead=self.resolve_agencies(lead_text, self._row_source(row, idx.get("lead"))),
                    coordinating=self.resolve_agencies(coord_text, self._row_source(row, idx.get("coord"))),
                    leader=self.resolve_leader(text("leader") or None, self._row_source(row, idx.get("leader"))),
                    product=text("product") or None,
                    deadline=deadline,
                    note=note,
                    references=references_in(note_line),
                    split_from=split_from_in(note_line),
                    status="done" if (deadline or framework_deadline) is not None
                    and (deadline or framework_deadline).kind == "done" else "not_started",
                    source=row.source,
                    parent=parent,
                    progress=text("progress") or None,
                    framework_deadline=framework_deadline,
                    confidence=row.confidence,
                    reasons=list(row.reasons),
                )
            )
        return out
