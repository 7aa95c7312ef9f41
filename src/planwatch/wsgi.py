import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "planwatch.settings")
application = get_wsgi_application()

from planwatch.operations.warmup import settle_for_requests  # noqa: E402 -- needs the settings configured above

settle_for_requests()
