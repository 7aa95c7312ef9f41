"""How much of the reader corpus the parser reads: `python benchmarks/bench_reader_corpus.py [-v] [SHAPE ...]`.

The corpus (`tests/docparse/corpus/`) holds plan documents in the shapes real copies take — text copied from
legal-document sites, markdown and HTML pages, PDF text, Word and Excel files — each with its rows written by
hand. For every shape this prints the documents, the rows expected and found, the cells expected and right (a
cell: a unit, a target, a value, a lead, a deadline... of a found row) and the rows read that are not in the
tables; then the total. `-v` lists each document with its first problems. Parsed without an agency directory, as
a new user would.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "docparse"))

from corpus_check import CaseResult, compare, load_cases, run_case  # noqa: E402


def _run(case) -> CaseResult:
    # A crash is a document read to nothing, not the end of the benchmark.
    try:
        return run_case(case)
    except Exception as error:  # noqa: BLE001
        result = compare(case.expected, {})
        result.problems.insert(0, f"crash: {type(error).__name__}: {error}")
        return result


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:5.1f}%" if whole else "    -"


def _line(label: str, docs: int, r: CaseResult) -> str:
    return (
        f"{label:<20} {docs:>4} {r.rows_expected:>6} {r.rows_found:>6} {_pct(r.rows_found, r.rows_expected)} "
        f"{r.cells_expected:>6} {r.cells_right:>6} {_pct(r.cells_right, r.cells_expected)} {r.rows_extra:>6}"
    )


def _add(total: CaseResult, r: CaseResult) -> None:
    total.rows_expected += r.rows_expected
    total.rows_found += r.rows_found
    total.cells_expected += r.cells_expected
    total.cells_right += r.cells_right
    total.rows_extra += r.rows_extra


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("shapes", nargs="*", help="only these shapes (default: all)")
    parser.add_argument("-v", "--verbose", action="store_true", help="list each document and its first problems")
    args = parser.parse_args(argv)

    cases = [c for c in load_cases() if not args.shapes or c.expected["shape"] in args.shapes]
    by_shape: dict[str, CaseResult] = defaultdict(CaseResult)
    docs: dict[str, int] = defaultdict(int)
    total = CaseResult()
    perfect = 0
    start = time.perf_counter()
    for case in cases:
        result = _run(case)
        shape = case.expected["shape"]
        docs[shape] += 1
        _add(by_shape[shape], result)
        _add(total, result)
        perfect += not result.problems
        if args.verbose:
            print(f"{case.name}: rows {result.rows_found}/{result.rows_expected}, cells "
                  f"{result.cells_right}/{result.cells_expected}, extra {result.rows_extra}")
            for problem in result.problems[:5]:
                print(f"    {problem}")
    seconds = time.perf_counter() - start

    print(f"{'shape':<20} {'docs':>4} {'rows':>6} {'found':>6} {'':>6} {'cells':>6} {'right':>6} {'':>6} {'extra':>6}")
    for shape in sorted(by_shape):
        print(_line(shape, docs[shape], by_shape[shape]))
    print(_line("total", len(cases), total))
    print(f"documents read without a problem: {perfect} of {len(cases)}; {seconds:.2f} s")


if __name__ == "__main__":
    main()
