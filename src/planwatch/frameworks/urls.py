from django.urls import path

from planwatch import httpinputs  # noqa: F401  registers <id:...>
from planwatch.frameworks import views

app_name = "frameworks"

urlpatterns = [
    path("nhiem-vu/<id:task_pk>/ke-hoach-khung/", views.plan_detail, name="plan"),
    path("nhiem-vu/<id:task_pk>/ke-hoach-khung/mo/", views.plan_start, name="start"),
    path("nhiem-vu/<id:task_pk>/ke-hoach-khung/buoc/", views.step_save, name="step-add"),
    path("nhiem-vu/<id:task_pk>/ke-hoach-khung/buoc/<id:step_pk>/", views.step_save, name="step-edit"),
    path("nhiem-vu/<id:task_pk>/ke-hoach-khung/buoc/<id:step_pk>/xoa/", views.step_delete, name="step-delete"),
    path("nhiem-vu/<id:task_pk>/ke-hoach-khung/buoc/<id:step_pk>/tien-do/", views.step_progress, name="step-progress"),
    path("nhiem-vu/<id:task_pk>/ke-hoach-khung/buoc/<id:step_pk>/doi-lich/", views.step_reschedule,
         name="step-reschedule"),
    path("nhiem-vu/<id:task_pk>/ke-hoach-khung/quan-he/", views.link_save, name="link-add"),
    path("nhiem-vu/<id:task_pk>/ke-hoach-khung/quan-he/<id:link_pk>/xoa/", views.link_delete, name="link-delete"),
    path("nhiem-vu/<id:task_pk>/ke-hoach-khung/chuyen/<slug:action>/", views.plan_transition, name="transition"),
    path("nhiem-vu/<id:task_pk>/ke-hoach-khung/tai-len/", views.plan_upload, name="upload"),
    path("nhiem-vu/<id:task_pk>/ke-hoach-khung.<slug:fmt>", views.plan_export, name="export"),
    path("van-ban/<slug:slug>/gantt/", views.document_gantt, name="document-gantt"),
]
