"""The reader corpus: every document, in the shape real copies of plans take, reads to the rows written by hand.

One test per document (id: the file name). A failure prints every row not found, every cell read wrong and every
row read that is not in the document's tables. See `corpus_check.py` for the matching rules and
`corpus/README.md` for how a case is written.
"""

import pytest

from .corpus_check import load_cases, run_case

CASES = load_cases()

# The shapes the corpus must hold (docs/parser.md's layouts and the forms real copies take).
REQUIRED_SHAPES = {
    "one-cell-per-line",
    "cell-per-paragraph",
    "blank-line-rows",
    "tabs",
    "pipe-flattened",
    "markdown-pipe",
    "html-in-text",
    "html-page",
    "spaced-columns",
    "numeric-tail",
    "docx",
    "xlsx",
    "prose-tasks",
    "prose-indicators",
}

# Features inside those shapes that the issue names; each must appear in at least one document.
REQUIRED_FEATURES = {
    "noise",
    "multi-line-cell",
    "two-row-header",
    "group-rows",
    "sub-rows",
    "row-without-numbers",
    "repeated-header",
    "row-continued",
    "split-table",
    "filler-header",
    "section-title-repeated",
    "merged-cell-missing",
    "rowspan-colspan",
    "br-in-cell",
    "html-in-cell",
    "bold-group-rows",
    "empty-cell",
    "no-number-column",
    "abbreviated-headers",
    "assessment-column",
    "lost-numbering",
    "hierarchical-numbering",
    "bullet-lines-beside-values",
    "vmerge-lead",
    "title-block",
    "merged-header",
    "lead-wording",
    "product-wording",
    "deadline-forms",
    "status-column",
    "lead-opens-sentence",
    "lead-heading-bullets",
    "deadline-in-prose",
    "candidates-only",
}


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 40, f"the corpus holds {len(CASES)} documents"


def test_every_shape_is_represented():
    shapes = {c.expected["shape"] for c in CASES}
    assert REQUIRED_SHAPES <= shapes, f"missing shapes: {sorted(REQUIRED_SHAPES - shapes)}"


def test_every_feature_is_represented():
    features = {f for c in CASES for f in c.expected.get("features", [])}
    assert REQUIRED_FEATURES <= features, f"missing features: {sorted(REQUIRED_FEATURES - features)}"


def test_every_case_says_where_its_shape_was_studied():
    assert all(c.expected.get("studied") and c.expected.get("issuer") for c in CASES)


def _known_gap(case):
    """A case the reader does not read yet says why in its expected file (`known_gap`); it fails the suite the day
    it reads right (strict), so that the gap is closed in the file too."""
    gap = case.expected.get("known_gap")
    return pytest.param(case, marks=pytest.mark.xfail(strict=True, reason=gap)) if gap else case


@pytest.mark.parametrize("case", [_known_gap(c) for c in CASES], ids=[c.name for c in CASES])
def test_the_document_reads_to_its_rows(case):
    result = run_case(case)
    summary = (
        f"{case.name} ({case.expected['shape']}): rows {result.rows_found}/{result.rows_expected}, "
        f"cells {result.cells_right}/{result.cells_expected}, extra rows {result.rows_extra}"
    )
    if result.problems:
        pytest.fail(summary + "\n" + "\n".join(result.problems), pytrace=False)
