"""Validators for German identifiers and the plausibility checks of the wizards.

Each raises ``ValidationError`` with an English gettext message and a ``code``.
Where python-stdnum knows an identifier, it does the checking.
"""

import re
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from stdnum.de import handelsregisternummer
from stdnum.exceptions import InvalidComponent
from stdnum.exceptions import ValidationError as StdnumValidationError

from services.catalog.wz import WZ_DIVISION, wz_get, wz_table

# Register types as python-stdnum spells them; founders type them in any case.
_REGISTER_TYPE_RE = re.compile(
    r"(?<![A-Za-zÄÖÜäöüß])(" + "|".join(handelsregisternummer.REGISTRY_TYPES) + r")(?=\s|\d|$)", re.IGNORECASE
)
_REGISTER_TYPES = {t.lower(): t for t in handelsregisternummer.REGISTRY_TYPES}

# python-stdnum's legal-form names ("GmbH", "e.K.", …) and the register each is entered in.
REGISTER_TYPE_FOR_COMPANY_FORM: dict[str, str] = dict(handelsregisternummer.COMPANY_FORM_REGISTRY_TYPES)


def _register_type_canonical(match: re.Match) -> str:
    return _REGISTER_TYPES[match.group(1).lower()] + " "


def register_entry_normalise(value: str, *, company_form: str | None = None) -> str:
    """The register entry in its usual spelling ("Krefeld HRB 1234"), checked with python-stdnum.

    ``company_form`` is python-stdnum's name of the legal form (a key of
    ``REGISTER_TYPE_FOR_COMPANY_FORM``); given, the register type must match it. The
    Gesellschaftsregister (GsR, eGbR since 2024) is not known to python-stdnum: its court and
    number are checked as for the register of associations kept at the same courts.
    """
    gsr = re.fullmatch(r"(.+?)\s+GsR\s*(.+)", " ".join(str(value).split()), flags=re.IGNORECASE)
    if gsr:
        court, _type, number = register_entry_normalise(f"{gsr.group(1)} VR {gsr.group(2)}").rpartition(" VR ")
        return f"{court} GsR {number}"
    spaced = _REGISTER_TYPE_RE.sub(_register_type_canonical, " ".join(str(value).split()), count=1)
    spaced = " ".join(spaced.split())
    try:
        normalised = handelsregisternummer.validate(spaced)
    except InvalidComponent as exc:
        raise ValidationError(
            _(
                "The register court is not known. Enter the local court (Amtsgericht) as it appears in the "
                "register, e.g. Krefeld."
            ),
            code="register_court",
        ) from exc
    except StdnumValidationError as exc:
        raise ValidationError(
            _("Enter the register entry as court, register type and number, e.g. Krefeld HRB 1234."),
            code="register_format",
        ) from exc
    if company_form:
        try:
            handelsregisternummer.validate(spaced, company_form=company_form)
        except StdnumValidationError as exc:
            given = _REGISTER_TYPE_RE.search(normalised).group(1)
            raise ValidationError(
                _("A %(company_form)s is entered in register %(expected)s, not %(given)s."),
                code="register_type",
                params={
                    "company_form": company_form,
                    "expected": REGISTER_TYPE_FOR_COMPANY_FORM.get(company_form, "–"),
                    "given": given,
                },
            ) from exc
    return normalised


@deconstructible
class RegisterEntryValidator:
    """A German register entry (Handels-, Genossenschafts-, Partnerschafts-, Vereinsregister)."""

    def __init__(self, company_form: str | None = None):
        self.company_form = company_form

    def __call__(self, value: str) -> None:
        register_entry_normalise(value, company_form=self.company_form)

    def __eq__(self, other):
        return isinstance(other, RegisterEntryValidator) and other.company_form == self.company_form


def validate_postcode(value: str) -> None:
    """A German postcode: five digits (the lowest zone starts at 01)."""
    value = str(value).strip()
    if not re.fullmatch(r"\d{5}", value) or value.startswith("00"):
        raise ValidationError(_("Enter a German postcode of five digits, e.g. 47798."), code="postcode")


def validate_city_postcode(value: str) -> None:
    """A postcode inside the city that runs this portal."""
    validate_postcode(value)
    if str(value).strip() not in settings.CITY_POSTCODES:
        raise ValidationError(
            _("This postcode is not in %(city)s. Register the business with the authority of the place where it is."),
            code="postcode_outside_city",
            params={"city": settings.CITY_NAME},
        )


# The divisions (first two digits) of WZ 2008 / NACE Rev. 2; 04, 34, 40, … do not exist.
WZ2008_DIVISIONS = frozenset(code for code, entry in wz_table().items() if entry.level == WZ_DIVISION)
_WZ_CODE_RE = re.compile(r"(\d{2})\.\d{2}(\.\d)?")


def wz_code_compact(value: str) -> str:
    """The code without the spaces founders type around and inside it ("47. 11" → "47.11")."""
    return "".join(str(value).split())


def validate_wz_code(value: str) -> None:
    """A WZ 2008 class ("62.01") or subclass ("56.10.1") that the classification has."""
    match = _WZ_CODE_RE.fullmatch(wz_code_compact(value))
    if not match:
        raise ValidationError(
            _("Enter the WZ 2008 code as class or subclass, e.g. 47.11 or 56.10.1."), code="wz_format"
        )
    if match.group(1) not in WZ2008_DIVISIONS:
        raise ValidationError(
            _("WZ 2008 has no division %(division)s. Please check the code."),
            code="wz_division",
            params={"division": match.group(1)},
        )
    if wz_get(match.group(0)) is None:
        raise ValidationError(
            _("WZ 2008 has no code %(code)s. Find the code with the WZ search, or leave the field empty."),
            code="wz_unknown",
            params={"code": match.group(0)},
        )


_PHONE_RE = re.compile(r"\+?[0-9 /()\-]+")


def validate_phone(value: str) -> None:
    """A plausible phone number: digits with spaces, "/", "-", parentheses and a leading "+"; 6 to 20 digits."""
    value = str(value).strip()
    digits = sum(c.isdigit() for c in value)
    if not _PHONE_RE.fullmatch(value) or not 6 <= digits <= 20:
        raise ValidationError(
            _("Enter a phone number of 6 to 20 digits, e.g. 02151 86-0 or +49 2151 860."), code="phone"
        )


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year without it
        return day.replace(year=day.year - years, day=28)


MINIMUM_AGE = 16
MAXIMUM_AGE = 120


def validate_date_of_birth(value: date) -> None:
    """In the past and at least 16 years ago.

    Founders of 16 and 17 may run a business with the family court's approval
    (§ 112 BGB), so they are not turned away here.
    """
    today = timezone.localdate()
    if value >= today:
        raise ValidationError(_("The date of birth must be in the past."), code="birth_future")
    if value > _years_before(today, MINIMUM_AGE):
        raise ValidationError(
            _("A person running a business must be at least %(age)s years old."),
            code="birth_too_young",
            params={"age": MINIMUM_AGE},
        )
    if value < _years_before(today, MAXIMUM_AGE):
        raise ValidationError(_("Please check the date of birth."), code="birth_implausible")


START_YEARS_BACK = 3
START_YEARS_AHEAD = 1


def _within_years_back(value: date, *, message, code: str) -> None:
    """Not more than three years ago: late notices happen, older dates are mistakes."""
    if value < _years_before(timezone.localdate(), START_YEARS_BACK):
        raise ValidationError(message, code=code, params={"years": START_YEARS_BACK})


def validate_business_start(value: date) -> None:
    """Not more than three years ago (late filing happens, older is a mistake) nor more than a year ahead."""
    message = _("The start lies more than %(years)s years back. Please check the date.")
    _within_years_back(value, message=message, code="start_too_early")
    if value > _years_before(timezone.localdate(), -START_YEARS_AHEAD):
        raise ValidationError(
            _("You can register a business at most one year before it starts."), code="start_too_late"
        )


# A Gewerbeummeldung or -abmeldung is due when the change happens (§ 14 Abs. 1 GewO): late notices
# are still owed, notices long before the change are not yet true.
NOTICE_DAYS_AHEAD = 92  # three months


def validate_notice_date(value: date) -> None:
    """The date of a change or closure: not more than three years back, nor more than three months ahead."""
    message = _("The date lies more than %(years)s years back. Please check the date.")
    _within_years_back(value, message=message, code="notice_too_early")
    today = timezone.localdate()
    if value > today + timedelta(days=NOTICE_DAYS_AHEAD):
        raise ValidationError(
            _("You can file the notice at most three months before the change. Please file it later."),
            code="notice_too_late",
        )
