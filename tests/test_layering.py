"""The apps in a fixed order (issue 15): a module imports its own app and the apps below it, never one above, and
function-level imports count as much as the ones at the top of a file.

Read from the source with `ast` (nothing is imported), every `.py` under src/planwatch except migrations. Templates
import too: the base every app's pages extend loads web's own template tags only (the notification badge is asked
of the app that declares it, web/templatetags/nav.py).

An upward import that cannot go yet is in ALLOWED, with why; a new one fails here, and so does an ALLOWED entry
that no longer occurs (take it off the list: it only shrinks).
"""

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "planwatch"

# Lowest first. A name is an app (a package of planwatch) or a top-level module; names in one tuple are one level
# and may import one another.
LAYERS = [
    # Pure Python, no planwatch import: text keys (the parser's and the search's), JSON and spreadsheet-cell rules,
    # Django's format files, the package's version.
    ("__init__", "textnorm", "jsonformat", "spreadsheets", "formats"),
    ("engine",),  # the computation: pure Python
    ("docparse",),  # the parser: pure Python, reads quantities as the engine does
    # Django, no app: console arguments, what a request may carry, long lists a page at a time, the HTML of long lists
    # written in code, the database as a whole (backup, restore).
    ("commandargs", "httpinputs", "paging", "rowhtml", "operations"),
    ("audit",),
    ("jobs",),  # work run away from the request; apps register their kinds with it
    ("registry",),
    ("accounts",),  # who is who, and the scope: memberships point at the register's agencies and seats
    # Features on the register; each keeps the access rules of its own objects in the words of the scope.
    ("series",),
    ("cascade",),  # contributions of lower plans to a higher one, administrative units over time
    ("frameworks",),
    ("reporting",),
    ("exchange",),
    ("reports",),
    ("api",),  # a consumer: reads through the apps' selectors, writes through their services
    # The site (pages across apps), the public portal, and the whole demo: each app's part in order, with its commands
    # (web's `demo` and `load-demo`).
    ("web", "demo", "portal"),
    ("settings", "urls", "cli", "wsgi"),  # entry points: may import anything
]
LEVEL = {name: level for level, names in enumerate(LAYERS) for name in names}

# (importing module, module it imports) -> why it stays for now.
ALLOWED: dict[tuple[str, str], str] = {}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _unit(module: str) -> str:
    """The app or top-level module a module of planwatch belongs to (`__init__` for the package itself)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _sources() -> list[Path]:
    return sorted(path for path in SRC.rglob("*.py") if "migrations" not in path.relative_to(SRC).parts)


def _imports(path: Path):
    """(line, imported module) for every import of planwatch in the file, at any depth."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # `from planwatch import engine`: the app is in the names.
            names = [f"{target}.{alias.name}" for alias in node.names] if target == "planwatch" else [target]
        else:
            continue
        for name in names:
            if name == "planwatch" or name.startswith("planwatch."):
                yield node.lineno, name


def _upward_imports() -> dict[tuple[str, str], list[str]]:
    found: dict[tuple[str, str], list[str]] = {}
    for path in _sources():
        module = _module_name(path)
        source = _unit(module)
        for line, target in _imports(path):
            imported = _unit(target)
            if imported == source or imported not in LEVEL or source not in LEVEL:
                continue
            if LEVEL[imported] > LEVEL[source]:
                found.setdefault((module, target), []).append(f"{path.relative_to(SRC.parent)}:{line}")
    return found


def test_every_app_and_module_has_its_place_in_the_order():
    units = {_unit(_module_name(path)) for path in _sources()}
    assert sorted(units - set(LEVEL)) == [], "place the new app or module in LAYERS"
    assert sorted(set(LEVEL) - units) == [], "an app or module in LAYERS no longer exists"


def test_no_module_imports_an_app_above_its_own():
    found = _upward_imports()
    new = [
        f"{where}: {module} imports {target} ({_unit(target)} sits above {_unit(module)})"
        for (module, target), places in sorted(found.items()) if (module, target) not in ALLOWED
        for where in places
    ]
    assert new == []


def test_every_allowed_upward_import_still_occurs():
    """ALLOWED only shrinks: an import moved to its right place comes off the list."""
    found = _upward_imports()
    assert sorted(key for key in ALLOWED if key not in found) == []


def test_the_pure_layers_import_no_django():
    pure = {name for names in LAYERS[:3] for name in names}
    django = []
    for path in _sources():
        if _unit(_module_name(path)) not in pure:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) and not node.level else [])
            django += [f"{path.relative_to(SRC.parent)}:{node.lineno}" for name in names if name.split(".")[0] == "django"]
    assert django == []


def test_no_module_is_over_600_lines():
    """Issue 15: a module that grows past 600 lines is split along its seams (migrations aside: Django writes them)."""
    long = {
        str(path.relative_to(SRC)): count
        for path in SRC.rglob("*.py") if "migrations" not in path.parts
        for count in [len(path.read_text(encoding="utf-8").splitlines())] if count > 600
    }
    assert long == {}


def test_the_shared_base_template_loads_only_web_tags():
    """Every app's pages extend web/base.html: it loads Django's libraries and web's own, no app's above it."""
    base = (SRC / "web" / "templates" / "web" / "base.html").read_text(encoding="utf-8")
    loaded = {name for names in re.findall(r"{%\s*load\s+([^%]+?)\s*%}", base) for name in names.split()}
    web_tags = {path.stem for path in (SRC / "web" / "templatetags").glob("*.py") if path.stem != "__init__"}
    assert loaded and loaded <= web_tags | {"i18n", "static", "l10n", "tz"}
