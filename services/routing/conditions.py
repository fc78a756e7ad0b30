"""The one place that declares what a routing rule can ask about a case's answers.

Each kind of condition is declared once here: the form fields a supervisor fills in,
how the entry is checked and stored, which answer of the application it reads and when
it matches, and how it is described in the routing reason. The rule form, the rule check
in ``services.routing.rules`` and routing itself all read this table; a new kind of
condition is a new entry here (and its tests), nothing else.

A rule stores its conditions as ``{kind code: value}``; all of them must match. A
condition whose answer is absent (a step the founder did not have to fill in, a service
whose form does not ask it) does not match.

The answer keys are those of the Gewerbeanmeldung (``forms.applications.gewerbeanmeldung``).
"""

import re
from collections.abc import Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from forms.applications.gewerbeanmeldung import PERMIT_KIND_CHOICES
from forms.steps.legal_forms import LEGAL_FORM_CHOICES
from forms.validators import WZ2008_DIVISIONS, wz_code_compact
from services.catalog.selectors import district_choices, district_for_postcode
from services.routing.condition_kind import Answers, ConditionKind, answer_step, choice_kind

# --- Postcode range -----------------------------------------------------------------------------

_POSTCODE_RE = re.compile(r"\d{5}")


def _postcode_fields() -> dict[str, forms.Field]:
    return {
        "postcode_from": forms.CharField(
            label=_("Postcode from"),
            max_length=5,
            required=False,
            help_text=_("Five digits, e.g. 47798."),
        ),
        "postcode_to": forms.CharField(
            label=_("Postcode to"),
            max_length=5,
            required=False,
            help_text=_("Leave empty for a single postcode."),
        ),
    }


def _postcode_read(data: Mapping[str, Any]) -> dict[str, str] | None:
    first = (data.get("postcode_from") or "").strip()
    last = (data.get("postcode_to") or "").strip()
    if not first and not last:
        return None
    errors = {}
    if not first:
        errors["postcode_from"] = ValidationError(_("Enter the first postcode of the range."), code="required")
    elif not _POSTCODE_RE.fullmatch(first):
        errors["postcode_from"] = ValidationError(_("Enter a postcode of five digits."), code="postcode")
    if last and not _POSTCODE_RE.fullmatch(last):
        errors["postcode_to"] = ValidationError(_("Enter a postcode of five digits."), code="postcode")
    if errors:
        raise ValidationError(errors)
    last = last or first
    if first > last:
        raise ValidationError(
            {"postcode_to": ValidationError(_("The last postcode must not be lower than the first."), code="order")}
        )
    if not any(first <= postcode <= last for postcode in settings.CITY_POSTCODES):
        raise ValidationError(
            {
                "postcode_from": ValidationError(
                    _("No postcode of %(city)s lies in this range."),
                    code="outside_city",
                    params={"city": settings.CITY_NAME},
                )
            }
        )
    return {"from": first, "to": last}


def _postcode_describe(value: dict[str, str]) -> str:
    if value["from"] == value["to"]:
        return gettext("Postcode %(postcode)s") % {"postcode": value["from"]}
    return gettext("Postcode %(first)s–%(last)s") % {"first": value["from"], "last": value["to"]}


def _business_postcode(answers: Answers) -> str | None:
    # Cases filed before the "business" step was split into short pages keep it under "business".
    return (answer_step(answers, "premises") or answer_step(answers, "business")).get("postcode")


def _wz_code(answers: Answers) -> str:
    code = (answer_step(answers, "activity") or answer_step(answers, "business")).get("wz_code")
    return wz_code_compact(code or "")


# --- WZ code prefix -----------------------------------------------------------------------------

# A division (56), group (56.1), class (56.10) or subclass (56.10.1) of WZ 2008.
_WZ_PREFIX_RE = re.compile(r"(\d{2})(\.\d(\d(\.\d)?)?)?")


def _wz_fields() -> dict[str, forms.Field]:
    return {
        "wz_prefix": forms.CharField(
            label=_("WZ 2008 code starts with"),
            max_length=10,
            required=False,
            help_text=_("A division (56), group (56.1), class (56.10) or subclass (56.10.1)."),
        )
    }


def _wz_read(data: Mapping[str, Any]) -> str | None:
    prefix = wz_code_compact(data.get("wz_prefix") or "")
    if not prefix:
        return None
    match = _WZ_PREFIX_RE.fullmatch(prefix)
    if not match:
        raise ValidationError(
            {
                "wz_prefix": ValidationError(
                    _("Enter the beginning of a WZ 2008 code, e.g. 56, 56.1, 56.10 or 56.10.1."), code="wz_format"
                )
            }
        )
    if match.group(1) not in WZ2008_DIVISIONS:
        raise ValidationError(
            {
                "wz_prefix": ValidationError(
                    _("WZ 2008 has no division %(division)s. Please check the code."),
                    code="wz_division",
                    params={"division": match.group(1)},
                )
            }
        )
    return prefix


# --- Alcohol served -----------------------------------------------------------------------------

ALCOHOL_CHOICES = [("yes", _("Alcohol is served")), ("no", _("No alcohol is served"))]
# The form's radio group also offers leaving the condition out; a radio once chosen cannot be cleared.
_ALCOHOL_FORM_CHOICES = [("", _("Not a condition")), *ALCOHOL_CHOICES]


def _alcohol_fields() -> dict[str, forms.Field]:
    return {
        "alcohol": forms.ChoiceField(
            label=_("Is alcohol served?"),
            choices=_ALCOHOL_FORM_CHOICES,
            required=False,
            widget=forms.RadioSelect,
            help_text=_("Read from the permit answers: a permit under § 2 GastG means alcohol is served."),
        )
    }


def _alcohol_answer(answers: Answers) -> str | None:
    # The Gewerbeanmeldung asks for a permit, and its kind "gastg" is the licence to serve alcohol.
    needs_permit = answer_step(answers, "permits").get("needs_permit")
    if needs_permit is None:
        return None
    return "yes" if answer_step(answers, "permit").get("permit_kind") == "gastg" else "no"


# --- The table ----------------------------------------------------------------------------------

CONDITION_KINDS: dict[str, ConditionKind] = {
    kind.code: kind
    for kind in (
        ConditionKind(
            code="postcode",
            label=_("Postcode of the business premises"),
            fields=_postcode_fields,
            read=_postcode_read,
            initial=lambda value: {"postcode_from": value["from"], "postcode_to": value["to"]} if value else {},
            answer=_business_postcode,
            test=lambda value, postcode: value["from"] <= str(postcode) <= value["to"],
            describe=_postcode_describe,
        ),
        choice_kind(
            "district",
            _("City district of the business premises"),
            "districts",
            _("The district is one of"),
            district_choices,
            answer=_business_postcode,
            describe=_("District %(values)s"),
            test=lambda value, postcode: district_for_postcode(postcode=str(postcode)) in value,
        ),
        choice_kind(
            "legal_form",
            _("Legal form"),
            "legal_forms",
            _("The legal form is one of"),
            LEGAL_FORM_CHOICES,
            answer=lambda answers: answer_step(answers, "owner").get("legal_form"),
            describe=_("Legal form %(values)s"),
        ),
        ConditionKind(
            code="wz_prefix",
            label=_("Economic activity (WZ 2008)"),
            fields=_wz_fields,
            read=_wz_read,
            initial=lambda value: {"wz_prefix": value or ""},
            answer=_wz_code,
            test=lambda value, code: code.startswith(value),
            describe=lambda value: gettext("WZ code %(prefix)s…") % {"prefix": value},
        ),
        choice_kind(
            "permit_kind",
            _("Permit"),
            "permit_kinds",
            _("The permit is one of"),
            PERMIT_KIND_CHOICES,
            answer=lambda answers: answer_step(answers, "permit").get("permit_kind"),
            describe=_("Permit %(values)s"),
        ),
        ConditionKind(
            code="alcohol",
            label=_("Alcohol served"),
            fields=_alcohol_fields,
            read=lambda data: data.get("alcohol") or None,
            initial=lambda value: {"alcohol": value or ""},
            answer=_alcohol_answer,
            test=lambda value, answer: value == answer,
            describe=lambda value: gettext("alcohol served") if value == "yes" else gettext("no alcohol served"),
        ),
    )
}


def conditions_check(conditions: Any) -> None:
    """Raise ValidationError (keyed by form field, or non-field) unless ``conditions`` is a valid rule's."""
    if not isinstance(conditions, Mapping) or not conditions:
        raise ValidationError(_("Choose at least one condition."), code="no_conditions")
    unknown = set(conditions) - set(CONDITION_KINDS)
    if unknown:
        raise ValidationError(_("Unknown condition: %(kinds)s."), code="unknown", params={"kinds": ", ".join(unknown)})
    errors: dict[str, list[ValidationError]] = {}
    for code, value in conditions.items():
        try:
            CONDITION_KINDS[code].check(value)
        except ValidationError as error:
            for field, messages in error.update_error_dict({}).items():
                errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)


def conditions_match(*, conditions: Mapping[str, Any], answers: Answers) -> bool:
    """Every condition matches the answers (an unknown kind never does)."""
    return bool(conditions) and all(
        code in CONDITION_KINDS and CONDITION_KINDS[code].matches(value, answers) for code, value in conditions.items()
    )


def conditions_describe(conditions: Mapping[str, Any]) -> str:
    """The conditions in words, in the active language, in the order of the table."""
    return ", ".join(CONDITION_KINDS[code].describe(conditions[code]) for code in CONDITION_KINDS if code in conditions)
