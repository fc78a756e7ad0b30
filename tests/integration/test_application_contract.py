"""What every registered application must do, whatever it asks: founders declared for it
(``tests.factories.APPLICATION_WALKS``) walk it with valid answers and submit; the case gets its
PDF, and its summary covers every step that was answered. The documents its steps ask for are
those the catalog lists for the service, so codes are declared once; a step of several entries
(a formset) names its own "add another" button."""

import pytest
from django import forms

from forms.applications import application_for, application_list
from forms.applications.base import answers_from_form
from forms.steps.documents import document_codes_asked
from services.cases.models import Case
from services.catalog.models import DocumentRequirement
from services.catalog.services import catalog_load
from tests.factories import APPLICATION_WALKS

WALKS = [
    pytest.param(slug, index, id=f"{slug}-{index}")
    for slug, (_, variants) in sorted(APPLICATION_WALKS.items())
    for index in range(len(variants))
]


@pytest.fixture(autouse=True)
def catalog(db):
    catalog_load()


def walk(client, slug: str, post_data, variant: dict) -> list[str]:
    """File the application as a founder would; returns the steps the wizard showed."""
    url = client.get(client.post(f"/antraege/{slug}/")["Location"])["Location"]
    shown = []
    while f"/antraege/{slug}/" in url:
        step = url.rstrip("/").rsplit("/", 1)[1]
        shown.append(step)
        response = client.post(url, post_data(step, **variant))
        assert response.status_code == 302, f"{step}: {response.context and response.context['form'].errors}"
        url = response["Location"]
    return shown


def test_every_registered_application_declares_founders_who_file_it():
    assert {application.service_slug for application in application_list()} == set(APPLICATION_WALKS)


@pytest.mark.parametrize("application", application_list(), ids=lambda application: application.service_slug)
def test_every_step_with_several_entries_names_its_add_button(application):
    formset_steps = [step for step in application.steps if issubclass(step.form_class, forms.BaseFormSet)]

    assert [step.name for step in formset_steps if not getattr(step.form_class, "add_label", "")] == []


@pytest.mark.parametrize(("slug", "index"), WALKS)
def test_a_valid_walk_submits_a_case_with_its_pdf_and_a_summary_of_every_step(
    founder_client, slug, index, django_capture_on_commit_callbacks
):
    post_data, variants = APPLICATION_WALKS[slug]
    application = application_for(slug)

    with django_capture_on_commit_callbacks(execute=True):
        shown = walk(founder_client, slug, post_data, variants[index])

    case = Case.objects.get(service__slug=slug)
    assert case.form_version == application.version
    case.pdf.open("rb")
    with case.pdf:
        assert case.pdf.read(5) == b"%PDF-"
    answered = {step for step in shown if case.answers.get(step)}
    assert answered <= {section["step"] for section in case.summary}


@pytest.mark.parametrize(("slug", "index"), WALKS)
def test_the_documents_asked_for_are_those_the_catalog_lists(slug, index):
    post_data, variants = APPLICATION_WALKS[slug]
    application = application_for(slug)
    listed = set(DocumentRequirement.objects.filter(service__slug=slug).values_list("code", flat=True))

    asked, answers = set(), {}
    for step in application.steps:
        if not step.applies(answers):
            continue
        posted = post_data(step.name, **variants[index])
        files = {key: value for key, value in posted.items() if hasattr(value, "read")}
        data = {key: value for key, value in posted.items() if key not in files}
        kwargs = step.form_kwargs(answers) if step.form_kwargs else {}
        form = step.form_class(data=data, files=files, prefix=step.name, **kwargs)
        assert form.is_valid(), (step.name, form.errors)
        answers[step.name] = answers_from_form(form)
        asked |= document_codes_asked(form)

    assert asked - listed == set()
