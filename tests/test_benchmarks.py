"""The benchmarks keep running as the code changes: each once, with the fewest repeats (figures are not checked)."""

import os
import re
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
    # The scale benchmark (docs/scaling.md) at its smallest: one plan in a throwaway SQLite file, with the roll-ups
    # (its province's plan, each of the 10 rows fed by the district's); the load script generates its own, starts
    # gunicorn on loopback, makes a handful of requests and times the roll-ups.
    ("scale_generate.py", ["--temp-sqlite", "--plans", "1", "--big-plan-indicators", "0", "--accounts", "1",
                           "--accepted-reports", "1", "--rollups"],
     ("roll-ups: 1 province plan(s) with 10 indicators, 10 contributions from 1 district plans",
      re.compile(r"contributions \(roll-ups\) +10\n"), "generated register ready")),
    ("scale_load.py", ["--temp-sqlite", "--plans", "1", "--viewers", "2", "--page-requests", "2", "--rush-agencies", "1",
                       "--workers", "1", "--repeat", "1", "--reviewer-sessions", "1", "--think", "0"],
     ("roll-ups: 10 higher indicators, 10 contributions (at most 1 each)", "(moved with it: True)",
      "indicator (sum of 1)", "values lost 0", "redirects [302, 302, 302]")),
])
def test_the_benchmark_runs(script, args, says):
    # Never the configured database: the reports benchmark loads the demo into a throwaway SQLite file.
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args], capture_output=True, text=True, timeout=300, env=env,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    for expected in [says] if isinstance(says, str) else says:
        found = expected.search(result.stdout) if isinstance(expected, re.Pattern) else expected in result.stdout
        assert found, f"{expected!r} not in:\n{result.stdout[-3000:]}"


def test_rollups_are_added_to_a_generated_register_once(tmp_path):
    # What is run on the big register built without them: --add-rollups adds the province plans, and only once.
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    url = f"sqlite:///{tmp_path}/planwatch_bench.sqlite3"

    def generate(*args):
        return subprocess.run([sys.executable, str(BENCHMARKS / "scale_generate.py"), "--database-url", url, *args],
                              capture_output=True, text=True, timeout=300, env=env)

    built = generate("--plans", "2", "--big-plan-indicators", "0", "--accounts", "1", "--accepted-reports", "1")
    assert built.returncode == 0, built.stderr[-2000:]
    assert re.search(r"contributions \(roll-ups\) +0\n", built.stdout)
    added = generate("--add-rollups")
    assert added.returncode == 0, added.stderr[-2000:]
    assert "roll-ups: 2 province plan(s) with 20 indicators, 20 contributions from 2 district plans" in added.stdout
    assert "roll-ups ready" in added.stdout
    again = generate("--add-rollups")
    assert again.returncode == 2
    assert "already has roll-ups (2 province plans, 20 contributions): nothing added" in again.stdout


def test_the_collector_check_compares_a_frozen_process_with_django_s(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    url = f"sqlite:///{tmp_path / 'planwatch_bench.sqlite3'}"
    generated = subprocess.run(
        [sys.executable, str(BENCHMARKS / "scale_generate.py"), "--database-url", url, "--plans", "1",
         "--big-plan-indicators", "0", "--accounts", "1", "--accepted-reports", "1"],
        capture_output=True, text=True, timeout=300, env=env,
    )
    assert generated.returncode == 0, generated.stderr[-2000:]
    result = subprocess.run(
        [sys.executable, str(BENCHMARKS / "collector_check.py"), "--database-url", url, "--requests", "12",
         "--rounds", "1"],
        capture_output=True, text=True, timeout=300, env=env,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    frozen_objects = dict(re.findall(r"^(frozen|as Django) +\d+ ms +(\d+) ", result.stdout, re.M))
    assert int(frozen_objects["frozen"]) > 100_000, result.stdout  # the objects the warm-up froze
    assert frozen_objects["as Django"] == "0", result.stdout
    assert "frozen: CPU per request" in result.stdout and "as Django: CPU per request" in result.stdout
