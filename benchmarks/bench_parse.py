"""How fast the parser reads the largest seed: `python benchmarks/bench_parse.py [-n 20] [FILE]`.

Prints the seconds per parse (best and median of N runs, with the Hanoi register resolving agencies and leaders)
and the table rows read per second. The largest seed is plan 183/KH-UBND: 2,000 lines, two flattened tables
whose row boundaries must be recovered.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from _paths import HANOI, ROOT, SEEDS  # noqa: E402,F401 - also puts src/ on the path

from planwatch.docparse import AgencyDirectory, LeaderDirectory, parse_bytes  # noqa: E402


def largest_seed() -> Path:
    seeds = sorted(SEEDS.glob("*.txt"), key=lambda p: p.stat().st_size, reverse=True)
    if not seeds:
        raise SystemExit(f"no seed in {SEEDS}; pass a file")
    return seeds[0]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, help="document to parse (default: the largest seed)")
    parser.add_argument("-n", "--runs", type=int, default=20, help="number of parses (default 20)")
    args = parser.parse_args(argv)
    path = args.file or largest_seed()
    data = path.read_bytes()
    agencies = AgencyDirectory.from_toml(HANOI / "agencies.toml") if (HANOI / "agencies.toml").exists() else None
    leaders = LeaderDirectory.from_toml(HANOI / "leaders.toml") if (HANOI / "leaders.toml").exists() else None

    parsed = parse_bytes(data, filename=path.name, agencies=agencies, leaders=leaders)  # warm-up
    rows = sum(len(t.rows) for t in parsed.tables)
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        parse_bytes(data, filename=path.name, agencies=agencies, leaders=leaders)
        times.append(time.perf_counter() - start)
    best, median = min(times), statistics.median(times)
    print(f"file: {path.name} ({len(data) / 1024:.0f} KB, {len(data.splitlines())} lines)")
    print(f"read: {len(parsed.tables)} tables, {rows} rows, {len(parsed.indicators)} indicators, {len(parsed.tasks)} tasks")
    print(f"runs: {args.runs}")
    print(f"seconds per parse: best {best:.4f}, median {median:.4f}")
    print(f"rows per second: {rows / median:.0f} (median), {rows / best:.0f} (best)")


if __name__ == "__main__":
    main()
