"""The Gewerbeanmeldung's step forms."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forms.applications.gewerbeanmeldung.choices import (
    ACTIVITY_MIN_LENGTH,
    BUSINESS_KIND_CHOICES,
    ESTABLISHMENT_CHOICES,
    MAX_EMPLOYEES,
    PERMIT_KIND_CHOICES,
    REASON_CHOICES,
    VAGUE_ACTIVITIES,
)
from forms.steps.address import AddressForm
from forms.steps.documents import DocumentField, DocumentForm
from forms.steps.fields import date_field, with_help, yes_no_field
from forms.steps.legal_forms import LEGAL_FORM_CHOICES, OTHER
from forms.validators import (
    validate_business_start,
    validate_city_postcode,
    validate_phone,
    validate_wz_code,
    wz_code_compact,
)


class OwnerForm(forms.Form):
    legal_form = with_help(
        forms.ChoiceField(label=_("Legal form"), choices=LEGAL_FORM_CHOICES, widget=forms.RadioSelect),
        "forms/help/legal_form.html",
    )
    legal_form_other = forms.CharField(
        label=_("Which legal form?"),
        max_length=100,
        required=False,
        help_text=_("Only for “Other”, e.g. Limited (Ltd.) under English law."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("legal_form") == OTHER:
            if not cleaned.get("legal_form_other", "").strip():
                self.add_error("legal_form_other", ValidationError(_("Please name the legal form."), code="required"))
        else:
            cleaned["legal_form_other"] = ""
        return cleaned


class BusinessForm(AddressForm):
    trade_name = forms.CharField(
        label=_("Trade name"),
        max_length=200,
        required=False,
        help_text=_("The name the business uses, if any, e.g. “Café Rheinblick”."),
    )
    phone = forms.CharField(
        label=_("Phone of the business"),
        max_length=30,
        required=False,
        validators=[validate_phone],
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    email = forms.EmailField(label=_("E-mail of the business"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    establishment = forms.ChoiceField(
        label=_("The registration is for"), choices=ESTABLISHMENT_CHOICES, widget=forms.RadioSelect
    )
    main_establishment = forms.CharField(
        label=_("Address of the main establishment"),
        max_length=300,
        required=False,
        help_text=_("Only for a branch: street, number, postcode and town of the main establishment."),
    )
    public_holding = yes_no_field(_("Does the public sector hold shares in the business?"))
    start_date = date_field(_("Start of the activity"), validators=[validate_business_start])
    activity = with_help(
        forms.CharField(
            label=_("Activity"),
            widget=forms.Textarea(attrs={"rows": 4}),
            max_length=2000,
            help_text=_(
                "Describe precisely what the business does, e.g. “Retail of clothing and accessories” "
                "or “Installation of heating systems”; “Trade” alone is not enough."
            ),
        ),
        "forms/help/activity.html",
    )
    wz_code = with_help(
        forms.CharField(
            label=_("Economic activity code (WZ 2008)"),
            max_length=10,
            required=False,
            validators=[validate_wz_code],
            help_text=_("If you know it, e.g. 47.71 or 56.10.1. Otherwise the Gewerbeamt assigns it."),
        ),
        "forms/help/wz_code.html",
    )
    business_kinds = forms.MultipleChoiceField(
        label=_("Kind of business"), choices=BUSINESS_KIND_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    side_business = yes_no_field(_("Is the business run (for now) as a side business?"))
    employees_full_time = forms.IntegerField(
        label=_("Employees full-time (without owners)"), min_value=0, max_value=MAX_EMPLOYEES, initial=0
    )
    employees_part_time = forms.IntegerField(
        label=_("Employees part-time"), min_value=0, max_value=MAX_EMPLOYEES, initial=0
    )

    field_order = [
        "trade_name",
        "street",
        "house_number",
        "postcode",
        "city",
        "phone",
        "email",
        "website",
        "establishment",
        "main_establishment",
        "public_holding",
        "start_date",
        "activity",
        "wz_code",
        "business_kinds",
        "side_business",
        "employees_full_time",
        "employees_part_time",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The business address is in this city: other places have their own Gewerbeamt.
        self.fields["street"].label = _("Business premises (Betriebsstätte): street")
        self.fields["postcode"].validators.append(validate_city_postcode)
        self.fields["city"].disabled = True
        self.fields["city"].initial = settings.CITY_NAME

    def clean_activity(self):
        activity = " ".join(self.cleaned_data["activity"].split())
        if len(activity) < ACTIVITY_MIN_LENGTH or activity.casefold().rstrip(".") in VAGUE_ACTIVITIES:
            raise ValidationError(
                _("Please describe the activity more precisely, e.g. “Retail of clothing and accessories”."),
                code="activity_vague",
            )
        return activity

    def clean_wz_code(self):
        return wz_code_compact(self.cleaned_data["wz_code"])

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("establishment") in ("branch", "dependent_branch"):
            if not cleaned.get("main_establishment", "").strip():
                self.add_error(
                    "main_establishment",
                    ValidationError(_("Enter the address of the main establishment."), code="required"),
                )
        else:
            cleaned["main_establishment"] = ""
        return cleaned


class ReasonForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason for the registration"), choices=REASON_CHOICES, widget=forms.RadioSelect)
    previous_address = forms.CharField(
        label=_("Previous business premises"),
        max_length=300,
        required=False,
        help_text=_("Only on relocation: the address in the district the business comes from."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == "relocation":
            if not cleaned.get("previous_address", "").strip():
                self.add_error(
                    "previous_address",
                    ValidationError(_("Enter the address of the previous business premises."), code="required"),
                )
        else:
            cleaned["previous_address"] = ""
        return cleaned


class PreviousOwnerForm(forms.Form):
    previous_owner = forms.CharField(label=_("Name of the previous owner or former company name"), max_length=200)
    previous_trade_name = forms.CharField(label=_("Previous trade name"), max_length=200, required=False)


class PermitsForm(forms.Form):
    needs_permit = yes_no_field(
        _("Does the activity need a permit?"),
        help_text=_("E.g. security services, brokerage, insurance or restaurants serving alcohol."),
    )
    craft_register = yes_no_field(
        _("Is the business entered in the register of crafts (Handwerksrolle)?"),
        help_text=_("Needed for a licensed craft (Anlage A HwO), e.g. electrician or hairdresser."),
    )


class PermitForm(DocumentForm):
    permit_kind = forms.ChoiceField(label=_("Kind of permit"), choices=PERMIT_KIND_CHOICES)
    permit_kind_other = forms.CharField(label=_("Which permit?"), max_length=200, required=False)
    authority = forms.CharField(label=_("Issuing authority"), max_length=200)
    issue_date = date_field(_("Date of issue"))
    permit_number = forms.CharField(label=_("Reference number of the permit"), max_length=60, required=False)
    permit_document = DocumentField(document_code="permit", label=_("Copy of the permit"))

    def clean_issue_date(self):
        issued = self.cleaned_data["issue_date"]
        if issued > timezone.localdate():
            raise ValidationError(
                _("The permit must have been issued already; the business may start only then."), code="issue_future"
            )
        return issued

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("permit_kind") == "other":
            if not cleaned.get("permit_kind_other", "").strip():
                self.add_error("permit_kind_other", ValidationError(_("Please name the permit."), code="required"))
        else:
            cleaned["permit_kind_other"] = ""
        return cleaned


class AttachmentsForm(DocumentForm):
    """The documents the application needs: an identity document for each person named in it
    (``persons``: index in the persons step, name), the others as the answers call for them."""

    register_extract = DocumentField(
        document_code="register_extract", label=_("Current register extract"), required=False
    )
    craft_register = DocumentField(
        document_code="craft_register", label=_("Craft card (Handwerkskarte)"), required=False
    )
    other = DocumentField(
        document_code="other",
        label=_("Further documents"),
        required=False,
        help_text=_(
            "E.g. the family court's approval for a founder under 18, or the notarised articles of a company "
            "in formation."
        ),
    )

    def __init__(
        self,
        *args,
        persons: list[tuple[int, str]] = (),
        registered: bool = False,
        in_formation: bool = False,
        craft: bool = False,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        # Without the persons' answers (not given yet), one identity document is asked for all the same.
        persons = list(persons) or [(0, "")]
        for index, name in persons:
            self.document_field_add(
                f"identity_{index}",
                DocumentField(
                    document_code="identity",
                    person=name,
                    label=_("Identity card or passport"),
                    help_text=_("With a passport, add the registration certificate (Meldebescheinigung)."),
                ),
            )
        self.order_fields([f"identity_{index}" for index, _name in persons])
        for name, needed in (("register_extract", registered), ("craft_register", craft), ("other", in_formation)):
            field = self.fields[name]
            field.required = needed and not self.stored_for(name)
        if not registered:
            del self.fields["register_extract"]
        if not craft:
            del self.fields["craft_register"]
