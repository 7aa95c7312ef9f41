from django.urls import path

from planwatch.portal import views
from planwatch.web import converters  # noqa: F401  registers <id:...>

app_name = "portal"

urlpatterns = [
    path("", views.index, name="index"),
    path("van-ban/<id:pk>/", views.document_page, name="document"),
    path("van-ban/<id:pk>/chi-tieu/<id:indicator_pk>/", views.indicator_page, name="indicator"),
    # du-lieu.csv, du-lieu.xlsx, du-lieu.sdmx.csv
    path("van-ban/<id:pk>/du-lieu.<str:suffix>", views.download, name="download"),
    path("don-vi/<id:pk>/", views.unit_page, name="unit"),
    path("ngon-ngu/", views.language, name="language"),
    path("quan-ly/", views.manage, name="manage"),
    path("quan-ly/<id:pk>/cong-bo/", views.publish, name="publish"),
    path("quan-ly/<id:pk>/thoi-cong-bo/", views.unpublish, name="unpublish"),
]
