"""The Gaststättenerlaubnis' step forms: operator, premises and rooms, establishment, reliability documents."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from forms.steps.company import LegalFormForm
from forms.steps.documents import DocumentField, DocumentForm
from forms.steps.fields import NO, date_field, other_text_clean, shown_with, yes_no_field
from forms.steps.legal_forms import LEGAL_FORM_CHOICES, OTHER
from forms.steps.premises import CityAddressForm

# A company of a foreign legal form applies on paper: its register and representatives need a check by hand.
OPERATOR_LEGAL_FORM_CHOICES = [(code, label) for code, label in LEGAL_FORM_CHOICES if code != OTHER]

KIND_CHOICES = [
    ("restaurant", _("Restaurant")),
    ("cafe", _("Café")),
    ("pub", _("Pub or bar")),
    ("snack_bar", _("Snack bar or bistro")),
    ("club", _("Club or discotheque")),
    ("other", _("Other")),
]
ALCOHOL_CHOICES = [
    ("beer_wine", _("Beer, wine and sparkling wine only")),
    ("all", _("All alcoholic drinks, including spirits")),
]
MAX_ROOMS = 20


class OperatorForm(LegalFormForm):
    legal_form = forms.ChoiceField(
        label=_("Who will run the establishment?"),
        choices=OPERATOR_LEGAL_FORM_CHOICES,
        widget=forms.RadioSelect,
        help_text=_("A person alone, or a company; the permit is given to the operator, for these rooms."),
        error_messages={"required": _("Choose the legal form of the operator.")},
    )


class PremisesForm(DocumentForm, CityAddressForm):
    trade_name = forms.CharField(
        label=_("Name of the establishment"),
        max_length=200,
        help_text=_("E.g. “Café Rheinblick”."),
        error_messages={"required": _("Enter the name of the establishment.")},
    )
    was_restaurant = yes_no_field(
        _("Were the rooms approved for a restaurant before?"),
        help_text=_("If not, upload the building permit for the use as a restaurant."),
        required_message=_("Say whether the rooms were approved for a restaurant before."),
    )
    floor_plan = DocumentField(
        document_code="floor_plan",
        label=_("Floor plan of the rooms"),
        help_text=_("Scale 1:100, with the area of every room, the seats, the toilets and the exits."),
        error_messages={"required": _("Upload the floor plan of the rooms.")},
    )
    lease = DocumentField(
        document_code="lease",
        label=_("Lease or rental agreement for the rooms"),
        error_messages={"required": _("Upload the lease or rental agreement for the rooms.")},
    )
    building_permit = DocumentField(
        document_code="building_permit",
        label=_("Building permit for the use as a restaurant"),
        required=False,
    )

    field_order = ["trade_name", "street", "house_number", "postcode", "city", "was_restaurant"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].label = _("Address of the establishment: street")

    def clean(self):
        cleaned = super().clean()
        needs_permit = cleaned.get("was_restaurant") == NO and not self.stored_for("building_permit")
        if needs_permit and not cleaned.get("building_permit") and "building_permit" not in self.errors:
            self.add_error(
                "building_permit",
                ValidationError(
                    _("Rooms not yet approved for a restaurant need a building permit. Upload it here."),
                    code="required",
                ),
            )
        return cleaned


class RoomForm(forms.Form):
    name = forms.CharField(
        label=_("Room"),
        max_length=100,
        help_text=_("E.g. guest room, kitchen, storeroom, toilets."),
        error_messages={"required": _("Name the room, e.g. guest room.")},
    )
    area_m2 = forms.DecimalField(
        label=_("Area (m²)"),
        min_value=1,
        max_value=5000,
        decimal_places=1,
        error_messages={
            "required": _("Enter the area of the room in square metres, e.g. 45."),
            "invalid": _("Enter the area in square metres as a number, e.g. 45 or 12.5."),
            "min_value": _("The area must be at least 1 m²."),
            "max_value": _("Enter at most 5000 m²."),
            "max_decimal_places": _("Enter the area with at most one decimal place, e.g. 12.5."),
        },
    )
    seats = forms.IntegerField(
        label=_("Seats"),
        min_value=0,
        max_value=2000,
        initial=0,
        help_text=_("0 for rooms without guests, e.g. the kitchen."),
        error_messages={
            "required": _("Enter the number of seats in the room, 0 if there are none."),
            "min_value": _("The number of seats cannot be negative."),
            "max_value": _("Enter at most 2000 seats."),
        },
    )

    def __init__(self, *args, legend: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.legend = legend


class BaseRoomFormSet(forms.BaseFormSet):
    """The rooms of the establishment, each with its area and seats."""

    add_label = _("Add another room")
    default_error_messages = {
        **forms.BaseFormSet.default_error_messages,
        "too_few_forms": ngettext_lazy("Enter at least %(num)d room.", "Enter at least %(num)d rooms.", "num"),
        "too_many_forms": ngettext_lazy("Enter at most %(num)d room.", "Enter at most %(num)d rooms.", "num"),
    }

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if index is not None:
            kwargs["legend"] = _("Room %(number)s") % {"number": index + 1}
        return kwargs

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        if not any(form.cleaned_data.get("seats") for form in self.forms if form.has_changed()):
            raise ValidationError(_("Enter the seats of at least one guest room."), code="no_seats")

    def section_title(self, index: int, room: dict) -> str:
        return f"{_('Room %(number)s') % {'number': index + 1}}: {room.get('name', '')}"


RoomFormSet = forms.formset_factory(
    RoomForm,
    formset=BaseRoomFormSet,
    extra=0,
    min_num=1,
    validate_min=True,
    max_num=MAX_ROOMS,
    validate_max=True,
    absolute_max=MAX_ROOMS,
)


class EstablishmentForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of establishment"),
        choices=KIND_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of establishment.")},
    )
    kind_other = shown_with(
        forms.CharField(label=_("Which kind?"), max_length=200, required=False, help_text=_("Only with “Other”.")),
        choice="kind",
        value="other",
    )
    alcohol = forms.ChoiceField(
        label=_("Which alcoholic drinks will be served?"),
        choices=ALCOHOL_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose which alcoholic drinks will be served.")},
    )
    start_date = date_field(_("Opening day"), required_message=_("Enter the day the establishment is to open."))
    opening_hours = forms.CharField(
        label=_("Opening hours"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Per weekday, e.g. “Mon–Fri 11:00–23:00, Sat 10:00–01:00, Sun closed”."),
        error_messages={"required": _("Enter the opening hours, e.g. Mon–Fri 11:00–23:00.")},
    )
    music = yes_no_field(
        _("Will there be live music or dancing?"),
        required_message=_("Say whether there will be live music or dancing."),
    )

    def clean_start_date(self):
        start = self.cleaned_data["start_date"]
        if start < timezone.localdate():
            raise ValidationError(
                _("The opening day cannot be in the past. Enter the day the establishment is to open."),
                code="past",
            )
        return start

    def clean(self):
        cleaned = super().clean()
        other_text_clean(
            self, cleaned, choice="kind", other="kind_other", message=_("Describe the kind of establishment.")
        )
        return cleaned


class ReliabilityForm(DocumentForm):
    """The documents that show the operator's reliability: for each person named, an identity
    document, a certificate of conduct and the trade register extract; once the IHK's food law
    instruction and the tax office's certificate."""

    food_hygiene = DocumentField(
        document_code="food_hygiene",
        label=_("Certificate of instruction by the IHK (Unterrichtungsnachweis)"),
        help_text=_("Food law instruction under § 4 GastG, from the chamber of industry and commerce."),
        error_messages={"required": _("Upload the IHK's certificate of instruction.")},
    )
    tax_certificate = DocumentField(
        document_code="tax_certificate",
        label=_("Certificate in tax matters (Bescheinigung in Steuersachen)"),
        help_text=_("From the tax office."),
        error_messages={"required": _("Upload the certificate in tax matters from the tax office.")},
    )

    def __init__(self, *args, persons: list[tuple[int, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        persons = list(persons) or [(0, "")]
        names = []
        for index, name in persons:
            for key, code, label, help_text, missing in (
                (
                    "identity",
                    "identity",
                    _("Identity card or passport"),
                    "",
                    _("Upload the identity card or passport of %(name)s."),
                ),
                (
                    "conduct",
                    "certificate_of_conduct",
                    _("Certificate of conduct (Führungszeugnis, type O)"),
                    _("For submission to an authority, not older than three months."),
                    _("Upload the certificate of conduct of %(name)s."),
                ),
                (
                    "trade_register",
                    "trade_register_info",
                    _("Extract from the central trade register (Gewerbezentralregister)"),
                    _("Not older than three months."),
                    _("Upload the extract from the central trade register of %(name)s."),
                ),
            ):
                names.append(f"{key}_{index}")
                field = DocumentField(document_code=code, person=name, label=label, help_text=help_text)
                field.error_messages["required"] = missing % {"name": name or _("the operator")}
                self.document_field_add(names[-1], field)
        self.order_fields(names)
