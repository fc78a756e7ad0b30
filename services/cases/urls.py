from django.urls import path

from services.cases import views

app_name = "cases"

urlpatterns = [
    path("<uuid:public_id>/", views.case_detail, name="detail"),
    path("<uuid:public_id>/eingereicht/", views.case_detail, {"just_submitted": True}, name="confirmation"),
    path("<uuid:public_id>/pdf/", views.case_pdf_download, name="pdf"),
    path("anhang/<uuid:public_id>/", views.attachment_download, name="attachment"),
    path("anhang/<uuid:public_id>/entfernen/", views.attachment_delete, name="attachment_remove"),
]
