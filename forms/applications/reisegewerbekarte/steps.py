"""The Reisegewerbekarte's step forms: the applicant, the activities of § 55 Abs. 1 GewO, photo, documents."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forms.steps.countries import GERMANY
from forms.steps.documents import DocumentField, DocumentForm
from forms.steps.fields import date_field, shown_with
from forms.steps.person import PersonForm
from forms.steps.photo import PhotoField
from forms.validators import validate_city_postcode

# What § 55 Abs. 1 GewO counts as travelling trade, each without a prior order, away from one's premises.
GOODS_KINDS = [
    ("sell_goods", _("Offer goods for sale (Waren feilbieten)")),
    ("goods_orders", _("Seek orders for goods (Bestellungen auf Waren aufsuchen)")),
    ("buy_goods", _("Buy goods (Waren ankaufen)")),
]
SERVICE_KINDS = [
    ("offer_services", _("Offer services (Leistungen anbieten)")),
    ("service_orders", _("Seek orders for services (Bestellungen auf Leistungen aufsuchen)")),
]
SHOWMAN = "showman"
ACTIVITY_CHOICES = [
    *GOODS_KINDS,
    *SERVICE_KINDS,
    (SHOWMAN, _("Entertainment as a showman or in the manner of a showman (Schausteller)")),
]
PLACE_CHOICES = [
    ("markets", _("At markets, fairs and festivals")),
    ("door_to_door", _("From door to door")),
    ("streets", _("On streets and public squares")),
    ("vehicle", _("From a vehicle, e.g. a sales van or food truck")),
]


class ApplicantForm(PersonForm):
    """The person the card is issued to; the city issues it where they live (§ 61 GewO)."""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("country") and cleaned["country"] != GERMANY:
            self.add_error(
                "country",
                ValidationError(
                    _("The card is issued where you live. If you live abroad, please contact the Gewerbeamt."),
                    code="abroad",
                ),
            )
        elif (postcode := cleaned.get("postcode")) and "postcode" not in self.errors:
            try:
                validate_city_postcode(postcode)
            except ValidationError:
                self.add_error(
                    "postcode",
                    ValidationError(
                        _("This postcode is not in %(city)s. The card is issued by the town where you live."),
                        code="postcode_outside_city",
                        params={"city": settings.CITY_NAME},
                    ),
                )
        return cleaned


class ActivityForm(forms.Form):
    activities = forms.MultipleChoiceField(
        label=_("What will you do in the travelling trade?"),
        choices=ACTIVITY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Without a prior order, away from your business premises or without having any (§ 55 Abs. 1 GewO). "
            "Choose all that apply."
        ),
        error_messages={"required": _("Choose at least one activity.")},
    )
    goods = shown_with(
        forms.CharField(
            label=_("Which goods?"),
            max_length=1000,
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_(
                "E.g. fruit and vegetables, household goods, textiles. Some goods may not be traded this way "
                "(§ 56 GewO), e.g. medicines, precious metals and securities."
            ),
        ),
        choice="activities",
        value=tuple(code for code, _label in GOODS_KINDS),
    )
    services = shown_with(
        forms.CharField(
            label=_("Which services?"),
            max_length=1000,
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("E.g. knife grinding, cleaning of roofs and gutters, portrait drawing."),
        ),
        choice="activities",
        value=tuple(code for code, _label in SERVICE_KINDS),
    )
    entertainment = shown_with(
        forms.CharField(
            label=_("Which entertainment?"),
            max_length=1000,
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_("E.g. a children's carousel, a shooting gallery, street music."),
        ),
        choice="activities",
        value=SHOWMAN,
    )
    places = forms.MultipleChoiceField(
        label=_("Where will you offer them?"),
        choices=PLACE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Choose all that apply."),
        error_messages={"required": _("Choose at least one place where you will offer them.")},
    )
    start_date = date_field(_("From when?"), required_message=_("Enter the day you want to start."))

    def clean_start_date(self):
        start = self.cleaned_data["start_date"]
        if start < timezone.localdate():
            raise ValidationError(_("The start cannot be in the past. Enter today or a later day."), code="past")
        return start

    def clean(self):
        cleaned = super().clean()
        chosen = set(cleaned.get("activities") or [])
        for text, kinds, message in (
            ("goods", GOODS_KINDS, _("Describe the goods you will offer, seek orders for or buy.")),
            ("services", SERVICE_KINDS, _("Describe the services you will offer.")),
            ("entertainment", [(SHOWMAN, "")], _("Describe the entertainment you will offer.")),
        ):
            if chosen & {code for code, _label in kinds}:
                if not cleaned.get(text, "").strip():
                    self.add_error(text, ValidationError(message, code="required"))
            else:
                cleaned[text] = ""
        return cleaned


class PhotoForm(DocumentForm):
    photo = PhotoField(
        document_code="photo",
        label=_("Passport photo"),
        help_text=_("A recent photo of your face from the front, as in a passport; it is printed on the card."),
        error_messages={"required": _("Upload a passport photo of yourself.")},
    )


class ReliabilityForm(DocumentForm):
    """The documents that show the applicant's identity and reliability (§ 57 GewO)."""

    identity = DocumentField(
        document_code="identity",
        label=_("Identity card or passport"),
        error_messages={"required": _("Upload a copy of your identity card or passport.")},
    )
    certificate_of_conduct = DocumentField(
        document_code="certificate_of_conduct",
        label=_("Certificate of conduct (Führungszeugnis, type O)"),
        help_text=_("For submission to an authority, not older than three months."),
        error_messages={"required": _("Upload your certificate of conduct (Führungszeugnis).")},
    )
    trade_register_info = DocumentField(
        document_code="trade_register_info",
        label=_("Extract from the central trade register (Gewerbezentralregister)"),
        help_text=_("Not older than three months."),
        error_messages={"required": _("Upload the extract from the central trade register.")},
    )
    tax_certificate = DocumentField(
        document_code="tax_certificate",
        label=_("Certificate in tax matters (Bescheinigung in Steuersachen)"),
        help_text=_("From the tax office."),
        error_messages={"required": _("Upload the certificate in tax matters from the tax office.")},
    )
