"""Registration points for the apps built on the register (issue 15).

Framework plans and series sit above the register yet add to what it reads and prints: a task list's late-steps
flag, the values a series lends an indicator, the sections `planwatch show` prints beside tasks and indicators.
The register calls what is registered here and imports none of those apps; each fills its hook in its
AppConfig.ready, so without the app the hook stays empty and the register stands alone.

Functions are kept by name: a second `ready()` (a test re-running app setup) replaces rather than doubles.
"""

from __future__ import annotations

from typing import Callable


class Hook:
    def __init__(self, name: str) -> None:
        self.name = name
        self._functions: dict[str, Callable] = {}

    def register(self, function: Callable) -> Callable:
        self._functions[f"{function.__module__}.{function.__qualname__}"] = function
        return function

    def __iter__(self):
        return iter(list(self._functions.values()))

    def __bool__(self) -> bool:
        return bool(self._functions)


# `function(*, today)` -> a query expression counting a task's late steps (frameworks). With none, every task
# counts 0.
late_steps = Hook("late_steps")

# `function(indicators)`: sets `series_values` on each indicator of the list that lacks it (series).
value_sources = Hook("value_sources")

# `function(document, data)`: adds to the `planwatch show` data of `document` (docs/format.md) in place.
show_sections = Hook("show_sections")
