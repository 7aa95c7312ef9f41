"""`/healthz`: is this web process able to serve? For the load balancer, the process supervisor and monitoring.

No login, no session, no CSRF cookie, no template: one trivial query, so a probe every few seconds costs nothing.
The reason of a failure stays in the server's log; the probe learns only that the database is unavailable.
"""

import logging

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("healthz: the database does not answer")
        return JsonResponse({"status": "error", "reason": "database unavailable"}, status=503)
    return JsonResponse({"status": "ok"})
