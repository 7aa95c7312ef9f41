"""Comparing the parser's output with the register's transcription, key by key (docs/format.md)."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The seeds live in shared/ beside the repository (as CI lays it out), or at the workplace's shared folder.
SEEDS = next(
    (p for p in (ROOT.parent / "shared" / "seeds", Path("/work/shared/seeds")) if p.exists()),
    ROOT.parent / "shared" / "seeds",
)
HANOI = ROOT / "src" / "planwatch" / "fixtures" / "hanoi"

NUMERIC = {"low", "high", "value"}
# What only `parse` prints, or what is the register's judgement rather than the document's text:
# measure and direction are guessed by the parser (with a `measure_guessed` warning) and stated by the register;
# `judgement` is the document's own words from the narrative appendix 01a, which the register holds and the
# parser does not read (docs/judgements.md).
PARSE_ONLY = {"source", "unknown_agencies", "measure", "direction", "confidence", "reasons", "judgement"}


def load_toml(name: str) -> dict:
    with open(HANOI / name, "rb") as fh:
        return tomllib.load(fh)


def normalize(obj, key: str | None = None, *, top: bool = True):
    """Null written as an omitted key: both sides drop `None`; numbers of quantities become Decimals; the keys of
    PARSE_ONLY are dropped from the items themselves (not from what they hold: `relative.direction` stays)."""
    if isinstance(obj, dict):
        return {
            k: normalize(v, k, top=False)
            for k, v in obj.items()
            if v is not None and not (top and k in PARSE_ONLY)
        }
    if isinstance(obj, list):
        return [normalize(v, top=False) for v in obj]
    if key in NUMERIC and isinstance(obj, (str, int, float, Decimal)):
        return Decimal(str(obj))
    return obj


def differences(parsed: list[dict], register: list[dict], what: str) -> list[tuple]:
    """(what, key, field, parsed value, register value) for every field that differs."""
    out: list[tuple] = []
    mine = {i["key"]: normalize(i) for i in parsed}
    theirs = {i["key"]: normalize(table_only(i)) for i in register}
    for k in list(dict.fromkeys(list(theirs) + list(mine))):
        if k not in mine:
            out.append((what, k, "*", None, "present"))
            continue
        if k not in theirs:
            out.append((what, k, "*", "present", None))
            continue
        a, b = mine[k], theirs[k]
        for field in list(dict.fromkeys(list(b) + list(a))):
            if a.get(field) != b.get(field):
                out.append((what, k, field, a.get(field), b.get(field)))
    if list(mine) != [k for k in theirs if k in mine]:
        out.append((what, "*", "order", list(mine), list(theirs)))
    return out


def table_only(item: dict) -> dict:
    """The register also transcribes figures a narrative appendix states (`values[].part`, e.g. `Phụ lục 01a`);
    the golden tests compare the tables (appendices 01b and 02), so those values are left out."""
    if any("part" in v for v in item.get("values", [])):
        item = dict(item, values=[v for v in item["values"] if "part" not in v])
    return item
