from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "planwatch — Quản trị danh mục"
admin.site.site_title = "planwatch"
admin.site.index_title = "Danh mục kế hoạch"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("bao-cao/", include("planwatch.reporting.urls")),
    path("phu-luc/", include("planwatch.reports.urls")),
    path("", include("planwatch.web.urls")),
]
