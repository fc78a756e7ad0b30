"""The Gewerbeanmeldung's step forms."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forms.applications.gewerbeanmeldung.choices import (
    ACTIVITY_MIN_LENGTH,
    AT_HOME,
    BUSINESS_KIND_CHOICES,
    CRAFT_ANNEX_CHOICES,
    ELSEWHERE,
    ESTABLISHMENT_CHOICES,
    MAX_EMPLOYEES,
    PERMIT_KIND_CHOICES,
    REASON_CHOICES,
    VAGUE_ACTIVITIES,
)
from forms.steps.address import AddressForm, address_format
from forms.steps.company import LegalFormForm
from forms.steps.documents import DocumentField, DocumentForm
from forms.steps.fields import date_field, other_text_clean, require_with, shown_with, with_help, yes_no_field
from forms.steps.groups import CITY_ADDRESS_FIELDS
from forms.steps.legal_forms import LEGAL_FORM_CHOICES
from forms.steps.premises import CityAddressForm
from forms.validators import (
    validate_business_start,
    validate_phone,
    validate_wz_code,
    wz_code_compact,
)


class OwnerForm(LegalFormForm):
    legal_form = with_help(
        forms.ChoiceField(
            label=_("Legal form"),
            choices=LEGAL_FORM_CHOICES,
            widget=forms.RadioSelect,
            error_messages={"required": _("Choose the legal form of the business.")},
        ),
        "forms/help/legal_form.html",
    )


class PremisesForm(CityAddressForm):
    """Where the business is run in this city, and how to reach it.

    With ``home`` (the first person's home address, when it is in this city) the step first asks
    whether the business is run there: many start at home, and then the address is not typed again.
    The address boxes follow "At another address" (``js/reveal.js``); without JavaScript they stay
    in view with their hint, and the answer "At the home address" takes the home address instead.
    """

    trade_name = forms.CharField(
        label=_("Trade name"),
        max_length=200,
        required=False,
        help_text=_("The name the business uses, if any, e.g. “Café Rheinblick”."),
    )
    location = forms.ChoiceField(
        label=_("Where is the business run?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the business is run at the home address.")},
    )
    phone = forms.CharField(
        label=_("Phone of the business"),
        max_length=30,
        required=False,
        validators=[validate_phone],
        widget=forms.TextInput(attrs={"type": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail of the business"),
        required=False,
        error_messages={"invalid": _("Enter the e-mail address of the business like name@example.de.")},
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        error_messages={"invalid": _("Enter the website like www.example.de.")},
    )

    field_order = ["trade_name", "location", "street", "house_number", "postcode", "city", "phone", "email", "website"]

    def __init__(self, *args, home: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # The business address is in this city: other places have their own Gewerbeamt.
        self.fields["street"].label = _("Business premises (Betriebsstätte): street")
        require_with(
            self,
            {
                "street": _("Enter the street of the business premises."),
                "house_number": _("Enter the house number of the business premises."),
                "postcode": _("Enter the postcode of the business premises."),
            },
        )
        self.home = home
        if not home:
            del self.fields["location"]
            return
        here = settings.CITY_NAME
        self.fields["location"].choices = [
            (AT_HOME, _("At the home address: %(address)s") % {"address": address_format({**home, "city": here})}),
            (ELSEWHERE, _("At another address in %(city)s") % {"city": here}),
        ]
        for name in (*CITY_ADDRESS_FIELDS, "city"):
            shown_with(self.fields[name], choice="location", value=ELSEWHERE)
        self.fields["street"].help_text = _("Only for another address than the home address.")

    def clean(self):
        cleaned = super().clean()
        if not self.home or cleaned.get("location") == ELSEWHERE:
            return cleaned
        # The address boxes belong to "another address": with any other answer (or none yet) what they
        # say is no error, and "at the home address" gives the address.
        for name in CITY_ADDRESS_FIELDS:
            self.errors.pop(name, None)
            if cleaned.get("location") == AT_HOME:
                cleaned[name] = self.home[name]
        return cleaned


class ActivityForm(forms.Form):
    """What the business does, in words and as a WZ 2008 code."""

    activity = with_help(
        forms.CharField(
            label=_("Activity"),
            widget=forms.Textarea(attrs={"rows": 4}),
            max_length=2000,
            help_text=_(
                "Describe precisely what the business does, e.g. “Retail of clothing and accessories” "
                "or “Installation of heating systems”; “Trade” alone is not enough."
            ),
            error_messages={"required": _("Describe the activity of the business.")},
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


class OperationForm(forms.Form):
    """Kind, size and start of the business."""

    start_date = date_field(
        _("Start of the activity"),
        validators=[validate_business_start],
        required_message=_("Enter the date the activity starts."),
    )
    business_kinds = forms.MultipleChoiceField(
        label=_("Kind of business"),
        choices=BUSINESS_KIND_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one kind of business.")},
    )
    side_business = yes_no_field(
        _("Is the business run (for now) as a side business?"),
        required_message=_("Say whether the business is run as a side business."),
    )
    employees_full_time = forms.IntegerField(
        label=_("Employees full-time (without owners)"),
        min_value=0,
        max_value=MAX_EMPLOYEES,
        initial=0,
        error_messages={
            "required": _("Enter the number of full-time employees; 0 if there are none."),
            "invalid": _("Enter the number of full-time employees as a whole number, e.g. 2."),
        },
    )
    employees_part_time = forms.IntegerField(
        label=_("Employees part-time"),
        min_value=0,
        max_value=MAX_EMPLOYEES,
        initial=0,
        error_messages={
            "required": _("Enter the number of part-time employees; 0 if there are none."),
            "invalid": _("Enter the number of part-time employees as a whole number, e.g. 1."),
        },
    )


class EstablishmentForm(forms.Form):
    """What kind of establishment is registered."""

    establishment = forms.ChoiceField(
        label=_("The registration is for"),
        choices=ESTABLISHMENT_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the registration is for.")},
    )
    public_holding = yes_no_field(
        _("Does the public sector hold shares in the business?"),
        required_message=_("Say whether the public sector holds shares in the business."),
    )


class MainEstablishmentForm(forms.Form):
    """The main establishment of a branch (GewA 1 field 16)."""

    main_establishment = forms.CharField(
        label=_("Address of the main establishment"),
        max_length=300,
        help_text=_("Street, number, postcode and town of the main establishment."),
        error_messages={"required": _("Enter the address of the main establishment.")},
    )


class ManagerForm(AddressForm):
    """The person who represents a branch or a domestic stock corporation here (Betriebsleiter)."""

    surname = forms.CharField(
        label=_("Surname"),
        max_length=100,
        error_messages={"required": _("Enter the surname of the representative or manager.")},
    )
    given_names = forms.CharField(
        label=_("Given names"),
        max_length=150,
        error_messages={"required": _("Enter the given names of the representative or manager.")},
    )

    field_order = ["surname", "given_names", "street", "house_number", "postcode", "city"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        require_with(
            self,
            {
                "street": _("Enter the street of the manager's address."),
                "house_number": _("Enter the house number of the manager's address."),
                "postcode": _("Enter the postcode of the manager's address."),
                "city": _("Enter the town of the manager's address."),
            },
        )


class ReasonForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason for the registration"),
        choices=REASON_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the reason for the registration.")},
    )


class PreviousPremisesForm(forms.Form):
    """Where a business relocated from another district was run before (GewA 1 field 17)."""

    previous_address = forms.CharField(
        label=_("Previous business premises"),
        max_length=300,
        help_text=_("The address in the district the business comes from."),
        error_messages={"required": _("Enter the address of the previous business premises.")},
    )


class PreviousOwnerForm(forms.Form):
    previous_owner = forms.CharField(
        label=_("Name of the previous owner or former company name"),
        max_length=200,
        error_messages={"required": _("Enter the name of the previous owner or the former company name.")},
    )
    previous_trade_name = forms.CharField(label=_("Previous trade name"), max_length=200, required=False)


class PermitsForm(forms.Form):
    needs_permit = yes_no_field(
        _("Does the activity need a permit?"),
        help_text=_("E.g. security services, brokerage, insurance or restaurants serving alcohol."),
        required_message=_("Say whether the activity needs a permit."),
    )
    craft_register = yes_no_field(
        _("Is the business entered in the register of crafts (Handwerksrolle)?"),
        help_text=_(
            "Needed for a craft of Anlage A HwO (e.g. electrician, hairdresser); crafts of Anlage B are entered "
            "in a register of their own at the chamber, say “Yes” for them too."
        ),
        required_message=_("Say whether the business is entered in the register of crafts."),
    )


class CraftForm(forms.Form):
    """The craft card (Handwerkskarte): which annex of the HwO, which chamber, since when (GewA 1 field 29)."""

    craft_annex = forms.ChoiceField(
        label=_("The craft belongs to"),
        choices=CRAFT_ANNEX_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the annex of the Crafts Code the craft belongs to.")},
    )
    chamber = forms.CharField(
        label=_("Chamber of crafts (Handwerkskammer)"),
        max_length=200,
        help_text=_("As on the craft card, e.g. Handwerkskammer Düsseldorf."),
        error_messages={"required": _("Enter the chamber of crafts that issued the craft card.")},
    )
    entry_date = date_field(
        _("Date of entry"),
        help_text=_("The date of entry on the craft card."),
        required_message=_("Enter the date of entry on the craft card."),
    )

    def clean_entry_date(self):
        entered = self.cleaned_data["entry_date"]
        if entered > timezone.localdate():
            raise ValidationError(_("The date of entry cannot be in the future."), code="entry_future")
        return entered


class PermitForm(DocumentForm):
    permit_kind = forms.ChoiceField(
        label=_("Kind of permit"),
        choices=PERMIT_KIND_CHOICES,
        error_messages={"required": _("Choose the kind of permit.")},
    )
    permit_kind_other = shown_with(
        forms.CharField(
            label=_("Which permit?"), max_length=200, required=False, help_text=_("Only with “Other permit”.")
        ),
        choice="permit_kind",
        value="other",
    )
    authority = forms.CharField(
        label=_("Issuing authority"),
        max_length=200,
        error_messages={"required": _("Enter the authority that issued the permit.")},
    )
    issue_date = date_field(_("Date of issue"), required_message=_("Enter the date the permit was issued."))
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
        other_text_clean(
            self, cleaned, choice="permit_kind", other="permit_kind_other", message=_("Please name the permit.")
        )
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
