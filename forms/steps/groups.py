"""Summary lines that several application declarations share (``Step.groups``): form fields
shown as one answer, e.g. the parts of an address or of a register entry."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from forms.applications.base import Group
from forms.steps.address import address_format
from forms.steps.countries import country_name

ADDRESS_FIELDS = ("street", "house_number", "postcode", "city")
# What is typed of an address inside this city, whose town is given.
CITY_ADDRESS_FIELDS = ADDRESS_FIELDS[:3]


def address_group(label) -> Group:
    """An address in one line, e.g. "Ostwall 104, 47798 Krefeld", under ``label``."""
    return Group(label, ADDRESS_FIELDS, address_format)


def _home_address_line(person) -> str:
    return address_format(person, country=country_name(person["country"]) if person.get("country") else "")


def _register_entry_line(register) -> str:
    if register.get("registration_pending"):
        return gettext("not yet entered (in formation)")
    return register.get("register_entry") or ""


# A person's home address with its country (``forms.steps.person.PersonForm``).
HOME_ADDRESS = Group(_("Home address"), (*ADDRESS_FIELDS, "country"), _home_address_line)
# The register court and number of ``forms.steps.company.RegisterForm``, or that the entry is pending.
REGISTER_ENTRY = Group(
    _("Register court and number"),
    ("registration_pending", "register_court", "register_type", "register_number"),
    _register_entry_line,
)
