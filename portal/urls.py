from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from portal import views

urlpatterns = [
    path("", views.home, name="home"),
    path("meine-antraege/", views.my_cases, name="my_cases"),
    path("gruendungslotse/", include("services.guide.urls")),
    path("impressum/", views.legal_page, {"page": "imprint"}, name="imprint"),
    path("datenschutz/", views.legal_page, {"page": "privacy"}, name="privacy"),
    path("barrierefreiheit/", views.legal_page, {"page": "accessibility"}, name="accessibility"),
    path("konto/", include("portal.accounts.urls")),
    path("antraege/", include("forms.urls")),
    path("vorgaenge/", include("services.cases.urls")),
    path("sachbearbeitung/", include("services.workspace.urls")),
    path("termine/", include("services.appointments.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

if settings.LOAD_CALIBRATION_VIEW:
    from portal.calibration import load_calibration

    urlpatterns.append(path("lasttest/kalibrierung/", load_calibration, name="load_calibration"))
