from django import forms
from django.utils.translation import gettext_lazy as _

from services.appointments.models import AppointmentType, OpeningHours
from services.catalog.models import Service


class BookingForm(forms.Form):
    """Who comes: name and e-mail (the confirmation and the manage link go there)."""

    name = forms.CharField(label=_("Your name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        help_text=_(
            "We send the confirmation and your personal link to move or cancel the appointment to this address."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class StaffCancelForm(forms.Form):
    message = forms.CharField(
        label=_("Message to the visitor"),
        max_length=2000,
        help_text=_("Sent with the cancellation, together with a link to book a new appointment."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AppointmentTypeForm(forms.ModelForm):
    class Meta:
        model = AppointmentType
        fields = [
            "name",
            "description",
            "service",
            "duration_minutes",
            "desks",
            "account_required",
            "horizon_days",
            "booking_lead_hours",
            "cancellation_lead_hours",
            "active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "service": _("Founders are offered the appointment on the page of their case of this service."),
            "desks": _("How many visitors can be served at the same time."),
            "account_required": _("Otherwise visitors book with name and e-mail only (e.g. consultations)."),
            "booking_lead_hours": _("0 means until the appointment begins."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].queryset = Service.objects.filter(online=True).order_by("name")
        self.fields["service"].required = False


class OpeningHoursForm(forms.Form):
    weekday = forms.TypedChoiceField(label=_("Weekday"), choices=OpeningHours.Weekday.choices, coerce=int)
    opens = forms.TimeField(label=_("Opens"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    closes = forms.TimeField(label=_("Closes"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))


class ClosureForm(forms.Form):
    first_day = forms.DateField(label=_("First day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    last_day = forms.DateField(
        label=_("Last day"),
        required=False,
        help_text=_("Empty for a single day."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reason = forms.CharField(label=_("Reason (shown to staff only)"), max_length=200, required=False)
