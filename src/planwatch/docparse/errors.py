"""The parser's error types, under one base.

Everything the parser raises on bad input is a `ParseError` with a Vietnamese message for the person
importing the document, what was expected, and where the trouble is when that is known. `DocparseError` is the
base of every error the parser defines (a number that is not one, `numbers.NumberError`, too), so a caller can
catch them all in one clause.
"""

from __future__ import annotations


class DocparseError(Exception):
    """The base of the parser's errors."""


class ParseError(DocparseError):
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
