"""Fewer typed inputs (issue 7): a home town follows from a postcode of this city, and the first
person's e-mail from the founder's account. Both only fill what is empty; the founder can change them."""

import re

import pytest
from django.test import Client
from django.utils import translation

from forms.applications import application_for
from forms.applications.gewerbeanmeldung.steps import ManagerForm, PremisesForm
from forms.profile_forms import PART_SLUGS
from forms.services import founder_profile_part_save
from forms.steps.person import PersonForm
from forms.steps.premises import ApplicantForm
from services.catalog.services import catalog_load
from tests.factories import FounderFactory, gewerbeanmeldung_answers, gewerbeanmeldung_post_data
from tests.wizard_answers import wizard_walk

pytestmark = pytest.mark.django_db

GEWERBE = {"legal_form": "einzelunternehmen"}


@pytest.fixture(autouse=True)
def catalog():
    catalog_load()


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def persons_form(overrides=None, **options):
    step = application_for("gewerbeanmeldung").step("persons")
    data = gewerbeanmeldung_post_data("persons", overrides=overrides, **options)
    return step.form_class(data=data, prefix="persons", **step.form_kwargs(gewerbeanmeldung_answers(**options)))


# --- The town from the postcode ---------------------------------------------------------------------


def test_a_home_town_left_empty_after_a_postcode_of_the_city_is_the_city():
    formset = persons_form({"0-postcode": "47829", "0-city": ""})
    assert formset.is_valid(), formset.errors
    assert formset.forms[0].cleaned_data["city"] == "Krefeld"


def test_a_home_town_left_empty_after_a_postcode_elsewhere_is_asked_for_at_that_persons_box():
    formset = persons_form({"1-postcode": "40212", "1-city": ""}, legal_form="gbr")
    assert not formset.is_valid()
    assert formset.forms[0].errors == {}
    assert formset.forms[1].errors == {"city": ["Enter the town of the home address."]}


def test_a_typed_town_is_kept_even_after_a_postcode_of_the_city():
    formset = persons_form({"0-postcode": "47829", "0-city": "Krefeld-Uerdingen"})
    assert formset.is_valid()
    assert formset.forms[0].cleaned_data["city"] == "Krefeld-Uerdingen"


def test_a_home_abroad_needs_its_town_whatever_the_postcode():
    formset = persons_form({"0-postcode": "47798", "0-city": "", "0-country": "NL"})
    assert not formset.is_valid()
    assert list(formset.forms[0].errors) == ["city"]


def test_the_postcodes_of_the_city_are_those_its_business_premises_must_have(settings):
    settings.CITY_POSTCODES = [code for code in settings.CITY_POSTCODES if code != "47839"]
    assert not persons_form({"0-postcode": "47839", "0-city": ""}).is_valid()


def test_every_typed_town_of_a_person_takes_the_city_from_the_postcode():
    """The representative of a branch and the Sondernutzung's applicant type their town like a person."""
    manager = {"surname": "Wagner", "given_names": "Petra", "street": "Uerdinger Straße", "house_number": "5"}
    here = ManagerForm(data={**manager, "postcode": "47799"})
    assert here.is_valid() and here.cleaned_data["city"] == "Krefeld"
    elsewhere = ManagerForm(data={**manager, "postcode": "40212"})
    assert elsewhere.errors == {"city": ["Enter the town of the manager's address."]}
    applicant = ApplicantForm(data={**manager, "postcode": "47798", "phone": "02151 86-0", "email": "p@example.org"})
    assert applicant.is_valid() and applicant.cleaned_data["city"] == "Krefeld"


def test_the_town_box_says_it_may_stay_empty_and_carries_the_postcodes_for_the_script(settings):
    html = str(PersonForm()["city"])
    postcodes = " ".join(settings.CITY_POSTCODES)
    assert f'data-city-postcodes="{postcodes}"' in html and 'data-city-name="Krefeld"' in html
    assert 'aria-describedby="id_city_helptext"' in html
    assert str(PersonForm()["city"].help_text) == "You can leave this empty for a postcode in Krefeld."
    # Not an asterisk: the form asks for it only where the postcode does not tell.
    assert not PersonForm().fields["city"].required


def test_the_business_premises_town_stays_the_city_and_offers_nothing_to_fill():
    city = PremisesForm()["city"]
    assert city.field.disabled and "data-city-postcodes" not in str(city)


def test_without_javascript_the_wizard_takes_the_empty_town_as_the_city():
    client = Client()
    client.force_login(FounderFactory())

    def post_data(step, **options):
        overrides = {"0-city": ""} if step == "persons" else None
        return gewerbeanmeldung_post_data(step, overrides=overrides, **options)

    url, _steps = wizard_walk(client, "gewerbeanmeldung", post_data, until="review", **GEWERBE)
    assert "Dionysiusstraße 10, 47798 Krefeld" in client.get(url).content.decode()


# --- The e-mail from the account --------------------------------------------------------------------


def persons_page(client, **options) -> str:
    url, _steps = wizard_walk(client, "gewerbeanmeldung", gewerbeanmeldung_post_data, until="persons", **options)
    return client.get(url).content.decode()


def email_values(html: str) -> list[str]:
    boxes = re.findall(r'<input[^>]*name="persons-\d+-email"[^>]*>', html)
    return [(re.search(r'value="([^"]*)"', box) or [None, ""])[1] for box in boxes]


def test_the_first_persons_email_shows_the_account_email_and_the_others_none():
    founder = FounderFactory()
    client = Client()
    client.force_login(founder)
    assert email_values(persons_page(client, legal_form="gbr", persons=2)) == [founder.email, ""]


def test_the_profiles_email_comes_before_the_account_email_even_an_empty_one():
    founder = FounderFactory()
    client = Client()
    client.force_login(founder)
    founder_profile_part_save(owner=founder, part="person", values={"surname": "Schmidt", "email": ""})
    assert email_values(persons_page(client, **GEWERBE)) == [""]
    founder_profile_part_save(owner=founder, part="person", values={"surname": "Schmidt", "email": "a@example.org"})
    assert email_values(persons_page(client, **GEWERBE)) == ["a@example.org"]


def test_the_prefilled_email_posted_unchanged_is_the_first_persons_answer():
    founder = FounderFactory()
    client = Client()
    client.force_login(founder)

    def post_data(step, **options):
        data = gewerbeanmeldung_post_data(step, **options)
        if step == "persons":  # as the browser posts it after showing one prefilled entry
            data.update({"persons-INITIAL_FORMS": "1", "persons-0-email": founder.email})
        return data

    url, _steps = wizard_walk(client, "gewerbeanmeldung", post_data, until="review", legal_form="gbr", persons=2)
    review = client.get(url).content.decode()
    assert founder.email in review and "person1@example.org" in review


def test_my_data_offers_the_account_email_for_the_person_until_it_has_one():
    founder = FounderFactory()
    client = Client()
    client.force_login(founder)
    form = client.get(f"/meine-daten/{PART_SLUGS['person']}/").context["form"]
    assert form["email"].value() == founder.email
