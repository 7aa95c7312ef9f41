"""The parser's data: the intermediate table model and the parsed plan.

Readers turn bytes into a `SourceDocument` (lines and grids); `tables` turns every layout into `Table`s of
`Row`s of `Cell`s; the builder turns tables into `ParsedIndicator`s and `ParsedTask`s. `api.to_format`
writes the result in the plan format of docs/format.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from planwatch.engine.explain import Phrase, settle
from planwatch.engine.quantity import Quantity

# --- where things came from ---------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """A line of a text document (1-based), or a table, row and column (1-based) of any document."""

    line: int | None = None
    table: int | None = None
    row: int | None = None
    column: int | None = None

    def to_dict(self, *, with_column: bool = True) -> dict:
        if self.table is not None:
            out = {"table": self.table, "row": self.row}
            if with_column and self.column is not None:
                out["column"] = self.column
            return out
        if self.line is not None:
            out = {"line": self.line}
            if with_column and self.column is not None:
                out["column"] = self.column
            return out
        return {}

    def with_column(self, column: int | None) -> Source:
        return Source(self.line, self.table, self.row, column)


@dataclass(frozen=True)
class ParseWarning:
    """Something the person importing should look at: a guess, an ambiguity, a name not in the register."""

    code: str
    message: str  # Vietnamese; given a Phrase, its Vietnamese writing (the phrase goes to `explanation`)
    source: Source = field(default_factory=Source)
    text: str | None = None
    explanation: Phrase | None = None  # the message as a translatable phrase (engine/explain.py)

    def __post_init__(self) -> None:
        settle(self, "message", "explanation")

    def to_dict(self) -> dict:
        out = {"code": self.code, "message": self.message, "source": self.source.to_dict()}
        if self.text is not None:
            out["text"] = self.text
        if self.explanation is not None:
            out["explanation"] = self.explanation.to_dict()
        return out


# --- what readers produce -----------------------------------------------------------------------


@dataclass
class GridCell:
    """One cell of a real table (DOCX, XLSX) as the reader found it."""

    text: str
    number: object = None  # a Decimal when the spreadsheet stored a number
    merged_from_above: bool = False  # a vertical merge continues the cell above
    spanned: bool = False  # covered by a horizontal span of the cell to its left


@dataclass
class Grid:
    """A real table: rows of cells on a regular grid; `after_line` is the index of the paragraph before it."""

    rows: list[list[GridCell]]
    after_line: int = 0
    name: str | None = None  # the sheet name of a spreadsheet
    page: int | None = None  # the page of a PDF (1-based); a table over a page break is one grid per page
    confidence: float | None = None  # OCR: the mean confidence of the table's words, 0-1


@dataclass
class SourceDocument:
    """A document as text lines (paragraphs) and real tables, before any interpretation."""

    lines: list[str]
    grids: list[Grid] = field(default_factory=list)
    format: str = "text"  # "text", "docx", "xlsx", "pdf", "html"
    filename: str | None = None
    encoding: str | None = None
    ocr: bool = False  # some text was recognised from page images, so it may hold recognition errors


# --- the intermediate table model ---------------------------------------------------------------

UNCERTAIN = 0.7  # below this a row or a table is reported for the person importing to check


@dataclass
class Cell:
    text: str
    number: object = None  # exact Decimal from a spreadsheet
    restored: bool = False  # the cell was missing (merged) and restored from the row above
    line: int | None = None  # first source line, for text layouts


@dataclass
class Row:
    cells: list[Cell]
    source: Source
    joined: int = 0  # how many continuation rows (next page) were joined into this one
    confidence: float = 1.0  # how sure the reader is of this row's cells (0-1)
    reasons: list[str] = field(default_factory=list)  # what lowered the confidence, in Vietnamese
    reason_phrases: list[Phrase] = field(default_factory=list)  # the same reasons as phrases (`add_reason`)


def add_reason(row, reason: Phrase) -> None:
    """A reason that lowers a row's confidence (a `Row` or an aligned row): its Vietnamese text in `reasons`, the
    phrase in `reason_phrases` for the warning that lists them."""
    row.reasons.append(str(reason))
    row.reason_phrases.append(reason)


@dataclass
class Column:
    """What a column means, mapped from its header."""

    role: str  # tt, name, unit, target, value, lead, coord, leader, product, deadline, note, progress, assessment, other
    header: str
    period: str | None = None  # for targets (the horizon) and values
    kind: str | None = None  # for values: plan, estimate, actual, required; for a deadline: framework_plan


@dataclass
class Table:
    index: int  # 1-based, in document order
    columns: list[Column]
    rows: list[Row]
    layout: str  # "pipe", "tab", "blocks", "docx", "xlsx"
    title: str | None = None
    header_source: Source | None = None
    end_line: int | None = None  # text layouts: the line after the table (0-based index)
    confidence: float = 1.0  # how sure the reader is that this is a table with these columns

    @property
    def uncertain_rows(self) -> list[Row]:
        return [r for r in self.rows if r.confidence < UNCERTAIN]

    @property
    def kind(self) -> str:
        roles = {c.role for c in self.columns}
        if roles & {"target", "value"}:
            return "indicators"
        return "tasks"

    def column_index(self, role: str) -> int | None:
        for i, c in enumerate(self.columns):
            if c.role == role:
                return i
        return None


# --- the parsed plan ----------------------------------------------------------------------------


@dataclass
class DocumentInfo:
    id: str | None = None
    number: str | None = None
    kind: str = "other"
    issuer: str | None = None
    date: date | None = None
    year: int | None = None  # when only the year is known (`ngày  tháng  năm 2024`)
    signer: str | None = None
    signer_title: str | None = None
    title: str | None = None
    period: str | None = None
    implements: list[str] = field(default_factory=list)


@dataclass
class LeaderRef:
    text: str
    position: str | None = None
    person: str | None = None


@dataclass
class Resolution:
    """What an agency cell resolved to."""

    text: str | None
    agencies: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)


@dataclass
class Target:
    horizon: str
    quantity: Quantity


@dataclass
class Value:
    period: str
    kind: str
    quantity: Quantity


@dataclass
class ParsedIndicator:
    key: str
    code: str
    group: str | None
    parent: str | None
    name: str
    unit: str | None
    targets: list[Target]
    values: list[Value]
    lead: Resolution
    leader: LeaderRef | None
    assessment: str | None
    source: Source
    measure: str | None = None
    direction: str | None = None
    group_title: str | None = None
    confidence: float = 1.0  # the confidence of the row it was read from
    reasons: list[str] = field(default_factory=list)


@dataclass
class Recurrence:
    months: list[int]
    start: int
    until: int


@dataclass
class Deadline:
    text: str
    kind: str  # date, dates, recurring, done, external, unknown
    due_dates: list[date] = field(default_factory=list)
    recurrence: Recurrence | None = None


@dataclass
class Reference:
    number: str
    date: date | None
    text: str


@dataclass
class SplitFrom:
    task: str
    document: str | None
    text: str


@dataclass
class ParsedTask:
    key: str
    code: str
    section: str | None
    section_title: str | None
    title: str
    lead: Resolution
    coordinating: Resolution
    leader: LeaderRef | None
    product: str | None
    deadline: Deadline | None
    note: str | None
    references: list[Reference]
    split_from: SplitFrom | None
    status: str
    source: Source
    parent: str | None = None  # prose: the paragraph task an item belongs to
    progress: str | None = None  # what the document says has been done (`Kết quả hiện nay`)
    framework_deadline: Deadline | None = None  # when the task's framework plan is due (plan 183, appendix 2)
    confidence: float = 1.0  # the confidence of the row (or sentence) it was read from
    reasons: list[str] = field(default_factory=list)


@dataclass
class CandidateIndicator:
    """A quantitative target found in the body text, offered to the person importing."""

    name: str
    horizon: str | None
    quantity: Quantity
    unit: str | None
    text: str  # the sentence it came from
    source: Source


@dataclass
class ParsedDocument:
    document: DocumentInfo
    indicators: list[ParsedIndicator] = field(default_factory=list)
    tasks: list[ParsedTask] = field(default_factory=list)
    candidate_indicators: list[CandidateIndicator] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    source: SourceDocument | None = None
