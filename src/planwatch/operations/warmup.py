"""What a server process does once the application is loaded and before its first request (issue 14).

Python's cyclic garbage collector walks every object the process holds each time it collects its oldest
generation. A worker holds about 180 000 objects once Django, the views and the templates are loaded (390 000 once it
has computed every plan); a full pass took 160-200 ms inside whatever request was running, and the collector about
2 ms of every request on average (benchmarks/collector_check.py). Those objects live as long as the process, so they are loaded
here at once (every view module through the URL patterns, our templates into the cached loader, the catalogues of
every language), the garbage of loading them collected, and the rest moved out of the collector's sight with
`gc.freeze()`. The collector still runs and still frees what requests leave behind; it no longer walks the
application itself.

`PLANWATCH_GC_FREEZE=0` turns it off. Under gunicorn's `--preload` this runs in the master before the workers
fork, which also keeps the frozen pages shared between the workers.
"""

from __future__ import annotations

import gc
import logging
import time
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

TEMPLATE_SUFFIXES = (".html", ".txt")


def settle_for_requests() -> None:
    """Load what every request would load lazily, collect, then freeze what is left (unless turned off)."""
    if not settings.PLANWATCH_GC_FREEZE:
        return
    started = time.perf_counter()
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 -- imports every view module, their forms and selectors
    templates = _load_own_templates()
    _load_catalogues()
    gc.collect()
    gc.freeze()
    logger.info("ready for requests: %d templates loaded, %d objects frozen, in %.0f ms",
                templates, gc.get_freeze_count(), (time.perf_counter() - started) * 1000)


def _load_own_templates() -> int:
    """Our own templates (not Django admin's, rarely opened), compiled into the cached loader, which keeps them for
    the process's life. A template that fails to load is left to fail in its request, where the error is seen."""
    from django.template import TemplateDoesNotExist, TemplateSyntaxError, engines

    own = Path(settings.BASE_DIR).resolve()
    loaded = 0
    for engine in engines.all():
        for directory in engine.template_dirs:
            directory = Path(directory).resolve()
            if not directory.is_dir() or not directory.is_relative_to(own):
                continue
            for path in sorted(directory.rglob("*")):
                if path.suffix not in TEMPLATE_SUFFIXES or not path.is_file():
                    continue
                try:
                    engine.get_template(path.relative_to(directory).as_posix())
                except (TemplateDoesNotExist, TemplateSyntaxError, UnicodeDecodeError):
                    logger.warning("template not loaded before the first request: %s", path, exc_info=True)
                    continue
                loaded += 1
    return loaded


def _load_catalogues() -> None:
    from django.utils import translation

    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("")
