"""An address in this city (business premises, a place on the street) and a contact applicant.

The Gaststättenerlaubnis and the Sondernutzungserlaubnis are decided by the city where the
premises or the area are, so their address must be inside it.
"""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from forms.steps.address import AddressForm
from forms.steps.fields import require_with
from forms.validators import validate_city_postcode, validate_phone, validate_postcode


class CityAddressForm(AddressForm):
    """Street, house number and postcode in this city; the city itself is given."""

    city_from_postcode = False

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["postcode"].validators.append(validate_city_postcode)
        self.fields["city"].disabled = True
        self.fields["city"].initial = settings.CITY_NAME
        require_with(
            self,
            {
                "street": _("Enter the street."),
                "house_number": _("Enter the house number."),
                "postcode": _("Enter the postcode, e.g. 47798."),
            },
        )


class ApplicantForm(AddressForm):
    """Who applies and how the city reaches them: a person, for a business or company if there is one."""

    company_name = forms.CharField(
        label=_("Business or company"),
        max_length=200,
        required=False,
        help_text=_("If you apply for a business or company, its name with the legal form, e.g. “Rheinblick GmbH”."),
    )
    surname = forms.CharField(
        label=_("Surname"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    given_names = forms.CharField(
        label=_("Given names"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=30,
        validators=[validate_phone],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text=_("So that the office can call you with a question about the area."),
    )
    email = forms.EmailField(label=_("E-mail"), widget=forms.EmailInput(attrs={"autocomplete": "email"}))

    field_order = ["company_name", "surname", "given_names", "street", "house_number", "postcode", "city"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["postcode"].validators.append(validate_postcode)
        require_with(
            self,
            {
                "surname": _("Enter your surname."),
                "given_names": _("Enter your given names."),
                "street": _("Enter the street of your address."),
                "house_number": _("Enter the house number of your address."),
                "postcode": _("Enter the postcode of your address, e.g. 47798."),
                "city": _("Enter the town of your address."),
                "phone": _("Enter a phone number, e.g. 02151 86-0."),
                "email": _("Enter your e-mail address, e.g. name@example.de."),
            },
        )
        self.fields["email"].error_messages["invalid"] = _("Enter the e-mail address like name@example.de.")
