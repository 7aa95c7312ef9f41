"""Time the engine on every indicator of the Hanoi 2024 plan.

    python benchmarks/bench_engine.py [--repeat N] [--literal]

Builds the 48 indicator series of appendix 01b from src/planwatch/fixtures/hanoi/plan-2024.toml (the plan format,
numbers as strings), or from the literal table of tests/engine/hanoi_2024.py when that file is missing or with
--literal, then runs `compute_indicator` on all of them N times and prints the time per run and per indicator.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tomllib
from collections import Counter
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

from planwatch.engine import (  # noqa: E402
    IndicatorSeries, Observation, Period, Quantity, Relative, Target, compute_indicator,
)

FIXTURE = ROOT / "src" / "planwatch" / "fixtures" / "hanoi" / "plan-2024.toml"


def _quantity(d: dict) -> Quantity:
    def n(key: str) -> Decimal | None:
        return Decimal(d[key]) if d.get(key) is not None else None
    rel = d.get("relative")
    return Quantity(d["op"], n("low"), n("high"), d.get("text", ""),
                    Relative(rel["direction"], rel["base"]) if rel else None)


def from_fixture(path: Path) -> list[IndicatorSeries]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out = []
    for ind in data.get("indicators", []):
        targets = tuple(Target(Period.parse(t["horizon"]), _quantity(t)) for t in ind.get("targets", []))
        values = tuple(Observation(Period.parse(v["period"]), v["kind"], _quantity(v)) for v in ind.get("values", []))
        out.append(IndicatorSeries(ind["key"], ind.get("name", ""), ind.get("unit"),
                                   ind.get("measure") or "level_at_end", ind.get("direction"), targets, values))
    return out


def from_literal() -> list[IndicatorSeries]:
    from tests.engine.hanoi_2024 import all_series
    return all_series()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--literal", action="store_true", help="use the literal table of the tests")
    args = parser.parse_args()

    if FIXTURE.exists() and not args.literal:
        series, source = from_fixture(FIXTURE), str(FIXTURE.relative_to(ROOT))
    else:
        series, source = from_literal(), "tests/engine/hanoi_2024.py"
    plan = Period.parse("2021-2025")

    statuses = Counter(compute_indicator(s, plan_period=plan).status for s in series)  # warm-up, and a summary
    runs = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        for s in series:
            compute_indicator(s, plan_period=plan)
        runs.append(time.perf_counter() - t0)

    n = len(series)
    per_run = statistics.median(runs)
    print(f"source: {source}")
    print(f"indicators: {n}; runs: {args.repeat}")
    print(f"per run (all {n}): median {per_run * 1e3:.2f} ms, min {min(runs) * 1e3:.2f} ms, "
          f"max {max(runs) * 1e3:.2f} ms")
    print(f"per indicator: median {per_run / n * 1e6:.1f} µs")
    print("statuses: " + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items())))


if __name__ == "__main__":
    main()
