"""The staff action panel and its URLs: only permitted moves are offered, refused input comes back."""

import pytest
from django.urls import reverse
from django.utils import translation

from portal.accounts.models import Role, User
from services.cases.models import CaseEvent, CaseNote
from services.workflow.transitions import CaseStatus
from tests.factories import CaseFactory, DepartmentFactory
from tests.sample_files import pdf_bytes, upload


@pytest.fixture
def staff(db):
    x = DepartmentFactory()
    y = DepartmentFactory(code="ordnungsamt", name="Ordnungsamt")
    people = {
        "clerk_x": User.objects.create(email="clerk-x@example.org", full_name="Clara Klein", role=Role.CLERK),
        "clerk_y": User.objects.create(email="clerk-y@example.org", role=Role.CLERK),
        "supervisor_x": User.objects.create(email="lead-x@example.org", role=Role.SUPERVISOR),
        "analyst": User.objects.create(email="wfg@example.org", role=Role.ANALYST),
    }
    for name in ["clerk_x", "supervisor_x", "analyst"]:
        people[name].departments.add(x)
    people["clerk_y"].departments.add(y)
    people["x"] = x
    return people


@pytest.fixture
def case(staff):
    return CaseFactory(department=staff["x"], status=CaseStatus.IN_REVIEW)


def as_user(client, user):
    client.force_login(user)
    return client


def case_page(client, case):
    with translation.override("en"):
        return client.get(reverse("workspace:case", args=[case.public_id]), HTTP_ACCEPT_LANGUAGE="en")


def test_the_panel_offers_only_the_moves_the_person_may_make(client, staff, case):
    response = case_page(as_user(client, staff["clerk_x"]), case)
    content = response.content.decode()
    for name in ["request_information", "approve", "reject", "forward"]:
        assert reverse("workspace:case_transition", args=[case.public_id, name]) in content
    for name in ["start_review", "provide_information", "withdraw"]:
        assert reverse("workspace:case_transition", args=[case.public_id, name]) not in content
    assert reverse("workspace:case_claim", args=[case.public_id]) in content
    assert reverse("workspace:case_assign", args=[case.public_id]) not in content, "clerks do not assign"
    assert (
        reverse("workspace:case_assign", args=[case.public_id])
        in case_page(as_user(client, staff["supervisor_x"]), case).content.decode()
    )


def test_a_move_goes_through_and_redirects_to_the_case_page(client, staff, case):
    url = reverse("workspace:case_transition", args=[case.public_id, "request_information"])
    response = as_user(client, staff["clerk_x"]).post(url, {"request_information-text": "Bitte Ausweis."})
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:case", args=[case.public_id])
    case.refresh_from_db()
    assert case.status == CaseStatus.INFORMATION_REQUESTED


def test_a_refused_move_comes_back_with_the_error_next_to_the_field_and_the_input(client, staff, case):
    client = as_user(client, staff["clerk_x"])
    url = reverse("workspace:case_transition", args=[case.public_id, "reject"])
    response = client.post(url, {"reject-text": "", "reject-decision_document": upload("x.pdf", b"no")})
    assert response.status_code == 302
    assert response["Location"].endswith("#action-reject")
    content = case_page(client, case).content.decode()
    assert 'id="id_reject-text_error"' in content
    assert 'id="id_reject-decision_document_error"' in content
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW

    # Shown once: the next view of the page is clean again.
    assert 'id="id_reject-text_error"' not in case_page(client, case).content.decode()


def test_a_decision_with_an_uploaded_document(client, staff, case):
    url = reverse("workspace:case_transition", args=[case.public_id, "approve"])
    response = as_user(client, staff["clerk_x"]).post(
        url, {"approve-text": "", "approve-decision_document": upload("bescheid.pdf", pdf_bytes())}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED
    assert case.attachments.get(document_code="decision").uploaded_by == staff["clerk_x"]


def test_claim_release_and_assign_through_the_page(client, staff, case):
    client = as_user(client, staff["clerk_x"])
    assert client.post(reverse("workspace:case_claim", args=[case.public_id])).status_code == 302
    case.refresh_from_db()
    assert case.assignee == staff["clerk_x"]
    assert client.post(reverse("workspace:case_release", args=[case.public_id])).status_code == 302
    case.refresh_from_db()
    assert case.assignee is None

    client = as_user(client, staff["supervisor_x"])
    url = reverse("workspace:case_assign", args=[case.public_id])
    assert client.post(url, {"assignee": staff["clerk_x"].pk}).status_code == 302
    case.refresh_from_db()
    assert case.assignee == staff["clerk_x"]
    # Someone of another department is not on the list: the form refuses, nothing changes.
    assert client.post(url, {"assignee": staff["clerk_y"].pk}).status_code == 302
    case.refresh_from_db()
    assert case.assignee == staff["clerk_x"]
    assert case.events.filter(kind=CaseEvent.Kind.ASSIGNED).count() == 3


def test_notes_and_messages_through_the_page(client, staff, case):
    client = as_user(client, staff["clerk_x"])
    assert client.post(reverse("workspace:case_note", args=[case.public_id]), {"text": "Intern"}).status_code == 302
    assert CaseNote.objects.get().text == "Intern"
    url = reverse("workspace:case_message", args=[case.public_id])
    assert client.post(url, {"text": "Hallo"}).status_code == 302
    assert case.messages.get().text == "Hallo"


@pytest.mark.parametrize("outsider", ["clerk_y", "analyst"])
def test_other_departments_and_analysts_find_nothing(client, staff, case, outsider):
    client = as_user(client, staff[outsider])
    for name, kwargs in [
        ("case_transition", {"public_id": case.public_id, "name": "approve"}),
        ("case_claim", {"public_id": case.public_id}),
        ("case_note", {"public_id": case.public_id}),
        ("case_message", {"public_id": case.public_id}),
        ("case_assign", {"public_id": case.public_id}),
    ]:
        assert client.post(reverse(f"workspace:{name}", kwargs=kwargs), {"text": "x"}).status_code == 404
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW
    assert not case.events.exists()


def test_a_clerk_cannot_assign(client, staff, case):
    url = reverse("workspace:case_assign", args=[case.public_id])
    assert as_user(client, staff["clerk_x"]).post(url, {"assignee": staff["clerk_x"].pk}).status_code == 404


def test_an_unknown_move_is_not_found(client, staff, case):
    url = reverse("workspace:case_transition", args=[case.public_id, "teleport"])
    assert as_user(client, staff["clerk_x"]).post(url).status_code == 404


def test_the_overdue_list_is_for_supervisors(client, staff):
    assert as_user(client, staff["supervisor_x"]).get(reverse("workspace:overdue")).status_code == 200
    assert as_user(client, staff["clerk_x"]).get(reverse("workspace:overdue")).status_code == 404
