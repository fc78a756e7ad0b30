"""Postal address fields, shared by the person (home) and the business (Betriebsstätte)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class AddressForm(forms.Form):
    """Street, house number, postcode and city; subclasses add the country or the city check."""

    street = forms.CharField(
        label=_("Street"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "address-line1"})
    )
    house_number = forms.CharField(label=_("House number"), max_length=20)
    postcode = forms.CharField(
        label=_("Postcode"), max_length=10, widget=forms.TextInput(attrs={"autocomplete": "postal-code"})
    )
    city = forms.CharField(
        label=_("City"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "address-level2"})
    )


def address_format(data: dict, *, country: str = "") -> str:
    """One address line from an answer, e.g. "Ostwall 104, 47798 Krefeld"."""
    street = " ".join(filter(None, [data.get("street", ""), data.get("house_number", "")]))
    place = " ".join(filter(None, [data.get("postcode", ""), data.get("city", "")]))
    return ", ".join(filter(None, [street, place, country]))
