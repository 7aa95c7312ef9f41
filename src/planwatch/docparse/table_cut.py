"""A cut of the text read as a table, before the cuts compete: the table it gives, the lines it covers, its
warnings and how well it fits (`fit`), so that where two layouts read the same lines the better reading is kept
(tables.py). With the caption above a table, which every text layout takes as the table's title.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .celltext import one_line
from .model import ParseWarning, Table

@dataclass
class _Found:
    table: Table
    end_line: int  # the first line after the table (text layouts)
    warnings: list[ParseWarning] = field(default_factory=list)  # kept only if the table is
    start: int = -1  # 0-based line where the table (its header) starts
    score: float = 0.0  # how well the cut fits: competing cuts of the same lines keep the best

    def __post_init__(self) -> None:
        if self.start < 0 and self.table.header_source and self.table.header_source.line:
            self.start = self.table.header_source.line - 1
        if not self.score:
            self.score = fit(self.table)


# Layouts fitted to one convention each win a tie against the general cuts that also read them.
_LAYOUT_BONUS = {"pipe": 1.0, "tab": 1.0, "blocks": 0.5, "markdown": 1.0, "spaces": 0.2, "numeric": 0.2}


def fit(table: Table) -> float:
    """How well a cut reads: its rows' confidences and its recognised columns."""
    known = sum(1 for c in table.columns if c.role != "other")
    return sum(r.confidence for r in table.rows) + 0.5 * known + _LAYOUT_BONUS.get(table.layout, 0.0)


def _title_before(lines: list[str], start: int) -> str | None:
    """The caption above a table (`PHỤ LỤC 1 ...`), up to a blank line or a `|`."""
    out: list[str] = []
    j = start - 1
    while j >= 0 and len(out) < 8:
        line = lines[j].strip()
        if not line or "|" in line or "\t" in line:
            if out:
                break
            j -= 1
            continue
        out.append(line)
        j -= 1
    return one_line(" ".join(reversed(out))) or None
