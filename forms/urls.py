from django.urls import path

from forms import views

app_name = "forms"

urlpatterns = [
    path("<slug:service>/", views.application_start, name="start"),
    path("<slug:service>/<uuid:draft_id>/loeschen/", views.draft_discard, name="draft_discard"),
    path("<slug:service>/<uuid:draft_id>/", views.wizard_view, name="wizard"),
    path("<slug:service>/<uuid:draft_id>/<slug:step>/", views.wizard_view, name="wizard_step"),
]
