"""The service catalog of the demo city: departments, services and the documents they ask for.

The texts are city data (German), not UI text, so they are not translated.
Contact details use example domains and numbers; fees are plausible NRW figures;
where the city sets a fee case by case, its note says so (Rahmengebühr).
"""

from typing import Any

from django.db import transaction

from services.catalog.models import Department, District, DistrictPostcode, DocumentRequirement, Service
from services.guide.services import guide_rules_load
from services.routing.rules import routing_rules_seed

DEPARTMENTS: list[dict[str, Any]] = [
    {
        "code": "gewerbeamt",
        "name": "Gewerbeamt",
        "parent_name": "Fachbereich Sicherheit und Ordnung",
        "email": "gewerbeamt@krefeld.example",
        "phone": "02151 555-3200",
    },
    {
        "code": "gewerbeamt-uerdingen",
        "name": "Gewerbeamt – Bezirksstelle Uerdingen",
        "parent_name": "Fachbereich Sicherheit und Ordnung",
        "email": "gewerbeamt-uerdingen@krefeld.example",
        "phone": "02151 555-3290",
    },
    {
        "code": "bauaufsicht",
        "name": "Bauaufsicht",
        "parent_name": "Fachbereich Bauaufsicht und Denkmalschutz",
        "email": "bauaufsicht@krefeld.example",
        "phone": "02151 555-6300",
    },
    {
        "code": "tiefbau",
        "name": "Straßen und Tiefbau / Sondernutzungen",
        "parent_name": "Fachbereich Tiefbau",
        "email": "sondernutzung@krefeld.example",
        "phone": "02151 555-6600",
    },
    {
        "code": "wirtschaftsfoerderung",
        "name": "Wirtschaftsförderung",
        "parent_name": "Geschäftsbereich Wirtschaft und Stadtentwicklung",
        "email": "gruendung@krefeld.example",
        "phone": "02151 555-8000",
    },
]

# The Gewerbeanmeldung wizard refers to these document codes; keep them stable.
_IDENTITY = {
    "code": "identity",
    "name": "Kopie des Personalausweises oder Reisepasses (mit Meldebescheinigung)",
    "required": True,
}
_REGISTER_EXTRACT = {
    "code": "register_extract",
    "name": "Aktueller Registerauszug (Handels-, Genossenschafts-, Partnerschafts- oder Vereinsregister)",
    "condition": "bei einer im Register eingetragenen Firma",
    # The founding guide cannot tell a registered "other" legal form from one not yet decided: listed for both.
    "guide_conditions": {"legal_form": ["ek", "partnership", "company", "other"]},
}
_RESIDENCE_TITLE = {
    "code": "residence_title",
    "name": "Aufenthaltstitel, der die selbstständige Tätigkeit erlaubt",
    "condition": "bei Staatsangehörigkeit außerhalb der EU, des EWR und der Schweiz",
}
_CRAFT_REGISTER = {
    "code": "craft_register",
    "name": "Handwerkskarte (Eintragung in die Handwerksrolle)",
    "condition": "bei einem zulassungspflichtigen Handwerk (Anlage A HwO)",
    "guide_conditions": {"craft": ["yes"]},
}
_CERTIFICATE_OF_CONDUCT = {
    "code": "certificate_of_conduct",
    "name": "Führungszeugnis zur Vorlage bei einer Behörde (Belegart O), nicht älter als drei Monate",
    "required": True,
}
_TRADE_REGISTER_INFO = {
    "code": "trade_register_info",
    "name": "Auskunft aus dem Gewerbezentralregister (Belegart 9), nicht älter als drei Monate",
    "required": True,
}
_TAX_CERTIFICATE = {
    "code": "tax_certificate",
    "name": "Bescheinigung in Steuersachen des Finanzamts",
    "required": True,
}

SERVICES: list[dict[str, Any]] = [
    {
        "slug": "gewerbeanmeldung",
        "name": "Gewerbeanmeldung",
        "description": (
            "Wer in Krefeld ein stehendes Gewerbe beginnt – als Hauptniederlassung, Zweigniederlassung "
            "oder unselbstständige Zweigstelle –, muss dies gleichzeitig beim Gewerbeamt anzeigen. "
            "Das Gewerbeamt bestätigt den Eingang innerhalb von drei Tagen und unterrichtet die "
            "gesetzlich vorgesehenen Stellen, zum Beispiel IHK oder Handwerkskammer, Finanzamt und "
            "Berufsgenossenschaft."
        ),
        "leika_key": "99050012104000",
        "legal_basis": "§ 14 GewO, GewAnzV",
        "receipt_basis": "§ 15 Abs. 1 GewO",
        "notification": True,
        "reference_prefix": "GEW",
        "department": "gewerbeamt",
        "processing_days": 3,
        "fee_cents": 2600,
        "fee_note": "Bei mehreren Personen (z. B. GbR) je Person.",
        "online": True,
        "documents": [
            _IDENTITY,
            _REGISTER_EXTRACT,
            {
                "code": "permit",
                "name": "Erlaubnis für die Tätigkeit (z. B. nach § 34a oder § 34c GewO, GastG)",
                "condition": "wenn die Tätigkeit erlaubnispflichtig ist",
            },
            _RESIDENCE_TITLE,
            _CRAFT_REGISTER,
            {
                "code": "other",
                "name": (
                    "Weitere Unterlagen, z. B. die Genehmigung des Familiengerichts für Minderjährige "
                    "oder der notarielle Gesellschaftsvertrag einer Gesellschaft in Gründung"
                ),
                "condition": "bei einer Gesellschaft in Gründung oder minderjährigen Gründenden",
            },
        ],
    },
    {
        "slug": "gewerbeummeldung",
        "name": "Gewerbeummeldung",
        "description": (
            "Verlegen Sie Ihren Betrieb innerhalb von Krefeld, wechseln Sie die angemeldete Tätigkeit "
            "oder erweitern Sie sie auf Waren oder Leistungen, die für Ihr Gewerbe nicht üblich sind, "
            "zeigen Sie dies dem Gewerbeamt mit einer Ummeldung an. Bei einem Umzug in eine andere Gemeinde melden Sie "
            "dort an und in Krefeld ab."
        ),
        "leika_key": "",
        "legal_basis": "§ 14 Abs. 1 Satz 2 Nr. 1 und 2 GewO, GewAnzV",
        "receipt_basis": "§ 15 Abs. 1 GewO",
        "notification": True,
        "reference_prefix": "GUM",
        "department": "gewerbeamt",
        "processing_days": 3,
        "fee_cents": 2600,
        "fee_note": "",
        "online": True,
        "documents": [
            _IDENTITY,
            {**_REGISTER_EXTRACT, "condition": "bei einer im Register eingetragenen Firma, mit der Änderung"},
            {
                "code": "permit",
                "name": "Erlaubnis für die neue Tätigkeit",
                "condition": "wenn die neue oder erweiterte Tätigkeit erlaubnispflichtig ist",
            },
            _RESIDENCE_TITLE,
            _CRAFT_REGISTER,
            {
                "code": "other",
                "name": "Weitere Unterlagen, z. B. der notarielle Gesellschaftsvertrag einer Gesellschaft in Gründung",
                "condition": "bei einer Gesellschaft in Gründung",
            },
        ],
    },
    {
        "slug": "gewerbeabmeldung",
        "name": "Gewerbeabmeldung",
        "description": (
            "Geben Sie Ihren Gewerbebetrieb ganz auf oder verlegen Sie ihn in eine andere Gemeinde, "
            "melden Sie ihn beim Gewerbeamt ab. Das Gewerbeamt unterrichtet die beteiligten Stellen."
        ),
        "leika_key": "",
        "legal_basis": "§ 14 Abs. 1 Satz 2 Nr. 3 GewO, GewAnzV",
        "receipt_basis": "§ 15 Abs. 1 GewO",
        "notification": True,
        "reference_prefix": "GAB",
        "department": "gewerbeamt",
        "processing_days": 3,
        "fee_cents": 1500,
        "fee_note": "",
        "online": True,
        "documents": [
            _IDENTITY,
            {
                "code": "register_extract",
                "name": "Registerauszug mit Löschung oder Sitzverlegung",
                "condition": "bei einer im Register eingetragenen Firma",
            },
            {
                # The wizard's "further documents" (code "other", as in the Gewerbeanmeldung).
                "code": "other",
                "name": "Schriftliche Vollmacht und Ausweiskopie der vertretenen Person",
                "condition": "wenn eine andere Person die Abmeldung vornimmt",
            },
        ],
    },
    {
        "slug": "gaststaettenerlaubnis",
        "name": "Gaststättenerlaubnis",
        "description": (
            "Wer ein Gaststättengewerbe mit Ausschank alkoholischer Getränke betreiben will, braucht "
            "eine Erlaubnis. Sie wird für bestimmte Räume und eine bestimmte Person erteilt. Geprüft "
            "werden die Zuverlässigkeit, die Eignung der Räume und die Unterrichtung über "
            "lebensmittelrechtliche Kenntnisse durch die IHK."
        ),
        "leika_key": "",
        "legal_basis": "§ 2 GastG",
        "receipt_basis": "§ 2 Abs. 1 GastG",
        "reference_prefix": "GST",
        "department": "gewerbeamt",
        "processing_days": 40,
        "fee_cents": 50000,
        "fee_note": "Rahmengebühr nach der AVerwGebO NRW, abhängig vom Aufwand.",
        "online": True,
        "documents": [
            _IDENTITY,
            _CERTIFICATE_OF_CONDUCT,
            _TRADE_REGISTER_INFO,
            _TAX_CERTIFICATE,
            {
                "code": "food_hygiene",
                "name": "Unterrichtungsnachweis der IHK über lebensmittelrechtliche Kenntnisse",
                "required": True,
            },
            {
                "code": "floor_plan",
                "name": "Grundriss der Betriebsräume mit Flächenangaben (Maßstab 1:100)",
                "required": True,
            },
            {"code": "lease", "name": "Miet- oder Pachtvertrag für die Betriebsräume", "required": True},
            {
                "code": "building_permit",
                "name": "Baugenehmigung für die Nutzung als Gaststätte",
                "condition": "wenn die Räume bisher nicht als Gaststätte genehmigt sind",
            },
            _REGISTER_EXTRACT,
            _RESIDENCE_TITLE,
        ],
    },
    {
        "slug": "sondernutzung",
        "name": "Sondernutzungserlaubnis Außengastronomie",
        "description": (
            "Tische und Stühle auf Gehweg oder Platz vor Ihrem Betrieb nutzen die öffentliche Straße "
            "über den Gemeingebrauch hinaus. Dafür brauchen Sie eine Sondernutzungserlaubnis. Sie "
            "wird befristet, in der Regel für eine Saison, erteilt."
        ),
        "leika_key": "",
        "legal_basis": "§ 18 StrWG NRW, Sondernutzungssatzung der Stadt Krefeld",
        "receipt_basis": "§ 18 Abs. 1 StrWG NRW",
        "reference_prefix": "SON",
        "department": "tiefbau",
        "processing_days": 20,
        "fee_cents": 5000,
        "fee_note": (
            "Verwaltungsgebühr; dazu kommt die Sondernutzungsgebühr je m² und angefangenem Monat nach der Satzung."
        ),
        "area_rate_cents": 250,
        "online": True,
        "documents": [
            _IDENTITY,
            {
                "code": "site_plan",
                "name": "Lageplan mit bemaßter Fläche, Abstand zur Fahrbahn und verbleibender Gehwegbreite",
                "required": True,
            },
            {
                "code": "furniture",
                "name": "Beschreibung oder Fotos der Möblierung (Tische, Stühle, Schirme, Abgrenzungen)",
                "required": True,
            },
            {
                "code": "business_permit",
                "name": "Gaststättenerlaubnis oder Gewerbeanmeldung des Betriebs",
                "required": True,
            },
            {
                "code": "neighbour_consent",
                "name": "Zustimmung der Eigentümerin oder des Eigentümers des Nachbargrundstücks",
                "condition": "wenn die Fläche vor einem fremden Grundstück liegt",
            },
        ],
    },
    {
        "slug": "reisegewerbekarte",
        "name": "Reisegewerbekarte",
        "description": (
            "Wer ohne vorhergehende Bestellung außerhalb seiner gewerblichen Niederlassung oder ohne "
            "eine solche Waren oder Leistungen anbietet oder als Schausteller tätig ist, braucht eine "
            "Reisegewerbekarte. Zuständig ist die Behörde am Wohnsitz."
        ),
        "leika_key": "",
        "legal_basis": "§ 55 GewO",
        "receipt_basis": "§ 55 Abs. 2 GewO",
        "reference_prefix": "RGK",
        "department": "gewerbeamt",
        "processing_days": 20,
        "fee_cents": 15000,
        "fee_note": "Rahmengebühr nach der AVerwGebO NRW.",
        "online": True,
        "documents": [
            _IDENTITY,
            {
                "code": "photo",
                "name": "Aktuelles biometrisches Passfoto",
                "required": True,
            },
            _CERTIFICATE_OF_CONDUCT,
            _TRADE_REGISTER_INFO,
            _TAX_CERTIFICATE,
            _RESIDENCE_TITLE,
        ],
    },
]


# The first routing rules of a service, as (conditions, target department code); see
# services.routing.conditions for the kinds. Staff change them in the workspace, so loading
# the catalog again leaves a service's rules alone once it has any.
ROUTING_RULES: dict[str, list[tuple[dict[str, Any], str]]] = {
    "gewerbeanmeldung": [({"district": ["uerdingen"]}, "gewerbeamt-uerdingen")],
    # A change or closure goes to the office of the district where the business (now) is, as the registration.
    "gewerbeummeldung": [({"district": ["uerdingen"]}, "gewerbeamt-uerdingen")],
    "gewerbeabmeldung": [({"district": ["uerdingen"]}, "gewerbeamt-uerdingen")],
}


# The city districts (Stadtbezirke) of Krefeld and their postcodes: a postcode area does not follow the
# district borders exactly; each is given to the district that holds most of it.
DISTRICTS: list[tuple[str, str, list[str]]] = [
    ("mitte", "Mitte", ["47798", "47799"]),
    ("nord", "Nord", ["47803"]),
    ("ost", "Ost", ["47800", "47802"]),
    ("west", "West", ["47804"]),
    ("sued", "Süd", ["47805", "47806"]),
    ("fischeln", "Fischeln", ["47807"]),
    ("oppum-linn", "Oppum-Linn", ["47809"]),
    ("uerdingen", "Uerdingen", ["47829"]),
    ("huels", "Hüls", ["47839"]),
]


def districts_load() -> None:
    """Add the demo city's districts and postcodes that are missing; what an admin changed (a name, a
    postcode moved to another district) stays as it is."""
    for position, (code, name, postcodes) in enumerate(DISTRICTS, start=1):
        district, _created = District.objects.get_or_create(
            code=code, defaults={"name": name, "position": position * 10}
        )
        for postcode in postcodes:
            DistrictPostcode.objects.get_or_create(postcode=postcode, defaults={"district": district})


@transaction.atomic
def catalog_load() -> None:
    """Create or update the demo city's catalog; running it again changes nothing."""
    departments = {}
    for data in DEPARTMENTS:
        fields = dict(data)
        code = fields.pop("code")
        departments[code], _ = Department.objects.update_or_create(code=code, defaults=fields)

    for position, data in enumerate(SERVICES, start=1):
        fields = dict(data)
        slug = fields.pop("slug")
        documents = fields.pop("documents")
        fields["department"] = departments[fields["department"]]
        service, _ = Service.objects.update_or_create(slug=slug, defaults={**fields, "position": position * 10})
        for doc_position, document in enumerate(documents, start=1):
            doc_fields = {"required": False, "condition": "", **document}
            code = doc_fields.pop("code")
            DocumentRequirement.objects.update_or_create(
                service=service, code=code, defaults={**doc_fields, "position": doc_position * 10}
            )
        rules = ROUTING_RULES.get(slug, [])
        routing_rules_seed(service=service, rules=[(conditions, departments[code]) for conditions, code in rules])
    guide_rules_load()
    districts_load()
