from django.contrib.auth import views as auth_views
from django.urls import path

from planwatch.web import imports, views

urlpatterns = [
    path("", views.home, name="home"),
    path("dang-nhap/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("van-ban/<slug:slug>/", views.document_detail, name="document"),
    path("chi-tieu/<int:pk>/", views.indicator_detail, name="indicator"),
    path("nhiem-vu/<int:pk>/", views.task_detail, name="task"),
    path("co-quan/", views.agency_list, name="agencies"),
    path("co-quan/<int:pk>/", views.agency_detail, name="agency"),
    path("lanh-dao/", views.position_list, name="positions"),
    path("lanh-dao/<int:pk>/", views.position_detail, name="position"),
    path("tim-kiem/", views.search_view, name="search"),
    path("nhap-van-ban/", imports.import_start, name="import"),
    path("nhap-van-ban/<int:pk>/", imports.import_review, name="import-review"),
    path("nhap-van-ban/<int:pk>/trang-<int:page>.png", imports.import_page_image, name="import-page"),
    path("lich-su/van-ban/<slug:pk>/", views.history, {"kind": "document"}, name="document-history"),
    path("lich-su/chi-tieu/<int:pk>/", views.history, {"kind": "indicator"}, name="indicator-history"),
    path("lich-su/nhiem-vu/<int:pk>/", views.history, {"kind": "task"}, name="task-history"),
]
