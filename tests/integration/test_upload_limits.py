"""The per-application size limit holds when uploads arrive in parallel."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import close_old_connections, connection
from django.urls import reverse
from django.utils import translation

from services.cases.models import Attachment
from services.cases.services import DraftUpload, attachment_store, attachments_store
from services.catalog.services import catalog_load
from tests.factories import DraftFactory, FounderFactory, gewerbeanmeldung_post_data
from tests.sample_files import pdf_bytes, photo_bytes, upload

MB = 1024 * 1024


def pdf_of(size: int) -> bytes:
    content = pdf_bytes()
    return content + b"%" * (size - len(content))


def store(draft, size: int):
    return attachment_store(
        owner=draft.owner,
        draft=draft,
        document_code="other",
        document_label="Weitere Unterlage",
        uploaded_file=upload("unterlage.pdf", pdf_of(size)),
    )


@pytest.mark.django_db(transaction=True)
def test_six_parallel_uploads_cannot_pass_the_limit_together(settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL): SQLite runs one write transaction at a time anyway")
    settings.UPLOAD_MAX_CASE_SIZE = 30 * MB
    draft = DraftFactory()
    store(draft, 20 * MB)
    start = threading.Barrier(6)
    outcomes: list[str] = []

    def upload_six_mb() -> None:
        try:
            start.wait()
            store(draft, 6 * MB)
            outcomes.append("stored")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            close_old_connections()

    threads = [threading.Thread(target=upload_six_mb) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    total = sum(Attachment.objects.filter(draft=draft).values_list("size", flat=True))
    assert total <= 30 * MB
    assert sorted(outcomes) == ["case_size"] * 5 + ["stored"]
    assert Attachment.objects.filter(draft=draft).count() == 2


@pytest.mark.django_db(transaction=True)
def test_parallel_photos_leave_one_photo_and_one_file():
    """Two tabs upload a new photo at once: the second replaces the first under the draft's lock."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL): SQLite runs one write transaction at a time anyway")
    draft = DraftFactory()
    start = threading.Barrier(4)
    stored: list[Attachment] = []

    def upload_photo(number: int) -> None:
        try:
            start.wait()
            stored.append(
                attachment_store(
                    owner=draft.owner,
                    draft=draft,
                    document_code="photo",
                    document_label="Passfoto",
                    uploaded_file=upload(f"foto-{number}.jpg", photo_bytes(), "image/jpeg"),
                    replaces=lambda attachment: True,
                )
            )
        finally:
            close_old_connections()

    threads = [threading.Thread(target=upload_photo, args=(number,)) for number in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert len(stored) == 4
    remaining = Attachment.objects.get(draft=draft, document_code="photo")
    assert [default_storage.exists(attachment.file.name) for attachment in stored].count(True) == 1
    assert default_storage.exists(remaining.file.name)


@pytest.mark.django_db
def test_the_store_refuses_an_upload_beyond_the_limit(settings):
    settings.UPLOAD_MAX_CASE_SIZE = 1 * MB
    draft = DraftFactory()
    store(draft, MB // 2)

    with pytest.raises(ValidationError) as refused:
        store(draft, MB // 2 + 1)

    assert refused.value.code == "case_size"
    assert Attachment.objects.filter(draft=draft).count() == 1


@pytest.mark.django_db
def test_of_one_requests_uploads_the_one_beyond_the_limit_is_refused_and_the_others_kept(settings):
    settings.UPLOAD_MAX_CASE_SIZE = 1 * MB
    draft = DraftFactory()
    sizes = [MB // 2, MB // 2 + 1, MB // 4]
    uploads = [DraftUpload("other", "Weitere Unterlage", upload(f"{size}.pdf", pdf_of(size))) for size in sizes]

    stored = attachments_store(owner=draft.owner, draft=draft, uploads=uploads)

    assert [getattr(result, "size", None) for result in stored] == [MB // 2, None, MB // 4]
    assert isinstance(stored[1], ValidationError) and stored[1].code == "case_size"
    kept = Attachment.objects.filter(draft=draft)
    assert sorted(kept.values_list("size", flat=True)) == [MB // 4, MB // 2]
    assert all(default_storage.exists(attachment.file.name) for attachment in kept)


@pytest.mark.django_db
def test_an_upload_the_store_refuses_shows_the_limit_next_to_the_field(client, monkeypatch, settings):
    """The founder's second tab uploaded meanwhile: the form's own check saw the older total."""
    catalog_load()
    founder = FounderFactory()
    client.force_login(founder)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    settings.UPLOAD_MAX_CASE_SIZE = 1 * MB
    url = client.post(reverse("forms:start", kwargs={"service": "gewerbeanmeldung"}))["Location"]
    draft = founder.drafts.get()
    store(draft, MB - 10)
    monkeypatch.setattr("forms.views.attachment_by_document_for_draft", lambda draft: {})
    url = url.rstrip("/") + "/attachments/"
    client.get(url)

    data = gewerbeanmeldung_post_data("attachments", legal_form="einzelunternehmen")
    with translation.override("en"):
        response = client.post(url, data)

    assert response.status_code == 200
    assert "may have at most 1 MB together" in response.content.decode()
    assert Attachment.objects.filter(draft=draft).count() == 1
