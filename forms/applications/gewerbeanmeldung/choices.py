"""The Gewerbeanmeldung's choices and the limits its answers must keep."""

from django.utils.translation import gettext_lazy as _

ESTABLISHMENT_CHOICES = [
    ("main", _("Main establishment (Hauptniederlassung)")),
    ("branch", _("Branch (Zweigniederlassung)")),
    ("dependent_branch", _("Dependent branch (unselbstständige Zweigstelle)")),
    ("vending", _("Setting up vending machines (Automatenaufstellungsgewerbe)")),
    ("travelling", _("Itinerant trade (Reisegewerbe, § 55c GewO)")),
]
# Establishments that belong to a main establishment elsewhere: the GewA 1 asks for its address.
BRANCHES = {"branch", "dependent_branch"}
BUSINESS_KIND_CHOICES = [
    ("industry", _("Industry")),
    ("craft", _("Craft")),
    ("wholesale", _("Trade: wholesale")),
    ("retail", _("Trade: retail")),
    ("agency", _("Trade: commercial agency")),
    ("other", _("Other")),
]
REASON_CHOICES = [
    ("new", _("New establishment")),
    ("takeover_purchase", _("Takeover by purchase")),
    ("takeover_lease", _("Takeover by lease")),
    ("takeover_inheritance", _("Takeover by inheritance")),
    ("legal_form_change", _("Change of legal form")),
    ("conversion", _("Founding under the Transformation Act (merger, division)")),
    ("partner_joining", _("A partner joins")),
    ("relocation", _("Relocation from another district")),
]
# An earlier business carries on under a new owner or form: the GewA 1 asks who ran it before.
REASONS_WITH_PREVIOUS_OWNER = {
    "takeover_purchase",
    "takeover_lease",
    "takeover_inheritance",
    "legal_form_change",
    "conversion",
    "partner_joining",
}
CRAFT_ANNEX_CHOICES = [
    ("A", _("Licensed craft (Anlage A HwO), e.g. electrician, hairdresser")),
    ("B1", _("Licence-free craft (Anlage B Abschnitt 1 HwO), e.g. tiler, goldsmith")),
    ("B2", _("Craft-like trade (Anlage B Abschnitt 2 HwO), e.g. cosmetician")),
]
PERMIT_KIND_CHOICES = [
    ("34a", _("Security services (§ 34a GewO)")),
    ("34c", _("Real estate and loan brokerage, property development (§ 34c GewO)")),
    ("34d", _("Insurance brokerage or advice (§ 34d GewO)")),
    ("34f", _("Financial investment brokerage (§ 34f GewO)")),
    ("gastg", _("Restaurant or bar serving alcohol (§ 2 GastG)")),
    ("other", _("Other permit")),
]
# Descriptions the Gewerbeamt sends back because they say nothing about the business.
VAGUE_ACTIVITIES = {
    "handel",
    "handel mit waren aller art",
    "dienstleistungen",
    "dienstleistungen aller art",
    "gewerbe",
    "sonstiges",
}
ACTIVITY_MIN_LENGTH = 20
MAX_EMPLOYEES = 99999

# Where the business is run (the premises step, when the first person lives in this city).
AT_HOME = "home"
ELSEWHERE = "elsewhere"
