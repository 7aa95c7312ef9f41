from django.contrib.auth import views as auth_views
from django.urls import path

from planwatch.accounts import views as account_views
from planwatch.web import imports, views
from planwatch.web import converters  # noqa: F401  registers <id:...>, ids a database can hold

urlpatterns = [
    path("", views.home, name="home"),
    path("dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    # Every signed-in user changes their own password (issue 13), see accounts/views.py.
    path("doi-mat-khau/", account_views.PasswordChangeView.as_view(), name="password-change"),
    path("doi-mat-khau/xong/", account_views.PasswordChangeDoneView.as_view(), name="password-change-done"),
    path("van-ban/<slug:slug>/", views.document_detail, name="document"),
    path("chi-tieu/<id:pk>/", views.indicator_detail, name="indicator"),
    path("nhiem-vu/<id:pk>/", views.task_detail, name="task"),
    path("co-quan/", views.agency_list, name="agencies"),
    path("co-quan/<id:pk>/", views.agency_detail, name="agency"),
    path("lanh-dao/", views.position_list, name="positions"),
    path("lanh-dao/<id:pk>/", views.position_detail, name="position"),
    path("tim-kiem/", views.search_view, name="search"),
    path("nhap-van-ban/", imports.import_start, name="import"),
    path("nhap-van-ban/<id:pk>/", imports.import_review, name="import-review"),
    path("nhap-van-ban/<id:pk>/trang-<id:page>.png", imports.import_page_image, name="import-page"),
    path("lich-su/van-ban/<slug:pk>/", views.history, {"kind": "document"}, name="document-history"),
    path("lich-su/chi-tieu/<id:pk>/", views.history, {"kind": "indicator"}, name="indicator-history"),
    path("lich-su/nhiem-vu/<id:pk>/", views.history, {"kind": "task"}, name="task-history"),
]
