"""The one mapping between the founder's profile and the shared steps (``forms.steps.profile``)."""

import datetime

from forms.applications import application_for
from forms.applications.gaststaettenerlaubnis.steps import OperatorForm, PremisesForm
from forms.applications.gewerbeanmeldung.steps import ActivityForm, OwnerForm
from forms.applications.sondernutzung.steps import LocationForm
from forms.steps.company import RegisterForm
from forms.steps.person import PersonFormSet
from forms.steps.premises import ApplicantForm
from forms.steps.profile import (
    profile_account_defaults,
    profile_entries_from_answers,
    profile_part_clean,
    profile_parts_changed,
    profile_step_initial,
)

PROFILE = {
    "person": {"surname": "Schmidt", "given_names": "Anna", "date_of_birth": "1985-04-12", "email": "a@example.org"},
    "company": {"legal_form": "gmbh", "company_name": "Rheinblick GmbH", "register_entry": "Krefeld HRB 12345"},
    "business": {"trade_name": "Café Rheinblick", "street": "Ostwall", "house_number": "104", "postcode": "47798"},
}


def test_each_shared_step_type_takes_its_part_and_nothing_else_is_prefilled():
    assert profile_step_initial(profile=PROFILE, form_class=OwnerForm) == {"legal_form": "gmbh"}
    assert profile_step_initial(profile=PROFILE, form_class=OperatorForm) == {"legal_form": "gmbh"}
    assert profile_step_initial(profile=PROFILE, form_class=RegisterForm)["company_name"] == "Rheinblick GmbH"
    persons = profile_step_initial(profile=PROFILE, form_class=PersonFormSet)
    assert persons == [{**PROFILE["person"], "date_of_birth": datetime.date(1985, 4, 12)}]
    assert profile_step_initial(profile=PROFILE, form_class=ApplicantForm) == {
        "company_name": "Rheinblick GmbH",
        "surname": "Schmidt",
        "given_names": "Anna",
        "email": "a@example.org",
    }
    for premises in (PremisesForm, LocationForm, application_for("gewerbeanmeldung").step("premises").form_class):
        assert profile_step_initial(profile=PROFILE, form_class=premises) == PROFILE["business"]
    card_applicant = application_for("reisegewerbekarte").step("applicant").form_class
    assert profile_step_initial(profile=PROFILE, form_class=card_applicant)["surname"] == "Schmidt"
    assert profile_step_initial(profile=PROFILE, form_class=ActivityForm) is None
    assert profile_step_initial(profile={}, form_class=OwnerForm) is None


def test_the_account_email_stands_for_the_persons_until_the_profile_has_an_email_entry():
    account = "founder@example.org"
    without = profile_account_defaults({}, email=account)
    assert profile_step_initial(profile=without, form_class=PersonFormSet) == [{"email": account}]
    assert profile_step_initial(profile=without, form_class=ApplicantForm) == {"email": account}
    assert profile_step_initial(profile=without, form_class=OwnerForm) is None
    assert profile_account_defaults(PROFILE, email=account)["person"]["email"] == "a@example.org"
    # An e-mail the founder removed from the profile stays removed.
    cleared = profile_account_defaults({"person": {"surname": "Schmidt", "email": ""}}, email=account)
    assert cleared["person"]["email"] == ""


def test_answers_give_their_parts_and_only_a_part_the_profile_has_can_differ():
    answers = {
        "owner": {"legal_form": "einzelunternehmen"},
        "persons": [{"surname": "Schmidt", "given_names": "Anna", "email": "neu@example.org"}, {"surname": "Other"}],
        "premises": {"trade_name": "Café Rheinblick", "street": "Ostwall", "house_number": "104", "postcode": "47798"},
        "activity": {"activity": "Café"},
    }
    given = profile_entries_from_answers(application=application_for("gewerbeanmeldung"), answers=answers)

    assert given["person"] == {"surname": "Schmidt", "given_names": "Anna", "email": "neu@example.org"}
    assert given["company"] == {"legal_form": "einzelunternehmen"}
    assert profile_parts_changed(profile=PROFILE, given=given) == ["person", "company"]
    assert profile_parts_changed(profile={"business": PROFILE["business"]}, given=given) == []
    assert profile_parts_changed(profile={"person": {"birth_name": ""}}, given={"person": {"birth_name": None}}) == []


def test_a_sole_proprietor_keeps_no_company_name_or_register_entry():
    kept = profile_part_clean("company", {**PROFILE["company"], "legal_form": "einzelunternehmen"})

    assert kept == {"legal_form": "einzelunternehmen"}
    assert profile_part_clean("company", PROFILE["company"]) == PROFILE["company"]
