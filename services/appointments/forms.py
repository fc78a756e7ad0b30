from django import forms
from django.utils.translation import gettext_lazy as _


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
