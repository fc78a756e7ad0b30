"""The Gewerbeabmeldung's own step forms: the closure (whole or part, date), its reason, where a business
that moves away goes, who carries it on, and the business as it was when it closed."""

from django import forms
from django.utils.translation import gettext_lazy as _

from forms.applications.gewerbeanmeldung.choices import ESTABLISHMENT_CHOICES
from forms.applications.gewerbeanmeldung.steps import AttachmentsForm, OperationForm
from forms.steps.fields import date_field
from forms.validators import validate_notice_date

FULL = "full"
SCOPE_CHOICES = [
    (FULL, _("The whole business is given up")),
    ("partial", _("Only this establishment closes (e.g. a branch); the business goes on elsewhere")),
]
RELOCATION = "relocation"
REASON_CHOICES = [
    ("closure", _("Closure of the business")),
    (RELOCATION, _("Move to another town or district")),
    ("transfer_sale", _("Handover by sale")),
    ("transfer_lease", _("Handover by lease")),
    ("transfer_inheritance", _("Handover by inheritance")),
    ("legal_form_change", _("Change of legal form")),
    ("conversion", _("Closure under the Transformation Act (merger, division)")),
    ("partner_leaving", _("A partner leaves")),
]
# The business goes on under someone else or in another form: the GewA 3 names who carries it on.
REASONS_WITH_SUCCESSOR = {"transfer_sale", "transfer_lease", "transfer_inheritance", "legal_form_change", "conversion"}


class ClosureForm(forms.Form):
    """Which establishment closes, whether the whole business goes, and when."""

    establishment = forms.ChoiceField(
        label=_("The deregistration is for"),
        choices=ESTABLISHMENT_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the deregistration is for.")},
    )
    scope = forms.ChoiceField(
        label=_("Is the whole business given up?"),
        choices=SCOPE_CHOICES,
        widget=forms.RadioSelect,
        help_text=_(
            "If the business goes on and only one of its activities ends, file a Gewerbeummeldung (change of the "
            "activity) instead."
        ),
        error_messages={"required": _("Say whether the whole business is given up or only this establishment.")},
    )
    closure_date = date_field(
        _("Date of the closure"),
        validators=[validate_notice_date],
        help_text=_("The last day the business is run here."),
        required_message=_("Enter the date of the closure."),
    )


class ReasonForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason for the deregistration"),
        choices=REASON_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the reason for the deregistration.")},
    )


class FuturePremisesForm(forms.Form):
    """Where a business that moves away is run from then on (GewA 3 field 17)."""

    future_address = forms.CharField(
        label=_("Future business premises"),
        max_length=300,
        help_text=_("Street, number, postcode and town. Register the business there too."),
        error_messages={"required": _("Enter the address the business moves to.")},
    )


class SuccessorForm(forms.Form):
    """Who carries the business on after a handover or a change of legal form (GewA 3 field 26)."""

    successor = forms.CharField(
        label=_("Name of the new owner or the new company name"),
        max_length=200,
        help_text=_("E.g. “Rheinblick GmbH” after a change of legal form, or the buyer's name."),
        error_messages={"required": _("Enter the name of the new owner or the new company name.")},
    )


class ClosedOperationForm(OperationForm):
    """The business as it was when it closed: side business, kind, persons employed."""

    start_date = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["side_business"].label = _("Was the business run as a side business?")
        self.fields["employees_full_time"].label = _("Employees full-time at the closure (without owners)")
        self.fields["employees_part_time"].label = _("Employees part-time at the closure")


class ClosureAttachmentsForm(AttachmentsForm):
    """The identity documents and the register extract; further documents are e.g. a power of attorney."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "register_extract" in self.fields:
            self.fields["register_extract"].label = _("Register extract with the deletion or the move of the seat")
        self.fields["other"].help_text = _(
            "E.g. a written power of attorney, if someone else files the deregistration for the owner."
        )
