from django.urls import path

from services.guide import views

app_name = "guide"

urlpatterns = [
    path("", views.guide_questions, name="questions"),
    path("checkliste/", views.guide_checklist, name="checklist"),
    path("neu/", views.guide_reset, name="reset"),
]
