"""Memory grows linearly with the document (issue item 7).

A 113 KB DOCX once took 1.1 GB and a 327 KB paste stored a 127 MB draft: every candidate indicator carried its
whole sentence, so a paragraph of n targets was written n times. The documents here are generated
(benchmarks/bench_reader.py): long paragraphs full of `đến năm 2025 ... đạt ...%` clauses, long lists of tasks in
prose, indicator tables. What is measured is what an import does: parse, the plan format, its JSON.
"""

import gc
import importlib.util
import sys
import json
import tracemalloc
from pathlib import Path

import pytest

from planwatch.docparse import dumps, parse_bytes, to_format

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench_reader.py"


def load_bench():
    """The benchmark's generators of realistic documents, loaded from its script (it imports its `_paths`)."""
    if str(BENCH.parent) not in sys.path:
        sys.path.insert(0, str(BENCH.parent))
    spec = importlib.util.spec_from_file_location("bench_reader", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def bench():
    module = load_bench()
    # Imports (python-docx, lxml) and compiled patterns cost once per process, not per document: paid here.
    parse_bytes(module.plan_docx(5_000, clauses=5), filename="khoi-dong.docx")
    parse_bytes(module.plan_text(5_000, clauses=5), filename="khoi-dong.txt")
    return module


def _import_peak(data: bytes, filename: str) -> tuple[int, int, object]:
    """(peak bytes allocated, bytes of JSON written, parsed) for parse + plan format + JSON."""
    gc.collect()
    tracemalloc.start()
    try:
        parsed = parse_bytes(data, filename=filename)
        written = dumps(to_format(parsed), indent=None)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak, len(written.encode()), parsed


def test_a_large_paste_stays_within_a_bounded_multiple_of_its_size(bench):
    # Long sentences of 120 targets each: the shape that made the draft quadratic in the paragraph's length.
    data = bench.plan_text(150_000, clauses=120)
    peak, written, parsed = _import_peak(data, "van-ban-dan-vao.txt")
    assert len(parsed.candidate_indicators) > 1000 and len(parsed.tasks) > 100
    assert peak < 60 * len(data), f"peak {peak / 2**20:.1f} MB for {len(data) / 1024:.0f} KB"
    assert written < 8 * len(data), f"{written / 2**20:.1f} MB of JSON for {len(data) / 1024:.0f} KB"


def test_candidates_never_repeat_their_paragraph(bench):
    data = bench.plan_text(60_000, clauses=200)
    parsed = parse_bytes(data, filename="van-ban.txt")
    clauses = sum(len(c.text) for c in parsed.candidate_indicators)
    assert clauses <= len(data.decode()), "candidates' clauses overlap: a paragraph is kept more than once"


def test_a_generated_word_document_stays_within_a_bounded_multiple_of_its_text(bench):
    data = bench.plan_docx(40_000, clauses=120, word_runs=False)  # mostly text: the parser's cost, not the XML's
    peak, written, parsed = _import_peak(data, "ke-hoach.docx")
    text = sum(len(line.encode()) for line in parsed.source.lines)
    assert text > 100_000
    # Most of this is the reader's: the package's XML is parsed twice (safety check, then python-docx), about 75x
    # the text today; the quadratic candidates made it 130x on this document and grow with every clause.
    assert peak < 100 * text, f"peak {peak / 2**20:.1f} MB for {text / 1024:.0f} KB of text"
    assert written < 8 * text


def test_the_paste_draft_is_a_small_multiple_of_the_paste(bench):
    """What the import draft stores (the plan format and the source lines) for a pasted text."""
    data = bench.plan_text(100_000, clauses=120)
    parsed = parse_bytes(data, filename="van-ban-dan-vao.txt")
    formatted, lines = bench.draft_sizes(parsed)
    assert formatted + lines < 8 * len(data)
    assert json.loads(dumps(to_format(parsed), indent=None))["candidate_indicators"]
