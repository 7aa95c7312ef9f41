from django.urls import path

from planwatch import httpinputs  # noqa: F401  registers <id:...>
from planwatch.cascade import views

app_name = "cascade"

urlpatterns = [
    path("chi-tieu/<id:pk>/dong-gop/", views.contributions_edit, name="edit"),
    path("chi-tieu/<id:pk>/dong-gop/<id:contribution_pk>/bo/", views.contribution_remove, name="remove"),
]
