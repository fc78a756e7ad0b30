from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import Field
from django.utils import timezone, translation

from forms.applications import application_for
from forms.applications.gewerbeanmeldung import LEGAL_FORMS
from tests.factories import gewerbe_pdf, gewerbeanmeldung_answers, gewerbeanmeldung_post_data

APPLICATION = application_for("gewerbeanmeldung")
GEWA1_FIELDS = {str(number) for number in range(1, 34)}


def step_form(step_name, fields=None, *, stored=None, **options):
    """The step's form bound to what the wizard would post (``fields`` changed), with the kwargs
    the declaration derives from the answers of the steps before."""
    step = APPLICATION.step(step_name)
    answers = gewerbeanmeldung_answers(until=step_name, **options)
    posted = gewerbeanmeldung_post_data(step_name, overrides=fields, **options)
    files = {key: value for key, value in posted.items() if hasattr(value, "read")}
    data = {key: value for key, value in posted.items() if key not in files}
    kwargs = step.form_kwargs(answers) if step.form_kwargs else {}
    if stored is not None:
        kwargs["stored"] = stored
    return step.form_class(data=data, files=files, prefix=step_name, **kwargs)


def field_values(sections, title_start=""):
    """(number, label, value) of every summary field, optionally of the sections whose title starts so."""
    return [
        (field.number, field.label, field.value)
        for section in sections
        if section.title.startswith(title_start)
        for field in section.fields
    ]


# Options under which each step applies.
STEP_OPTIONS = {
    "owner": {},
    "register": {"legal_form": "gmbh"},
    "persons": {"legal_form": "gbr"},
    "residence": {"legal_form": "gbr", "nationalities": ["DE", "TR"]},
    "premises": {},
    "activity": {},
    "operation": {},
    "establishment": {},
    "main_establishment": {"establishment": "branch"},
    "manager": {"legal_form": "ag"},
    "reason": {},
    "previous_premises": {"reason": "relocation"},
    "previous_owner": {"reason": "takeover_lease"},
    "permits": {},
    "permit": {"needs_permit": True},
    "craft": {"craft": True},
    "attachments": {"legal_form": "gmbh", "craft": True},
    "review": {},
}


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


class TestEveryStep:
    def test_the_declaration_covers_every_step(self):
        assert [step.name for step in APPLICATION.steps] == list(STEP_OPTIONS)

    @pytest.mark.parametrize("step_name", list(STEP_OPTIONS))
    def test_valid_data_passes(self, step_name):
        form = step_form(step_name, **STEP_OPTIONS[step_name])
        assert form.is_valid(), form.errors

    @pytest.mark.parametrize(
        "step_name, field",
        [
            ("owner", "legal_form"),
            ("register", "company_name"),
            ("register", "register_court"),
            ("register", "register_type"),
            ("register", "register_number"),
            ("residence", "p1_title_kind"),
            ("residence", "p1_authority_office"),
            ("residence", "p1_issue_date"),
            ("residence", "p1_valid_until"),
            ("residence", "p1_self_employment"),
            ("residence", "p1_document"),
            ("premises", "street"),
            ("premises", "house_number"),
            ("premises", "postcode"),
            ("establishment", "establishment"),
            ("establishment", "public_holding"),
            ("operation", "start_date"),
            ("activity", "activity"),
            ("operation", "business_kinds"),
            ("operation", "side_business"),
            ("operation", "employees_full_time"),
            ("operation", "employees_part_time"),
            ("main_establishment", "main_establishment"),
            ("manager", "surname"),
            ("manager", "street"),
            ("reason", "reason"),
            ("previous_premises", "previous_address"),
            ("previous_owner", "previous_owner"),
            ("craft", "craft_annex"),
            ("craft", "chamber"),
            ("craft", "entry_date"),
            ("permits", "needs_permit"),
            ("permits", "craft_register"),
            ("permit", "permit_kind"),
            ("permit", "authority"),
            ("permit", "issue_date"),
            ("permit", "permit_document"),
            ("attachments", "identity_0"),
            ("attachments", "register_extract"),
            ("attachments", "craft_register"),
            ("review", "declaration"),
        ],
    )
    def test_a_missing_required_answer_is_reported_on_its_field(self, step_name, field):
        form = step_form(step_name, {field: None}, **STEP_OPTIONS[step_name])
        assert not form.is_valid()
        assert list(form.errors) == [field]
        assert form.errors.as_data()[field][0].code == "required"
        # It says what to do, not Django's "This field is required."
        assert form.errors[field] != ["This field is required."]

    @pytest.mark.parametrize(
        "field",
        [
            "surname",
            "given_names",
            "sex",
            "nationality",
            "date_of_birth",
            "place_of_birth",
            "birth_country",
            "street",
            "house_number",
            "postcode",
            "country",
        ],
    )
    def test_a_missing_answer_of_a_person_is_reported_on_that_persons_field(self, field):
        formset = step_form("persons", {f"1-{field}": None}, legal_form="gbr")
        assert not formset.is_valid()
        assert formset.forms[0].errors == {}
        assert list(formset.forms[1].errors) == [field]

    @pytest.mark.parametrize("field", ["birth_name", "phone", "email"])
    def test_optional_person_answers_may_stay_empty(self, field):
        assert step_form("persons", {f"0-{field}": ""}).is_valid()

    @pytest.mark.parametrize(
        "step_name, field",
        [("premises", "trade_name"), ("premises", "phone"), ("premises", "email"), ("premises", "website")]
        + [("activity", "wz_code")],
    )
    def test_optional_business_answers_may_stay_empty(self, step_name, field):
        assert step_form(step_name, {field: ""}).is_valid()

    def test_the_business_premises_say_which_house_number_is_missing(self):
        form = step_form("premises", {"house_number": ""})
        assert form.errors["house_number"] == ["Enter the house number of the business premises."]


class TestOwner:
    def test_the_first_page_asks_only_the_legal_form(self):
        assert list(APPLICATION.step("owner").form_class().fields) == ["legal_form"]

    def test_other_needs_the_name_of_the_legal_form_on_the_company_page(self):
        form = step_form("register", {"legal_form_other": ""}, legal_form="other")
        assert list(form.errors) == ["legal_form_other"]
        assert form.errors["legal_form_other"] == ["Enter the legal form of the company, e.g. Ltd."]

    def test_a_listed_legal_form_is_not_asked_to_name_it(self):
        assert "legal_form_other" not in step_form("register", legal_form="gmbh").fields


class TestRegister:
    def test_the_entry_is_normalised_with_the_court_name_of_the_register(self):
        form = step_form("register", {"register_court": "krefeld", "register_number": "HRB 12345"}, legal_form="gmbh")
        assert form.is_valid(), form.errors
        assert form.cleaned_data["register_court"] == "Krefeld"
        assert form.cleaned_data["register_number"] == "12345"
        assert form.cleaned_data["register_entry"] == "Krefeld HRB 12345"

    def test_the_register_type_must_fit_the_legal_form(self):
        form = step_form("register", {"register_type": "HRA"}, legal_form="gmbh")
        assert not form.is_valid()
        assert form.errors.as_data()["register_type"][0].code == "register_type"

    def test_the_register_type_is_preselected_for_the_legal_form(self):
        form = APPLICATION.step("register").form_class(legal_form="ek")
        assert form.fields["register_type"].initial == "HRA"

    def test_an_unknown_court_is_reported_on_the_court(self):
        form = step_form("register", {"register_court": "Entenhausen"}, legal_form="gmbh")
        assert form.errors.as_data()["register_court"][0].code == "register_court"

    def test_a_malformed_number_is_reported_on_the_number(self):
        form = step_form("register", {"register_number": "0815"}, legal_form="gmbh")
        assert form.errors.as_data()["register_number"][0].code == "register_format"

    @pytest.mark.parametrize(
        "legal_form, name",
        [
            ("gmbh", "Rheinblick"),
            ("gmbh", "Rheinblick UG (haftungsbeschränkt)"),
            ("ag", "Agentur Rheinblick"),
            ("eg", "Rheinblick Weg"),
            ("ek", "Anna Schmidt"),
        ],
    )
    def test_the_company_name_must_show_the_legal_form(self, legal_form, name):
        form = step_form("register", {"company_name": name}, legal_form=legal_form)
        assert form.errors.as_data()["company_name"][0].code == "name_without_legal_form"

    @pytest.mark.parametrize(
        "legal_form, name",
        [
            ("gmbh", "Rheinblick Gesellschaft mit beschränkter Haftung"),
            ("gmbh_co_kg", "Rheinblick GmbH & Co. KG"),
            ("ek", "Anna Schmidt e.Kfr."),
            ("ug", "Rheinblick UG (haftungsbeschränkt) i. G."),
            ("partg", "Schmidt und Partner Steuerberater"),
        ],
    )
    def test_a_name_with_its_legal_form_is_accepted(self, legal_form, name):
        assert step_form("register", {"company_name": name}, legal_form=legal_form).is_valid()

    def test_a_company_in_formation_needs_no_entry_yet(self):
        form = step_form("register", legal_form="gmbh", registration_pending=True)
        assert form.is_valid(), form.errors
        assert form.cleaned_data["register_entry"] == ""

    def test_a_foreign_company_may_have_no_german_entry(self):
        form = step_form("register", legal_form="other")
        assert form.is_valid(), form.errors
        assert form.cleaned_data["register_entry"] == ""

    def test_a_foreign_company_sends_no_register_type_unless_one_is_chosen(self):
        unbound = APPLICATION.step("register").form_class(prefix="register", legal_form="other")
        first_choice = unbound.fields["register_type"].choices[0][0]
        # What a browser posts for the untouched select: its first option.
        form = step_form("register", {"register_type": first_choice}, legal_form="other")

        assert first_choice == ""
        assert 'value="" selected' in str(unbound["register_type"])
        assert form.is_valid(), form.errors
        assert form.cleaned_data["register_entry"] == ""

    def test_a_foreign_company_with_a_german_register_type_needs_court_and_number(self):
        form = step_form("register", {"register_type": "HRB"}, legal_form="other")

        assert not form.is_valid()
        assert set(form.errors) == {"register_court", "register_number"}

    def test_a_foreign_company_entered_in_germany_gives_the_whole_entry(self):
        form = step_form("register", {"register_court": "Krefeld"}, legal_form="other")
        assert not form.is_valid()
        assert set(form.errors) == {"register_type", "register_number"}


class TestPersons:
    @pytest.mark.parametrize(
        "legal_form, fewest, most",
        [
            ("einzelunternehmen", 1, 1),
            ("ek", 1, 1),
            ("gbr", 2, 10),
            ("ohg", 2, 10),
            ("partg", 2, 10),
            ("kg", 1, 10),
            ("gmbh", 1, 10),
            ("ag", 1, 10),
        ],
    )
    def test_the_number_of_persons_depends_on_the_legal_form(self, legal_form, fewest, most):
        assert step_form("persons", legal_form=legal_form, persons=fewest).is_valid()
        assert step_form("persons", legal_form=legal_form, persons=most).is_valid()
        too_many = step_form("persons", legal_form=legal_form, persons=most + 1)
        assert not too_many.is_valid()
        assert too_many.non_form_errors().as_data()[0].code == "too_many_forms"
        if fewest > 1:
            too_few = step_form("persons", legal_form=legal_form, persons=fewest - 1)
            assert not too_few.is_valid()
            assert too_few.non_form_errors() == ["Please enter at least 2 persons."]

    def test_a_new_formset_shows_as_many_empty_persons_as_the_legal_form_needs(self):
        formset = APPLICATION.step("persons").form_class(prefix="persons", legal_form="gbr")
        assert formset.total_form_count() == 2

    @pytest.mark.parametrize(
        "legal_form, legends",
        [
            ("einzelunternehmen", ["Owner"]),
            ("gbr", ["Partner 1", "Partner 2"]),
            ("kg", ["Personally liable partner 1", "Personally liable partner 2"]),
            ("gmbh", ["Managing director 1", "Managing director 2"]),
            ("ag", ["Board member 1", "Board member 2"]),
        ],
    )
    def test_each_person_is_labelled_with_the_role_the_legal_form_gives(self, legal_form, legends):
        formset = step_form("persons", legal_form=legal_form, persons=len(legends))
        assert [str(form.legend) for form in formset.forms] == legends

    def test_a_german_home_postcode_must_have_five_digits(self):
        formset = step_form("persons", {"0-postcode": "4779"})
        assert list(formset.forms[0].errors) == ["postcode"]

    def test_a_home_abroad_keeps_its_own_postcode_format(self):
        formset = step_form("persons", {"0-postcode": "1011 AB", "0-city": "Amsterdam", "0-country": "NL"})
        assert formset.is_valid(), formset.errors

    def test_a_founder_of_sixteen_is_not_turned_away(self):
        born = timezone.localdate() - timedelta(days=17 * 365)
        assert step_form("persons", {"0-date_of_birth": born.isoformat()}).is_valid()

    def test_a_child_is_refused(self):
        formset = step_form("persons", {"0-date_of_birth": "2020-01-01"})
        assert formset.forms[0].errors.as_data()["date_of_birth"][0].code == "birth_too_young"

    def test_nationality_and_country_of_birth_are_not_chosen_for_the_founder(self):
        formset = APPLICATION.step("persons").form_class(prefix="persons", legal_form="gmbh")
        for name in ("nationality", "birth_country"):
            assert formset.forms[0][name].value() is None
            assert formset.forms[0].fields[name].choices[0][0] == ""

    @pytest.mark.parametrize("name", ["nationality", "birth_country"])
    def test_an_overlooked_country_question_is_an_error(self, name):
        formset = step_form("persons", {f"0-{name}": ""})
        assert list(formset.forms[0].errors) == [name]
        form = formset.forms[0]
        assert form.errors[name] == [str(form.fields[name].error_messages["required"])]
        assert form.errors[name] != [str(Field.default_error_messages["required"])], "says what to choose"


class TestResidence:
    def test_only_persons_without_free_movement_are_asked(self):
        form = step_form("residence", legal_form="gbr", persons=3, nationalities=["TR", "PL", "US"])
        names = [name for name in form.fields if name.endswith("_title_kind")]
        assert names == ["p0_title_kind", "p2_title_kind"]
        assert [legend for legend, _fields in form.part_fields()] == [
            "Residence title of Anna Schmidt",
            "Residence title of Jonas Becker",
        ]
        assert [field.name for field in form.part_fields()[1][1]][:2] == ["p2_title_kind", "p2_authority_office"]

    def test_a_person_living_in_the_city_chooses_its_foreigners_authority_instead_of_typing_it(self):
        form = step_form("residence", legal_form="einzelunternehmen", nationalities=["TR"])
        assert [name for name in form.fields][:3] == ["p0_title_kind", "p0_authority_office", "p0_authority"]
        assert form.fields["p0_authority_office"].choices == [
            ("city", "The foreigners' authority (Ausländerbehörde) of Krefeld"),
            ("other", "Another authority"),
        ]
        assert form.is_valid(), form.errors
        assert form.cleaned_data["p0_authority"] == ""

    def test_a_name_typed_without_javascript_is_dropped_with_the_citys_authority(self):
        form = step_form(
            "residence",
            {"p0_authority_office": "city", "p0_authority": "Stadt Düsseldorf"},
            legal_form="einzelunternehmen",
            nationalities=["TR"],
        )
        assert form.is_valid(), form.errors
        assert form.cleaned_data["p0_authority"] == ""

    def test_another_authority_must_be_named(self):
        options = {"legal_form": "einzelunternehmen", "nationalities": ["TR"]}
        unnamed = step_form("residence", {"p0_authority_office": "other", "p0_authority": ""}, **options)
        assert unnamed.errors["p0_authority"] == [
            "Enter the authority that issued the residence title of Anna Schmidt."
        ]
        named = step_form("residence", {"p0_authority_office": "other", "p0_authority": "Stadt Düsseldorf"}, **options)
        assert named.is_valid(), named.errors
        assert named.cleaned_data["p0_authority"] == "Stadt Düsseldorf"

    def test_an_overlooked_authority_choice_is_an_error(self):
        form = step_form("residence", {"p0_authority_office": ""}, legal_form="einzelunternehmen", nationalities=["TR"])
        assert form.errors["p0_authority_office"] == ["Say which authority issued the residence title of Anna Schmidt."]
        assert "p0_authority" not in form.errors, "only the choice is asked for, not the name it may reveal"

    def test_a_person_living_elsewhere_types_the_authority(self):
        answers = gewerbeanmeldung_answers(
            until="residence",
            legal_form="einzelunternehmen",
            nationalities=["TR"],
            overrides={"persons": {"0-postcode": "40212", "0-city": "Düsseldorf"}},
        )
        step = APPLICATION.step("residence")
        form = step.form_class(data={"residence-p0_authority": ""}, prefix="residence", **step.form_kwargs(answers))
        assert "p0_authority_office" not in form.fields
        assert form.fields["p0_authority"].label == "Issuing authority"
        assert form.errors["p0_authority"] == ["Enter the authority that issued the residence title of Anna Schmidt."]

    @pytest.mark.parametrize("kind", ["settlement_permit", "permanent_eu"])
    def test_an_unlimited_title_needs_no_end_date(self, kind):
        form = step_form(
            "residence", {"p1_title_kind": kind, "p1_valid_until": ""}, legal_form="gbr", nationalities=["DE", "TR"]
        )
        assert form.is_valid(), form.errors
        assert form.cleaned_data["p1_valid_until"] is None

    def test_an_overlooked_title_kind_is_an_error(self):
        form = step_form("residence", {"p1_title_kind": ""}, legal_form="gbr", nationalities=["DE", "TR"])
        assert form.fields["p1_title_kind"].choices[0][0] == ""
        assert form.errors.as_data()["p1_title_kind"][0].code == "required"

    def test_an_expired_title_is_refused(self):
        form = step_form("residence", {"p1_valid_until": "2020-01-01"}, legal_form="gbr", nationalities=["DE", "TR"])
        assert form.errors.as_data()["p1_valid_until"][0].code == "expired"

    def test_a_stored_title_counts_only_for_the_person_it_belongs_to(self):
        stored = {
            "residence_title": [SimpleNamespace(document_label="Residence title – Anna Schmidt", size=100)],
        }
        form = step_form(
            "residence",
            {"p0_document": None, "p1_document": None},
            legal_form="gbr",
            nationalities=["TR", "US"],
            stored=stored,
        )
        assert not form.is_valid()
        assert "p0_document" not in form.errors
        assert "p1_document" in form.errors
        assert form.stored_for("p0_document") == stored["residence_title"]
        assert form.stored_for("p1_document") == []


class TestBusiness:
    def test_the_city_is_this_city_whatever_is_posted(self, settings):
        settings.CITY_NAME = "Krefeld"
        form = step_form("premises", {"city": "Düsseldorf"})
        assert form.is_valid()
        assert form.cleaned_data["city"] == "Krefeld"

    def test_premises_outside_the_city_are_refused(self):
        form = step_form("premises", {"postcode": "40212"})
        assert form.errors.as_data()["postcode"][0].code == "postcode_outside_city"

    def test_a_business_run_at_the_home_address_takes_that_address_without_typing_it(self):
        form = step_form("premises", {"location": "home", "street": "", "house_number": "", "postcode": ""})
        assert form.is_valid(), form.errors
        home = {"street": "Dionysiusstraße", "house_number": "10", "postcode": "47798", "city": "Krefeld"}
        assert {name: form.cleaned_data[name] for name in home} == home

    def test_the_home_address_wins_over_boxes_left_filled_in_without_javascript(self):
        form = step_form("premises", {"location": "home", "postcode": "40212"})
        assert form.is_valid(), form.errors
        assert (form.cleaned_data["street"], form.cleaned_data["postcode"]) == ("Dionysiusstraße", "47798")

    def test_another_address_must_be_typed_and_be_in_the_city(self):
        form = step_form("premises", {"location": "elsewhere", "street": "", "postcode": "40212"})
        assert form.errors["street"] == ["Enter the street of the business premises."]
        assert form.errors.as_data()["postcode"][0].code == "postcode_outside_city"
        # Without an answer only the choice is asked for, not the boxes it may hide.
        unanswered = step_form("premises", {"location": None, "street": ""})
        assert list(unanswered.errors) == ["location"]
        assert unanswered.errors.as_data()["location"][0].code == "required"

    def test_the_choice_offers_the_home_address_it_would_take_and_is_not_preselected(self):
        form = step_form("premises", {})
        assert [str(label) for _value, label in form.fields["location"].choices] == [
            "At the home address: Dionysiusstraße 10, 47798 Krefeld",
            "At another address in Krefeld",
        ]
        assert form.fields["location"].initial is None
        assert all(form.fields[name].shown_with == ("location", "elsewhere") for name in ("street", "postcode"))

    @pytest.mark.parametrize("home", [{"0-postcode": "40212", "0-city": "Düsseldorf"}, {"0-country": "NL"}])
    def test_a_home_outside_the_city_is_not_offered(self, home):
        step = APPLICATION.step("premises")
        answers = gewerbeanmeldung_answers(until="premises", legal_form="einzelunternehmen")
        answers["persons"][0].update({key.removeprefix("0-"): value for key, value in home.items()})
        form = step.form_class(**step.form_kwargs(answers))
        assert "location" not in form.fields and form.fields["street"].required

    def test_the_summary_shows_the_home_address_once_as_the_business_premises(self):
        answers = gewerbeanmeldung_answers(legal_form="einzelunternehmen", overrides={"premises": {"location": "home"}})
        lines = [
            (field.number, field.value)
            for section in APPLICATION.summary_sections(answers)
            if section.step == "premises"
            for field in section.fields
        ]
        assert ("15", "Dionysiusstraße 10, 47798 Krefeld") in lines
        assert not any(value in ("home", "At the home address") for _number, value in lines)

    @pytest.mark.parametrize("activity", ["Handel", "Dienstleistungen", "Handel mit Waren aller Art", "Café"])
    def test_a_vague_activity_is_refused(self, activity):
        form = step_form("activity", {"activity": activity})
        assert form.errors.as_data()["activity"][0].code == "activity_vague"

    def test_the_wz_code_is_checked_and_compacted(self):
        assert step_form("activity", {"wz_code": "34.10"}).errors.as_data()["wz_code"][0].code == "wz_division"
        form = step_form("activity", {"wz_code": " 47.71 "})
        assert form.is_valid()
        assert form.cleaned_data["wz_code"] == "47.71"

    def test_a_start_far_in_the_past_is_refused(self):
        form = step_form("operation", {"start_date": "2001-01-01"})
        assert form.errors.as_data()["start_date"][0].code == "start_too_early"

    def test_employee_numbers_have_bounds(self):
        assert list(step_form("operation", {"employees_full_time": "-1"}).errors) == ["employees_full_time"]
        assert list(step_form("operation", {"employees_part_time": "100000"}).errors) == ["employees_part_time"]
        assert step_form("operation", {"employees_full_time": "99999"}).is_valid()


class TestReasonAndPermit:
    def test_a_craft_card_entered_in_the_future_is_refused(self):
        form = step_form("craft", {"entry_date": "2999-01-01"}, craft=True)
        assert form.errors.as_data()["entry_date"][0].code == "entry_future"

    def test_another_permit_must_be_named(self):
        form = step_form("permit", {"permit_kind": "other", "permit_kind_other": ""}, needs_permit=True)
        assert list(form.errors) == ["permit_kind_other"]

    def test_a_permit_from_the_future_is_refused(self):
        form = step_form("permit", {"issue_date": "2999-01-01"}, needs_permit=True)
        assert form.errors.as_data()["issue_date"][0].code == "issue_future"


class TestAttachments:
    def test_a_sole_proprietor_uploads_the_identity_document_only(self):
        form = step_form("attachments", legal_form="einzelunternehmen")
        assert [name for name, field in form.fields.items() if field.required] == ["identity_0"]
        assert "register_extract" not in form.fields
        assert "craft_register" not in form.fields

    def test_a_registered_company_in_a_licensed_craft_uploads_extract_and_craft_card(self):
        form = step_form("attachments", legal_form="gmbh", craft=True)
        required = {name for name, field in form.fields.items() if field.required}
        assert required == {"identity_0", "register_extract", "craft_register"}

    def test_a_company_in_formation_uploads_its_articles_instead_of_an_extract(self):
        form = step_form("attachments", legal_form="gmbh", registration_pending=True)
        assert "register_extract" not in form.fields
        assert form.fields["other"].required

    def test_a_stored_document_need_not_be_uploaded_again(self):
        stored = {"register_extract": [SimpleNamespace(size=100, document_label="Register extract")]}
        form = step_form("attachments", {"register_extract": None}, legal_form="gmbh", stored=stored)
        assert form.is_valid(), form.errors

    def test_a_file_that_is_not_a_document_is_refused(self):
        form = step_form("attachments", {"identity_0": SimpleUploadedFile("ausweis.pdf", b"just text")})
        assert form.errors.as_data()["identity_0"][0].code == "file_type"

    def test_every_person_uploads_an_identity_document_labelled_with_their_name(self):
        form = step_form("attachments", legal_form="gbr", persons=2)
        identity = {name: str(field.label) for name, field in form.fields.items() if name.startswith("identity")}
        assert list(identity) == ["identity_0", "identity_1"]
        assert identity["identity_0"].endswith(" – Anna Schmidt")
        assert identity["identity_1"].endswith(" – Mehmet Yılmaz")
        assert all(form.fields[name].required for name in identity)
        labels = sorted(label for _name, code, label, _file in form.document_uploads() if code == "identity")
        assert labels == sorted(identity.values()), "each stored document says whose it is"

    def test_a_stored_identity_document_counts_only_for_its_person(self):
        anna = SimpleNamespace(size=100, document_label="Identity card or passport – Anna Schmidt")
        form = step_form(
            "attachments",
            {"identity_0": None, "identity_1": None},
            legal_form="gbr",
            persons=2,
            stored={"identity": [anna]},
        )
        assert list(form.errors) == ["identity_1"]
        assert form.stored_for("identity_0") == [anna] and form.stored_for("identity_1") == []

    def test_the_uploads_carry_their_document_codes(self):
        form = step_form("attachments", {"other": gewerbe_pdf()}, legal_form="gmbh", craft=True)
        codes = sorted(code for _name, code, _label, _file in form.document_uploads())
        assert codes == ["craft_register", "identity", "other", "register_extract"]


class TestConditions:
    def steps(self, **options):
        return list(gewerbeanmeldung_answers(**options))

    @pytest.mark.parametrize("legal_form", [code for code, form in LEGAL_FORMS.items() if form.register_type])
    def test_a_registered_legal_form_asks_for_the_register_entry(self, legal_form):
        assert "register" in self.steps(legal_form=legal_form)

    def test_a_foreign_company_is_asked_for_its_name_and_any_german_entry(self):
        assert "register" in self.steps(legal_form="other")

    def test_a_sole_proprietor_skips_the_register(self):
        assert "register" not in self.steps(legal_form="einzelunternehmen")

    def test_a_gbr_is_asked_for_its_name_and_may_give_its_gesellschaftsregister_entry(self):
        assert "register" in self.steps(legal_form="gbr")
        assert step_form("register", {"company_name": "Schmidt & Yılmaz GbR"}, legal_form="gbr").is_valid()
        form = step_form(
            "register",
            {"register_court": "Krefeld", "register_type": "GsR", "register_number": "GsR 17"},
            legal_form="gbr",
        )
        assert form.is_valid(), form.errors
        assert form.cleaned_data["register_entry"] == "Krefeld GsR 17"

    @pytest.mark.parametrize(
        "reason",
        ["takeover_purchase", "takeover_lease", "takeover_inheritance", "legal_form_change", "conversion"]
        + ["partner_joining"],
    )
    def test_a_takeover_or_a_joining_partner_asks_for_the_earlier_business(self, reason):
        assert "previous_owner" in self.steps(reason=reason)

    @pytest.mark.parametrize("reason", ["new", "relocation"])
    def test_a_new_business_skips_the_previous_owner(self, reason):
        assert "previous_owner" not in self.steps(reason=reason)

    def test_only_a_relocation_asks_for_the_previous_premises(self):
        assert "previous_premises" in self.steps(reason="relocation")
        assert "previous_premises" not in self.steps(reason="new")

    @pytest.mark.parametrize("establishment", ["branch", "dependent_branch"])
    def test_a_branch_is_asked_for_its_main_establishment_and_manager(self, establishment):
        steps = self.steps(establishment=establishment)
        assert "main_establishment" in steps
        assert "manager" in steps

    @pytest.mark.parametrize("establishment", ["main", "vending", "travelling"])
    def test_a_main_establishment_skips_the_branch_questions(self, establishment):
        steps = self.steps(establishment=establishment)
        assert "main_establishment" not in steps
        assert "manager" not in steps

    def test_a_domestic_stock_corporation_names_its_manager(self):
        assert "manager" in self.steps(legal_form="ag")

    def test_a_craft_asks_for_the_craft_card(self):
        assert "craft" in self.steps(craft=True)
        assert "craft" not in self.steps(craft=False)

    def test_a_second_nationality_with_free_movement_needs_no_residence_title(self):
        answers = gewerbeanmeldung_answers(
            legal_form="gbr", nationalities=["DE", "TR"], overrides={"persons": {"1-further_nationality": "PL"}}
        )
        assert "residence" not in answers

    def test_a_permit_is_asked_for_only_when_needed(self):
        assert "permit" in self.steps(needs_permit=True)
        assert "permit" not in self.steps(needs_permit=False)

    @pytest.mark.parametrize("nationality", ["TR", "US", "UA", "XX"])
    def test_a_person_without_free_movement_is_asked_for_the_residence_title(self, nationality):
        assert "residence" in self.steps(legal_form="gbr", nationalities=["DE", nationality])

    @pytest.mark.parametrize("nationality", ["DE", "PL", "AT", "NO", "IS", "LI", "CH"])
    def test_eu_eea_and_swiss_nationals_skip_the_residence_title(self, nationality):
        assert "residence" not in self.steps(legal_form="gbr", nationalities=[nationality, nationality])

    def test_a_sole_proprietor_walks_the_shortest_path(self):
        assert self.steps(legal_form="einzelunternehmen") == [
            "owner",
            "persons",
            "premises",
            "activity",
            "operation",
            "establishment",
            "reason",
            "permits",
            "attachments",
            "review",
        ]


class TestSummary:
    def test_a_sole_proprietor(self):
        answers = gewerbeanmeldung_answers(legal_form="einzelunternehmen")
        sections = APPLICATION.summary_sections(answers)
        assert [section.step for section in sections] == [
            "owner",
            "persons",
            "premises",
            "activity",
            "operation",
            "establishment",
            "reason",
            "permits",
            "review",
        ]
        assert sections[1].title == "Owner: Anna Schmidt"
        values = field_values(sections)
        assert ("", "Legal form", "Sole proprietor (not registered)") in values
        assert ("3", "Surname", "Schmidt") in values
        assert ("4", "Given names", "Anna") in values
        assert ("6", "Sex", "female") in values
        assert ("7", "Date of birth", "12.04.1985") in values
        assert ("8", "Place of birth", "Krefeld") in values
        assert ("9", "Country of birth", "Germany") in values
        assert ("10", "Nationality", "Germany") in values
        assert ("11", "Home address", "Dionysiusstraße 10, 47798 Krefeld, Germany") in values
        assert ("12", "Phone", "02151 123456") in values
        assert ("15", "Trade name", "Café Rheinblick") in values
        assert ("15", "Business premises", "Ostwall 104, 47798 Krefeld") in values
        assert ("18", "Activity", answers["activity"]["activity"]) in values
        assert ("19", "Is the business run (for now) as a side business?", "No") in values
        assert ("21", "Kind of business", "Trade: retail, Other") in values
        assert ("22", "Employees full-time (without owners)", "2") in values
        assert ("23", "The registration is for", "Main establishment (Hauptniederlassung)") in values
        assert ("24", "Reason for the registration", "New establishment") in values
        assert ("28", "Does the activity need a permit?", "No") in values
        start = answers["operation"]["start_date"]
        assert ("20", "Start of the activity", f"{start[8:10]}.{start[5:7]}.{start[:4]}") in values
        assert not any(number in {"1", "2", "13", "14", "16", "17"} for number, _label, _value in values)

    def test_labels_come_from_the_form_fields(self):
        answers = gewerbeanmeldung_answers(legal_form="einzelunternehmen")
        step = APPLICATION.step("operation")
        labels = [field.label for section in APPLICATION.summary_sections(answers) if section.step == "operation"
                  for field in section.fields]  # fmt: skip
        assert labels == [str(field.label) for field in step.form_class().fields.values()]

    def test_each_residence_title_is_a_section_of_its_own(self):
        answers = gewerbeanmeldung_answers(legal_form="gbr", persons=3, nationalities=["TR", "DE", "US"])
        sections = [section for section in APPLICATION.summary_sections(answers) if section.step == "residence"]
        assert [section.title for section in sections] == [
            "Residence title of Anna Schmidt",
            "Residence title of Jonas Becker",
        ]
        assert [len(section.fields) for section in sections] == [len(sections[0].fields)] * 2

    def test_a_gbr_with_a_partner_from_abroad(self):
        answers = gewerbeanmeldung_answers(
            legal_form="gbr",
            nationalities=["DE", "TR"],
            reason="takeover_inheritance",
            needs_permit=True,
            craft=True,
            overrides={"residence": {"p1_conditions": "Selbständige Tätigkeit nur als Gastwirt gestattet."}},
        )
        sections = APPLICATION.summary_sections(answers)
        assert [section.title for section in sections if section.step == "persons"] == [
            "Partner 1: Anna Schmidt",
            "Partner 2: Mehmet Yılmaz",
        ]
        values = field_values(sections)
        assert ("1", "Name of the partnership", "Rheinblick GbR") in values
        assert ("1", "Partners of the GbR", "Anna Schmidt, Mehmet Yılmaz") in values
        assert ("13", "Number of managing persons", "2") in values
        assert ("10", "Nationality", "Türkiye") in field_values(sections, "Partner 2")
        assert ("24", "Reason for the registration", "Takeover by inheritance") in values
        assert ("26", "Name of the previous owner or former company name", "Hans Müller") in values
        assert ("28", "Kind of permit", "Restaurant or bar serving alcohol (§ 2 GastG)") in values
        assert ("29", "Chamber of crafts (Handwerkskammer)", "Handwerkskammer Düsseldorf") in values
        assert [section.title for section in sections if section.step == "residence"] == [
            "Residence title of Mehmet Yılmaz"
        ]
        residence = field_values(sections, "Residence title of Mehmet Yılmaz")
        assert ("30", "Kind of residence title", "Residence permit for self-employment (§ 21 AufenthG)") in residence
        assert ("30", "Issuing authority", "The foreigners' authority (Ausländerbehörde) of Krefeld") in residence
        assert ("31", "Does the title allow self-employment?", "Yes") in residence
        assert (
            "31",
            "Further conditions and restrictions (Auflagen)",
            "Selbständige Tätigkeit nur als Gastwirt gestattet.",
        ) in residence

    def test_a_title_that_only_allows_self_employment_shows_no_further_conditions(self):
        answers = gewerbeanmeldung_answers(legal_form="einzelunternehmen", nationalities=["TR"])
        residence = field_values(APPLICATION.summary_sections(answers), "Residence title of Anna Schmidt")
        assert ("31", "Does the title allow self-employment?", "Yes") in residence
        assert [label for _number, label, _value in residence if "conditions" in label] == []

    def test_a_gmbh_branch_relocated_from_elsewhere(self):
        answers = gewerbeanmeldung_answers(legal_form="gmbh", persons=2, establishment="branch", reason="relocation")
        sections = APPLICATION.summary_sections(answers)
        values = field_values(sections)
        assert ("", "Legal form", "Limited liability company (GmbH)") in values
        assert ("1", "Company name including the legal form", "Rheinblick GmbH") in values
        assert ("2", "Register court and number", "Krefeld HRB 12345") in values
        assert ("13", "Number of managing persons", "2") in values
        assert ("14", "Surname", "Wagner") in values
        assert ("16", "Address of the main establishment", "Königsallee 1, 40212 Düsseldorf") in values
        assert ("17", "Previous business premises", "Königsallee 1, 40212 Düsseldorf") in values
        assert [section.title for section in sections if section.step == "persons"] == [
            "Managing director 1: Anna Schmidt",
            "Managing director 2: Mehmet Yılmaz",
        ]
        assert ("3", "Surname", "Yılmaz") in field_values(sections, "Managing director 2")

    def test_numbers_follow_the_official_form_within_the_person_sections(self):
        sections = APPLICATION.summary_sections(gewerbeanmeldung_answers(legal_form="gmbh"))
        person = next(section for section in sections if section.step == "persons")
        numbers = [int(n) for n, _label, _value in field_values([person]) if n]
        assert numbers == sorted(numbers)

    def test_every_answered_step_appears(self):
        answers = gewerbeanmeldung_answers(legal_form="gbr", nationalities=["DE", "TR"], reason="conversion")
        shown = {section.step for section in APPLICATION.summary_sections(answers)}
        assert shown == set(answers) - {"attachments"}

    def test_a_registered_gbr_gives_its_gesellschaftsregister_entry(self):
        register = {"register_court": "Krefeld", "register_type": "GsR", "register_number": "17"}
        answers = gewerbeanmeldung_answers(legal_form="gbr", overrides={"register": register})
        values = field_values(APPLICATION.summary_sections(answers))
        assert ("2", "Register court and number", "Krefeld GsR 17") in values

    def test_a_company_in_formation_says_so(self):
        answers = gewerbeanmeldung_answers(legal_form="ug", registration_pending=True)
        values = field_values(APPLICATION.summary_sections(answers))
        assert ("2", "Register court and number", "not yet entered (in formation)") in values

    def test_country_names_follow_the_language(self):
        answers = gewerbeanmeldung_answers(legal_form="einzelunternehmen")
        with translation.override("de"):
            values = field_values(APPLICATION.summary_sections(answers))
        assert [value for number, _label, value in values if number == "10"] == ["Deutschland"]

    def test_answers_of_earlier_steps_only_give_a_partial_summary(self):
        answers = gewerbeanmeldung_answers(legal_form="gmbh")
        partial = {name: answers[name] for name in ("owner", "register")}
        assert [section.step for section in APPLICATION.summary_sections(partial)] == ["owner", "register"]

    def test_every_number_given_is_a_field_of_the_gewa_1(self):
        answers = gewerbeanmeldung_answers(
            legal_form="gbr", nationalities=["DE", "TR"], reason="relocation", needs_permit=True, craft=True
        )
        numbers = {number for number, _label, _value in field_values(APPLICATION.summary_sections(answers))}
        assert numbers - {""} <= set(GEWA1_FIELDS)


class TestCaseTitle:
    def test_the_trade_name_comes_first(self):
        assert APPLICATION.case_title(gewerbeanmeldung_answers(legal_form="gmbh")) == "Café Rheinblick"

    def test_then_the_company_name(self):
        answers = gewerbeanmeldung_answers(legal_form="gmbh", overrides={"premises": {"trade_name": ""}})
        assert APPLICATION.case_title(answers) == "Rheinblick GmbH"

    def test_then_the_persons_name(self):
        answers = gewerbeanmeldung_answers(legal_form="einzelunternehmen", overrides={"premises": {"trade_name": ""}})
        assert APPLICATION.case_title(answers) == "Anna Schmidt"


class TestPostData:
    def test_fields_carry_the_step_prefix_and_the_wizard_step(self):
        data = gewerbeanmeldung_post_data("owner", legal_form="gbr")
        assert data == {"application-current_step": "owner", "owner-legal_form": "gbr"}

    def test_the_persons_formset_has_its_management_form(self):
        data = gewerbeanmeldung_post_data("persons", legal_form="gbr")
        assert data["persons-TOTAL_FORMS"] == "2"
        assert data["persons-INITIAL_FORMS"] == "0"
        assert data["persons-1-surname"] == "Yılmaz"

    def test_upload_steps_carry_pdf_files_unless_asked_not_to(self):
        assert hasattr(gewerbeanmeldung_post_data("attachments")["attachments-identity_0"], "read")
        assert "attachments-identity_0" not in gewerbeanmeldung_post_data("attachments", files=False)
