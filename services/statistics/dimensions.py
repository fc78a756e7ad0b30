"""The one place that declares what the agency counts cases by, and how each is read from a case.

Each dimension has its codes and their labels; ``case_dimensions`` reads a case's answers (the
Gewerbeanmeldung's keys, ``forms.applications.gewerbeanmeldung``) into those codes once, when the case
is written (``services.statistics.services.case_figure_sync``). An answer that is missing (another
service's form, a WZ code left to the Gewerbeamt) gives the empty code, shown as "not stated".
Districts come from the catalog's postcode table (``services.catalog``: ``District``, ``DistrictPostcode``).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from forms.applications.gewerbeanmeldung.choices import BUSINESS_KIND_CHOICES
from forms.steps.fields import YES
from forms.steps.legal_forms import LEGAL_FORM_CHOICES
from services.catalog.selectors import district_choices, district_for_postcode

# WZ 2008 sections by their first and last division (Statistisches Bundesamt, WZ 2008 overview).
WZ_SECTIONS: list[tuple[str, int, int, Promise]] = [
    ("A", 1, 3, _("Agriculture, forestry and fishing")),
    ("B", 5, 9, _("Mining and quarrying")),
    ("C", 10, 33, _("Manufacturing")),
    ("D", 35, 35, _("Energy supply")),
    ("E", 36, 39, _("Water supply, sewerage, waste management")),
    ("F", 41, 43, _("Construction")),
    ("G", 45, 47, _("Wholesale and retail trade, repair of motor vehicles")),
    ("H", 49, 53, _("Transportation and storage")),
    ("I", 55, 56, _("Accommodation and food service")),
    ("J", 58, 63, _("Information and communication")),
    ("K", 64, 66, _("Financial and insurance activities")),
    ("L", 68, 68, _("Real estate activities")),
    ("M", 69, 75, _("Professional, scientific and technical activities")),
    ("N", 77, 82, _("Administrative and support service activities")),
    ("O", 84, 84, _("Public administration and defence")),
    ("P", 85, 85, _("Education")),
    ("Q", 86, 88, _("Human health and social work")),
    ("R", 90, 93, _("Arts, entertainment and recreation")),
    ("S", 94, 96, _("Other service activities")),
    ("T", 97, 98, _("Activities of households as employers")),
    ("U", 99, 99, _("Extraterritorial organisations")),
]

REASON_GROUPS: dict[str, str] = {
    "new": "new",
    "takeover_purchase": "takeover",
    "takeover_lease": "takeover",
    "takeover_inheritance": "takeover",
    "relocation": "relocation",
    "legal_form_change": "other",
    "conversion": "other",
    "partner_joining": "other",
}
REASON_CHOICES = [
    ("new", _("New establishment")),
    ("takeover", _("Takeover")),
    ("relocation", _("Relocation from another district")),
    ("other", _("Change of legal form, conversion, partner joining")),
]

# One bit per kind of business, in the order of the wizard's choices.
KIND_BITS: dict[str, int] = {code: 1 << index for index, (code, _label) in enumerate(BUSINESS_KIND_CHOICES)}

NOT_STATED = _("not stated")


@dataclass(frozen=True)
class Dimension:
    """A column of ``CaseFigure`` the figures are broken down by, with its codes' labels."""

    name: str
    field: str
    title: Promise
    # The codes and labels, or a function reading them (the districts are catalog data).
    choices: list[tuple[Any, Any]] | Callable[[], list[tuple[Any, Any]]]

    def options(self) -> list[tuple[Any, Any]]:
        return self.choices() if callable(self.choices) else self.choices

    def label(self, code: Any) -> str:
        if code in (None, ""):
            return str(NOT_STATED)
        return str(dict(self.options()).get(code, code))


DIMENSIONS: dict[str, Dimension] = {
    d.name: d
    for d in [
        Dimension("district", "district", _("By city district"), district_choices),
        Dimension("legal_form", "legal_form", _("By legal form"), LEGAL_FORM_CHOICES),
        Dimension(
            "wz_section", "wz_section", _("By economic sector (WZ 2008 section)"),
            [(code, f"{code} – {label}") for code, _first, _last, label in WZ_SECTIONS],
        ),
        Dimension("reason", "reason", _("By reason"), REASON_CHOICES),
        Dimension("side_business", "side_business", _("Main or side business"),
                  [(False, _("Main business")), (True, _("Side business"))]),
    ]
}  # fmt: skip
KIND_DIMENSION = Dimension("business_kind", "business_kinds", _("By kind of business"), BUSINESS_KIND_CHOICES)


def wz_section_of(code: str | None) -> str:
    """The section letter (A–U) of a WZ 2008 code such as "47.71"; "" if there is none."""
    digits = "".join(ch for ch in (code or "")[:2] if ch.isdigit())
    if len(digits) != 2:
        return ""
    division = int(digits)
    return next((letter for letter, first, last, _label in WZ_SECTIONS if first <= division <= last), "")


def case_dimensions(answers: dict[str, Any], *, districts: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The codes a case is counted by, read from its answers; no personal data leaves here. ``districts``
    (``district_postcode_map()``) spares a query per case where many are counted at once."""
    # The business premises, activity and operation pages; a case filed before the "business"
    # step was split into them keeps all three under "business".
    business = {
        **(answers.get("business") or {}),
        **(answers.get("premises") or {}),
        **(answers.get("activity") or {}),
        **(answers.get("operation") or {}),
    }
    owner = answers.get("owner") or {}
    reason = (answers.get("reason") or {}).get("reason", "")
    side = business.get("side_business")
    kinds = 0
    for kind in business.get("business_kinds") or []:
        kinds |= KIND_BITS.get(kind, 0)
    return {
        "district": (
            district_for_postcode(postcode=business.get("postcode"))
            if districts is None
            else districts.get((business.get("postcode") or "").strip(), "")
        ),
        "legal_form": owner.get("legal_form") or "",
        "wz_section": wz_section_of(business.get("wz_code")),
        "business_kinds": kinds,
        "reason": REASON_GROUPS.get(reason, ""),
        "side_business": None if side in (None, "") else side == YES,
    }
