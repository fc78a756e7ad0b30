from django.urls import path

from services.workspace.views import actions, appointments, case, inbox, overdue, routing

app_name = "workspace"

urlpatterns = [
    # workspace
    path("", inbox.inbox, name="inbox"),
    path("vorgang/<uuid:public_id>/", case.case_detail, name="case"),
    path("vorgang/<uuid:public_id>/pdf/", case.case_pdf, {"inline": True}, name="case_pdf"),
    path("vorgang/<uuid:public_id>/pdf/herunterladen/", case.case_pdf, name="case_pdf_download"),
    path("anhang/<uuid:public_id>/", case.attachment_download, name="attachment"),
    # routing
    path("zuweisungsregeln/", routing.routing_services, name="routing_services"),
    path("zuweisungsregeln/<slug:service>/", routing.routing_rules, name="routing_rules"),
    path("zuweisungsregeln/<slug:service>/neu/", routing.routing_rule_create_view, name="routing_rule_create"),
    path("zuweisungsregeln/regel/<int:pk>/", routing.routing_rule_edit, name="routing_rule_edit"),
    path("zuweisungsregeln/regel/<int:pk>/loeschen/", routing.routing_rule_delete_view, name="routing_rule_delete"),
    path("zuweisungsregeln/regel/<int:pk>/verschieben/", routing.routing_rule_move_view, name="routing_rule_move"),
    path("zuweisungsregeln/regel/<int:pk>/testen/", routing.routing_rule_test_view, name="routing_rule_test"),
    path("vorgang/<uuid:public_id>/umleiten/", routing.case_reroute_view, name="case_reroute"),
    # workflow
    path("vorgang/<uuid:public_id>/aktion/<slug:name>/", actions.transition, name="case_transition"),
    path("vorgang/<uuid:public_id>/uebernehmen/", actions.claim, name="case_claim"),
    path("vorgang/<uuid:public_id>/abgeben/", actions.release, name="case_release"),
    path("vorgang/<uuid:public_id>/zuweisen/", actions.assign, name="case_assign"),
    path("vorgang/<uuid:public_id>/notiz/", actions.note, name="case_note"),
    path("vorgang/<uuid:public_id>/nachricht/", actions.message, name="case_message"),
    path("ueberfaellig/", overdue.overdue, name="overdue"),
    # appointments
    path("termine/", appointments.agenda, name="agenda"),
    path("termine/<uuid:public_id>/ergebnis/", appointments.appointment_outcome, name="appointment_outcome"),
    path("termine/<uuid:public_id>/absagen/", appointments.appointment_staff_cancel, name="appointment_cancel"),
    path("termine/angebot/", appointments.appointment_offer_departments, name="appointment_offer_departments"),
    path("termine/angebot/<slug:department>/", appointments.appointment_offer, name="appointment_offer"),
    path(
        "termine/angebot/<slug:department>/art/", appointments.appointment_type_create, name="appointment_type_create"
    ),
    path("termine/angebot/<slug:department>/zeiten/", appointments.opening_hours_create, name="opening_hours_create"),
    path("termine/angebot/<slug:department>/schliessung/", appointments.closure_create, name="closure_create"),
    path("termine/art/<int:pk>/", appointments.appointment_type_edit, name="appointment_type_edit"),
    path("termine/zeiten/<int:pk>/loeschen/", appointments.opening_hours_delete, name="opening_hours_delete"),
    path("termine/schliessung/<int:pk>/loeschen/", appointments.closure_delete, name="closure_delete"),
]
