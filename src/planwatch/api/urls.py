"""The token page's URLs; the API itself is `api.urls`, routed at /api/v1/ in planwatch/urls.py."""

from django.urls import path

from planwatch import httpinputs  # noqa: F401  registers <id:...>, ids a database can hold
from planwatch.api import views

urlpatterns = [
    path("", views.token_list, name="api-tokens"),
    path("<id:pk>/thu-hoi/", views.token_revoke, name="api-token-revoke"),
]
