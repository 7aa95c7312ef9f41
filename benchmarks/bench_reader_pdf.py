"""How fast and in how much memory a long PDF is read: `python benchmarks/bench_reader_pdf.py [--pages 100] [-n 3]`.

Writes a plan of about PAGES pages with fpdf2 (the indicator table of tests/docparse/pdf_documents.py repeated,
ruled, header repeated on every page), then parses it N times, each in a fresh Python process, and prints the
seconds per parse (reader and full parse) and the peak resident memory of the process (ru_maxrss) beside the
memory of a process that only imported the parser, so the difference is what reading the PDF costs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT))

CHILD = """
import json, resource, sys, time, tracemalloc
from planwatch.docparse import parse_bytes, readers
import pdfplumber  # imported before the baseline: its import is not the document's cost
data = open(sys.argv[1], "rb").read()
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
if sys.argv[3] == "trace":
    tracemalloc.start()
start = time.perf_counter()
if sys.argv[2] == "read":
    doc = readers.read(data, "plan.pdf")
    rows = sum(len(g.rows) for g in doc.grids)
    found = {"grids": len(doc.grids), "rows": rows, "lines": len(doc.lines)}
else:
    parsed = parse_bytes(data, filename="plan.pdf")
    found = {"indicators": len(parsed.indicators), "tasks": len(parsed.tasks), "tables": len(parsed.tables)}
seconds = time.perf_counter() - start
traced = tracemalloc.get_traced_memory()[1] if tracemalloc.is_tracing() else None
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "base_kb": base, "peak_kb": peak, "traced": traced, **found}))
"""


def make_pdf(pages: int) -> bytes:
    from pypdf import PdfReader

    from tests.docparse.pdf_documents import make_plan_pdf

    data = make_plan_pdf(ruled=True, extra_pages=max(0, pages - 3))  # the plan itself has 3 pages
    import io

    print(f"written: {len(PdfReader(io.BytesIO(data)).pages)} pages, {len(data) / 1024:.0f} KB")
    return data


def run(path: Path, mode: str, trace: bool = False) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, str(path), mode, "trace" if trace else "time"],
                         capture_output=True, text=True, check=True,
                         env={"PYTHONPATH": str(ROOT / "src")})
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100, help="about how many pages (default 100)")
    parser.add_argument("-n", "--runs", type=int, default=3, help="parses of each kind (default 3)")
    args = parser.parse_args(argv)
    data = make_pdf(args.pages)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plan.pdf"
        path.write_bytes(data)
        for mode in ("read", "parse"):
            results = [run(path, mode) for _ in range(args.runs)]
            seconds = [r["seconds"] for r in results]
            last = results[-1]
            traced = run(path, mode, trace=True)["traced"]
            found = {k: v for k, v in last.items() if k not in ("seconds", "base_kb", "peak_kb", "traced")}
            print(f"{mode}: {found}")
            print(f"  seconds: best {min(seconds):.2f}, median {statistics.median(seconds):.2f} ({args.runs} runs)")
            print(
                f"  peak memory: {last['peak_kb'] / 1024:.0f} MB "
                f"(after import {last['base_kb'] / 1024:.0f} MB: +{(last['peak_kb'] - last['base_kb']) / 1024:.0f} MB); "
                f"peak of Python allocations while reading (tracemalloc): {traced / 1024 / 1024:.1f} MB"
            )


if __name__ == "__main__":
    main()
