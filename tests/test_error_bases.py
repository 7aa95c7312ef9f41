"""Each pure core has one error base (issue 15): every error class the engine defines is an `EngineError`, every
one the parser defines a `DocparseError`, so callers catch a core's refusals in one clause."""

import importlib
import inspect
import pkgutil

import pytest

import planwatch.docparse
import planwatch.engine
from planwatch.docparse import DocparseError
from planwatch.engine import EngineError


def _error_classes(package):
    found = []
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, BaseException) and value.__module__ == module.__name__:
                found.append(value)
    return found


@pytest.mark.parametrize(("package", "base"), [(planwatch.engine, EngineError), (planwatch.docparse, DocparseError)])
def test_every_error_of_a_core_has_its_base(package, base):
    classes = _error_classes(package)
    assert len(classes) >= 2  # the base and at least one refusal
    assert [c.__name__ for c in classes if not issubclass(c, base)] == []


def test_engine_errors_stay_value_errors():
    # Callers written before the base existed catch ValueError.
    assert all(issubclass(c, ValueError) for c in _error_classes(planwatch.engine))
