from django.urls import path

from planwatch.jobs import views

app_name = "jobs"
urlpatterns = [
    path("", views.job_list, name="list"),
    path("<int:pk>/", views.job_detail, name="job"),
    path("<int:pk>/tai-ve/", views.job_download, name="download"),
]
