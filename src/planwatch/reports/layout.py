"""A report as plain data: a heading and tables of cells. Every writer (XLSX, DOCX, PDF, CSV) renders this.

Builders (indicators.py, tasks.py, scorecards.py) decide *what* a cell says; writers decide only how it looks
in their format, so the four files of one report carry the same content.

A table is a grid: `Row.cells` has one entry per column. A cell spanning columns (`colspan`) or rows
(`rowspan`) covers its neighbours, which are `None` in the grid.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

# Status marks: a fill colour per status, the same in every format (hex RGB, no '#').
FILLS = {
    "achieved_early": "C6EFCE",
    "on_track": "DDEBF7",
    "difficult": "FFEB9C",
    "very_challenging": "FFC7CE",
    "unknown": "EDEDED",
    "done": "C6EFCE",
    "done_late": "E2EFDA",
    "on_schedule": "DDEBF7",
    "behind": "FFEB9C",
    "not_started": "EDEDED",
    "overdue": "FFC7CE",
}
HEADER_FILL = "D9E1F2"
GROUP_FILL = "F2F2F2"


@dataclass
class Cell:
    """One cell. `text` is what a reader sees (vi-VN); `number`, when set, is the value an XLSX cell holds,
    shown with `places` decimals and the literal `prefix` (`≥ `) and `suffix` (`/năm`) by its number format."""

    text: str = ""
    number: Decimal | None = None
    places: int = 0
    prefix: str = ""
    suffix: str = ""
    bold: bool = False
    italic: bool = False
    indent: int = 0
    align: str = "left"  # left, center, right
    fill: str | None = None
    colspan: int = 1
    rowspan: int = 1
    percent: bool = False  # number is a fraction shown as a percentage (scorecard rates)
    comment: str = ""  # a longer explanation (the engine's reason for a status): an XLSX cell comment

    @property
    def is_number(self) -> bool:
        return self.number is not None


@dataclass
class Column:
    key: str
    width: float  # in characters (XLSX column width); other writers scale it
    align: str = "left"


@dataclass
class Row:
    cells: list[Cell | None]
    kind: str = "data"  # data, group (a heading row spanning the table), section
    key: str = ""  # the indicator's or task's key, for tests and anchors


@dataclass
class Table:
    sheet_name: str
    title: str
    subtitle: str = ""
    columns: list[Column] = field(default_factory=list)
    header: list[list[Cell | None]] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # A table accompanying an appendix (the judgement disagreements): XLSX, DOCX and PDF carry it, a CSV (one
    # table) leaves it out.
    supplementary: bool = False

    def column_labels(self) -> list[str]:
        """One label per column, from every header cell covering it (`Thực hiện: TH 2021`)."""
        labels: list[list[str]] = [[] for _ in self.columns]
        for row in self.header:
            for index, cell in enumerate(row):
                if cell is None or not cell.text:
                    continue
                for covered in range(index, min(index + cell.colspan, len(self.columns))):
                    labels[covered].append(cell.text)
        return [": ".join(parts) for parts in labels]

    def column_index(self, key: str) -> int:
        for index, column in enumerate(self.columns):
            if column.key == key:
                return index
        raise KeyError(key)

    def row(self, key: str) -> Row:
        for row in self.rows:
            if row.key == key:
                return row
        raise KeyError(key)


@dataclass
class Heading:
    """The heading of a Vietnamese administrative document, as the report repeats it."""

    issuer: str
    number: str  # "Số: 183/KH-UBND" or "Số:      /KH-UBND" for a draft
    place_date: str  # "Hà Nội, ngày 10 tháng 8 năm 2021"
    kind: str  # "KẾ HOẠCH"
    title: str
    lines: list[str] = field(default_factory=list)  # period, scope, when generated


NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


@dataclass
class Report:
    heading: Heading
    tables: list[Table]
    filename: str  # without extension, ASCII

    def table(self, sheet_name: str) -> Table:
        for table in self.tables:
            if table.sheet_name == sheet_name:
                return table
        raise KeyError(sheet_name)
