"""JSON output of the plan format: Decimals as JSON numbers, never rounded through a float silently."""

import json
from datetime import date, datetime
from decimal import Decimal


def _default(value):
    if isinstance(value, Decimal):
        as_float = float(value)
        # A float prints the shortest text that reads back as itself; keep it only when that text is the decimal.
        if Decimal(repr(as_float)) == value:
            return as_float
        return format(value, "f")
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def dumps(data, *, indent: int | None = 2) -> str:
    return json.dumps(data, default=_default, ensure_ascii=False, indent=indent)
