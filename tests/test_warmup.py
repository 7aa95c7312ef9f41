"""A server process, once planwatch.wsgi is imported, has loaded its views, templates and catalogues and frozen them
out of the garbage collector's passes (operations/warmup.py); PLANWATCH_GC_FREEZE=0 leaves the process as Django
leaves it. Each case imports planwatch.wsgi in a subprocess, as gunicorn does."""

import json
import subprocess
import sys

import pytest

from tests.test_deploy_settings import production_env

PROBE = """
import gc, json, sys
import planwatch.wsgi
from django.template import engines
from django.urls import get_resolver
loader = engines["django"].engine.template_loaders[0]
print(json.dumps({
    "frozen": gc.get_freeze_count(),
    "views_imported": "planwatch.reporting.views" in sys.modules and "planwatch.frameworks.views" in sys.modules,
    "templates_cached": sorted(name for name in getattr(loader, "get_template_cache", {})),
    "gc_enabled": gc.isenabled(),
}))
"""


def probe(tmp_path, **extra) -> dict:
    env = production_env(tmp_path)
    env.update(extra)
    result = subprocess.run([sys.executable, "-c", PROBE], env=env, cwd=tmp_path, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_the_wsgi_application_loads_views_and_templates_then_freezes_them(tmp_path):
    found = probe(tmp_path)
    assert found["frozen"] > 100_000  # Django, the views and the templates: several hundred thousand objects
    assert found["gc_enabled"]  # the collector still frees what requests leave behind
    assert found["views_imported"]
    cached = set(found["templates_cached"])
    assert {"web/base.html", "reporting/report_detail.html", "web/document_detail.html"} <= cached
    assert not any(name.startswith("admin/") for name in cached)  # Django admin's are left to load when opened


@pytest.mark.parametrize("off", ["0", "false"])
def test_planwatch_gc_freeze_off_leaves_the_process_as_django_does(tmp_path, off):
    found = probe(tmp_path, PLANWATCH_GC_FREEZE=off)
    assert found["frozen"] == 0
    assert not found["views_imported"]
    assert found["templates_cached"] == []
