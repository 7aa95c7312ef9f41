"""The benchmarks keep running as the code changes: each once, with the fewest repeats (figures are not checked)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


@pytest.mark.parametrize("script, args, says", [
    ("bench_engine.py", ["--repeat", "1"], "per indicator"),
    ("bench_parse.py", ["--runs", "1"], "rows per second"),
    ("bench_reader.py", ["--runs", "1", "--docx-mb", "0.1", "--paste-kb", "30"], "the paste"),
    ("bench_reports.py", ["--repeat", "1"], "xlsx"),
    ("bench_reader_corpus.py", [], "documents read without a problem"),
    ("bench_reader_pdf.py", ["--pages", "4", "--runs", "1"], "peak memory"),
    # The scale benchmark (docs/scaling.md) at its smallest: one plan in a throwaway SQLite file; the load script
    # generates its own, starts gunicorn on loopback and makes a handful of requests.
    ("scale_generate.py", ["--temp-sqlite", "--plans", "1", "--big-plan-indicators", "0", "--accounts", "1",
                           "--accepted-reports", "1"], "generated register ready"),
    ("scale_load.py", ["--temp-sqlite", "--plans", "1", "--viewers", "2", "--page-requests", "2", "--rush-agencies", "1",
                       "--workers", "1", "--repeat", "1", "--reviewer-sessions", "1", "--think", "0"], "values lost 0"),
])
def test_the_benchmark_runs(script, args, says):
    # Never the configured database: the reports benchmark loads the demo into a throwaway SQLite file.
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args], capture_output=True, text=True, timeout=300, env=env,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert says in result.stdout
