"""The parser's one error type.

Everything the parser raises on bad input is a `ParseError` with a Vietnamese message for the person
importing the document, what was expected, and where the trouble is when that is known.
"""

from __future__ import annotations


class ParseError(Exception):
    """The document cannot be read.

    `message` is Vietnamese and says what went wrong; `expected` says what the parser needed instead;
    `source` is where (`{"line": 12}`, `{"table": 2, "row": 1}`) when that is known.
    """

    def __init__(self, message: str, *, expected: str | None = None, source: dict | None = None) -> None:
        self.message = message
        self.expected = expected
        self.source = source
        super().__init__(message)

    def __str__(self) -> str:
        text = self.message
        if self.expected:
            text += f" Cần: {self.expected}."
        if self.source:
            where = ", ".join(f"{_WHERE.get(k, k)} {v}" for k, v in self.source.items())
            text += f" (Vị trí: {where}.)"
        return text


_WHERE = {"line": "dòng", "table": "bảng", "row": "hàng", "column": "cột", "part": "phần"}
