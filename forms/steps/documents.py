"""Upload building blocks for wizard steps that ask for documents.

A step declares ``DocumentField``s on a ``DocumentForm``; the wizard passes the draft's
stored uploads (``stored``, ``stored_total``), stores what ``document_uploads()`` returns
with ``attachment_store`` and renders each field with ``includes/document_field.html``.
A document of one person (identity card, residence title) names the person in its field's
``person``: the label, and so the stored attachment's label, ends with the person's name.
A document that is one file by nature (a passport photo) says ``single=True``: a new upload
replaces the stored file instead of being added next to it.
"""

from collections.abc import Callable, Mapping, Sequence
from typing import ClassVar

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.formats import number_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from services.cases.files import content_type_detect
from services.cases.models import Attachment


def megabytes(size: int) -> str:
    """A byte limit as the number of MB shown to founders, e.g. "10" or "2,5"."""
    value = size / (1024 * 1024)
    return number_format(value, decimal_pos=0 if value == int(value) else 1)


class DocumentBoundField(forms.BoundField):
    """Tells the template what is stored already and links the input to the hint and that list."""

    @property
    def stored(self) -> list[Attachment]:
        return self.form.stored_for(self.name)

    @property
    def format_hint(self) -> str:
        return _("PDF, JPEG or PNG, up to %(limit)s MB") % {"limit": megabytes(settings.UPLOAD_MAX_FILE_SIZE)}

    @property
    def aria_describedby(self):
        described_by = super().aria_describedby
        if described_by is None or not self.auto_id:
            return described_by
        ids = [f"{self.auto_id}_hint", *described_by.split()]
        if self.stored:
            ids.append(f"{self.auto_id}_stored")
        return " ".join(ids)


# Between a document's label and the person it belongs to: "Residence title – Anna Schmidt".
PERSON_SEPARATOR = " – "


class DocumentField(forms.FileField):
    """One document upload: PDF, JPEG or PNG, recognised by content, within the size limit;
    with ``person``, the document of that person (the name is added to the label); with ``single``,
    a document of one file: a new upload that passes its checks replaces the stored one (a refused
    one leaves it), where otherwise every upload is kept next to the others (pages, front and back)."""

    bound_field_class = DocumentBoundField
    widget = forms.FileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"})
    default_error_messages: ClassVar[dict] = {
        "file_type": _("The file must be a PDF, JPEG or PNG document. Other formats cannot be accepted."),
        "file_size": _("The file is too large: it may have at most %(limit)s MB."),
    }

    def __init__(self, *, document_code: str, person: str = "", single: bool = False, **kwargs):
        self.document_code = document_code
        self.person = person
        self.single = single
        if person:
            kwargs["label"] = f"{kwargs['label']}{PERSON_SEPARATOR}{person}"
        super().__init__(**kwargs)
        if "required" not in (kwargs.get("error_messages") or {}) and self.label:
            # Says which document is missing, also in the error summary above the form.
            self.error_messages["required"] = format_lazy(_("Upload the document: {label}."), label=self.label)

    def to_python(self, data):
        data = super().to_python(data)
        if data is None:
            return None
        if data.size > settings.UPLOAD_MAX_FILE_SIZE:
            raise forms.ValidationError(
                self.error_messages["file_size"],
                code="file_size",
                params={"limit": megabytes(settings.UPLOAD_MAX_FILE_SIZE)},
            )
        if content_type_detect(file=data) is None:
            raise forms.ValidationError(self.error_messages["file_type"], code="file_type")
        return data


class DocumentForm(forms.Form):
    """Base for a wizard step with ``DocumentField``s.

    ``stored``: the draft's uploads per document code. A required document that is
    stored already need not be uploaded again, so going back and forth and the final
    revalidation without files pass. ``stored_total``: the bytes the draft's uploads
    take (all steps); defaults to the sizes in ``stored``.
    """

    def __init__(
        self,
        *args,
        stored: Mapping[str, Sequence[Attachment]] | None = None,
        stored_total: int | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.stored = {code: list(attachments) for code, attachments in (stored or {}).items()}
        self.stored_total = (
            stored_total
            if stored_total is not None
            else sum(attachment.size for attachments in self.stored.values() for attachment in attachments)
        )
        for name in self._document_fields():
            self._stored_needs_no_upload(name)

    def document_field_add(self, name: str, field: DocumentField) -> None:
        """Add a document field after construction, e.g. one per person of the application."""
        self.fields[name] = field
        self._stored_needs_no_upload(name)

    def _stored_needs_no_upload(self, name: str) -> None:
        if self.stored_for(name):
            field = self.fields[name]
            field.required = False
            field.widget.is_required = False

    def stored_for(self, field_name: str) -> list[Attachment]:
        field = self.fields[field_name]
        return [a for a in self.stored.get(field.document_code, []) if self.is_document_of(field_name, a)]

    def is_document_of(self, field_name: str, attachment: Attachment) -> bool:
        """Whether a stored upload of the field's document code is (a file of) the document the field asks for."""
        field = self.fields[field_name]
        # Several persons share the document code; the label says whose document it is.
        return not field.person or attachment.document_label.rpartition(PERSON_SEPARATOR)[2] == field.person

    def document_replaces(self, field_name: str) -> Callable[[Attachment], bool] | None:
        """For ``attachment_store(replaces=...)``, which picks among the uploads of the field's document
        code: those a new file of the field replaces (its own document's, for a ``single`` field; none
        otherwise)."""
        if not self.fields[field_name].single:
            return None
        return lambda attachment: self.is_document_of(field_name, attachment)

    def full_clean(self):
        # Here rather than in clean(), so a subclass's clean() cannot skip the case limit.
        super().full_clean()
        if self.is_bound and hasattr(self, "cleaned_data"):
            self._check_case_total()

    def _check_case_total(self) -> None:
        total = self.stored_total
        for name, field in self._document_fields().items():
            upload = self.cleaned_data.get(name)
            if upload is None:
                continue
            # A single document's stored file goes when the new one is stored.
            replaced = sum(attachment.size for attachment in self.stored_for(name)) if field.single else 0
            if total - replaced + upload.size > settings.UPLOAD_MAX_CASE_SIZE:
                self.add_error(name, self.case_size_error())
            else:
                total += upload.size - replaced

    @staticmethod
    def case_size_error() -> forms.ValidationError:
        """Also for the wizard when the store itself finds the limit reached (parallel uploads)."""
        return forms.ValidationError(
            _(
                "All documents of an application may have at most %(limit)s MB together. "
                "Please upload a smaller file or remove another one."
            ),
            code="case_size",
            params={"limit": megabytes(settings.UPLOAD_MAX_CASE_SIZE)},
        )

    def document_uploads(self) -> list[tuple[str, str, str, UploadedFile]]:
        """The files of this request that passed their checks, as
        ``(field name, document code, label, file)``, also when other fields have errors."""
        if not self.is_bound:
            return []
        # Runs the checks (once); the uploads that passed are wanted whether or not the whole form is valid.
        self.is_valid()
        return [
            (name, field.document_code, str(self[name].label), self.cleaned_data[name])
            for name, field in self._document_fields().items()
            if self.cleaned_data.get(name) is not None
        ]

    def _document_fields(self) -> dict[str, DocumentField]:
        return {name: field for name, field in self.fields.items() if isinstance(field, DocumentField)}


def document_codes_asked(form: forms.Form | forms.BaseFormSet) -> set[str]:
    """The documents a step asks for (none for a step without uploads)."""
    if not isinstance(form, DocumentForm):
        return set()
    return {field.document_code for field in form.fields.values() if isinstance(field, DocumentField)}
