"""The Gewerbeummeldung's own step forms: what changes, where the business was and is, the activity
before and after, and the date of the change. Everything else is asked as in the Gewerbeanmeldung."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from forms.applications.gewerbeanmeldung.steps import ActivityForm, OperationForm, PremisesForm
from forms.steps.fields import date_field, require_with
from forms.steps.groups import CITY_ADDRESS_FIELDS
from forms.steps.premises import CityAddressForm
from forms.validators import validate_notice_date

RELOCATION = "relocation"
ACTIVITY_CHANGE = "activity_change"
ACTIVITY_EXTENSION = "activity_extension"
CHANGE_CHOICES = [
    (RELOCATION, _("The business moves to other premises in this city")),
    (ACTIVITY_CHANGE, _("The activity changes (another activity instead of the registered one)")),
    (ACTIVITY_EXTENSION, _("The activity is extended to goods or services not usual for the registered one")),
]
ACTIVITY_CHANGES = {ACTIVITY_CHANGE, ACTIVITY_EXTENSION}


class ChangeForm(forms.Form):
    """What the notice is for (§ 14 Abs. 1 Satz 2 Nr. 1 and 2 GewO)."""

    changes = forms.MultipleChoiceField(
        label=_("What changes?"),
        choices=CHANGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Choose everything that applies. If the business moves to another town, deregister it here and "
            "register it there instead."
        ),
        error_messages={"required": _("Choose at least one change: a move, a change or an extension of the activity.")},
    )

    def clean_changes(self):
        changes = self.cleaned_data["changes"]
        if ACTIVITY_CHANGES <= set(changes):
            raise ValidationError(
                _("Choose either a change or an extension of the activity, not both."), code="change_and_extension"
            )
        return changes


class PreviousPremisesForm(CityAddressForm):
    """Where the business was run in this city until the move (GewA 2 field 17)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].label = _("Previous business premises: street")
        require_with(
            self,
            {
                "street": _("Enter the street of the previous business premises."),
                "house_number": _("Enter the house number of the previous business premises."),
                "postcode": _("Enter the postcode of the previous business premises."),
            },
        )


class MovedPremisesForm(PremisesForm):
    """The business premises after the notice: after a move (``previous``: the old address) the new ones."""

    def __init__(self, *args, previous: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.previous = previous
        if previous:
            self.fields["street"].label = _("New business premises (Betriebsstätte): street")
            if not self.is_bound and self._same_address(self.initial):
                # Started from the registration: the name and contacts stay, the new address is typed.
                self.initial = {key: value for key, value in self.initial.items() if key not in CITY_ADDRESS_FIELDS}

    def _same_address(self, data) -> bool:
        return all(
            str(data.get(name, "")).strip().casefold() == str(self.previous.get(name, "")).strip().casefold()
            for name in CITY_ADDRESS_FIELDS
        )

    def clean(self):
        cleaned = super().clean()
        if self.previous and self._same_address(cleaned):
            raise ValidationError(
                _("This is the previous address. Enter the address of the premises the business moves to."),
                code="same_address",
            )
        return cleaned


class ChangedActivityForm(ActivityForm):
    """The activity after the notice; when it changes or is extended, the registered one before it too."""

    previous_activity = forms.CharField(
        label=_("Activity registered so far"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Enter the activity registered so far.")},
    )

    field_order = ["previous_activity", "activity", "wz_code"]

    def __init__(self, *args, changes: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.changed = bool(ACTIVITY_CHANGES & set(changes))
        if self.changed:
            self.fields["activity"].label = _("Activity after the change (all of it)")
            self.fields["activity"].help_text = _(
                "Describe everything the business does from then on, e.g. “Retail of clothing and shoes”."
            )
        else:
            del self.fields["previous_activity"]

    def clean(self):
        cleaned = super().clean()
        before, after = cleaned.get("previous_activity"), cleaned.get("activity")
        if self.changed and before and after and " ".join(before.split()).casefold() == after.casefold():
            self.add_error(
                "activity",
                ValidationError(
                    _("The activity is the same as before. Describe the activity after the change."),
                    code="activity_unchanged",
                ),
            )
        return cleaned


class ChangeOperationForm(OperationForm):
    """The date of the change and the business's kind and size from then on."""

    start_date = None
    change_date = date_field(
        _("Date of the change"),
        validators=[validate_notice_date],
        help_text=_("The day of the move or from which the changed activity is carried on."),
        required_message=_("Enter the date of the change."),
    )

    field_order = ["change_date", "side_business", "business_kinds", "employees_full_time", "employees_part_time"]
