"""The staff case page: the snapshot in the official order, files handed out only to the case's
department, every opening recorded, the timeline in words, and a constant number of queries."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from services.cases.events import AccessedItem, case_access_record
from services.cases.models import CaseEvent, CaseMessage, CaseNote
from services.workflow.services import case_transition
from tests.factories import (
    AttachmentFactory,
    ClerkFactory,
    DepartmentFactory,
    FounderFactory,
    gewerbe_case_gmbh,
)

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
PDF = b"%PDF-1.4\n% Gewerbeanmeldung\n"


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # Many accounts per test; the real hasher's deliberate slowness would dominate the run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def department(db):
    return DepartmentFactory()


@pytest.fixture
def clerk(department):
    return ClerkFactory(departments=[department], full_name="Clara Clerk")


@pytest.fixture
def clerk_client(client, clerk):
    client.force_login(clerk)
    return client


@pytest.fixture
def case(department):
    case = gewerbe_case_gmbh(department=department)
    case.pdf.save("antrag.pdf", ContentFile(PDF))
    return case


def accesses(case) -> list[dict]:
    return list(case.events.filter(kind=CaseEvent.Kind.ACCESSED).values_list("data", flat=True))


class TestPage:
    def test_shows_every_answer_from_the_snapshot_in_the_official_order(self, clerk_client, case):
        case.summary = [
            {"step": "owner", "title": "Angaben zum Betriebsinhaber", "fields": [
                {"number": "1", "label": "Name", "value": "Alt-Name aus dem Snapshot"},
                {"number": "3", "label": "Rechtsform", "value": "GmbH"},
            ]},
            {"step": "business", "title": "Betrieb und Tätigkeit", "fields": [
                {"number": "17", "label": "Tätigkeit", "value": "Café"},
            ]},
        ]  # fmt: skip
        case.answers = {}
        case.save()

        response = clerk_client.get(reverse("workspace:case", args=[case.public_id]))

        assert response.status_code == 200
        html = response.content.decode()
        positions = [html.index(text) for text in ("Angaben zum Betriebsinhaber", "Alt-Name aus dem Snapshot",
                                                   "Rechtsform", "Betrieb und Tätigkeit", "Tätigkeit")]  # fmt: skip
        assert positions == sorted(positions)

    def test_lists_the_files_notes_and_messages(self, clerk_client, clerk, case):
        CaseNote.objects.create(case=case, author=clerk, text="Registerauszug prüfen")
        message = CaseMessage.objects.create(
            case=case, author=clerk, direction=CaseMessage.Direction.TO_FOUNDER, text="Bitte Ausweis nachreichen"
        )
        AttachmentFactory(case=case, owner=case.applicant, message=message, original_name="ausweis-neu.pdf")

        html = clerk_client.get(reverse("workspace:case", args=[case.public_id])).content.decode()

        assert "Registerauszug prüfen" in html
        assert "Bitte Ausweis nachreichen" in html
        assert "ausweis-neu.pdf" in html
        assert "HRB-12345-Auszug.pdf" in html
        assert reverse("workspace:case_pdf", args=[case.public_id]) in html
        assert reverse("workspace:case_pdf_download", args=[case.public_id]) in html
        for attachment in case.attachments.all():
            assert reverse("workspace:attachment", args=[attachment.public_id]) in html

    def test_timeline_says_in_words_what_happened_and_who_opened_what(self, clerk_client, clerk, case):
        case_transition(case=case, transition="start_review", actor=clerk)
        attachment = case.attachments.get(document_code="register_extract")
        case_access_record(case=case, user=clerk, item=AccessedItem.ATTACHMENT, attachment=attachment)

        response = clerk_client.get(reverse("workspace:case", args=[case.public_id]), **EN)

        html = response.content.decode()
        assert "Start review: from “Received” to “In review”" in html
        assert "Opened the attachment “Handelsregisterauszug: HRB-12345-Auszug.pdf”" in html
        assert "Opened the case" in html
        assert "Clara Clerk" in html
        assert "Applicant" in html

    def test_the_routing_line_gives_the_rule_and_reason_stored_at_routing(self, clerk_client, case):
        reason = "Regel 3: PLZ 47798–47800 → Bezirksstelle Mitte"
        CaseEvent.objects.create(case=case, kind=CaseEvent.Kind.ROUTED, data={"department": "mitte", "reason": reason})

        response = clerk_client.get(reverse("workspace:case", args=[case.public_id]), **EN)

        assert reason in response.content.decode()

    def test_the_action_forms_follow_the_language_and_the_upload_limit(self, clerk_client, case, settings):
        # The empty forms of the action panel are rendered once and reused (case_actions tag): per
        # language, and afresh when a setting their hints quote changes.
        case.status = "in_review"
        case.save(update_fields=["status"])
        url = reverse("workspace:case", args=[case.public_id])

        settings.UPLOAD_MAX_FILE_SIZE = 10 * 1024 * 1024
        english = clerk_client.get(url, **EN).content.decode()
        german = clerk_client.get(url, HTTP_ACCEPT_LANGUAGE="de").content.decode()
        settings.UPLOAD_MAX_FILE_SIZE = 4 * 1024 * 1024
        smaller = clerk_client.get(url, **EN).content.decode()

        assert "PDF, JPEG or PNG, up to 10 MB" in english
        assert "PDF, JPEG oder PNG, bis 10 MB" in german
        assert "PDF, JPEG or PNG, up to 4 MB" in smaller

    def test_the_number_of_queries_does_not_grow_with_the_case(
        self, clerk_client, clerk, case, django_assert_num_queries
    ):
        url = reverse("workspace:case", args=[case.public_id])
        for n in range(5):
            CaseNote.objects.create(case=case, author=ClerkFactory(), text=f"Notiz {n}")
            message = CaseMessage.objects.create(
                case=case, author=case.applicant, direction=CaseMessage.Direction.FROM_FOUNDER, text=f"Antwort {n}"
            )
            AttachmentFactory(case=case, owner=case.applicant, message=message)
            case_access_record(case=case, user=ClerkFactory(), item=AccessedItem.CASE)

        # session, user, the user's departments, the case, the access event (one INSERT),
        # attachments, events, notes, messages and their attachments, the linked appointments
        with django_assert_num_queries(11):
            assert clerk_client.get(url).status_code == 200


class TestAccessRecorded:
    def test_opening_the_case_pdf_and_attachment_is_recorded_with_who_and_what(self, clerk_client, clerk, case):
        attachment = case.attachments.first()

        clerk_client.get(reverse("workspace:case", args=[case.public_id]))
        inline = clerk_client.get(reverse("workspace:case_pdf", args=[case.public_id]))
        download = clerk_client.get(reverse("workspace:case_pdf_download", args=[case.public_id]))
        file = clerk_client.get(reverse("workspace:attachment", args=[attachment.public_id]))

        assert b"".join(inline.streaming_content) == PDF
        assert inline["Content-Disposition"].startswith("inline")
        assert download["Content-Disposition"].startswith("attachment")
        assert file["Content-Disposition"].startswith("attachment")
        assert file["Cache-Control"] == "private, no-store"
        assert accesses(case) == [
            {"item": "case"},
            {"item": "pdf"},
            {"item": "pdf"},
            {"item": "attachment", "attachment": attachment.pk},
        ]
        assert set(case.events.filter(kind=CaseEvent.Kind.ACCESSED).values_list("actor", flat=True)) == {clerk.pk}

    def test_nothing_is_recorded_for_someone_who_may_not_see_the_case(self, client, case):
        other = ClerkFactory(departments=[DepartmentFactory(code="bezirk-sued", name="Bezirksstelle Süd")])
        client.force_login(other)

        assert client.get(reverse("workspace:case", args=[case.public_id])).status_code == 404
        assert client.get(reverse("workspace:case_pdf", args=[case.public_id])).status_code == 404
        assert client.get(reverse("workspace:attachment", args=[case.attachments.first().public_id])).status_code == 404
        assert accesses(case) == []

    def test_a_routed_case_without_its_pdf_yet_gets_it_rendered_on_opening_once(self, clerk_client, department):
        case = gewerbe_case_gmbh(department=department)
        assert not case.pdf

        first = clerk_client.get(reverse("workspace:case_pdf", args=[case.public_id]))
        again = clerk_client.get(reverse("workspace:case_pdf_download", args=[case.public_id]))

        assert first.status_code == again.status_code == 200
        assert b"".join(first.streaming_content).startswith(b"%PDF")
        assert case.events.filter(kind=CaseEvent.Kind.PDF_RENDERED).count() == 1
        assert accesses(case) == [{"item": "pdf"}, {"item": "pdf"}]


class TestFilesOnObjectStorage:
    def test_staff_get_a_signed_short_lived_url(self, clerk_client, case, s3_storage):
        attachment = AttachmentFactory(case=case, owner=case.applicant)

        response = clerk_client.get(reverse("workspace:attachment", args=[attachment.public_id]))

        assert response.status_code == 302
        assert "X-Amz-Signature=" in response.url
        assert accesses(case) == [{"item": "attachment", "attachment": attachment.pk}]


def test_founders_still_get_their_own_files(client, case):
    client.force_login(case.applicant)

    assert client.get(reverse("cases:pdf", args=[case.public_id])).status_code == 200
    assert client.get(reverse("cases:attachment", args=[case.attachments.first().public_id])).status_code == 200
    client.force_login(FounderFactory())
    assert client.get(reverse("cases:pdf", args=[case.public_id])).status_code == 404
