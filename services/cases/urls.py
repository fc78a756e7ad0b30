from django.urls import path

from services.cases import views

app_name = "cases"

urlpatterns = [
    path("<uuid:public_id>/", views.case_detail, name="detail"),
    path("<uuid:public_id>/eingereicht/", views.case_detail, {"just_submitted": True}, name="confirmation"),
]
