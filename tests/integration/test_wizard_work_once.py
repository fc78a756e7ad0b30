"""Wizard steps do their work once: a step's POST validates that step only, the answers of earlier
steps are kept in the draft (and dropped when an earlier answer changes), and a page view that
changes nothing writes nothing."""

import re
from collections import Counter
from unittest import mock

import pytest
from django import forms
from django.db import connection
from django.forms.formsets import ManagementForm
from django.test.utils import CaptureQueriesContext
from formtools.wizard.forms import ManagementForm as WizardManagementForm

from forms.models import Draft
from services.cases.models import Attachment, Case
from services.catalog.services import catalog_load
from tests.factories import gewerbeanmeldung_post_data


@pytest.fixture(autouse=True)
def catalog(db):
    catalog_load()


def start(client) -> str:
    return client.get(client.post("/antraege/gewerbeanmeldung/")["Location"])["Location"]


def walk_until(client, until: str, **options) -> str:
    url = start(client)
    while not url.endswith(f"/{until}/"):
        step = url.rstrip("/").rsplit("/", 1)[1]
        response = client.post(url, gewerbeanmeldung_post_data(step, **options))
        assert response.status_code == 302, step
        url = response["Location"]
    return url


def kept_answers(founder) -> dict:
    return Draft.objects.get(owner=founder).data["extra_data"]["answers"]["steps"]


@pytest.fixture
def validations():
    """How often each step's form (or formset) is validated, by step name."""
    counted: Counter = Counter()
    form_clean, formset_clean = forms.BaseForm.full_clean, forms.BaseFormSet.full_clean

    def form(self):
        # Forms inside a formset ("persons-0") count with it; management forms (formtools', a formset's) not at all.
        managing = isinstance(self, (ManagementForm, WizardManagementForm))
        if self.prefix and not managing and not re.search(r"-\d+$", self.prefix):
            counted[self.prefix] += 1
        return form_clean(self)

    def formset(self):
        counted[self.prefix] += 1
        return formset_clean(self)

    with (
        mock.patch.object(forms.BaseForm, "full_clean", form),
        mock.patch.object(forms.BaseFormSet, "full_clean", formset),
    ):
        yield counted


def test_a_later_step_validates_only_its_own_form(founder_client, validations):
    url = walk_until(founder_client, "operation", legal_form="gmbh", persons=2)
    validations.clear()

    response = founder_client.post(url, gewerbeanmeldung_post_data("operation", legal_form="gmbh", persons=2))

    assert response.status_code == 302
    assert set(validations) == {"operation"}


def test_changing_an_earlier_answer_drops_the_later_ones_and_the_wizard_follows(founder, founder_client):
    url = walk_until(founder_client, "operation", legal_form="gmbh", persons=2)
    assert set(kept_answers(founder)) == {"owner", "register", "persons", "premises", "activity"}

    owner_url = url.replace("/operation/", "/owner/")
    founder_client.post(owner_url, gewerbeanmeldung_post_data("owner", legal_form="einzelunternehmen"))

    kept = kept_answers(founder)
    assert "register" not in kept
    # The two persons stored for the GmbH were validated again for the new legal form, which
    # allows one: the wizard does not go on with stale answers.
    assert kept["persons"] is None
    persons_url = url.replace("/operation/", "/persons/")
    response = founder_client.post(persons_url, gewerbeanmeldung_post_data("persons", legal_form="einzelunternehmen"))
    assert response["Location"].endswith("/premises/")
    assert len(kept_answers(founder)["persons"]) == 1


def test_the_submit_validates_every_step_once_more(founder_client, validations, django_capture_on_commit_callbacks):
    url = walk_until(founder_client, "review", legal_form="gmbh", persons=2)
    validations.clear()

    with django_capture_on_commit_callbacks(execute=False):
        response = founder_client.post(url, gewerbeanmeldung_post_data("review", legal_form="gmbh", persons=2))

    assert response["Location"].endswith("/eingereicht/")
    assert Case.objects.count() == 1
    steps = ["owner", "register", "persons", "premises", "activity", "operation", "establishment", "reason"]
    steps += ["permits", "attachments", "review"]
    # The review form itself is validated by the POST and again by the submit's final check.
    assert validations == Counter({**dict.fromkeys(steps, 1), "review": 2})


def test_looking_at_a_step_again_writes_nothing(founder_client):
    url = walk_until(founder_client, "premises", legal_form="einzelunternehmen")
    founder_client.get(url)

    with CaptureQueriesContext(connection) as queries:
        assert founder_client.get(url).status_code == 200

    assert not [q for q in queries.captured_queries if q["sql"].startswith(("UPDATE", "INSERT"))]


def _statement(sql: str) -> str:
    """What a query does, and to which table: "SELECT forms_draft", "UPDATE statistics_wizardjourney", "SAVEPOINT"."""
    verb = sql.split(None, 1)[0].upper()
    if verb in {"SAVEPOINT", "RELEASE"}:
        return verb
    table = re.search(r'(?:FROM|UPDATE|INTO)\s+"?([a-z_]+)"?', sql, re.IGNORECASE)
    return f"{verb} {table[1] if table else '?'}"


def test_a_later_step_post_reads_three_rows_and_writes_in_one_transaction(
    founder_client, django_capture_on_commit_callbacks
):
    url = walk_until(founder_client, "operation", legal_form="gmbh", persons=2)
    data = gewerbeanmeldung_post_data("operation", legal_form="gmbh", persons=2)
    with django_capture_on_commit_callbacks(execute=True):
        # The first POST of a step gives it its funnel bit; the process remembers it once that commits.
        founder_client.post(url, data)

    with CaptureQueriesContext(connection) as queries:
        response = founder_client.post(url, data)

    assert response.status_code == 302
    # Session, user and draft (with its service); then the draft and the funnel's step in one
    # transaction (a savepoint here, inside the test's transaction): the journey read under its lock,
    # so the agency's rollups take its change exactly once. No lookup of the step's bit. The step was
    # the journey's last already: the journey and the rollups stay as they are, nothing more is written.
    assert [_statement(q["sql"]) for q in queries.captured_queries] == [
        "SELECT django_session",
        "SELECT accounts_user",
        "SELECT forms_draft",
        "SAVEPOINT",
        "UPDATE forms_draft",
        "SELECT statistics_wizardjourney",
        "RELEASE",
    ]


def test_the_next_step_post_moves_the_journey_and_its_rollup_in_the_same_transaction(
    founder_client, django_capture_on_commit_callbacks
):
    url = walk_until(founder_client, "operation", legal_form="gmbh", persons=2)
    with django_capture_on_commit_callbacks(execute=True):
        # Gives the step its funnel bit (remembered once that commits).
        founder_client.post(url, gewerbeanmeldung_post_data("operation", legal_form="gmbh", persons=2))
    founder_client.post(url.replace("/operation/", "/premises/"), gewerbeanmeldung_post_data("premises"))

    with CaptureQueriesContext(connection) as queries:
        response = founder_client.post(url, gewerbeanmeldung_post_data("operation", legal_form="gmbh", persons=2))

    assert response.status_code == 302
    assert [_statement(q["sql"]) for q in queries.captured_queries] == [
        "SELECT django_session",
        "SELECT accounts_user",
        "SELECT forms_draft",
        "SAVEPOINT",
        "UPDATE forms_draft",
        "SELECT statistics_wizardjourney",
        "UPDATE statistics_wizardjourney",
        "INSERT statistics_funnelmonth",
        "RELEASE",
    ]


def test_the_uploads_step_stores_its_files_under_one_lock(founder, founder_client):
    url = walk_until(founder_client, "attachments", legal_form="gmbh", persons=2)
    data = gewerbeanmeldung_post_data("attachments", legal_form="gmbh", persons=2)

    with CaptureQueriesContext(connection) as queries:
        response = founder_client.post(url, data)

    assert response.status_code == 302
    statements = [_statement(q["sql"]) for q in queries.captured_queries]
    # The draft read for the request and once more under its lock; the uploads listed for the form and
    # their size summed under the lock; the three files' rows inserted at once.
    assert statements.count("SELECT forms_draft") == 2
    assert statements.count("SELECT cases_attachment") == 2
    assert statements.count("INSERT cases_attachment") == 1
    assert Attachment.objects.filter(draft__owner=founder).count() == 3
