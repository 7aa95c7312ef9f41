"""The Hanoi data shipped with planwatch (src/planwatch/fixtures/hanoi, TOML in the keys of docs/format.md)."""

from __future__ import annotations

import tomllib
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "hanoi"


def read(name: str) -> dict:
    with open(FIXTURES / name, "rb") as handle:
        return tomllib.load(handle)


def agencies() -> dict:
    return read("agencies.toml")


def leaders() -> dict:
    return read("leaders.toml")


def documents() -> list[dict]:
    return read("documents.toml").get("document", [])


def plan_names() -> list[str]:
    return sorted(path.name for path in FIXTURES.glob("plan-*.toml"))


def plans() -> list[dict]:
    return [read(name) for name in plan_names()]
