from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from forms import profile_views
from portal import views
from services.catalog.views import wz_search_page

urlpatterns = [
    path("", views.home, name="home"),
    path("meine-antraege/", views.my_cases, name="my_cases"),
    path("meine-daten/", profile_views.profile_page, name="profile"),
    path("meine-daten/<slug:part_slug>/", profile_views.profile_edit, name="profile_edit"),
    path("gruendungslotse/alle-starten/", profile_views.guide_start_all, name="guide_start_all"),
    path("gruendungslotse/", include("services.guide.urls")),
    path("impressum/", views.legal_page, {"page": "imprint"}, name="imprint"),
    path("datenschutz/", views.legal_page, {"page": "privacy"}, name="privacy"),
    path("barrierefreiheit/", views.legal_page, {"page": "accessibility"}, name="accessibility"),
    path("leistungen/<slug:service>/", views.service_page, name="service"),
    path("wz-schluessel/", wz_search_page, name="wz_search"),
    path("konto/", include("portal.accounts.urls")),
    path("antraege/", include("forms.urls")),
    path("vorgaenge/", include("services.cases.urls")),
    path("sachbearbeitung/", include("services.workspace.urls")),
    path("termine/", include("services.appointments.urls")),
    path("wirtschaftsfoerderung/", include("services.statistics.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.LOAD_CALIBRATION_VIEW:
    from portal.calibration import load_calibration

    urlpatterns.append(path("lasttest/kalibrierung/", load_calibration, name="load_calibration"))
