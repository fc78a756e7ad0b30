"""Uploaded documents: stored privately, removed by their owner, purged when abandoned, handed out
only to those allowed to see them."""

import hashlib
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from forms.models import Draft
from services.cases.models import Attachment
from services.cases.services import attachment_remove, attachment_store, attachments_purge_abandoned
from services.cases.tasks import uploads_purge_abandoned
from tests.factories import CaseFactory, DraftFactory, FounderFactory
from tests.sample_files import image_bytes, pdf_bytes, upload


@pytest.fixture
def draft(founder):
    return DraftFactory(owner=founder)


def store(draft, content=None, name="Personalausweis.pdf", code="identity"):
    return attachment_store(
        owner=draft.owner,
        draft=draft,
        document_code=code,
        document_label="Kopie des Personalausweises",
        uploaded_file=upload(name, content if content is not None else pdf_bytes()),
    )


def read(name: str) -> bytes:
    with default_storage.open(name, "rb") as file:
        return file.read()


def submit(draft: Draft) -> None:
    """The draft becomes a case that takes none of its uploads."""
    draft.case = CaseFactory(applicant=draft.owner)
    draft.save()


def make_old(attachment: Attachment, *, hours: int) -> None:
    past = timezone.now() - timedelta(hours=hours)
    Attachment.objects.filter(pk=attachment.pk).update(uploaded_at=past)
    Draft.objects.filter(pk=attachment.draft_id).update(updated_at=past)


class TestStore:
    def test_keeps_the_file_under_an_unguessable_key_with_its_checksum(self, draft):
        # Larger than one chunk, so the checksum is computed over several.
        content = pdf_bytes() + b"%" * 200_000

        attachment = store(draft, content, name="Personalausweis.pdf")

        assert read(attachment.file.name) == content
        assert attachment.sha256 == hashlib.sha256(content).hexdigest()
        assert attachment.size == len(content)
        assert attachment.content_type == "application/pdf"
        assert attachment.original_name == "Personalausweis.pdf"
        assert "Personalausweis" not in attachment.file.name
        assert attachment.file.name.startswith(f"attachments/{timezone.now():%Y/%m}/")
        assert (attachment.owner, attachment.draft, attachment.case) == (draft.owner, draft, None)

    def test_records_the_detected_type_not_the_claimed_one(self, draft):
        attachment = store(draft, image_bytes("PNG"), name="scan.pdf")

        assert attachment.content_type == "image/png"
        assert attachment.original_name == "scan.pdf.png"

    def test_cleans_the_original_name(self, draft):
        attachment = store(draft, image_bytes("JPEG"), name='..\\..\\C:\\Users\\x/"Pässe"\r\n vorne.JPG')

        assert attachment.original_name == "_Pässe_ vorne.jpg"

    def test_refuses_content_that_is_no_document_and_stores_nothing(self, draft):
        with pytest.raises(ValidationError):
            store(draft, b"#!/bin/sh\nrm -rf /\n", name="ausweis.pdf")

        assert not Attachment.objects.exists()
        assert not default_storage.exists("attachments")

    def test_refuses_a_draft_of_another_user(self, draft):
        with pytest.raises(ValueError):
            attachment_store(
                owner=FounderFactory(),
                draft=draft,
                document_code="identity",
                document_label="Ausweis",
                uploaded_file=upload("a.pdf", pdf_bytes()),
            )


class TestReplace:
    """A document of one file (``replaces``): the new upload takes the place of the stored ones."""

    def replace(self, draft, *, replaces, code="photo", name="neu.jpg"):
        return attachment_store(
            owner=draft.owner,
            draft=draft,
            document_code=code,
            document_label="Passfoto",
            uploaded_file=upload(name, image_bytes("JPEG")),
            replaces=replaces,
        )

    def test_removes_the_replaced_upload_and_its_file_once_the_new_one_is_stored(self, draft):
        old = store(draft, image_bytes("JPEG"), name="alt.jpg", code="photo")
        other = store(draft)

        new = self.replace(draft, replaces=lambda attachment: True)

        assert set(Attachment.objects.filter(draft=draft)) == {new, other}
        assert not default_storage.exists(old.file.name)
        assert default_storage.exists(new.file.name) and default_storage.exists(other.file.name)

    def test_replaces_only_what_the_predicate_names(self, draft):
        kept = store(draft, image_bytes("JPEG"), name="anna.jpg", code="photo")

        new = self.replace(draft, replaces=lambda attachment: attachment.original_name == "bernd.jpg")

        assert set(Attachment.objects.filter(draft=draft)) == {kept, new}

    def test_nothing_of_a_submitted_draft_is_replaced(self, draft):
        old = store(draft, image_bytes("JPEG"), name="alt.jpg", code="photo")
        submit(draft)

        new = self.replace(draft, replaces=lambda attachment: True)

        assert set(Attachment.objects.filter(draft=draft)) == {old, new}
        assert default_storage.exists(old.file.name)

    def test_a_refused_upload_replaces_nothing(self, draft):
        old = store(draft, image_bytes("JPEG"), name="alt.jpg", code="photo")

        with pytest.raises(ValidationError):
            attachment_store(
                owner=draft.owner,
                draft=draft,
                document_code="photo",
                document_label="Passfoto",
                uploaded_file=upload("kein-bild.jpg", b"nur Text"),
                replaces=lambda attachment: True,
            )

        assert list(Attachment.objects.filter(draft=draft)) == [old]
        assert default_storage.exists(old.file.name)

    def test_a_failing_removal_keeps_the_old_upload_and_not_the_new_one(self, draft, monkeypatch):
        old = store(draft, image_bytes("JPEG"), name="alt.jpg", code="photo")
        original_delete = Attachment.delete

        def refuse(attachment, *args, **kwargs):
            if attachment.pk == old.pk:
                raise RuntimeError("database gone")
            return original_delete(attachment, *args, **kwargs)

        monkeypatch.setattr(Attachment, "delete", refuse)

        with pytest.raises(RuntimeError):
            self.replace(draft, replaces=lambda attachment: True)

        assert list(Attachment.objects.filter(draft=draft)) == [old]


class TestRemove:
    def test_deletes_record_and_file(self, draft):
        attachment = store(draft)

        attachment_remove(owner=draft.owner, public_id=attachment.public_id)

        assert not Attachment.objects.filter(pk=attachment.pk).exists()
        assert not default_storage.exists(attachment.file.name)

    def test_another_user_cannot_remove_it(self, draft):
        attachment = store(draft)

        with pytest.raises(Http404):
            attachment_remove(owner=FounderFactory(), public_id=attachment.public_id)

        assert default_storage.exists(attachment.file.name)

    def test_refused_once_the_attachment_belongs_to_a_case(self, draft):
        attachment = store(draft)
        Attachment.objects.filter(pk=attachment.pk).update(case=CaseFactory(applicant=draft.owner))

        with pytest.raises(ValidationError):
            attachment_remove(owner=draft.owner, public_id=attachment.public_id)

        assert Attachment.objects.filter(pk=attachment.pk).exists()
        assert default_storage.exists(attachment.file.name)

    def test_refused_once_its_draft_was_submitted(self, draft):
        attachment = store(draft)
        draft.case = CaseFactory(applicant=draft.owner)
        draft.save()

        with pytest.raises(ValidationError):
            attachment_remove(owner=draft.owner, public_id=attachment.public_id)

        assert default_storage.exists(attachment.file.name)


class TestPurgeAbandoned:
    def test_purges_uploads_whose_draft_is_gone(self, draft):
        attachment = store(draft)
        draft.delete()

        assert attachments_purge_abandoned(older_than=timedelta(hours=72)) == 1
        assert not Attachment.objects.exists()
        assert not default_storage.exists(attachment.file.name)

    def test_purges_old_uploads_a_submitted_draft_left_behind(self, draft):
        old = store(draft)
        submit(draft)
        make_old(old, hours=80)

        assert attachments_purge_abandoned(older_than=timedelta(hours=72)) == 1
        assert not default_storage.exists(old.file.name)

    def test_keeps_uploads_of_an_open_draft_however_old_its_expiry_removes_them(self, draft):
        old = store(draft)
        make_old(old, hours=24 * 20)

        assert attachments_purge_abandoned(older_than=timedelta(hours=72)) == 0
        assert default_storage.exists(old.file.name)

    def test_keeps_fresh_uploads_and_those_of_a_draft_in_progress(self, draft):
        fresh = store(draft)
        old_upload_recent_draft = store(draft)
        Attachment.objects.filter(pk=old_upload_recent_draft.pk).update(
            uploaded_at=timezone.now() - timedelta(hours=80)
        )

        assert attachments_purge_abandoned(older_than=timedelta(hours=72)) == 0
        assert Attachment.objects.count() == 2
        assert default_storage.exists(fresh.file.name)

    def test_keeps_uploads_of_submitted_cases_however_old(self, draft):
        attachment = store(draft)
        Attachment.objects.filter(pk=attachment.pk).update(case=CaseFactory(applicant=draft.owner))
        make_old(attachment, hours=24 * 365)
        draft.delete()

        assert attachments_purge_abandoned(older_than=timedelta(hours=72)) == 0
        assert default_storage.exists(attachment.file.name)

    def test_the_command_uses_the_configured_age(self, draft, settings, capsys):
        settings.UPLOAD_ABANDONED_AFTER_HOURS = 10
        purged = store(draft)
        submit(draft)
        make_old(purged, hours=11)

        call_command("purge_abandoned_uploads")

        assert "Purged 1 abandoned upload(s)." in capsys.readouterr().out
        assert not Attachment.objects.exists()

    def test_the_beat_task_uses_the_configured_age(self, draft, settings):
        settings.UPLOAD_ABANDONED_AFTER_HOURS = 10
        old = store(draft)
        submit(draft)
        make_old(old, hours=11)
        store(draft)

        assert uploads_purge_abandoned.delay().get() == 1
        assert Attachment.objects.count() == 1


class TestDownload:
    def test_the_owner_gets_the_file_as_a_private_download(self, founder_client, draft):
        content = pdf_bytes()
        attachment = store(draft, content, name="Gewerbe Ausweis.pdf")

        response = founder_client.get(reverse("cases:attachment", args=[attachment.public_id]))

        assert response.status_code == 200
        assert b"".join(response.streaming_content) == content
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="Gewerbe Ausweis.pdf"'
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cache-Control"] == "private, no-store"

    def test_a_non_ascii_name_is_kept_in_the_download(self, founder_client, draft):
        attachment = store(draft, image_bytes("PNG"), name="Gewerbeerlaubnis Müller.png")

        response = founder_client.get(reverse("cases:attachment", args=[attachment.public_id]))

        assert response["Content-Type"] == "image/png"
        assert response["Content-Disposition"] == "attachment; filename*=utf-8''Gewerbeerlaubnis%20M%C3%BCller.png"

    def test_another_founder_gets_not_found(self, client, draft):
        attachment = store(draft)
        client.force_login(FounderFactory())

        response = client.get(reverse("cases:attachment", args=[attachment.public_id]))

        assert response.status_code == 404

    def test_an_anonymous_visitor_is_sent_to_log_in(self, client, draft):
        attachment = store(draft)
        url = reverse("cases:attachment", args=[attachment.public_id])

        response = client.get(url)

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))

    def test_a_missing_file_is_not_found(self, founder_client, draft):
        attachment = store(draft)
        default_storage.delete(attachment.file.name)

        response = founder_client.get(reverse("cases:attachment", args=[attachment.public_id]))

        assert response.status_code == 404


class TestCasePdf:
    def test_the_applicant_downloads_the_pdf_named_after_the_reference(self, founder_client, founder):
        case = CaseFactory(applicant=founder, reference="GEW-2026-000042")
        content = pdf_bytes()
        case.pdf.save("ignored.pdf", ContentFile(content))

        response = founder_client.get(reverse("cases:pdf", args=[case.public_id]))

        assert response.status_code == 200
        assert b"".join(response.streaming_content) == content
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="GEW-2026-000042.pdf"'
        assert response["Cache-Control"] == "private, no-store"

    def test_not_found_while_the_pdf_is_being_made(self, founder_client, founder):
        case = CaseFactory(applicant=founder)

        assert founder_client.get(reverse("cases:pdf", args=[case.public_id])).status_code == 404

    def test_another_founder_gets_not_found(self, client, founder):
        case = CaseFactory(applicant=founder)
        case.pdf.save("ignored.pdf", ContentFile(pdf_bytes()))
        client.force_login(FounderFactory())

        assert client.get(reverse("cases:pdf", args=[case.public_id])).status_code == 404
