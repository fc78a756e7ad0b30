import datetime
import hashlib
from collections.abc import Callable
from datetime import date

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from forms.applications import application_for
from forms.models import Draft
from portal.accounts.models import Role, User
from services.cases.models import Attachment, Case
from services.cases.search import search_text_build
from services.catalog.models import Department, DocumentRequirement, Service
from tests.wizard_answers import (
    answers_through_forms,
    gaststaettenerlaubnis_post_data,
    gewerbeabmeldung_post_data,
    gewerbeummeldung_post_data,
    reisegewerbekarte_post_data,
    sondernutzung_post_data,
    step_post,
)

DEFAULT_PASSWORD = "ein-sicheres-passwort-2026"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Faker("name", locale="de_DE")
    role = Role.FOUNDER
    email_verified_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class FounderFactory(UserFactory):
    pass


class StaffFactory(UserFactory):
    """A member of staff; ``departments=[...]`` makes them work there."""

    role = Role.CLERK

    @factory.post_generation
    def departments(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.departments.set(extracted)


class ClerkFactory(StaffFactory):
    role = Role.CLERK


class SupervisorFactory(StaffFactory):
    role = Role.SUPERVISOR


class AdminFactory(StaffFactory):
    role = Role.ADMIN


class AnalystFactory(UserFactory):
    role = Role.ANALYST


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = "gewerbeamt"
    name = "Gewerbeamt"
    parent_name = "Fachbereich Sicherheit und Ordnung"
    email = "gewerbeamt@krefeld.example"


class ServiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Service
        django_get_or_create = ("slug",)

    slug = "gewerbeanmeldung"
    name = "Gewerbeanmeldung"
    leika_key = "99050012104000"
    legal_basis = "§ 14 GewO"
    receipt_basis = "§ 15 Abs. 1 GewO"
    notification = True
    reference_prefix = "GEW"
    department = factory.SubFactory(DepartmentFactory)
    processing_days = 3
    fee_cents = 2600
    online = True


class DocumentRequirementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentRequirement
        django_get_or_create = ("service", "code")

    service = factory.SubFactory(ServiceFactory)
    code = "identity"
    name = "Kopie des Personalausweises oder Reisepasses"
    required = True


class CaseFactory(factory.django.DjangoModelFactory):
    """A submitted case as case_submit leaves it, before routing and PDF."""

    class Meta:
        model = Case

    submission_key = factory.Faker("uuid4", cast_to=None)
    reference = factory.Sequence(lambda n: f"GEW-2026-{n + 1:06d}")
    service = factory.SubFactory(ServiceFactory)
    applicant = factory.SubFactory(FounderFactory)
    answers = factory.LazyFunction(dict)
    summary = factory.LazyAttribute(lambda o: application_for(o.service.slug).summary_snapshot(o.answers))
    form_version = factory.LazyAttribute(lambda o: application_for(o.service.slug).version)
    title = "Muster GmbH"
    search_text = factory.LazyAttribute(lambda o: search_text_build([o.reference, o.title, o.applicant.email]))
    submitted_at = factory.LazyFunction(timezone.now)


class AttachmentFactory(factory.django.DjangoModelFactory):
    """An uploaded file, stored through the storage API, with its true size and checksum."""

    class Meta:
        model = Attachment

    class Params:
        content = b"%PDF-1.4\n% Kopie des Personalausweises\n"

    owner = factory.SubFactory(FounderFactory)
    document_code = "identity"
    document_label = "Kopie des Personalausweises oder Reisepasses"
    original_name = "personalausweis.pdf"
    content_type = "application/pdf"
    file = factory.LazyAttribute(lambda o: ContentFile(o.content, name=o.original_name))
    size = factory.LazyAttribute(lambda o: len(o.content))
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.content).hexdigest())


class DraftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Draft

    owner = factory.SubFactory(FounderFactory)
    service = factory.SubFactory(ServiceFactory)


# --- Gewerbeanmeldung: complete, valid answers --------------------------------------------------
# gewerbeanmeldung_post_data(step, ...) gives what the wizard's form for a step posts (field names
# prefixed with the step, "application-current_step", uploads as PDF files); gewerbeanmeldung_answers(...)
# runs every step that applies through its form and returns the JSON-ready answers the wizard keeps.

_GEWERBE_PERSONS = [
    ("Schmidt", "Anna", "female", "1985-04-12", "Krefeld"),
    ("Yılmaz", "Mehmet", "male", "1979-11-03", "Duisburg"),
    ("Becker", "Jonas", "male", "1990-01-30", "Mönchengladbach"),
    ("Nowak", "Zofia", "female", "1988-07-19", "Kraków"),
]


def gewerbe_pdf(name: str = "dokument.pdf"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4\n% Testdokument\n", content_type="application/pdf")


def _gewerbe_fields(
    step, *, legal_form, persons, nationalities, reason, needs_permit, craft, registration_pending, files, establishment
):
    from datetime import timedelta

    from forms.steps.countries import GERMANY, country_free_movement
    from forms.steps.legal_forms import OTHER, legal_form_get

    form = legal_form_get(legal_form)
    count = persons if persons is not None else form.min_persons
    nations = list(nationalities or []) + [GERMANY] * count
    today = timezone.localdate()
    pdf = gewerbe_pdf if files else (lambda name: None)
    if step == "owner":
        return {"legal_form": legal_form}
    if step == "register":
        registered = form.register_type is not None and not registration_pending
        marker = form.name_markers[0] if form.name_markers else "GbR" if form.named else "Ltd."
        other = {"legal_form_other": "Private Limited Company (Ltd.)"} if legal_form == OTHER else {}
        return {
            **other,
            "company_name": f"Rheinblick {marker}",
            "registration_pending": "on" if registration_pending else "",
            "register_court": "Krefeld" if registered else "",
            "register_type": form.register_type if registered else "",
            "register_number": "12345" if registered else "",
        }
    if step == "persons":
        data = {"TOTAL_FORMS": str(count), "INITIAL_FORMS": "0", "MIN_NUM_FORMS": "0", "MAX_NUM_FORMS": "1000"}
        for index in range(count):
            surname, given, sex, born, place = _GEWERBE_PERSONS[index % len(_GEWERBE_PERSONS)]
            data.update(
                {
                    f"{index}-{name}": value
                    for name, value in {
                        "surname": surname,
                        "given_names": given,
                        "birth_name": "",
                        "sex": sex,
                        "nationality": nations[index],
                        "date_of_birth": date.fromisoformat(born),
                        "place_of_birth": place,
                        "birth_country": GERMANY,
                        "street": "Dionysiusstraße",
                        "house_number": str(10 + index),
                        "postcode": "47798",
                        "city": "Krefeld",
                        "country": GERMANY,
                        "phone": "02151 123456",
                        "email": f"person{index}@example.org",
                    }.items()
                }
            )
        return data
    if step == "residence":
        data = {}
        for index in range(count):
            if not country_free_movement(nations[index]):
                data.update(
                    {
                        f"p{index}_title_kind": "self_employment_permit",
                        # Living in Krefeld, with a title from its foreigners' authority: chosen, not typed.
                        f"p{index}_authority_office": "city",
                        f"p{index}_authority": "",
                        f"p{index}_issue_date": today - timedelta(days=365),
                        f"p{index}_valid_until": today + timedelta(days=730),
                        f"p{index}_self_employment": "yes",
                        # The title says "Selbständige Tätigkeit gestattet", answered above: nothing further.
                        f"p{index}_conditions": "",
                        f"p{index}_document": pdf(f"aufenthaltstitel-{index}.pdf"),
                    }
                )
        return data
    if step == "premises":
        return {
            "trade_name": "Café Rheinblick",
            "location": "elsewhere",  # asked where the first person lives in Krefeld, as they all do here
            "street": "Ostwall",
            "house_number": "104",
            "postcode": "47798",
            "phone": "02151 86-0",
            "email": "info@rheinblick.example",
            "website": "https://rheinblick.example",
        }
    if step == "activity":
        return {
            "activity": "Betrieb eines Cafés mit Verkauf von Kuchen, Kaffee und alkoholfreien Getränken",
            "wz_code": "56.10.1",
        }
    if step == "operation":
        return {
            "start_date": today + timedelta(days=14),
            "business_kinds": ["retail", "other"],
            "side_business": "no",
            "employees_full_time": "2",
            "employees_part_time": "1",
        }
    if step == "establishment":
        return {"establishment": establishment, "public_holding": "no"}
    if step == "main_establishment":
        return {"main_establishment": "Königsallee 1, 40212 Düsseldorf"}
    if step == "manager":
        return {
            "surname": "Wagner",
            "given_names": "Petra",
            "street": "Uerdinger Straße",
            "house_number": "5",
            "postcode": "47799",
            "city": "Krefeld",
        }
    if step == "reason":
        return {"reason": reason}
    if step == "previous_premises":
        return {"previous_address": "Königsallee 1, 40212 Düsseldorf"}
    if step == "previous_owner":
        return {"previous_owner": "Hans Müller", "previous_trade_name": "Café am Ostwall"}
    if step == "permits":
        return {"needs_permit": "yes" if needs_permit else "no", "craft_register": "yes" if craft else "no"}
    if step == "permit":
        return {
            "permit_kind": "gastg",
            "permit_kind_other": "",
            "authority": "Stadt Krefeld, Ordnungsamt",
            "issue_date": today - timedelta(days=30),
            "permit_number": "GAST-17",
            "permit_document": pdf("erlaubnis.pdf"),
        }
    if step == "craft":
        return {
            "craft_annex": "A",
            "chamber": "Handwerkskammer Düsseldorf",
            "entry_date": today - timedelta(days=400),
        }
    if step == "attachments":
        data = {f"identity_{index}": pdf("ausweis.pdf") for index in range(count)}
        if form.register_type is not None and not registration_pending:
            data["register_extract"] = pdf("registerauszug.pdf")
        if craft:
            data["craft_register"] = pdf("handwerkskarte.pdf")
        if registration_pending:
            data["other"] = pdf("gesellschaftsvertrag.pdf")
        return data
    if step == "review":
        return {"declaration": "on"}
    raise ValueError(f"The Gewerbeanmeldung has no step {step!r}.")


def gewerbeanmeldung_post_data(
    step: str,
    *,
    legal_form: str = "gmbh",
    persons: int | None = None,
    nationalities: list[str] | None = None,
    reason: str = "new",
    needs_permit: bool = False,
    craft: bool = False,
    registration_pending: bool = False,
    files: bool = True,
    establishment: str = "main",
    overrides: dict | None = None,
) -> dict:
    """What the wizard's form posts for ``step``; ``overrides`` replace fields (unprefixed names, None drops one).

    ``persons`` defaults to the fewest the legal form allows; ``nationalities`` (ISO codes) are
    the persons' in order, Germans for the rest. Upload steps carry PDF files unless ``files=False``.
    """
    fields = _gewerbe_fields(
        step,
        legal_form=legal_form,
        persons=persons,
        nationalities=nationalities,
        reason=reason,
        needs_permit=needs_permit,
        craft=craft,
        registration_pending=registration_pending,
        files=files,
        establishment=establishment,
    )
    return step_post(step, fields, overrides)


def gewerbeanmeldung_answers(*, overrides: dict[str, dict] | None = None, until: str | None = None, **options) -> dict:
    """The answers of every step that applies (before ``until``), validated by the steps' own forms, JSON-ready.

    Takes the options of ``gewerbeanmeldung_post_data``; ``overrides`` maps a step to its field overrides.
    """
    return answers_through_forms(
        application_for("gewerbeanmeldung"), gewerbeanmeldung_post_data, overrides=overrides, until=until, **options
    )


REGISTER_EXTRACT = b"%PDF-1.4\n% Handelsregister B 12345\n"


def gewerbe_case_gmbh(**case_fields) -> Case:
    """A submitted Gewerbeanmeldung of a GmbH with two managing directors, its ID copy and register extract."""
    case = CaseFactory(answers=gewerbeanmeldung_answers(legal_form="gmbh", persons=2), **case_fields)
    AttachmentFactory(case=case, owner=case.applicant)
    AttachmentFactory(
        case=case,
        owner=case.applicant,
        document_code="register_extract",
        document_label="Handelsregisterauszug",
        original_name="HRB-12345-Auszug.pdf",
        content=REGISTER_EXTRACT,
    )
    return case


class RoutingRuleFactory(factory.django.DjangoModelFactory):
    """A rule at the end of its service's list; give ``conditions`` and ``target``."""

    class Meta:
        model = "routing.RoutingRule"

    service = factory.SubFactory(ServiceFactory)
    position = factory.LazyAttribute(lambda o: o.service.routing_rules.count() + 1)
    conditions = factory.LazyFunction(lambda: {"postcode": {"from": "47798", "to": "47800"}})
    target = factory.SubFactory(DepartmentFactory, code="bezirksstelle-mitte", name="Bezirksstelle Mitte")


# --- Appointments --------------------------------------------------------------------------------


class AppointmentTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "appointments.AppointmentType"

    department = factory.SubFactory(DepartmentFactory)
    name = factory.Sequence(lambda n: f"Identitätsprüfung {n}")
    duration_minutes = 30
    desks = 1
    horizon_days = 60
    booking_lead_hours = 0
    cancellation_lead_hours = 24


class OpeningHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "appointments.OpeningHours"

    department = factory.SubFactory(DepartmentFactory)
    weekday = 0
    opens = datetime.time(8, 0)
    closes = datetime.time(12, 0)


class ClosureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "appointments.Closure"

    department = factory.SubFactory(DepartmentFactory)
    first_day = datetime.date(2027, 3, 1)
    last_day = factory.SelfAttribute("first_day")
    reason = "Betriebsausflug"


def weekday_hours(department, *, opens=datetime.time(8, 0), closes=datetime.time(12, 0), weekdays=range(5)):
    """The department opens on these weekdays (Monday = 0) from ``opens`` to ``closes``."""
    return [OpeningHoursFactory(department=department, weekday=day, opens=opens, closes=closes) for day in weekdays]


class AppointmentFactory(factory.django.DjangoModelFactory):
    """A booked appointment (no mail); give ``starts_at``."""

    class Meta:
        model = "appointments.Appointment"

    appointment_type = factory.SubFactory(AppointmentTypeFactory)
    department = factory.SelfAttribute("appointment_type.department")
    ends_at = factory.LazyAttribute(
        lambda o: o.starts_at + datetime.timedelta(minutes=o.appointment_type.duration_minutes)
    )
    desk = 1
    name = factory.Faker("name", locale="de_DE")
    email = factory.Sequence(lambda n: f"besucher{n}@example.org")


# Every registered application declares founders who file it validly: a function giving the POST
# data of a step, and the variants to walk (its keyword arguments). The contract test walks each.
APPLICATION_WALKS: dict[str, tuple[Callable[..., dict], list[dict]]] = {
    "gewerbeanmeldung": (
        gewerbeanmeldung_post_data,
        [
            {"legal_form": "einzelunternehmen", "nationalities": ["TR"]},
            {"legal_form": "gbr", "persons": 2},
            {"legal_form": "gmbh", "persons": 2, "reason": "takeover_purchase", "needs_permit": True},
        ],
    ),
    "sondernutzung": (sondernutzung_post_data, [{}, {"season": False, "other_property": True}]),
    "gewerbeummeldung": (
        gewerbeummeldung_post_data,
        [
            {"legal_form": "einzelunternehmen"},
            {"legal_form": "gmbh", "changes": ("activity_extension",), "needs_permit": True},
            {"legal_form": "gbr", "persons": 2, "nationalities": ["TR"], "changes": ("relocation", "activity_change")},
        ],
    ),
    "gewerbeabmeldung": (
        gewerbeabmeldung_post_data,
        [
            {"legal_form": "einzelunternehmen"},
            {"legal_form": "gmbh", "reason": "transfer_sale", "scope": "partial"},
            {"legal_form": "gbr", "persons": 2, "reason": "relocation"},
        ],
    ),
    "reisegewerbekarte": (
        reisegewerbekarte_post_data,
        [{}, {"nationality": "TR", "activities": ("buy_goods", "offer_services", "showman")}],
    ),
    "gaststaettenerlaubnis": (
        gaststaettenerlaubnis_post_data,
        [{}, {"legal_form": "gmbh", "rooms": 1, "was_restaurant": False}, {"legal_form": "gbr"}],
    ),
}
