"""The engine's one error base: every input the engine refuses raises an `EngineError` (a `ValueError`), so a
caller can catch the engine's refusals in one clause and tell them from its own bugs."""

from __future__ import annotations


class EngineError(ValueError):
    """An input the engine cannot compute with; the message says what was expected."""
