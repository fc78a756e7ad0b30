from django.urls import path

from services.workspace.views import case, inbox

app_name = "workspace"

urlpatterns = [
    # workspace
    path("", inbox.inbox, name="inbox"),
    path("vorgang/<uuid:public_id>/", case.case_detail, name="case"),
    path("vorgang/<uuid:public_id>/pdf/", case.case_pdf, {"inline": True}, name="case_pdf"),
    path("vorgang/<uuid:public_id>/pdf/herunterladen/", case.case_pdf, name="case_pdf_download"),
    path("anhang/<uuid:public_id>/", case.attachment_download, name="attachment"),
]
