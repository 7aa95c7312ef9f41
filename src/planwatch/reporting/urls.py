from django.urls import path

from planwatch.reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.round_list, name="rounds"),
    path("dot/mo/", views.round_open, name="round-open"),
    path("dot/<int:pk>/", views.round_detail, name="round"),
    path("dot/<int:pk>/tong-hop/", views.round_close, name="round-close"),
    path("dot/<int:pk>/han-nop/", views.round_deadline, name="round-deadline"),
    path("dot/<int:pk>/xuat.csv", views.round_export, name="round-export"),
    path("dot/<int:pk>/lich-su/", views.round_history, name="round-history"),
    path("bang-dieu-khien/", views.dashboard, name="dashboard"),
    path("co-quan/<int:pk>/", views.agency_record, name="agency-record"),
    path("thong-bao/", views.notification_list, name="notifications"),
    path("thong-bao/<int:pk>/", views.notification_open, name="notification"),
    path("minh-chung/<int:pk>/", views.evidence_download, name="evidence"),
    path("<int:pk>/", views.report_detail, name="report"),
    path("<int:pk>/chuyen/<slug:action>/", views.report_transition, name="report-transition"),
    path("<int:pk>/y-kien/", views.report_comment, name="report-comment"),
    path("<int:pk>/lich-su/", views.report_history, name="report-history"),
    path("dong/<slug:kind>/<int:pk>/lich-su/", views.line_history, name="line-history"),
]
