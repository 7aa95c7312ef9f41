"""The REST API `/api/v1/` (issue 12): the register, framework plans and reports for programs, as the web shows them.

Library: django-ninja. The API is a thin read layer over querysets plus one write (report lines), and ninja gives
what that needs with the least of our own code: the OpenAPI 3 document is generated from the type hints that also
validate the input (pydantic), and Swagger UI ships inside the package, so the docs page is served from our own
static files (no CDN) and its init script is already a file, which our Content-Security-Policy requires. Django REST
framework with drf-spectacular would do the same with serializers, viewsets and a sidecar package for the UI
assets: three dependencies and more layers for endpoints that are mostly one selector each.

Authentication is ours (`ApiToken`: a SHA-256 of a bearer token, shown once); the caller's scope is its user's web
scope, through `planwatch.accounts.access`. Reports are written only through `reporting.services.report_save`.
"""
