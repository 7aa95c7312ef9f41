from django.urls import path

from planwatch import httpinputs  # noqa: F401  registers <id:...>, ids a database can hold
from planwatch.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.round_list, name="rounds"),
    path("dot/mo/", views.round_open, name="round-open"),
    path("dot/<id:pk>/", views.round_detail, name="round"),
    path("dot/<id:pk>/tong-hop/", views.round_close, name="round-close"),
    path("dot/<id:pk>/han-nop/", views.round_deadline, name="round-deadline"),
    path("dot/<id:pk>/xuat.csv", views.round_export, name="round-export"),
    path("dot/<id:pk>/xuat/", views.round_export_start, name="round-export-start"),
    path("dot/<id:pk>/lich-su/", views.round_history, name="round-history"),
    path("bang-dieu-khien/", views.dashboard, name="dashboard"),
    path("co-quan/<id:pk>/", views.agency_record, name="agency-record"),
    path("thong-bao/", views.notification_list, name="notifications"),
    path("thong-bao/<id:pk>/", views.notification_open, name="notification"),
    path("minh-chung/<id:pk>/", views.evidence_download, name="evidence"),
    path("<id:pk>/", views.report_detail, name="report"),
    path("<id:pk>/chuyen/<slug:action>/", views.report_transition, name="report-transition"),
    path("<id:pk>/chap-nhan/", views.report_accept_confirm, name="report-accept"),
    path("<id:pk>/trinh-duyet/", views.report_request_approval, name="report-request-approval"),
    path("<id:pk>/y-kien/", views.report_comment, name="report-comment"),
    path("<id:pk>/lich-su/", views.report_history, name="report-history"),
    path("dong/<slug:kind>/<id:pk>/lich-su/", views.line_history, name="line-history"),
]
