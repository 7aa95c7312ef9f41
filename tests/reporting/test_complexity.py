"""How branchy reporting's functions are (issue 15): cyclomatic complexity counted with `ast` (radon is not
installed), 1 + one per decision (if, loop, except, comprehension filter, `and`/`or` operand, conditional
expression, case). The workflow's big services were split along their seams; a function past the limit is split
too.

Run as a script for the whole package: `python tests/reporting/test_complexity.py [limit]`.
"""

import ast
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "planwatch"
LIMIT = 22

BRANCHES = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.IfExp, ast.ExceptHandler, ast.Assert, ast.match_case)


def complexity(function: ast.AST) -> int:
    count, pending = 1, list(ast.iter_child_nodes(function))
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue  # counted on its own
        if isinstance(node, BRANCHES):
            count += 1
        elif isinstance(node, ast.BoolOp):
            count += len(node.values) - 1
        elif isinstance(node, ast.comprehension):
            count += 1 + len(node.ifs)
        pending.extend(ast.iter_child_nodes(node))
    return count


def functions(root: Path):
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                yield f"{path.relative_to(SRC.parent)}:{node.lineno} {node.name}", complexity(node)


def test_the_counter_counts_each_decision():
    source = "def f(a, b):\n    if a and b:\n        return [x for x in a if x]\n    for x in b:\n        pass\n"
    assert complexity(ast.parse(source).body[0]) == 1 + 1 + 1 + 2 + 1


def test_no_reporting_function_is_past_the_limit():
    assert {name: n for name, n in functions(SRC / "reporting") if n > LIMIT} == {}


if __name__ == "__main__":
    limit = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    found = sorted(((n, name) for name, n in functions(SRC)), reverse=True)
    print(f"{sum(n >= limit for n, _ in found)} functions at {limit} or more")
    for n, name in found:
        if n >= limit:
            print(n, name)
