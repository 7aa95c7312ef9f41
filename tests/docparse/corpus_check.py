"""The reader corpus: documents in the shapes real plans take, each beside the rows a person reads in it.

`tests/docparse/corpus/NN-slug.<ext>` is a document; `NN-slug.expected.json` says, by hand, what its tables hold
(see `tests/docparse/corpus/README.md`). `compare(expected, parsed_format)` scores what the parser read against
it, so that the test (`test_corpus.py`) and the benchmark (`benchmarks/bench_reader_corpus.py`) agree on what
"found" and "right" mean.

Matching rules:
- an expected row is found when a parsed row's name (indicators) or title (tasks) has the same key: case folded,
  diacritics stripped, punctuation and whitespace collapsed (`planwatch.textnorm.key`); each parsed row is used
  once, in document order, so two rows named alike (`- Nông nghiệp` under two parents) both have to be read;
- a found row's expected cells are compared as written, only whitespace collapsed (a paragraph break inside a
  cell counts as a space): `unit`, `targets[horizon]`, `values["PERIOD KIND"]`, `lead` (`lead_text`),
  `coordinating` (`coordinating_text`), `deadline` (`deadline.text`), `product`, `note`; `assessment` is compared
  with the parsed code (`met`, `not_met`, `exceeded`);
- a parsed row that matches no expected row is extra: a group heading read as an indicator, noise read as a task;
- `candidate_indicators: n` asks for at least n candidates read from the prose (counted as one row).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from planwatch.textnorm import key

CORPUS = Path(__file__).resolve().parent / "corpus"
DOCUMENT_SUFFIXES = (".txt", ".md", ".html", ".docx", ".xlsx")

_SPACES = re.compile(r"\s+")


@dataclass
class Case:
    name: str          # file name of the document
    path: Path
    expected: dict


@dataclass
class CaseResult:
    rows_expected: int = 0
    rows_found: int = 0
    cells_expected: int = 0
    cells_right: int = 0
    problems: list[str] = field(default_factory=list)
    rows_extra: int = 0


def load_cases(corpus: Path = CORPUS) -> list[Case]:
    """Every document of the corpus that has an expected file, in file-name order."""
    cases = []
    for expected_path in sorted(corpus.glob("*.expected.json")):
        stem = expected_path.name[: -len(".expected.json")]
        documents = [corpus / (stem + s) for s in DOCUMENT_SUFFIXES if (corpus / (stem + s)).exists()]
        if len(documents) != 1:
            raise FileNotFoundError(f"{expected_path.name}: expected one document named {stem}.*, found {documents}")
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        cases.append(Case(name=documents[0].name, path=documents[0], expected=expected))
    return cases


def cell(text) -> str:
    """A cell as written, whitespace collapsed: the comparison never forgives spelling, only layout."""
    return _SPACES.sub(" ", str(text or "")).strip()


def name_key(text) -> str:
    return key(str(text or ""))


def _parsed_indicator_cells(row: dict) -> dict[str, str]:
    cells = {"unit": row.get("unit"), "lead": row.get("lead_text"), "assessment": row.get("assessment")}
    for target in row.get("targets") or []:
        cells[f"targets.{target.get('horizon')}"] = target.get("text")
    for value in row.get("values") or []:
        cells[f"values.{value.get('period')} {value.get('kind')}"] = value.get("text")
    return cells


def _parsed_task_cells(row: dict) -> dict[str, str]:
    deadline = row.get("deadline") or {}
    return {
        "lead": row.get("lead_text"),
        "coordinating": row.get("coordinating_text"),
        "deadline": deadline.get("text") if isinstance(deadline, dict) else deadline,
        "product": row.get("product"),
        "note": row.get("note"),
    }


def _expected_cells(row: dict) -> dict[str, str]:
    """Flatten an expected row to `field -> text`, the same keys `_parsed_*_cells` give."""
    cells = {}
    for name, value in row.items():
        if name in ("name", "title"):
            continue
        if name in ("targets", "values"):
            for period, text in value.items():
                cells[f"{name}.{period}"] = text
        else:
            cells[name] = value
    return cells


def _compare_rows(kind: str, expected_rows: list[dict], parsed_rows: list[dict], result: CaseResult) -> None:
    label = "name" if kind == "indicator" else "title"
    flatten = _parsed_indicator_cells if kind == "indicator" else _parsed_task_cells
    used: set[int] = set()
    for expected in expected_rows:
        wanted = name_key(expected[label])
        cells = _expected_cells(expected)
        result.rows_expected += 1
        result.cells_expected += len(cells)
        index = next(
            (i for i, p in enumerate(parsed_rows) if i not in used and name_key(p.get(label)) == wanted), None
        )
        if index is None:
            result.problems.append(f"{kind} not found: {expected[label]!r}")
            continue
        used.add(index)
        result.rows_found += 1
        got = flatten(parsed_rows[index])
        for field_name, text in cells.items():
            if cell(got.get(field_name)) == cell(text):
                result.cells_right += 1
            else:
                result.problems.append(
                    f"{kind} {expected[label]!r}: {field_name} expected {cell(text)!r}, got {cell(got.get(field_name))!r}"
                )
    for i, parsed in enumerate(parsed_rows):
        if i not in used:
            result.rows_extra += 1
            result.problems.append(f"extra {kind}: {parsed.get(label)!r}")


def compare(expected: dict, parsed_format: dict) -> CaseResult:
    """Score a parse (the dict of `to_format`) against a hand-written expected file."""
    result = CaseResult()
    _compare_rows("indicator", expected.get("indicators") or [], parsed_format.get("indicators") or [], result)
    _compare_rows("task", expected.get("tasks") or [], parsed_format.get("tasks") or [], result)
    wanted = expected.get("candidate_indicators")
    if wanted:
        got = len(parsed_format.get("candidate_indicators") or [])
        result.rows_expected += 1
        if got >= wanted:
            result.rows_found += 1
        else:
            result.problems.append(f"candidate indicators: expected at least {wanted}, got {got}")
    return result


def parse_case(case: Case) -> dict:
    """Parse as a new user would: no agency directory, no leader directory."""
    from planwatch.docparse import parse_path, to_format

    return to_format(parse_path(case.path))


def run_case(case: Case) -> CaseResult:
    """Compare one case; a parse that raises is a case where nothing was found."""
    from planwatch.docparse import ParseError

    try:
        parsed = parse_case(case)
    except ParseError as error:
        result = compare(case.expected, {})
        result.problems.insert(0, f"ParseError: {error}")
        return result
    return compare(case.expected, parsed)
