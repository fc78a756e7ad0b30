"""Document uploads in wizard steps: what is accepted, the limits, and stored files."""

import pytest
from django import forms
from django.template.loader import render_to_string
from django.utils import translation

from forms.steps.documents import DocumentField, DocumentForm
from services.cases.models import Attachment
from tests.sample_files import image_bytes, pdf_bytes, upload

MB = 1024 * 1024


class IdentityStep(DocumentForm):
    identity = DocumentField(document_code="identity", label="Copy of your identity card")
    permit = DocumentField(document_code="permit", label="Permit", required=False)
    activity = forms.CharField(label="Activity")


def stored_file(code: str = "identity", size: int = 1000, name: str = "ausweis.pdf") -> Attachment:
    # Unsaved: the form only reads what the wizard passes it.
    return Attachment(document_code=code, original_name=name, size=size, content_type="application/pdf")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def field_errors(file) -> list[str]:
    field = DocumentField(document_code="identity")
    try:
        field.clean(file)
    except forms.ValidationError as exc:
        return exc.messages
    return []


class TestDocumentField:
    @pytest.mark.parametrize(
        "name, content",
        [
            ("gewerbeanmeldung.pdf", pdf_bytes()),
            ("ausweis.jpg", image_bytes("JPEG")),
            ("ausweis.png", image_bytes("PNG")),
        ],
    )
    def test_accepts_real_pdf_jpeg_and_png(self, name, content):
        assert field_errors(upload(name, content)) == []

    def test_recognises_the_type_by_content_not_by_name_or_client_type(self):
        assert field_errors(upload("scan.pdf", image_bytes("PNG"), "application/pdf")) == []

    def test_rejects_a_text_file_renamed_to_pdf(self):
        errors = field_errors(upload("ausweis.pdf", b"Dies ist kein PDF, nur Text.\n", "application/pdf"))

        assert errors == ["The file must be a PDF, JPEG or PNG document. Other formats cannot be accepted."]

    @pytest.mark.parametrize(
        "content",
        [b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120, b"\x7fELF\x02\x01\x01" + b"\x00" * 120],
        ids=["windows-exe", "linux-elf"],
    )
    def test_rejects_an_executable_even_when_it_claims_to_be_a_pdf(self, content):
        assert "PDF, JPEG or PNG" in field_errors(upload("rechnung.pdf", content))[0]

    def test_rejects_other_real_formats(self):
        assert field_errors(upload("foto.gif", image_bytes("GIF"), "image/gif"))

    def test_rejects_an_empty_file(self):
        assert field_errors(upload("leer.pdf", b"")) == ["The submitted file is empty."]

    def test_rejects_a_file_over_the_limit_and_names_the_limit(self, settings):
        settings.UPLOAD_MAX_FILE_SIZE = 1 * MB

        errors = field_errors(upload("gross.pdf", pdf_bytes() + b"\0" * MB))

        assert errors == ["The file is too large: it may have at most 1 MB."]

    def test_accepts_a_file_exactly_at_the_limit(self, settings):
        content = pdf_bytes()
        settings.UPLOAD_MAX_FILE_SIZE = len(content)

        assert field_errors(upload("genau.pdf", content)) == []

    def test_a_fractional_limit_is_shown_with_one_decimal(self, settings):
        settings.UPLOAD_MAX_FILE_SIZE = int(2.5 * MB)

        errors = field_errors(upload("gross.pdf", pdf_bytes() + b"\0" * (3 * MB)))

        assert errors == ["The file is too large: it may have at most 2.5 MB."]

    def test_required_by_default(self):
        assert field_errors(None) == ["This field is required."]


class TestDocumentForm:
    def test_a_required_document_must_be_uploaded(self):
        form = IdentityStep(data={"activity": "Bäckerei"}, files={})

        assert form.errors == {"identity": ["Upload the document: Copy of your identity card."]}

    def test_a_stored_document_satisfies_required_without_a_new_upload(self):
        # As in the wizard's final revalidation: data, no files.
        form = IdentityStep(data={"activity": "Bäckerei"}, files={}, stored={"identity": [stored_file()]})

        assert form.is_valid(), form.errors
        assert form.document_uploads() == []

    def test_a_stored_document_of_another_code_does_not_count(self):
        form = IdentityStep(data={"activity": "Bäckerei"}, files={}, stored={"permit": [stored_file("permit")]})

        assert "identity" in form.errors

    def test_returns_the_uploads_with_code_and_label(self):
        identity = upload("ausweis.png", image_bytes("PNG"), "image/png")
        form = IdentityStep(data={"activity": "Bäckerei"}, files={"identity": identity})

        assert form.is_valid(), form.errors
        assert form.document_uploads() == [("identity", "identity", "Copy of your identity card", identity)]

    def test_keeps_valid_uploads_when_other_fields_have_errors(self):
        identity = upload("ausweis.pdf", pdf_bytes())
        permit = upload("erlaubnis.pdf", b"plain text")
        form = IdentityStep(data={"activity": ""}, files={"identity": identity, "permit": permit})

        assert not form.is_valid()
        assert set(form.errors) == {"activity", "permit"}
        assert form.document_uploads() == [("identity", "identity", "Copy of your identity card", identity)]

    def test_document_uploads_can_be_asked_before_validation(self):
        identity = upload("ausweis.pdf", pdf_bytes())
        form = IdentityStep(data={"activity": ""}, files={"identity": identity})

        assert [code for _, code, _, _ in form.document_uploads()] == ["identity"]

    def test_an_unbound_form_has_no_uploads(self):
        assert IdentityStep().document_uploads() == []

    def test_refuses_a_file_that_would_exceed_the_case_total(self, settings):
        settings.UPLOAD_MAX_CASE_SIZE = 3 * MB
        identity = upload("ausweis.pdf", pdf_bytes())
        form = IdentityStep(
            data={"activity": "Bäckerei"},
            files={"identity": identity},
            stored={"identity": [stored_file(size=3 * MB - 100)]},
        )

        assert not form.is_valid()
        assert form.errors["identity"] == [
            "All documents of an application may have at most 3 MB together. "
            "Please upload a smaller file or remove another one."
        ]
        assert form.document_uploads() == []

    def test_the_case_total_counts_the_whole_draft_and_every_new_file(self, settings):
        content = pdf_bytes()
        settings.UPLOAD_MAX_CASE_SIZE = 10_000 + 2 * len(content) - 1
        form = IdentityStep(
            data={"activity": "Bäckerei"},
            files={"identity": upload("a.pdf", content), "permit": upload("b.pdf", content)},
            stored_total=10_000,  # uploads of other steps
        )

        assert list(form.errors) == ["permit"]
        assert [code for _, code, _, _ in form.document_uploads()] == ["identity"]

    def test_within_the_case_total_all_files_pass(self, settings):
        content = pdf_bytes()
        settings.UPLOAD_MAX_CASE_SIZE = 10_000 + 2 * len(content)
        form = IdentityStep(
            data={"activity": "Bäckerei"},
            files={"identity": upload("a.pdf", content), "permit": upload("b.pdf", content)},
            stored_total=10_000,
        )

        assert form.is_valid(), form.errors

    def test_a_subclass_clean_cannot_skip_the_case_total(self, settings):
        class Careless(IdentityStep):
            def clean(self):
                return self.cleaned_data

        settings.UPLOAD_MAX_CASE_SIZE = 100
        form = Careless(data={"activity": "x"}, files={"identity": upload("a.pdf", pdf_bytes())})

        assert "identity" in form.errors

    def test_offers_the_stored_files_per_field(self):
        ausweis = stored_file(name="ausweis.pdf")
        form = IdentityStep(stored={"identity": [ausweis]})

        assert form.stored_for("identity") == [ausweis]
        assert form["identity"].stored == [ausweis]
        assert form["permit"].stored == []


class TestDocumentFieldTemplate:
    def render(self, form, field_name):
        return render_to_string("includes/document_field.html", {"field": form[field_name]})

    def test_shows_label_hint_and_links_the_input_to_them(self, settings):
        settings.UPLOAD_MAX_FILE_SIZE = 10 * MB
        html = self.render(IdentityStep(), "identity")

        assert '<label for="id_identity">Copy of your identity card' in html
        assert '<p class="hint" id="id_identity_hint">PDF, JPEG or PNG, up to 10 MB</p>' in html
        assert 'aria-describedby="id_identity_hint"' in html
        assert 'type="file"' in html and "required" in html

    def test_shows_the_error_next_to_the_field(self):
        form = IdentityStep(data={"activity": "x"}, files={"identity": upload("a.pdf", b"text")})
        form.is_valid()
        html = self.render(form, "identity")

        assert '<p class="error-message" id="id_identity_error">' in html
        assert 'aria-invalid="true"' in html
        assert 'aria-describedby="id_identity_hint id_identity_error"' in html

    def test_lists_stored_files_with_a_remove_button_of_the_step_form(self):
        ausweis = stored_file(name="ausweis vorne.pdf", size=2048)
        html = self.render(IdentityStep(stored={"identity": [ausweis]}), "identity")

        assert "ausweis vorne.pdf" in html and "2.0\xa0KB" in html
        assert f'href="/vorgaenge/anhang/{ausweis.public_id}/"' in html
        assert f'name="document_remove" value="{ausweis.public_id}"' in html
        assert "form=" not in html and "formaction=" not in html, "it submits the step's own form"
        assert 'aria-label="Remove ausweis vorne.pdf"' in html
        assert "1 file uploaded already" in html
        # Stored already, so not required again.
        assert "required" not in html.split("<input", 1)[1]


class PhotoStep(DocumentForm):
    photo = DocumentField(document_code="photo", label="Photo", single=True)
    identity = DocumentField(document_code="identity", label="Identity", required=False)


class TestSingleDocument:
    """``single=True``: a document of one file, whose new upload replaces the stored one."""

    def test_a_new_upload_replaces_its_stored_file_and_other_documents_keep_theirs(self):
        photo, identity = stored_file(code="photo", name="alt.jpg"), stored_file()
        form = PhotoStep(stored={"photo": [photo], "identity": [identity]})

        replaces = form.document_replaces("photo")

        assert replaces(photo)
        assert form.stored_for("photo") == [photo]
        assert form.document_replaces("identity") is None, "other documents keep every file"

    def test_the_case_total_counts_the_new_file_without_the_one_it_replaces(self, settings):
        content = image_bytes("JPEG")
        settings.UPLOAD_MAX_CASE_SIZE = len(content) + 10
        stored = {"photo": [stored_file(code="photo", size=len(content))]}

        replacing = PhotoStep(stored=stored, data={}, files={"photo": upload("neu.jpg", content, "image/jpeg")})
        adding = IdentityStep(
            stored={"identity": [stored_file(size=len(content))]},
            data={"activity": "x"},
            files={"identity": upload("neu.jpg", content, "image/jpeg")},
        )

        assert replacing.is_valid(), replacing.errors
        assert "identity" in adding.errors

    def test_a_new_file_beyond_the_limit_is_refused_all_the_same(self, settings):
        content = image_bytes("JPEG")
        settings.UPLOAD_MAX_CASE_SIZE = len(content) - 1
        stored = {"photo": [stored_file(code="photo", size=5)]}

        form = PhotoStep(stored=stored, data={}, files={"photo": upload("neu.jpg", content, "image/jpeg")})

        assert form.errors["photo"][0].startswith("All documents of an application may have at most")

    def test_the_page_says_a_new_upload_replaces_the_stored_file(self):
        form = PhotoStep(stored={"photo": [stored_file(code="photo", name="alt.jpg")]})

        html = render_to_string("includes/document_field.html", {"field": form["photo"]})

        assert "alt.jpg" in html and "a new upload replaces this file" in html
        assert "add another one" not in html
