"""Postal address fields, shared by the person (home) and the business (Betriebsstätte)."""

from collections.abc import Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from forms.steps.countries import GERMANY


def address_in_city(address: Mapping[str, Any]) -> bool:
    """Whether an answered address (postcode, and country where asked) lies in this city: a
    postcode of ``CITY_POSTCODES``, the postcodes the business premises must have, in Germany."""
    postcode = (address.get("postcode") or "").strip()
    return address.get("country", GERMANY) == GERMANY and postcode in settings.CITY_POSTCODES


class AddressForm(forms.Form):
    """Street, house number, postcode and city; subclasses add the country or the city check.

    A town left empty after a postcode of this city (``CITY_POSTCODES``, the postcodes the business
    premises must have) is this city: a
    founder living here need not type it (``city_from_postcode``; the hint says so). ``js/city-from-postcode.js``
    fills the box as the postcode is typed; without JavaScript the form does the same on submit.
    """

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

    # False where the city is given anyway (an address inside this city, ``CityAddressForm``).
    city_from_postcode = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.city_from_postcode:
            return
        city = self.fields["city"]
        # Required all the same unless the postcode is this city's: ``clean`` says so at the box.
        city.required = False
        city.help_text = format_lazy(_("You can leave this empty for a postcode in {city}."), city=settings.CITY_NAME)
        city.widget.attrs.update(
            {"data-city-postcodes": " ".join(settings.CITY_POSTCODES), "data-city-name": settings.CITY_NAME}
        )

    def clean(self):
        cleaned = super().clean()
        if self.city_from_postcode and not cleaned.get("city") and "city" not in self.errors:
            if address_in_city(cleaned):
                cleaned["city"] = settings.CITY_NAME
            else:
                self.add_error("city", ValidationError(self.fields["city"].error_messages["required"], code="required"))
        return cleaned


def address_format(data: dict, *, country: str = "") -> str:
    """One address line from an answer, e.g. "Ostwall 104, 47798 Krefeld"."""
    street = " ".join(filter(None, [data.get("street", ""), data.get("house_number", "")]))
    place = " ".join(filter(None, [data.get("postcode", ""), data.get("city", "")]))
    return ", ".join(filter(None, [street, place, country]))
