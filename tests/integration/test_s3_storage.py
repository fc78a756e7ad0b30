"""Files on S3 (production set-up) over real HTTP: private objects, short-lived signed URLs, no overwrites."""

from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import botocore.auth
import pytest
import requests
from django.core.files.base import ContentFile
from django.urls import reverse

from services.cases.services import attachment_store
from tests.factories import CaseFactory, DraftFactory
from tests.sample_files import image_bytes, pdf_bytes, upload


@pytest.fixture
def draft(founder):
    return DraftFactory(owner=founder)


def store(draft, content: bytes, name: str = "Gewerbe Ausweis.pdf"):
    return attachment_store(
        owner=draft.owner,
        draft=draft,
        document_code="identity",
        document_label="Kopie des Personalausweises",
        uploaded_file=upload(name, content),
    )


def test_attachment_store_uploads_to_the_bucket_with_the_detected_type(s3_storage, draft):
    content = image_bytes("PNG")

    attachment = store(draft, content, name="scan.pdf")  # claimed to be a PDF

    with s3_storage.open(attachment.file.name, "rb") as stored:
        assert stored.read() == content
    head = s3_storage.connection.meta.client.head_object(Bucket=s3_storage.bucket_name, Key=attachment.file.name)
    assert head["ContentType"] == "image/png"


def test_objects_are_private(s3_storage, draft, s3_endpoint):
    attachment = store(draft, pdf_bytes())

    response = requests.get(f"{s3_endpoint}/{s3_storage.bucket_name}/{attachment.file.name}", timeout=10)

    assert response.status_code == 403


def test_the_download_view_redirects_to_a_short_lived_signed_url_that_works(s3_storage, draft, founder_client):
    content = image_bytes("PNG")
    attachment = store(draft, content, name="Grundriss Laden.png")

    response = founder_client.get(reverse("cases:attachment", args=[attachment.public_id]))

    assert response.status_code == 302
    assert response["Cache-Control"] == "private, no-store"
    signed_url = response["Location"]
    assert parse_qs(urlsplit(signed_url).query)["X-Amz-Expires"] == ["30"]
    download = requests.get(signed_url, timeout=10)
    assert download.status_code == 200
    assert download.content == content
    assert download.headers["Content-Type"] == "image/png"
    assert download.headers["Content-Disposition"] == 'attachment; filename="Grundriss Laden.png"'


def test_the_case_pdf_is_handed_out_the_same_way(s3_storage, founder, founder_client):
    case = CaseFactory(applicant=founder, reference="GEW-2026-000007")
    content = pdf_bytes()
    case.pdf.save("ignored.pdf", ContentFile(content))

    response = founder_client.get(reverse("cases:pdf", args=[case.public_id]))

    download = requests.get(response["Location"], timeout=10)
    assert download.content == content
    assert download.headers["Content-Disposition"] == 'attachment; filename="GEW-2026-000007.pdf"'


def test_a_signed_url_past_its_expiry_is_refused(s3_storage, draft, monkeypatch):
    attachment = store(draft, pdf_bytes())
    an_hour_ago = datetime.now(UTC).replace(tzinfo=None) - timedelta(hours=1)
    # Signed an hour ago with the configured lifetime of 30 seconds.
    monkeypatch.setattr(botocore.auth, "get_current_datetime", lambda *args, **kwargs: an_hour_ago)
    expired_url = s3_storage.url(attachment.file.name)
    monkeypatch.undo()

    response = requests.get(expired_url, timeout=10)

    assert response.status_code == 403
    assert "expired" in response.text


def test_a_signed_url_opens_only_its_own_object(s3_storage, draft):
    first = store(draft, pdf_bytes())
    second = store(draft, image_bytes("PNG"))
    signed_url = s3_storage.url(first.file.name)

    response = requests.get(signed_url.replace(first.file.name, second.file.name), timeout=10)

    assert response.status_code == 403


def test_uploads_with_the_same_name_do_not_overwrite_each_other(s3_storage, draft):
    first = store(draft, pdf_bytes(), name="ausweis.pdf")
    second = store(draft, image_bytes("JPEG"), name="ausweis.pdf")
    assert first.file.name != second.file.name

    # Even when a key repeats, the storage picks a new one instead of replacing the object.
    one = s3_storage.save("reports/same-name.pdf", ContentFile(b"one"))
    two = s3_storage.save("reports/same-name.pdf", ContentFile(b"two"))

    assert one != two
    assert [s3_storage.open(name).read() for name in (one, two)] == [b"one", b"two"]
    assert s3_storage.open(first.file.name).read() == pdf_bytes()
