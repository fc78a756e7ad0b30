import io

from django.core.management import call_command

from forms.applications import application_list
from services.catalog.models import Department, DocumentRequirement, Service
from services.catalog.services import catalog_load

SERVICE_SLUGS = {
    "gewerbeanmeldung",
    "gewerbeummeldung",
    "gewerbeabmeldung",
    "gaststaettenerlaubnis",
    "sondernutzung",
    "reisegewerbekarte",
}


def catalog_snapshot():
    return (
        list(Department.objects.order_by("code").values()),
        list(Service.objects.order_by("slug").values()),
        list(DocumentRequirement.objects.order_by("service_id", "code").values()),
    )


def test_catalog_load_creates_departments_services_and_documents(db):
    catalog_load()

    assert set(Department.objects.values_list("code", flat=True)) == {
        "gewerbeamt",
        "gewerbeamt-uerdingen",
        "bauaufsicht",
        "tiefbau",
        "wirtschaftsfoerderung",
    }
    assert Department.objects.get(code="gewerbeamt").parent_name == "Fachbereich Sicherheit und Ordnung"
    assert all(email.endswith(".example") for email in Department.objects.values_list("email", flat=True))

    assert set(Service.objects.values_list("slug", flat=True)) == SERVICE_SLUGS
    prefixes = dict(Service.objects.values_list("slug", "reference_prefix"))
    assert prefixes == {
        "gewerbeanmeldung": "GEW",
        "gewerbeummeldung": "GUM",
        "gewerbeabmeldung": "GAB",
        "gaststaettenerlaubnis": "GST",
        "sondernutzung": "SON",
        "reisegewerbekarte": "RGK",
    }
    for service in Service.objects.all():
        assert service.processing_days > 0
        assert service.legal_basis
        assert service.description
        assert service.documents.filter(required=True).exists(), service.slug


def test_the_services_with_a_wizard_are_online_and_the_gewerbeanmeldung_belongs_to_the_gewerbeamt(db):
    catalog_load()

    # Online are exactly the services with a registered wizard.
    online = set(Service.objects.filter(online=True).values_list("slug", flat=True))
    assert online == {application.service_slug for application in application_list()}
    assert {"gewerbeanmeldung", "gewerbeummeldung", "gewerbeabmeldung", "gaststaettenerlaubnis"} <= online
    assert {"sondernutzung", "reisegewerbekarte"} <= online
    gewerbe = Service.objects.get(slug="gewerbeanmeldung")
    assert gewerbe.leika_key == "99050012104000"
    assert gewerbe.department.code == "gewerbeamt"
    assert "§ 14 GewO" in gewerbe.legal_basis
    assert Service.objects.get(slug="sondernutzung").department.code == "tiefbau"
    assert "§ 2 GastG" in Service.objects.get(slug="gaststaettenerlaubnis").legal_basis
    assert "§ 55 GewO" in Service.objects.get(slug="reisegewerbekarte").legal_basis


def test_gewerbeanmeldung_asks_for_the_documents_the_wizard_knows(db):
    catalog_load()

    documents = {d.code: d for d in DocumentRequirement.objects.filter(service__slug="gewerbeanmeldung")}
    assert set(documents) == {"identity", "register_extract", "permit", "residence_title", "craft_register", "other"}
    assert documents["identity"].required
    for code in ("register_extract", "permit", "residence_title", "craft_register", "other"):
        assert not documents[code].required
        assert documents[code].condition, code


def test_catalog_load_twice_changes_nothing(db):
    catalog_load()
    first = catalog_snapshot()

    catalog_load()

    assert catalog_snapshot() == first


def test_catalog_load_restores_edited_catalog_data_without_duplicates(db):
    catalog_load()
    Service.objects.filter(slug="gewerbeanmeldung").update(processing_days=99, online=False)
    DocumentRequirement.objects.filter(code="identity").update(required=False)

    catalog_load()

    gewerbe = Service.objects.get(slug="gewerbeanmeldung")
    assert (gewerbe.processing_days, gewerbe.online) == (3, True)
    assert not DocumentRequirement.objects.filter(code="identity", required=False).exists()
    assert Service.objects.count() == 6


def test_load_catalog_command_loads_the_catalog(db, capsys):
    call_command("load_catalog")
    call_command("load_catalog")

    assert Service.objects.count() == 6
    assert Department.objects.count() == 5
    assert "6 services" in capsys.readouterr().out


def test_every_postcode_of_the_city_is_counted_to_one_of_the_demo_catalogs_districts(db, settings):
    from services.catalog.models import DistrictPostcode

    call_command("load_catalog", stdout=io.StringIO())
    assert sorted(DistrictPostcode.objects.values_list("postcode", flat=True)) == sorted(settings.CITY_POSTCODES)


def test_load_catalog_loads_the_districts_and_keeps_what_an_admin_changed(db):
    from services.catalog.models import District, DistrictPostcode
    from services.catalog.selectors import district_choices, district_for_postcode

    call_command("load_catalog", stdout=io.StringIO())
    assert [code for code, _name in district_choices()][:3] == ["mitte", "nord", "ost"]
    assert DistrictPostcode.objects.count() == 12
    assert district_for_postcode(postcode="47829") == "uerdingen"
    assert district_for_postcode(postcode=" 47798 ") == "mitte"
    assert district_for_postcode(postcode="10115") == district_for_postcode(postcode=None) == ""

    # An admin moves a postcode to another district and renames one; loading again keeps both.
    DistrictPostcode.objects.filter(postcode="47809").update(district=District.objects.get(code="fischeln"))
    District.objects.filter(code="huels").update(name="Hüls (Stadtteil)")
    call_command("load_catalog", stdout=io.StringIO())

    assert District.objects.count() == 9 and DistrictPostcode.objects.count() == 12
    assert district_for_postcode(postcode="47809") == "fischeln"
    assert dict(district_choices())["huels"] == "Hüls (Stadtteil)"


def test_the_agency_counts_districts_by_the_catalogs_table(db):
    from services.catalog.models import District, DistrictPostcode
    from services.statistics.dimensions import DIMENSIONS, case_dimensions
    from services.statistics.forms import FigureFilterForm

    call_command("load_catalog", stdout=io.StringIO())
    answers = {"premises": {"postcode": "47918"}}
    assert case_dimensions(answers)["district"] == ""

    tonisvorst = District.objects.create(code="toenisvorst", name="Tönisvorst", position=200)
    DistrictPostcode.objects.create(postcode="47918", district=tonisvorst)

    assert case_dimensions(answers)["district"] == "toenisvorst"
    assert case_dimensions(answers, districts={"47918": "elsewhere"})["district"] == "elsewhere"
    assert DIMENSIONS["district"].label("toenisvorst") == "Tönisvorst"
    assert ("toenisvorst", "Tönisvorst") in FigureFilterForm().fields["district"].choices
