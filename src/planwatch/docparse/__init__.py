"""The plan-document parser: pure Python, no Django.

readers (text, DOCX, XLSX → lines and grids) → tables (every layout → one table model) → builder (tables →
indicators and tasks) + header + prose → `ParsedDocument` → `to_format` (docs/format.md). See docs/parser.md.
"""

from .agencies import AgencyDirectory, LeaderDirectory
from .api import dumps, parse_bytes, parse_path, to_format
from .errors import DocparseError, ParseError
from .model import ParsedDocument, ParseWarning

__all__ = [
    "AgencyDirectory",
    "LeaderDirectory",
    "DocparseError",
    "ParseError",
    "ParseWarning",
    "ParsedDocument",
    "dumps",
    "parse_bytes",
    "parse_path",
    "to_format",
]
