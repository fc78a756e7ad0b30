"""The founding guide's checklist rules of the demo city, loaded with the catalog (``load_catalog``).

Texts are city data (German), like the catalog's, so they are not translated. Each rule is
either an application filed here (its service slug) or a step elsewhere; ``conditions``
speaks the vocabulary of ``services.guide.questions``.
"""

from typing import Any

from django.db import transaction

from services.catalog.models import Service
from services.guide.models import GuideRule

_BUSINESS = ["trade", "service", "production", "hospitality"]  # every activity but a liberal profession

GUIDE_RULES: list[dict[str, Any]] = [
    # Applications filed here.
    {
        "code": "gewerbeanmeldung",
        "service": "gewerbeanmeldung",
        "explanation": (
            "Wer ein Gewerbe beginnt, zeigt es gleichzeitig beim Gewerbeamt an. Das Gewerbeamt "
            "unterrichtet Finanzamt, Kammer und Berufsgenossenschaft. Freie Berufe melden kein Gewerbe an."
        ),
        "conditions": {"activity": _BUSINESS},
    },
    {
        "code": "gaststaettenerlaubnis",
        "service": "gaststaettenerlaubnis",
        "explanation": (
            "Wer alkoholische Getränke zum Verzehr an Ort und Stelle ausschenkt, braucht vor der "
            "Eröffnung eine Gaststättenerlaubnis für Person und Räume."
        ),
        "conditions": {"alcohol": ["yes"]},
    },
    {
        "code": "sondernutzung",
        "service": "sondernutzung",
        "explanation": (
            "Tische, Stühle, Aufsteller oder Warenauslagen auf Gehweg oder Platz brauchen eine "
            "Sondernutzungserlaubnis, bevor sie aufgestellt werden."
        ),
        "conditions": {"outdoor_seating": ["yes"]},
    },
    {
        "code": "reisegewerbekarte",
        "service": "reisegewerbekarte",
        "explanation": (
            "Wer ohne vorherige Bestellung außerhalb der eigenen Niederlassung Waren oder Leistungen "
            "anbietet, braucht eine Reisegewerbekarte."
        ),
        "conditions": {"travelling": ["yes"]},
    },
    # Steps elsewhere.
    {
        "code": "steuerliche-erfassung",
        "title": "Steuerliche Erfassung beim Finanzamt",
        "where": "Finanzamt, online über ELSTER",
        "explanation": (
            "Senden Sie innerhalb eines Monats nach Beginn den „Fragebogen zur steuerlichen Erfassung“ "
            "über ELSTER an das Finanzamt. Sie erhalten dann Ihre Steuernummer; dort wählen Sie auch, ob "
            "Sie die Kleinunternehmerregelung nutzen."
        ),
        "link_url": "https://www.elster.de/",
        "conditions": {},
    },
    {
        "code": "ihk",
        "title": "Mitgliedschaft in der Industrie- und Handelskammer (IHK)",
        "where": "IHK Mittlerer Niederrhein",
        "explanation": (
            "Mit der Gewerbeanmeldung werden Sie Mitglied der IHK; Sie müssen sich nicht selbst anmelden. "
            "Die IHK meldet sich bei Ihnen und berät Gründerinnen und Gründer kostenlos."
        ),
        "link_url": "https://www.ihk.de/",
        "conditions": {"activity": _BUSINESS, "craft": ["no"]},
    },
    {
        "code": "hwk",
        "title": "Eintragung in die Handwerksrolle",
        "where": "Handwerkskammer Düsseldorf",
        "explanation": (
            "Ein Handwerksbetrieb wird vor Beginn in die Handwerksrolle oder das Verzeichnis der "
            "handwerksähnlichen Gewerbe eingetragen; ein zulassungspflichtiges Handwerk braucht dafür "
            "einen Meisterbrief oder eine gleichwertige Qualifikation. Die Handwerkskarte legen Sie der "
            "Gewerbeanmeldung bei."
        ),
        "link_url": "https://www.hwk-duesseldorf.de/",
        "conditions": {"craft": ["yes"]},
    },
    {
        "code": "handelsregister",
        "title": "Eintragung ins Handelsregister",
        "where": "Notarin oder Notar, Registergericht beim Amtsgericht",
        "explanation": (
            "Die Anmeldung zum Handelsregister beglaubigt eine Notarin oder ein Notar und übermittelt "
            "sie elektronisch an das Registergericht. Für eine GmbH oder UG wird auch der "
            "Gesellschaftsvertrag notariell beurkundet; sie entsteht erst mit der Eintragung."
        ),
        "link_url": "https://www.handelsregister.de/",
        "conditions": {"legal_form": ["ek", "partnership", "company"]},
    },
    {
        "code": "berufsgenossenschaft",
        "title": "Anmeldung bei der Berufsgenossenschaft",
        "where": "die für Ihre Branche zuständige Berufsgenossenschaft",
        "explanation": (
            "Jedes Unternehmen meldet sich innerhalb einer Woche nach Beginn bei der zuständigen "
            "Berufsgenossenschaft (gesetzliche Unfallversicherung). Welche zuständig ist, sagt die "
            "Infoline der DGUV."
        ),
        "link_url": "https://www.dguv.de/",
        "conditions": {},
    },
    {
        "code": "betriebsnummer",
        "title": "Betriebsnummer der Bundesagentur für Arbeit",
        "where": "Betriebsnummern-Service der Bundesagentur für Arbeit",
        "explanation": (
            "Bevor Sie die erste Person beschäftigen – auch im Minijob –, beantragen Sie eine "
            "Betriebsnummer. Mit ihr melden Sie Ihre Beschäftigten bei der Krankenkasse an."
        ),
        "link_url": "https://www.arbeitsagentur.de/unternehmen/betriebsnummern-service",
        "conditions": {"employees": ["yes"]},
    },
    {
        "code": "lebensmittelueberwachung",
        "title": "Registrierung als Lebensmittelunternehmen",
        "where": "Lebensmittelüberwachung der Stadt",
        "explanation": (
            "Wer Lebensmittel herstellt, behandelt oder verkauft, lässt den Betrieb vor Beginn bei der "
            "Lebensmittelüberwachung registrieren. Wer mit offenen Lebensmitteln arbeitet, braucht "
            "außerdem eine Belehrung nach § 43 Infektionsschutzgesetz beim Gesundheitsamt."
        ),
        "conditions": {"food": ["yes"]},
    },
    {
        "code": "nutzungsaenderung",
        "title": "Baurechtliche Genehmigung der Räume prüfen",
        "where": "Bauaufsicht der Stadt",
        "explanation": (
            "Sind die Räume bisher nicht als Gaststätte genehmigt, braucht die neue Nutzung eine "
            "Baugenehmigung. Fragen Sie die Bauaufsicht, bevor Sie einen Mietvertrag unterschreiben."
        ),
        "conditions": {"activity": ["hospitality"], "premises": ["premises"]},
    },
]


@transaction.atomic
def guide_rules_load() -> None:
    """Add the demo city's checklist rules that are missing; rules an admin edited stay as they are."""
    services = {service.slug: service for service in Service.objects.all()}
    for position, data in enumerate(GUIDE_RULES, start=1):
        fields = dict(data)
        code = fields.pop("code")
        slug = fields.pop("service", None)
        if slug is not None:
            fields["service"] = services[slug]
        GuideRule.objects.get_or_create(code=code, defaults={**fields, "position": position * 10})
