"""The forms of "My data": each part of the founder's profile edited with the shared step's own form,
so the profile holds exactly what the applications' steps accept."""

from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from forms.steps.company import RegisterForm
from forms.steps.legal_forms import LEGAL_FORM_CHOICES, legal_form_get
from forms.steps.person import PersonForm
from forms.steps.premises import CityAddressForm
from forms.steps.profile import BUSINESS, BUSINESS_FIELDS, COMPANY, PERSON


class ProfileCompanyForm(RegisterForm):
    """The legal form and, for a company, its name and register entry (asked as ``RegisterForm`` does)."""

    def __init__(self, *args, **kwargs):
        data = kwargs.get("data", args[0] if args else None)
        chosen = (data or {}).get("legal_form") if data is not None else (kwargs.get("initial") or {}).get("legal_form")
        super().__init__(*args, legal_form=chosen, **kwargs)
        self.fields = {
            "legal_form": forms.ChoiceField(
                label=_("Legal form"),
                choices=LEGAL_FORM_CHOICES,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose the legal form of the business.")},
            ),
            **self.fields,
        }
        for name, field in self.fields.items():
            if name != "legal_form":
                field.help_text = field.help_text or _("Only for a company or partnership.")

    def full_clean(self):
        super().full_clean()
        if not self.is_bound:
            return
        code = self.cleaned_data.get("legal_form")
        if "legal_form" in self._errors or not legal_form_get(code).has_company_name:
            # A sole proprietor has no company name or register entry: only the legal form counts.
            errors = self._errors.get("legal_form")
            self._errors = ErrorDict({"legal_form": errors} if errors else {})
            self.cleaned_data = {"legal_form": code} if code else {}


class ProfileBusinessForm(CityAddressForm):
    """The trade name and the business premises in this city, as the premises steps ask them."""

    trade_name = forms.CharField(
        label=_("Trade name"),
        max_length=200,
        help_text=_("The name the business uses, e.g. “Café Rheinblick”."),
        error_messages={"required": _("Enter the name of the business.")},
    )

    field_order = ["trade_name", *BUSINESS_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].label = _("Business premises (Betriebsstätte): street")


# The parts "My data" edits, by the name in their URL: (part, form class).
PROFILE_FORMS = {
    "person": (PERSON, PersonForm),
    "unternehmen": (COMPANY, ProfileCompanyForm),
    "betrieb": (BUSINESS, ProfileBusinessForm),
}
PART_SLUGS = {part: slug for slug, (part, _form) in PROFILE_FORMS.items()}
