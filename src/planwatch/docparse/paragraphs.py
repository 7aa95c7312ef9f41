"""Running text cut into paragraphs, the unit both prose readers work on (prose.py's tasks, prose_candidates.py's
candidate indicators): lines joined until a blank line, a table's line, or a line that starts a new item or heading;
with the patterns of the numbered headings and parts that start one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .celltext import one_line

_PART = re.compile(r"^(?P<n>[IVX]{1,5})\.\s+(?P<t>.+)$")
_HEADING = re.compile(r"^(?P<n>\d{1,2})\.\s+(?P<t>.+)$")
_STARTS = re.compile(r"^(?:[-–•+*]\s|\(\d{1,2}\)\s|[a-zđ]\)\s|\d{1,2}(?:\.\d{1,2})*\.\s|[IVX]{1,5}\.\s|Nơi nhận)")


@dataclass
class Paragraph:
    text: str
    line: int  # 1-based first line


def paragraphs(lines: list[str], skip: set[int] | None = None) -> list[Paragraph]:
    """Paragraphs: runs of lines joined until a blank line or a line that starts a new item or heading."""
    skip = skip or set()
    out: list[Paragraph] = []
    current: list[str] = []
    start = 0
    for i, raw in enumerate(lines):
        line = raw.replace("**", "").strip()
        if i in skip or not line or "|" == line or "\t" in raw:
            if current:
                out.append(Paragraph(one_line(" ".join(current)), start + 1))
                current = []
            continue
        if current and (_STARTS.match(line) or (len(current) == 1 and _heading_alone(current[0], line))):
            out.append(Paragraph(one_line(" ".join(current)), start + 1))
            current = []
        if not current:
            start = i
        current.append(line)
    if current:
        out.append(Paragraph(one_line(" ".join(current)), start + 1))
    return out


def _heading_alone(first: str, line: str) -> bool:
    """`3. Nhóm nhiệm vụ bảo đảm hạ tầng` then `Nâng cấp hạ tầng mạng ...` on the next line, without a blank line:
    a short numbered heading and a sentence that starts with a capital are two paragraphs."""
    return (
        len(first) <= 120 and bool(_HEADING.match(first) or _PART.match(first)) and not first.endswith((".", ",", ";"))
        and line[:1].isupper()
    )
