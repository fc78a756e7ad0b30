"""The founder's side: "My applications", the case page with timeline and thread, answering, writing, withdrawing."""

import pytest
from django.urls import reverse
from django.utils import translation

from portal.accounts.models import Role, User
from services.cases.models import CaseEvent, CaseMessage
from services.workflow.dialogue import case_note_add
from services.workflow.services import case_transition
from services.workflow.transitions import CaseStatus
from tests.factories import CaseFactory, DepartmentFactory, FounderFactory
from tests.sample_files import pdf_bytes, upload

REQUEST = "Bitte senden Sie die Kopie des Ausweises."


@pytest.fixture
def clerk(db):
    clerk = User.objects.create(email="clerk@example.org", role=Role.CLERK)
    clerk.departments.add(DepartmentFactory())
    return clerk


@pytest.fixture
def case(founder, clerk):
    case = CaseFactory(applicant=founder, department=clerk.departments.get(), status=CaseStatus.IN_REVIEW)
    case_transition(case=case, transition="request_information", actor=clerk, text=REQUEST)
    case.refresh_from_db()
    return case


def detail(client, case):
    with translation.override("en"):
        return client.get(reverse("cases:detail", args=[case.public_id]), HTTP_ACCEPT_LANGUAGE="en")


def test_my_applications_shows_status_next_step_and_due_date(founder_client, founder, case):
    case.due_date = "2026-06-10"
    case.save()
    response = founder_client.get(reverse("my_cases"))
    content = response.content.decode()
    assert case.reference in content
    assert "10.06.2026" in content
    assert 'datetime="2026-06-10"' in content


def test_the_case_page_shows_the_request_but_nothing_internal(founder_client, case, clerk):
    case_note_add(case=case, author=clerk, text="Interne Notiz: Rückfrage beim Ordnungsamt")
    response = detail(founder_client, case)
    content = response.content.decode()
    assert REQUEST in content
    assert "Interne Notiz" not in content
    assert clerk.email not in content
    assert response.context["answer_form"] is not None
    kinds = [step.label for step in response.context["timeline"]]
    assert len(kinds) == 1  # the request; routing, notes and the like are the department's


def test_the_founder_answers_with_a_file_and_the_case_returns_to_the_clerk(founder_client, case):
    response = founder_client.post(
        reverse("cases:answer", args=[case.public_id]),
        {"text": "Anbei.", "documents": [upload("ausweis.pdf", pdf_bytes()), upload("seite2.pdf", pdf_bytes())]},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW
    answer = case.messages.get(direction=CaseMessage.Direction.FROM_FOUNDER)
    assert sorted(answer.attachments.values_list("original_name", flat=True)) == ["ausweis.pdf", "seite2.pdf"]


def test_an_answer_without_text_or_with_a_wrong_file_keeps_the_input(founder_client, case):
    url = reverse("cases:answer", args=[case.public_id])
    response = founder_client.post(url, {"text": ""})
    assert response.status_code == 200
    assert "text" in response.context["answer_form"].errors

    response = founder_client.post(url, {"text": "Anbei.", "documents": [upload("x.pdf", b"not a pdf")]})
    assert response.status_code == 200
    assert "documents" in response.context["answer_form"].errors
    assert "Anbei." in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.INFORMATION_REQUESTED
    assert not case.attachments.exists()


def test_another_founder_cannot_answer_or_withdraw(client, case):
    client.force_login(FounderFactory())
    assert client.post(reverse("cases:answer", args=[case.public_id]), {"text": "x"}).status_code == 404
    assert client.post(reverse("cases:withdraw", args=[case.public_id]), {"confirm": "on"}).status_code == 404
    assert client.get(reverse("cases:detail", args=[case.public_id])).status_code == 404
    case.refresh_from_db()
    assert case.status == CaseStatus.INFORMATION_REQUESTED


def test_withdrawing_asks_for_confirmation(founder_client, case):
    url = reverse("cases:withdraw", args=[case.public_id])
    assert founder_client.get(url).status_code == 200
    response = founder_client.post(url, {})
    assert response.status_code == 200
    assert "confirm" in response.context["form"].errors
    case.refresh_from_db()
    assert case.status == CaseStatus.INFORMATION_REQUESTED

    assert founder_client.post(url, {"confirm": "on"}).status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.WITHDRAWN
    assert case.events.filter(kind=CaseEvent.Kind.TRANSITION, data__transition="withdraw").exists()
    # Once decided or withdrawn there is nothing to withdraw.
    assert founder_client.get(url).status_code == 302


def test_the_founder_writes_to_the_department_while_the_case_is_open(founder_client, founder, clerk):
    case = CaseFactory(applicant=founder, department=clerk.departments.get(), status=CaseStatus.IN_REVIEW)
    url = reverse("cases:message", args=[case.public_id])
    assert founder_client.post(url, {"text": ""}).status_code == 200
    assert founder_client.post(url, {"text": "Ab wann darf ich öffnen?"}).status_code == 302
    assert case.messages.get().direction == CaseMessage.Direction.FROM_FOUNDER


def test_the_founder_downloads_the_decision_document(founder_client, case, clerk):
    case_transition(case=case, transition="provide_information", actor=case.applicant, text="Anbei.")
    case_transition(case=case, transition="approve", actor=clerk, decision_document=upload("bescheid.pdf", pdf_bytes()))
    response = detail(founder_client, case)
    (document,) = response.context["decision_documents"]
    download = founder_client.get(reverse("cases:attachment", args=[document.public_id]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
