"""A founder's way through the real wizard reaches the agency's figures: the draft's anonymous journey
(started, steps completed, submitted) and, once submitted, the case's figure row."""

import pytest

from services.statistics.models import CaseFigure, WizardJourney, WizardStep
from services.statistics.services import funnel_journey
from tests.integration.test_gewerbeanmeldung_wizard import STEP_URL, submit_all, walk

pytestmark = pytest.mark.usefixtures("catalog")


@pytest.fixture
def catalog(db):
    from services.catalog.services import catalog_load

    catalog_load()


def test_a_submitted_application_leaves_a_complete_journey_and_its_figures(
    founder_client, django_capture_on_commit_callbacks
):
    case, seen = submit_all(founder_client, django_capture_on_commit_callbacks, legal_form="einzelunternehmen")

    journey = WizardJourney.objects.get()
    assert journey.journey == funnel_journey(draft_key=case.submission_key)
    assert journey.last_step == "review" and journey.submitted_at is not None
    bits = dict(WizardStep.objects.values_list("name", "bit"))
    assert journey.steps_done == sum(1 << bits[step] for step in seen)
    figure = CaseFigure.objects.get(case_id=case.pk)
    assert (figure.legal_form, figure.wz_section, figure.reason, figure.open) == ("einzelunternehmen", "I", "new", True)
    assert figure.department_id == case.department_id


def test_a_draft_given_up_keeps_the_last_step_it_completed(founder_client):
    url, seen = walk(founder_client, until="premises", legal_form="einzelunternehmen")

    assert STEP_URL.search(url)["step"] == "premises"
    journey = WizardJourney.objects.get()
    assert (journey.last_step, journey.submitted_at) == ("persons", None)
    assert seen == ["owner", "persons"]
