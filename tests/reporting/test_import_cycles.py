"""Reporting's modules import one another without a circle (issue 15), at the top of a file and inside functions.

Read from the source with `ast`, like tests/test_layering.py. Importing a module runs its packages first, so an
import of `reporting.services.reminders` counts as one of `reporting.services` too (save from inside that package:
its own submodules are read while it is being set up, which is no circle).
"""

import ast

from planwatch.reporting import tasks
from tests.test_layering import _module_name, _sources

APP = "planwatch.reporting"


def _imported(path, module: str, *, top_only: bool):
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in (tree.body if top_only else ast.walk(tree)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                target = ".".join(base[: len(base) - node.level + 1] + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            yield target
            # `from planwatch.reporting import jobs`: the module is in the names.
            yield from (f"{target}.{alias.name}" for alias in node.names)


def _graph(*, top_only: bool) -> dict[str, set[str]]:
    modules = {_module_name(path): path for path in _sources() if _module_name(path).startswith(APP)}
    graph = {}
    for module, path in modules.items():
        edges = set()
        for target in _imported(path, module, top_only=top_only):
            parts = target.split(".")
            for end in range(2, len(parts) + 1):
                name = ".".join(parts[:end])
                if name in modules and name != module and not module.startswith(name + "."):
                    edges.add(name)
        graph[module] = edges
    return graph


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected parts of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            part = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                part.append(other)
                if other == node:
                    break
            if len(part) > 1:
                found.append(sorted(part))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_circle_finder_sees_a_circle():
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_reporting_modules_import_without_a_circle_at_the_top_of_files():
    assert _circles(_graph(top_only=True)) == []


def test_reporting_modules_import_without_a_circle_inside_functions_either():
    graph = _graph(top_only=False)
    assert "planwatch.reporting.tasks" not in graph["planwatch.reporting.services.notifications"]
    assert _circles(graph) == []


def test_the_email_task_keeps_its_queue_name_for_emails_already_queued():
    """Huey finds a queued task by module and name: a move would strand the emails waiting in Redis."""
    task_class = tasks.notification_email.task_class
    assert f"{task_class.__module__}.{task_class.__name__}" == "planwatch.reporting.tasks.notification_email"
