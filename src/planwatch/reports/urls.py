from django.urls import path

from planwatch.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("theo-doi-nhiem-vu/", views.task_tracking, name="tracking"),
    path("van-ban/<slug:slug>/", views.document_export, name="document"),
    path("xep-hang/", views.scorecards, name="scorecards"),
    path("xep-hang/tao-tep/", views.scorecards_file_start, name="scorecards-file"),
]
