"""The Sondernutzungserlaubnis' step forms: where the outdoor seating stands, how large, how long."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forms.steps.documents import DocumentField, DocumentForm
from forms.steps.fields import YES, date_field, shown_with, yes_no_field
from forms.steps.premises import CityAddressForm

PLACE_CHOICES = [
    ("pavement", _("On the pavement in front of the premises")),
    ("square", _("On a square")),
    ("pedestrian_zone", _("In the pedestrian zone")),
]
# The pavement that must stay free for pedestrians, wheelchairs and prams (m).
MIN_FREE_WIDTH = 1.5
# A chair with its share of a table needs about half a square metre.
MAX_CHAIRS_PER_M2 = 2
SEASON = "season"
OTHER_PERIOD = "period"
PERIOD_CHOICES = [
    (SEASON, _("The outdoor season, 1 April to 31 October")),
    (OTHER_PERIOD, _("Another period")),
]
MAX_PERIOD_DAYS = 366


class LocationForm(CityAddressForm):
    trade_name = forms.CharField(
        label=_("Name of the business"),
        max_length=200,
        help_text=_("E.g. “Café Rheinblick”."),
        error_messages={"required": _("Enter the name of the business the seating belongs to.")},
    )
    place = forms.ChoiceField(
        label=_("Where is the area?"),
        choices=PLACE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose where the area is.")},
    )
    position = forms.CharField(
        label=_("Where exactly on the pavement or square?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("E.g. “Along the shop front, 2.5 m deep, 6 m wide, left of the entrance”."),
        error_messages={"required": _("Describe where the tables and chairs are to stand.")},
    )
    free_width = forms.DecimalField(
        label=_("Width of the pavement that stays free (m)"),
        min_value=0,
        max_value=50,
        decimal_places=2,
        help_text=_("Between the area and the kerb or the next obstacle; at least 1.5 m must stay free."),
        error_messages={
            "required": _("Enter the width of the pavement that stays free, e.g. 2.0."),
            "invalid": _("Enter the width in metres as a number, e.g. 2.0."),
        },
    )
    other_property = yes_no_field(
        _("Does the area extend in front of a neighbouring property?"),
        help_text=_("Then upload the consent of its owner with the documents."),
        required_message=_("Say whether the area extends in front of a neighbouring property."),
    )

    field_order = ["trade_name", "street", "house_number", "postcode", "city", "place", "position", "free_width"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].label = _("Address of the business: street")

    def clean_free_width(self):
        width = self.cleaned_data["free_width"]
        if width < MIN_FREE_WIDTH:
            raise ValidationError(
                _("At least 1.5 m of the pavement must stay free for pedestrians. Plan a narrower area."),
                code="free_width",
            )
        return width


class AreaForm(forms.Form):
    area_m2 = forms.DecimalField(
        label=_("Area (m²)"),
        min_value=1,
        max_value=500,
        decimal_places=1,
        help_text=_("Length times depth of the area, e.g. 6 m × 2.5 m = 15 m². The fee is computed from it."),
        error_messages={
            "required": _("Enter the area in square metres, e.g. 15."),
            "invalid": _("Enter the area in square metres as a number, e.g. 15 or 12.5."),
            "min_value": _("The area must be at least 1 m²."),
            "max_value": _("An area of more than 500 m² cannot be applied for online; please call the office."),
            "max_decimal_places": _("Enter the area with at most one decimal place, e.g. 12.5."),
        },
    )
    tables = forms.IntegerField(
        label=_("Number of tables"),
        min_value=1,
        max_value=200,
        error_messages={
            "required": _("Enter how many tables are to stand on the area."),
            "min_value": _("Enter at least one table."),
            "max_value": _("Enter at most 200 tables."),
        },
    )
    chairs = forms.IntegerField(
        label=_("Number of chairs"),
        min_value=0,
        max_value=1000,
        error_messages={
            "required": _("Enter how many chairs are to stand on the area (0 for standing tables)."),
            "max_value": _("Enter at most 1000 chairs."),
        },
    )
    furniture = forms.CharField(
        label=_("Further furniture"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E.g. two parasols, planters as a boundary, a heater."),
    )

    def clean(self):
        cleaned = super().clean()
        area, chairs = cleaned.get("area_m2"), cleaned.get("chairs")
        if area is not None and chairs is not None and chairs > area * MAX_CHAIRS_PER_M2:
            self.add_error(
                "chairs",
                ValidationError(
                    _("%(area)s m² hold at most %(chairs)s chairs. Enter fewer chairs or a larger area."),
                    code="too_many_chairs",
                    params={"area": area, "chairs": int(area * MAX_CHAIRS_PER_M2)},
                ),
            )
        return cleaned


def _year_choices():
    this_year = timezone.localdate().year
    return [(str(year), str(year)) for year in (this_year, this_year + 1)]


class PeriodForm(forms.Form):
    period_kind = forms.ChoiceField(
        label=_("For which time?"),
        choices=PERIOD_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the season or another period.")},
    )
    season_year = shown_with(
        forms.TypedChoiceField(label=_("Season of the year"), choices=_year_choices, coerce=int, required=False),
        choice="period_kind",
        value=SEASON,
    )
    start_date = shown_with(
        date_field(_("From"), required=False, help_text=_("Only for another period.")),
        choice="period_kind",
        value=OTHER_PERIOD,
    )
    end_date = shown_with(
        date_field(_("Until"), required=False, help_text=_("Only for another period.")),
        choice="period_kind",
        value=OTHER_PERIOD,
    )

    def clean(self):
        cleaned = super().clean()
        today = timezone.localdate()
        if cleaned.get("period_kind") == SEASON:
            year = cleaned.get("season_year")
            if not year:
                self.add_error("season_year", ValidationError(_("Choose the year of the season."), code="required"))
                return cleaned
            cleaned["start_date"] = max(datetime.date(year, 4, 1), today)
            cleaned["end_date"] = datetime.date(year, 10, 31)
            if cleaned["end_date"] < today:
                self.add_error(
                    "season_year",
                    ValidationError(_("This year's season is over. Choose next year."), code="season_over"),
                )
            return cleaned
        cleaned["season_year"] = None
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        for name, value, message in (
            ("start_date", start, _("Enter the first day of the period.")),
            ("end_date", end, _("Enter the last day of the period.")),
        ):
            if value is None and name not in self.errors:
                self.add_error(name, ValidationError(message, code="required"))
        if start is None or end is None:
            return cleaned
        if start < today:
            self.add_error("start_date", ValidationError(_("The period cannot start in the past."), code="past"))
        elif end < start:
            self.add_error("end_date", ValidationError(_("The last day must be after the first."), code="order"))
        elif (end - start).days >= MAX_PERIOD_DAYS:
            self.add_error(
                "end_date",
                ValidationError(_("A permit is given for at most one year. Choose an earlier last day."), code="long"),
            )
        return cleaned


class DocumentsForm(DocumentForm):
    """The documents the Tiefbau office needs; the neighbour's consent where the area extends to it."""

    site_plan = DocumentField(
        document_code="site_plan",
        label=_("Site plan"),
        error_messages={"required": _("Upload the site plan with the dimensions of the area.")},
        help_text=_("With the dimensions of the area, its distance to the road and the pavement that stays free."),
    )
    furniture = DocumentField(
        document_code="furniture",
        label=_("Description or photos of the furniture"),
        error_messages={"required": _("Upload a description or photos of the furniture.")},
        help_text=_("Tables, chairs, parasols, boundaries."),
    )
    business_permit = DocumentField(
        document_code="business_permit",
        label=_("Restaurant permit or business registration"),
        error_messages={"required": _("Upload the restaurant permit or the business registration.")},
    )
    identity = DocumentField(
        document_code="identity",
        label=_("Identity card or passport"),
        error_messages={"required": _("Upload a copy of your identity card or passport.")},
    )
    neighbour_consent = DocumentField(
        document_code="neighbour_consent",
        label=_("Consent of the neighbouring owner"),
        required=False,
        error_messages={
            "required": _("The area extends in front of a neighbouring property: upload its owner's consent.")
        },
    )

    def __init__(self, *args, other_property: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if other_property:
            self.fields["neighbour_consent"].required = not self.stored_for("neighbour_consent")
        else:
            del self.fields["neighbour_consent"]


def answers_other_property(answers) -> bool:
    return (answers.get("location") or {}).get("other_property") == YES
