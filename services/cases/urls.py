from django.urls import path

from services.cases import founder_views, views

app_name = "cases"

urlpatterns = [
    path("<uuid:public_id>/", views.case_detail, name="detail"),
    path("<uuid:public_id>/eingereicht/", views.case_detail, {"just_submitted": True}, name="confirmation"),
    path("<uuid:public_id>/pdf/", views.case_pdf_download, name="pdf"),
    path("<uuid:public_id>/antworten/", founder_views.answer, name="answer"),
    path("<uuid:public_id>/nachricht/", founder_views.message, name="message"),
    path("<uuid:public_id>/zurueckziehen/", founder_views.withdraw, name="withdraw"),
    path("anhang/<uuid:public_id>/", views.attachment_download, name="attachment"),
]
