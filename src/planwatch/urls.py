from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from planwatch.api.api import api
from planwatch.web.health import healthz

admin.site.site_header = "planwatch — Quản trị danh mục"
admin.site.site_title = "planwatch"
admin.site.index_title = "Danh mục kế hoạch"

urlpatterns = [
    # The health probe for the load balancer and monitoring (issue 13, docs/operations.md).
    path("healthz", healthz, name="healthz"),
    # The admin's own password page would change a password outside the audited service: send it to ours.
    path("admin/password_change/", RedirectView.as_view(pattern_name="password-change", permanent=False)),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("bao-cao/", include("planwatch.reporting.urls")),
    path("phu-luc/", include("planwatch.reports.urls")),
    path("viec/", include("planwatch.jobs.urls")),
    # The REST API and each user's API tokens (issue 12, docs/api.md).
    path("api/v1/", api.urls),
    path("tai-khoan/api/", include("planwatch.api.urls")),
    path("", include("planwatch.frameworks.urls")),
    # Indicator series across documents (issue 12, docs/series.md).
    path("", include("planwatch.series.urls")),
    # Contributions of lower plans to an indicator (issue 12, docs/cascade.md).
    path("", include("planwatch.cascade.urls")),
    # DHIS2 / SDMX downloads of a plan (issue 12): before web.urls, which owns the rest of /van-ban/.
    path("", include("planwatch.exchange.urls")),
    # The public portal, no sign-in (issue 12, docs/portal.md).
    path("cong-khai/", include("planwatch.portal.urls")),
    path("", include("planwatch.web.urls")),
]
