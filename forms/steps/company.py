"""The registered company: name with legal form and its register entry (GewA 1 fields 1 and 2)."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from forms.steps.fields import require_with
from forms.steps.legal_forms import OTHER, legal_form_get
from forms.validators import register_entry_normalise

REGISTER_TYPE_CHOICES = [
    ("HRA", _("HRA – commercial register, partnerships and merchants")),
    ("HRB", _("HRB – commercial register, corporations")),
    ("GnR", _("GnR – register of cooperatives")),
    ("PR", _("PR – register of partnership companies")),
    ("VR", _("VR – register of associations")),
    ("GsR", _("GsR – register of civil-law partnerships (eGbR)")),
]

# Which field a register-entry error belongs to.
_ERROR_FIELD = {"register_court": "register_court", "register_type": "register_type"}


class LegalFormForm(forms.Form):
    """A step that asks who runs the business, as a ``legal_form`` choice (the Gewerbeanmeldung's owner,
    the Gaststättenerlaubnis' operator). Each application declares the field with its own choices;
    the founder's profile fills and keeps it (``forms.steps.profile``)."""


class RegisterForm(forms.Form):
    company_name = forms.CharField(
        label=_("Company name including the legal form"),
        max_length=200,
        help_text=_("As entered in the register, e.g. “Muster Bau GmbH”."),
    )
    registration_pending = forms.BooleanField(
        label=_("The company is not yet entered in the register (in formation)"),
        required=False,
        help_text=_(
            "Then add “i. G.” to the name and upload the notarised articles of association as a further document."
        ),
    )
    register_court = forms.CharField(
        label=_("Register court"),
        max_length=100,
        required=False,
        help_text=_("The local court (Amtsgericht), e.g. Krefeld."),
    )
    register_type = forms.ChoiceField(label=_("Register type"), choices=REGISTER_TYPE_CHOICES, required=False)
    register_number = forms.CharField(
        label=_("Register number"), max_length=20, required=False, help_text=_("E.g. 12345 (without “HRB”).")
    )

    def __init__(self, *args, legal_form: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.legal_form = legal_form_get(legal_form)
        if self.legal_form.code == OTHER:
            # Asked here, where only a company of another legal form comes, not of everyone on the first page.
            self.fields = {
                "legal_form_other": forms.CharField(
                    label=_("Which legal form?"),
                    max_length=100,
                    help_text=_("E.g. Private Limited Company (Ltd.) under English law, or SE."),
                    error_messages={"required": _("Enter the legal form of the company, e.g. Ltd.")},
                ),
                **self.fields,
            }
        if self.legal_form.register_type:
            self.fields["register_type"].initial = self.legal_form.register_type
        else:
            # A foreign company need not have a German register entry: an empty first choice, so the
            # browser does not send a register type (and court and number become required) by itself.
            self.fields["register_type"].choices = [("", _("Not entered in a German register")), *REGISTER_TYPE_CHOICES]
            self.fields["registration_pending"].widget = forms.HiddenInput()
            self.fields["register_court"].help_text = _("Only for a company entered in a German register.")
        if self.legal_form.named:
            self.fields["company_name"].label = _("Name of the partnership")
            self.fields["company_name"].help_text = _(
                "The name the partners use together, e.g. “Schmidt & Yılmaz GbR”; for a registered GbR as entered, "
                "with “eGbR”."
            )
            self.fields["register_type"].choices = [
                ("", _("Not entered in a register")),
                ("GsR", REGISTER_TYPE_CHOICES[-1][1]),
            ]
        require_with(
            self,
            {
                "company_name": _("Enter the name of the company as in the register, with its legal form."),
                "register_court": _("Enter the register court, e.g. Krefeld."),
                "register_type": _("Choose the register the company is entered in."),
                "register_number": _("Enter the register number, e.g. 12345."),
            },
        )

    @property
    def register_required(self) -> bool:
        return self.legal_form.register_type is not None

    def clean_register_number(self):
        # Founders often copy "HRB 12345" into the number field.
        return re.sub(
            r"^(HRA|HRB|GnR|PR|VR|GsR)\s*", "", self.cleaned_data["register_number"].strip(), flags=re.IGNORECASE
        )

    def clean_company_name(self):
        name = " ".join(self.cleaned_data["company_name"].split())
        if not self.legal_form.name_has_legal_form(name):
            raise ValidationError(
                _("The company name must include the legal form, e.g. “%(example)s”."),
                code="name_without_legal_form",
                params={"example": self.legal_form.name_markers[0]},
            )
        return name

    def clean(self):
        cleaned = super().clean()
        entry_fields = ("register_court", "register_type", "register_number")
        if cleaned.get("registration_pending") and self.register_required:
            cleaned.update({name: "" for name in entry_fields})
            cleaned["register_entry"] = ""
            return cleaned
        given = {name: (cleaned.get(name) or "").strip() for name in entry_fields}
        if not any(given.values()) and not self.register_required:
            cleaned["register_entry"] = ""
            return cleaned
        missing = [name for name, value in given.items() if not value]
        for name in missing:
            self.add_error(name, ValidationError(self.fields[name].error_messages["required"], code="required"))
        if missing:
            return cleaned
        try:
            entry = register_entry_normalise(
                f"{given['register_court']} {given['register_type']} {given['register_number']}",
                company_form=self.legal_form.stdnum_form if self.register_required else None,
            )
        except ValidationError as error:
            self.add_error(_ERROR_FIELD.get(error.code, "register_number"), error)
            return cleaned
        court, _sep, number = entry.partition(f" {given['register_type']} ")
        cleaned.update(register_court=court, register_number=number, register_entry=entry)
        return cleaned
