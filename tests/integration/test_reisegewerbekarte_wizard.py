"""A founder applies for a Reisegewerbekarte (§ 55 GewO) through the wizard; the photo is checked by content."""

import io
import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from services.cases.models import Attachment, Case
from services.catalog.models import Department, Service
from services.catalog.services import catalog_load
from services.notifications.services import case_receipt_queue
from tests.factories import ClerkFactory
from tests.sample_files import pdf_bytes, photo_bytes
from tests.wizard_answers import errors_of, reisegewerbekarte_post_data, wizard_step_refused, wizard_walk

SLUG = "reisegewerbekarte"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def catalog(db):
    catalog_load()


def walk(client: Client, *, until: str | None = None, **options) -> tuple[str, list[str]]:
    return wizard_walk(client, SLUG, reisegewerbekarte_post_data, until=until, **options)


def test_a_market_trader_files_and_the_case_goes_to_the_gewerbeamt_with_its_pdf(
    founder_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        url, seen = walk(founder_client)

    assert seen == ["applicant", "activity", "photo", "reliability", "review"]
    assert url.endswith("/eingereicht/")
    case = Case.objects.get()
    assert re.fullmatch(r"RGK-\d{4}-000001", case.reference)
    assert case.department.code == "gewerbeamt" and case.title == "Deniz Kaya"
    assert {a.document_code for a in case.attachments.all()} == {
        "photo",
        "identity",
        "certificate_of_conduct",
        "trade_register_info",
        "tax_certificate",
    }
    # The summary is derived from the steps: labels of the form, choices as offered, no empty entries;
    # the case keeps it in the authority's language.
    activity = next(section for section in case.summary if section["step"] == "activity")
    lines = {field["label"]: field["value"] for field in activity["fields"]}
    assert lines["Was möchten Sie im Reisegewerbe tun?"] == "Waren feilbieten"
    assert lines["Welche Waren?"] == "Obst und Gemüse aus eigenem Anbau"
    assert "Welche Leistungen?" not in lines
    pdf = founder_client.get(f"/vorgaenge/{case.public_id}/pdf/")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages)
    assert case.reference in text and "Kaya" in text and "§ 55 GewO" in text and "Obst und Gemüse" in text


def test_a_non_eu_national_shows_the_residence_title(founder_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _url, seen = walk(founder_client, nationality="TR", activities=("offer_services", "showman"))

    assert seen[:2] == ["applicant", "residence"]
    case = Case.objects.get()
    assert "residence_title" in {a.document_code for a in case.attachments.all()}
    assert case.answers["activity"]["goods"] == ""  # typed for an activity not chosen: not kept


def test_the_case_lands_in_the_gewerbeamt_inbox_only(founder_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        walk(founder_client)
    case = Case.objects.get()
    inbox = Client()
    inbox.force_login(ClerkFactory(departments=[Service.objects.get(slug=SLUG).department]))
    elsewhere = Client()
    elsewhere.force_login(ClerkFactory(departments=[Department.objects.get(code="tiefbau")]))

    assert case.reference in inbox.get("/sachbearbeitung/").content.decode()
    assert case.reference not in elsewhere.get("/sachbearbeitung/").content.decode()
    assert inbox.get(reverse("workspace:case", args=[case.public_id])).status_code == 200
    assert elsewhere.get(reverse("workspace:case", args=[case.public_id])).status_code == 404


def test_the_receipt_confirms_an_application_under_section_55_not_a_notification(
    founder_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        walk(founder_client)

    body = case_receipt_queue(case_id=Case.objects.get().pk).body

    assert "§ 55 Abs. 2 GewO" in body and "§ 15" not in body


def _file(name: str, content: bytes, content_type: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


# One invalid answer per step (several for the photo), and the message that says what to do.
INVALID = [
    ("applicant", {}, {"postcode": "40212"}, "postcode", "This postcode is not in Krefeld."),
    ("applicant", {}, {"surname": ""}, "surname", "Enter the surname."),
    ("residence", {"nationality": "TR"}, {"p0_authority_office": ""}, "p0_authority_office", "Say which authority"),
    ("activity", {}, {"activities": None}, "activities", "Choose at least one activity."),
    ("activity", {}, {"goods": ""}, "goods", "Describe the goods you will offer, seek orders for or buy."),
    ("activity", {}, {"places": None}, "places", "Choose at least one place"),
    ("photo", {}, {"photo": None}, "photo", "Upload a passport photo of yourself."),
    (
        "photo",
        {},
        {"photo": _file("passfoto.jpg", b"Dies ist kein Bild, nur Text.", "image/jpeg")},
        "photo",
        "The photo must be a JPEG or PNG image",
    ),
    (
        "photo",
        {},
        {"photo": _file("passfoto.pdf", pdf_bytes(), "application/pdf")},
        "photo",
        "The photo must be a JPEG or PNG image",
    ),
    (
        "photo",
        {},
        {"photo": _file("klein.jpg", photo_bytes(200, 260), "image/jpeg")},
        "photo",
        "The photo is too small: it has 200 × 260 pixels and needs at least 413 × 531 pixels.",
    ),
    (
        "photo",
        {},
        {"photo": _file("gross.png", photo_bytes(1400, 1800, "PNG", noise=True), "image/png")},
        "photo",
        "The photo file is too large: it may have at most 5 MB.",
    ),
    (
        "photo",
        {},
        {"photo": _file("quer.jpg", photo_bytes(900, 600), "image/jpeg")},
        "photo",
        "The photo must be upright like a passport photo",
    ),
    (
        "reliability",
        {},
        {"certificate_of_conduct": None},
        "certificate_of_conduct",
        "Upload your certificate of conduct (Führungszeugnis).",
    ),
    ("review", {}, {"declaration": None}, "declaration", "Please confirm"),
]


@pytest.mark.parametrize(
    ("step", "options", "overrides", "field", "message"),
    INVALID,
    ids=[f"{s}-{f}-{i}" for i, (s, _opt, _o, f, _m) in enumerate(INVALID)],
)
def test_an_invalid_answer_on_each_step_is_shown_next_to_its_field(
    founder_client, step, options, overrides, field, message
):
    for upload in overrides.values():
        if hasattr(upload, "seek"):
            upload.seek(0)

    response = wizard_step_refused(
        founder_client, SLUG, reisegewerbekarte_post_data, step=step, overrides=overrides, **options
    )

    assert message in " ".join(errors_of(response.context["form"], field))
    # Next to its field: the message follows the field's label, inside the field's block.
    html = response.content.decode()
    assert f'id="id_{step}-{field}_error"' in html


def test_an_invalid_photo_loses_nothing_entered_before_and_keeps_the_photo_stored(founder_client):
    url, _seen = walk(founder_client, until="reliability")
    photo_url = url.replace("/reliability/", "/photo/")

    refused = founder_client.post(
        photo_url,
        reisegewerbekarte_post_data("photo", overrides={"photo": _file("x.jpg", photo_bytes(100, 130), "image/jpeg")}),
    )
    assert refused.status_code == 200 and refused.context["form"].errors["photo"]
    # The photo uploaded before stays, so the step passes without a new one ...
    assert "passfoto.jpg" in refused.content.decode()
    kept = founder_client.post(photo_url, reisegewerbekarte_post_data("photo", overrides={"photo": None}))
    assert kept.status_code == 302
    # ... and the answers of the earlier steps are still there.
    applicant = founder_client.get(url.replace("/reliability/", "/applicant/"))
    assert 'value="Kaya"' in applicant.content.decode()


def test_the_photo_error_is_german_for_a_german_founder(founder_client):
    url, _seen = walk(founder_client, until="photo")

    small = _file("x.jpg", photo_bytes(200, 260), "image/jpeg")
    data = reisegewerbekarte_post_data("photo", overrides={"photo": small})
    response = founder_client.post(url, data, HTTP_ACCEPT_LANGUAGE="de")

    assert "Das Foto ist zu klein" in " ".join(response.context["form"].errors["photo"])


# --- The photo is one file: a new one replaces the stored one ---------------------------------------


def _photo_step(founder_client: Client) -> tuple[str, Attachment]:
    """A draft whose photo step is done once (passfoto.jpg); its URL and the stored photo."""
    url, _seen = walk(founder_client, until="reliability")
    photo_url = url.replace("/reliability/", "/photo/")
    founder_client.get(photo_url)  # the founder goes back to the photo step
    return photo_url, Attachment.objects.get(document_code="photo")


def test_a_second_photo_replaces_the_first_and_its_file(founder_client):
    photo_url, first = _photo_step(founder_client)
    assert default_storage.exists(first.file.name)

    second = _file("neues-foto.png", photo_bytes(600, 780, "PNG"), "image/png")
    response = founder_client.post(photo_url, reisegewerbekarte_post_data("photo", overrides={"photo": second}))

    assert response.status_code == 302
    stored = Attachment.objects.get(draft__public_id=first.draft.public_id, document_code="photo")
    assert stored.pk != first.pk and stored.original_name == "neues-foto.png"
    assert not Attachment.objects.filter(pk=first.pk).exists()
    assert not default_storage.exists(first.file.name), "the old file is removed from the storage"
    assert default_storage.exists(stored.file.name)
    # The page says a new upload replaces the photo, and lists only the new one.
    page = founder_client.get(photo_url, **EN).content.decode()
    assert "neues-foto.png" in page and "passfoto.jpg" not in page
    assert "a new upload replaces this file" in page


def test_a_second_photo_on_a_step_with_errors_replaces_the_first_too(founder_client):
    """A photo that passes is stored even when the page is shown again, and still replaces the first."""
    photo_url, first = _photo_step(founder_client)

    second = _file("neues-foto.jpg", photo_bytes(), "image/jpeg")
    founder_client.post(
        photo_url,
        {
            **reisegewerbekarte_post_data("photo", overrides={"photo": second}),
            "application-current_step": "photo",
            "wizard_goto_step": "activity",
        },
    )

    assert list(Attachment.objects.filter(document_code="photo").values_list("original_name", flat=True)) == [
        "neues-foto.jpg"
    ]
    assert not default_storage.exists(first.file.name)


def test_a_refused_second_photo_keeps_the_first(founder_client):
    photo_url, first = _photo_step(founder_client)

    landscape = _file("quer.jpg", photo_bytes(900, 600), "image/jpeg")
    response = founder_client.post(
        photo_url, reisegewerbekarte_post_data("photo", overrides={"photo": landscape}), **EN
    )

    assert response.status_code == 200
    assert "must be upright" in " ".join(response.context["form"].errors["photo"])
    assert 'id="id_photo-photo_error"' in response.content.decode()
    assert list(Attachment.objects.filter(document_code="photo")) == [first]
    assert default_storage.exists(first.file.name)


def test_a_second_photo_beyond_the_case_limit_keeps_the_first(founder_client, settings):
    photo_url, first = _photo_step(founder_client)
    # Room for the first photo only; a larger second one does not fit even once the first is gone.
    settings.UPLOAD_MAX_CASE_SIZE = first.size + 100

    larger = _file("gross.png", photo_bytes(700, 900, "PNG", noise=True), "image/png")
    response = founder_client.post(photo_url, reisegewerbekarte_post_data("photo", overrides={"photo": larger}), **EN)

    assert response.status_code == 200
    assert "together" in " ".join(response.context["form"].errors["photo"])
    assert list(Attachment.objects.filter(document_code="photo")) == [first]
    assert default_storage.exists(first.file.name)


def test_a_replacing_photo_counts_without_the_one_it_replaces(founder_client, settings):
    """At the case limit, a new photo of the same size still fits: the old one makes room."""
    photo_url, first = _photo_step(founder_client)
    settings.UPLOAD_MAX_CASE_SIZE = first.size + 100

    same_size = _file("nochmal.jpg", photo_bytes(), "image/jpeg")
    response = founder_client.post(
        photo_url, reisegewerbekarte_post_data("photo", overrides={"photo": same_size}), **EN
    )

    assert response.status_code == 302
    assert list(Attachment.objects.filter(document_code="photo").values_list("original_name", flat=True)) == [
        "nochmal.jpg"
    ]
