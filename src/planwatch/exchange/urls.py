from django.urls import path

from planwatch.exchange import views

app_name = "exchange"

urlpatterns = [
    # /van-ban/<slug>/du-lieu.dhis2-json, .dhis2-csv, .sdmx-csv
    path("van-ban/<slug:slug>/du-lieu.<str:fmt>", views.document_data, name="document-data"),
]
