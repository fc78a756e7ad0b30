"""Legal forms a founder can choose, and what each implies for the application.

Which register a form is entered in, the python-stdnum name used to check the
register entry, how many persons are reported and in which role, and the words
that must appear in the company name.
"""

import re
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

MAX_PERSONS = 10


@dataclass(frozen=True)
class LegalForm:
    code: str
    label: Promise
    role: Promise  # what each reported person is, e.g. "managing director"
    register_type: str | None = None  # HRA, HRB, GnR, PR, VR; None where the form need not be registered
    stdnum_form: str | None = None  # python-stdnum's name of the legal form
    min_persons: int = 1
    max_persons: int = MAX_PERSONS
    name_markers: tuple[str, ...] = field(default_factory=tuple)  # one must be in the company name
    # The form has a name of its own (a GbR) though it need not be registered.
    named: bool = False

    @property
    def has_company_name(self) -> bool:
        """Whether the register step asks for the company's name (and a register entry)."""
        return self.register_type is not None or self.named or self.code == OTHER

    def name_has_legal_form(self, name: str) -> bool:
        if not self.name_markers:
            return True
        return any(
            re.search(r"(?<![^\W\d_])" + re.escape(marker) + r"(?![^\W\d_])", name, re.IGNORECASE)
            for marker in self.name_markers
        )


OTHER = "other"

OWNER = _("Owner")
PARTNER = _("Partner")

LEGAL_FORMS: dict[str, LegalForm] = {
    f.code: f
    for f in (
        LegalForm("einzelunternehmen", _("Sole proprietor (not registered)"), OWNER, max_persons=1),
        LegalForm(
            "ek",
            _("Registered merchant (e.K.)"),
            OWNER,
            "HRA",
            "e.K.",
            max_persons=1,
            name_markers=("e.K.", "e. K.", "e.Kfm.", "e.Kfr.", "eingetragener Kaufmann", "eingetragene Kauffrau"),
        ),
        # Since 2024 a GbR may be entered in the Gesellschaftsregister (eGbR); it need not be.
        LegalForm("gbr", _("Civil-law partnership (GbR)"), PARTNER, min_persons=2, named=True),
        LegalForm(
            "ohg",
            _("General partnership (OHG)"),
            PARTNER,
            "HRA",
            "OHG",
            min_persons=2,
            name_markers=("OHG", "oHG", "offene Handelsgesellschaft"),
        ),
        LegalForm(
            "kg",
            _("Limited partnership (KG)"),
            _("Personally liable partner"),
            "HRA",
            "KG",
            name_markers=("KG", "Kommanditgesellschaft"),
        ),
        LegalForm(
            "gmbh_co_kg",
            _("GmbH & Co. KG"),
            _("Managing director of the general partner"),
            "HRA",
            "KG",
            name_markers=("KG", "Kommanditgesellschaft"),
        ),
        LegalForm(
            "gmbh",
            _("Limited liability company (GmbH)"),
            _("Managing director"),
            "HRB",
            "GmbH",
            name_markers=("GmbH", "gGmbH", "Gesellschaft mit beschränkter Haftung"),
        ),
        LegalForm(
            "ug",
            _("Entrepreneurial company (UG, haftungsbeschränkt)"),
            _("Managing director"),
            "HRB",
            "UG",
            name_markers=("UG (haftungsbeschränkt)", "Unternehmergesellschaft (haftungsbeschränkt)"),
        ),
        LegalForm(
            "ag",
            _("Stock corporation (AG)"),
            _("Board member"),
            "HRB",
            "AG",
            name_markers=("AG", "Aktiengesellschaft"),
        ),
        LegalForm(
            "eg",
            _("Registered cooperative (eG)"),
            _("Board member"),
            "GnR",
            "e.G.",
            name_markers=("eG", "e.G.", "eingetragene Genossenschaft"),
        ),
        LegalForm(
            "partg",
            _("Partnership company (PartG, PartG mbB)"),
            PARTNER,
            "PR",
            "PartG",
            min_persons=2,
            name_markers=("Partner", "Partnerschaft", "PartG"),
        ),
        LegalForm(
            "ev",
            _("Registered association (e.V.)"),
            _("Board member"),
            "VR",
            "e.V.",
            name_markers=("e.V.", "e. V.", "eingetragener Verein"),
        ),
        LegalForm(OTHER, _("Other, e.g. a foreign company (Ltd., SE, B.V.)"), _("Legal representative")),
    )
}

LEGAL_FORM_CHOICES = [(f.code, f.label) for f in LEGAL_FORMS.values()]
DEFAULT_LEGAL_FORM = "einzelunternehmen"


def legal_form_get(code: str | None) -> LegalForm:
    """The legal form for a code; a sole proprietorship while none has been chosen yet."""
    return LEGAL_FORMS.get(code or DEFAULT_LEGAL_FORM, LEGAL_FORMS[DEFAULT_LEGAL_FORM])
