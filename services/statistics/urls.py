from django.urls import path

from services.reports import views as report_views
from services.statistics import views

app_name = "agency"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("tabelle/<slug:name>.<slug:fmt>", views.table_export, name="table_export"),
    path("berichte/", report_views.report_list, name="reports"),
    path("berichte/<int:year>-<int:month>.pdf", report_views.report_download, name="report_download"),
]
