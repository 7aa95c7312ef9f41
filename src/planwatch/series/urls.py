from django.urls import path

from planwatch import httpinputs  # noqa: F401  registers <id:...>
from planwatch.series import views

app_name = "series"

urlpatterns = [
    path("chuoi-chi-tieu/", views.proposal_list, name="proposals"),
    path("chuoi-chi-tieu/<id:pk>/<slug:action>/", views.member_decide, name="decide"),
    path("chi-tieu/<id:pk>/lien-ket/", views.indicator_link, name="link"),
]
