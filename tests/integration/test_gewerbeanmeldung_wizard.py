"""A founder files a Gewerbeanmeldung through the wizard, over HTTP with the test client."""

import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from pypdf import PdfReader

from services.cases.models import Attachment, Case, CaseEvent
from services.catalog.models import Service
from services.catalog.services import catalog_load
from tests.factories import FounderFactory, gewerbeanmeldung_post_data

STEP_URL = re.compile(r"/antraege/gewerbeanmeldung/[0-9a-f-]{36}/(?P<step>[a-z_]+)/$")


@pytest.fixture(autouse=True)
def catalog(db):
    catalog_load()


def start(client: Client) -> str:
    response = client.post("/antraege/gewerbeanmeldung/")
    assert response.status_code == 302
    return client.get(response["Location"])["Location"]


def step_of(url: str) -> str:
    match = STEP_URL.search(url)
    assert match, url
    return match["step"]


def walk(client: Client, *, until: str | None = None, **options) -> tuple[str, list[str]]:
    """Fill in every step the wizard shows; returns the last URL and the steps seen."""
    url, seen = start(client), []
    while "/antraege/" in url:
        step = step_of(url)
        if step == until:
            break
        seen.append(step)
        assert client.get(url).status_code == 200
        response = client.post(url, gewerbeanmeldung_post_data(step, **options))
        assert response.status_code == 302, f"step {step} did not validate: {errors_in(response)}"
        url = response["Location"]
    return url, seen


def errors_in(response) -> list[str]:
    return re.findall(r'class="error-message"[^>]*>\s*([^<]+)', response.content.decode())


def submit_all(client, django_capture_on_commit_callbacks, **options) -> tuple[Case, list[str]]:
    with django_capture_on_commit_callbacks(execute=True):
        url, seen = walk(client, **options)
    assert url.endswith("/eingereicht/")
    return Case.objects.get(), seen


def test_sole_proprietor_files_and_gets_case_pdf_and_receipt(
    founder_client, founder, django_capture_on_commit_callbacks
):
    case, seen = submit_all(founder_client, django_capture_on_commit_callbacks, legal_form="einzelunternehmen")

    assert seen == [
        "owner",
        "persons",
        "premises",
        "activity",
        "operation",
        "establishment",
        "reason",
        "permits",
        "attachments",
        "review",
    ]
    assert re.fullmatch(r"GEW-\d{4}-000001", case.reference)
    assert case.applicant == founder
    assert case.answers["persons"][0]["surname"] == "Schmidt"
    assert case.answers["activity"]["wz_code"] == "56.10.1"
    assert case.title == "Café Rheinblick"
    assert case.department.code == "gewerbeamt" and case.routing_reason
    assert [a.document_code for a in case.attachments.all()] == ["identity"]
    assert case.pdf and len(case.pdf_sha256) == 64
    assert [e.kind for e in case.events.all()] == [
        CaseEvent.Kind.SUBMITTED,
        CaseEvent.Kind.DUE_DATE_SET,
        CaseEvent.Kind.ROUTED,
        CaseEvent.Kind.PDF_RENDERED,
        CaseEvent.Kind.RECEIPT_SENT,
    ]
    assert len(mail.outbox) == 1 and case.reference in mail.outbox[0].subject


def test_confirmation_page_shows_reference_next_steps_and_pdf(founder_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        url, _ = walk(founder_client, legal_form="einzelunternehmen")
    case = Case.objects.get()

    page = founder_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert case.reference in page
    assert "What happens next" in page
    assert f"/vorgaenge/{case.public_id}/pdf/" in page

    listing = founder_client.get("/meine-antraege/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert case.reference in listing and "Received" in listing

    pdf = founder_client.get(f"/vorgaenge/{case.public_id}/pdf/")
    assert pdf.status_code == 200
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages)
    assert case.reference in text and "Schmidt" in text


def test_gbr_reports_its_name_and_both_partners(founder_client, django_capture_on_commit_callbacks):
    case, seen = submit_all(founder_client, django_capture_on_commit_callbacks, legal_form="gbr", persons=2)

    assert seen[:3] == ["owner", "register", "persons"]
    assert case.answers["register"]["company_name"] == "Rheinblick GbR"
    assert case.answers["register"]["register_entry"] == ""
    assert [p["surname"] for p in case.answers["persons"]] == ["Schmidt", "Yılmaz"]


def test_gmbh_with_two_managing_directors_asks_for_the_register_entry(
    founder_client, django_capture_on_commit_callbacks
):
    case, seen = submit_all(founder_client, django_capture_on_commit_callbacks, legal_form="gmbh", persons=2)

    assert seen[:3] == ["owner", "register", "persons"]
    assert case.answers["register"]["register_type"] == "HRB"
    assert len(case.answers["persons"]) == 2
    assert {a.document_code for a in case.attachments.all()} == {"identity", "register_extract"}


@pytest.mark.parametrize(
    ("options", "extra_step"),
    [
        ({"reason": "takeover_purchase"}, "previous_owner"),
        ({"needs_permit": True}, "permit"),
        ({"nationalities": ["TR"]}, "residence"),
    ],
)
def test_conditional_steps_appear_only_when_they_apply(
    founder_client, options, extra_step, django_capture_on_commit_callbacks
):
    case, seen = submit_all(
        founder_client, django_capture_on_commit_callbacks, legal_form="einzelunternehmen", **options
    )

    assert extra_step in seen
    assert extra_step in case.answers


def test_no_conditional_step_for_a_plain_sole_proprietor(founder_client):
    _, seen = walk(founder_client, legal_form="einzelunternehmen", until="review")
    assert not {"register", "residence", "previous_owner", "permit"} & set(seen)


def test_every_step_rejects_empty_input_with_messages_next_to_the_fields(founder_client):
    url = start(founder_client)
    while step_of(url) != "review":
        step = step_of(url)
        empty = {"application-current_step": step}
        if step == "persons":
            empty.update({"persons-TOTAL_FORMS": "1", "persons-INITIAL_FORMS": "0"})
        response = founder_client.post(url, empty, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200, step
        page = response.content.decode()
        assert 'class="error-summary"' in page, step
        assert errors_in(response), step
        response = founder_client.post(url, gewerbeanmeldung_post_data(step, legal_form="gmbh"))
        url = response["Location"]

    response = founder_client.post(url, {"application-current_step": "review"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert errors_in(response)
    assert Case.objects.count() == 0


def test_invalid_input_keeps_what_was_entered(founder_client):
    url = start(founder_client)
    founder_client.post(url, gewerbeanmeldung_post_data("owner", legal_form="einzelunternehmen"))
    persons_url = url.replace("/owner/", "/persons/")

    data = gewerbeanmeldung_post_data("persons", legal_form="einzelunternehmen")
    data["persons-0-postcode"] = "4779"
    response = founder_client.post(persons_url, data, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="Schmidt"' in page and 'value="4779"' in page
    assert errors_in(response)


def test_back_and_forward_keep_the_answers(founder_client):
    url = start(founder_client)
    founder_client.post(url, gewerbeanmeldung_post_data("owner", legal_form="einzelunternehmen"))
    persons_url = url.replace("/owner/", "/persons/")

    half_done = gewerbeanmeldung_post_data(
        "persons", legal_form="einzelunternehmen", overrides={"0-place_of_birth": ""}
    )
    response = founder_client.post(persons_url, {**half_done, "wizard_goto_step": "owner"})
    assert response["Location"].endswith("/owner/")

    assert re.search(r'value="einzelunternehmen"[^>]* checked', founder_client.get(url).content.decode())
    persons_page = founder_client.get(persons_url).content.decode()
    assert 'value="Schmidt"' in persons_page, "what was typed before going back is still there"


def test_adding_a_person_without_javascript(founder_client):
    url = start(founder_client)
    founder_client.post(url, gewerbeanmeldung_post_data("owner", legal_form="gbr"))
    founder_client.post(url.replace("/owner/", "/register/"), gewerbeanmeldung_post_data("register", legal_form="gbr"))
    persons_url = url.replace("/owner/", "/persons/")
    data = gewerbeanmeldung_post_data("persons", legal_form="gbr", persons=2)

    response = founder_client.post(persons_url, {**data, "formset_add": "1"}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="persons-2-surname"' in page
    assert 'value="Yılmaz"' in page
    assert not errors_in(response), "the new, empty person is not an error yet"


def test_the_wizard_state_lives_in_the_database_not_the_session(founder, founder_client):
    url = start(founder_client)
    founder_client.post(url, gewerbeanmeldung_post_data("owner", legal_form="gmbh"))

    fresh = Client()  # a new session, as after a server restart or on another device
    fresh.force_login(founder)
    page = fresh.get(url).content.decode()
    assert re.search(r'value="gmbh"[^>]* checked', page)
    assert fresh.get(url.replace("/owner/", "/register/")).status_code == 200, "the register step applies"


def test_valid_upload_is_kept_when_another_field_is_wrong(founder_client):
    url, _ = walk(founder_client, legal_form="einzelunternehmen", needs_permit=True, until="permit")
    data = gewerbeanmeldung_post_data("permit", overrides={"authority": ""})

    response = founder_client.post(url, data)

    assert response.status_code == 200
    assert Attachment.objects.filter(document_code="permit").count() == 1
    retry = gewerbeanmeldung_post_data("permit", files=False)
    assert founder_client.post(url, retry).status_code == 302, "the stored permit satisfies the upload"


def test_a_file_that_is_not_pdf_jpeg_or_png_is_refused_next_to_the_field(founder_client):
    url, _ = walk(founder_client, legal_form="einzelunternehmen", until="attachments")
    fake = SimpleUploadedFile("ausweis.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = founder_client.post(
        url, gewerbeanmeldung_post_data("attachments", overrides={"identity_0": fake}), HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    assert any("PDF, JPEG or PNG" in error for error in errors_in(response))
    assert not Attachment.objects.exists()


def test_review_shows_every_group_with_a_change_link(founder_client):
    url, _ = walk(founder_client, legal_form="gmbh", persons=2, until="review")
    page = founder_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    for value in ["Rheinblick GmbH", "Schmidt", "Yılmaz", "Café Rheinblick", "56.10.1", "ausweis.pdf"]:
        assert value in page
    for step in ["owner", "register", "persons", "premises", "activity", "operation", "establishment", "reason"]:
        assert url.replace("/review/", f"/{step}/") in page
    # The founder reads answers, not the official form's field numbers (those are for the PDF and the clerk).
    assert "field-number" not in page


def test_the_error_summary_says_what_to_do_in_sentences(founder_client):
    url, _ = walk(founder_client, legal_form="einzelunternehmen", until="premises")
    data = gewerbeanmeldung_post_data("premises", overrides={"house_number": ""})

    page = founder_client.post(url, data, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    summary = page.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert ">Enter the house number of the business premises.</a>" in summary
    assert "This field is required." not in page


def test_submitting_twice_yields_exactly_one_case(founder_client, django_capture_on_commit_callbacks):
    url, _ = walk(founder_client, legal_form="einzelunternehmen", until="review")
    data = gewerbeanmeldung_post_data("review")

    with django_capture_on_commit_callbacks(execute=True):
        first = founder_client.post(url, data)
        replay = founder_client.post(url, data)

    assert Case.objects.count() == 1
    case = Case.objects.get()
    assert first["Location"].endswith(f"/vorgaenge/{case.public_id}/eingereicht/")
    assert replay["Location"].endswith(f"/vorgaenge/{case.public_id}/")
    assert len(mail.outbox) == 1


def test_a_get_of_the_done_url_does_not_submit(founder_client):
    url, _ = walk(founder_client, legal_form="einzelunternehmen", until="review")
    response = founder_client.get(url.replace("/review/", "/done/"))

    assert response["Location"].endswith("/review/")
    assert Case.objects.count() == 0


def test_another_founder_sees_nothing_of_it(founder_client, django_capture_on_commit_callbacks):
    url, _ = walk(founder_client, legal_form="einzelunternehmen", until="review")
    other = Client()
    other.force_login(FounderFactory())

    assert other.get(url).status_code == 404, "draft"
    with django_capture_on_commit_callbacks(execute=True):
        founder_client.post(url, gewerbeanmeldung_post_data("review"))
    case = Case.objects.get()
    attachment = case.attachments.get()

    assert other.get(f"/vorgaenge/{case.public_id}/").status_code == 404
    assert other.get(f"/vorgaenge/{case.public_id}/pdf/").status_code == 404
    assert other.get(f"/vorgaenge/anhang/{attachment.public_id}/").status_code == 404
    assert case.reference not in other.get("/meine-antraege/").content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/antraege/gewerbeanmeldung/")
    assert response.status_code == 302 and "/konto/anmelden/" in response["Location"]


def test_unknown_service_or_step_is_not_found_or_restarts(founder_client):
    assert founder_client.get("/antraege/unbekannt/").status_code == 404
    url = start(founder_client)
    assert founder_client.get(url.replace("/owner/", "/nonsense/"))["Location"].endswith("/owner/")


@pytest.mark.parametrize("posted_step", ["bogus", "done", "x" * 5000, "register"])
def test_a_tampered_step_name_shows_the_step_of_the_url(founder_client, posted_step):
    url = start(founder_client)
    founder_client.post(url, gewerbeanmeldung_post_data("owner", legal_form="einzelunternehmen"))
    persons_url = url.replace("/owner/", "/persons/")

    data = {
        **gewerbeanmeldung_post_data("persons", legal_form="einzelunternehmen"),
        "application-current_step": posted_step,
    }
    response = founder_client.post(persons_url, data)

    assert response.status_code == 302 and response["Location"].endswith("/persons/")


def test_adding_a_person_on_a_step_without_persons_is_an_ordinary_post(founder_client):
    url = start(founder_client)
    response = founder_client.post(url, {**gewerbeanmeldung_post_data("owner"), "formset_add": "1"})
    assert response.status_code == 302 and response["Location"].endswith("/register/")


def test_no_more_persons_than_the_legal_form_allows_can_be_added(founder_client):
    url = start(founder_client)
    founder_client.post(url, gewerbeanmeldung_post_data("owner", legal_form="einzelunternehmen"))
    persons_url = url.replace("/owner/", "/persons/")
    data = gewerbeanmeldung_post_data("persons", legal_form="einzelunternehmen")

    for total in ["1", "1000000"]:
        response = founder_client.post(persons_url, {**data, "persons-TOTAL_FORMS": total, "formset_add": "1"})
        assert response.status_code == 200
        assert 'name="persons-1-surname"' not in response.content.decode()


def test_null_characters_and_foreign_keys_are_not_kept_in_the_draft(founder, founder_client):
    url = start(founder_client)
    data = {
        **gewerbeanmeldung_post_data("owner", legal_form="other"),
        "junk": "\x00",
    }

    assert founder_client.post(url, data).status_code in (200, 302)
    assert founder_client.post(url, {**data, "wizard_goto_step": "owner"}).status_code == 302

    stored = founder.drafts.get().data["step_data"]["owner"]
    assert set(stored) == {"owner-legal_form"}
    assert "\x00" not in str(stored)


def test_a_failing_mail_server_does_not_fail_the_submit(
    founder_client, django_capture_on_commit_callbacks, monkeypatch
):
    url, _ = walk(founder_client, legal_form="einzelunternehmen", until="review")

    def mail_server_down(*args, **kwargs):
        raise OSError("connection refused")

    monkeypatch.setattr("services.notifications.services.EmailMessage.send", mail_server_down)
    with django_capture_on_commit_callbacks(execute=True):
        response = founder_client.post(url, gewerbeanmeldung_post_data("review"))

    case = Case.objects.get()
    assert response["Location"].endswith(f"/vorgaenge/{case.public_id}/eingereicht/")
    assert case.receipt_sent_at is None

    monkeypatch.undo()
    call_command("resume_case_processing", "--older-than-minutes", "0")
    assert case.mails.get().sent_at is None, "the receipt was in the outbox already: nothing to resume"
    call_command("send_outbox_mail", "--older-than-seconds", "0")

    case.refresh_from_db()
    assert case.receipt_sent_at is not None
    assert len(mail.outbox) == 1


def test_a_service_the_city_no_longer_offers_online_cannot_be_started_or_continued(founder_client):
    url = start(founder_client)
    Service.objects.filter(slug="gewerbeanmeldung").update(online=False)

    assert founder_client.get("/antraege/gewerbeanmeldung/").status_code == 404
    assert founder_client.get(url).status_code == 404


def test_invisible_control_characters_do_not_reach_the_case(founder_client, django_capture_on_commit_callbacks):
    hidden = {
        "trade_name": "Caf\u00e9 \u202eRheinblick\u200b\ufeff",
        "activity": "Betrieb eines Caf\u00e9s\u2066 mit Kuchen",
    }
    with django_capture_on_commit_callbacks(execute=True):
        url = start(founder_client)
        for _ in range(20):
            if "/antraege/" not in url:
                break
            step = step_of(url)
            assert founder_client.get(url).status_code == 200
            data = gewerbeanmeldung_post_data(step, legal_form="einzelunternehmen")
            data.update({f"{step}-{name}": value for name, value in hidden.items() if f"{step}-{name}" in data})
            response = founder_client.post(url, data)
            assert response.status_code == 302, errors_in(response)
            url = response["Location"]

    case = Case.objects.get()
    text = str(case.answers) + str(case.summary) + case.title
    assert case.answers["premises"]["trade_name"] == "Caf\u00e9 Rheinblick"
    for invisible in "\u202e\u200b\ufeff\u2066":
        assert invisible not in text


def test_removing_a_file_keeps_what_was_typed_on_the_step(founder_client):
    url, _ = walk(founder_client, legal_form="einzelunternehmen", needs_permit=True, until="permit")
    founder_client.post(url, gewerbeanmeldung_post_data("permit", needs_permit=True))
    permit = Attachment.objects.get(document_code="permit")
    typed = gewerbeanmeldung_post_data(
        "permit", needs_permit=True, files=False, overrides={"authority": "Ordnungsamt Krefeld, Zimmer 12"}
    )

    assert f'value="{permit.public_id}"' in founder_client.get(url).content.decode(), "back on the step"

    response = founder_client.post(url, {**typed, "document_remove": str(permit.public_id)})

    assert response["Location"] == url
    assert not Attachment.objects.filter(pk=permit.pk).exists()
    page = founder_client.get(url).content.decode()
    assert 'value="Ordnungsamt Krefeld, Zimmer 12"' in page
    assert f'value="{permit.public_id}"' not in page


def test_each_person_uploads_an_identity_document_named_in_the_case(founder_client, django_capture_on_commit_callbacks):
    case, _seen = submit_all(founder_client, django_capture_on_commit_callbacks, legal_form="gbr", persons=2)

    labels = sorted(a.document_label for a in case.attachments.filter(document_code="identity"))
    assert [label.rpartition(" – ")[2] for label in labels] == ["Anna Schmidt", "Mehmet Yılmaz"]
    case.pdf.open("rb")
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(case.pdf).pages)
    assert all(label in text for label in labels), "the PDF's attachment list says whose document each is"
