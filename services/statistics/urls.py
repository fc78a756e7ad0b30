from django.urls import path

from services.statistics import views

app_name = "agency"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("tabelle/<slug:name>.<slug:fmt>", views.table_export, name="table_export"),
]
