"""What a Gewerbeummeldung and a Gewerbeabmeldung take over from the founder's Gewerbeanmeldung."""

import pytest

from forms.applications.gewerbeabmeldung import gewerbeabmeldung_initial
from forms.applications.gewerbeummeldung import gewerbeummeldung_initial
from tests.factories import gewerbeanmeldung_answers

pytestmark = pytest.mark.django_db


def test_the_change_notice_starts_from_owner_persons_residence_premises_activity_and_size():
    registration = gewerbeanmeldung_answers(legal_form="einzelunternehmen", nationalities=["TR"])

    initial = gewerbeummeldung_initial(registration)

    assert set(initial) == {"owner", "persons", "residence", "premises", "previous_premises", "activity", "operation"}
    assert initial["persons"] == registration["persons"]
    assert initial["previous_premises"] == initial["premises"] == registration["premises"]
    assert initial["activity"]["previous_activity"] == registration["activity"]["activity"]
    # The date of the change is new: the registration's start date is not offered for it.
    assert "start_date" not in initial["operation"]
    assert initial["residence"]["p0_title_kind"] == registration["residence"]["p0_title_kind"]


def test_the_deregistration_starts_from_the_company_persons_premises_establishment_and_activity():
    registration = gewerbeanmeldung_answers(legal_form="gmbh", persons=2, establishment="branch")

    initial = gewerbeabmeldung_initial(registration)

    assert set(initial) == {"owner", "register", "persons", "premises", "closure", "activity", "operation"}
    assert initial["register"]["company_name"] == registration["register"]["company_name"]
    assert initial["closure"] == {"establishment": "branch"}
    assert "start_date" not in initial["operation"]
