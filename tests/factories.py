import hashlib

import factory
from django.core.files.base import ContentFile
from django.utils import timezone

from forms.models import Draft
from portal.accounts.models import Role, User
from services.cases.models import Attachment, Case
from services.catalog.models import Department, DocumentRequirement, Service

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


class ClerkFactory(UserFactory):
    role = Role.CLERK


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
    title = "Muster GmbH"
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
