"""Invented but realistic cases: the demo workspace (``seed_demo``) and the inbox benchmark share them.

Everything here is made up from lists of common German (and other) first names, surnames,
trades and the streets of the demo city; addresses use reserved ``.example`` domains. No record
describes a real person. The answers have the shape the Gewerbeanmeldung wizard stores, and the
snapshot, title and search text come from the application's own functions, so an invented case
looks to every reader (case page, PDF, search) like a submitted one.

``CaseGenerator.case`` gives one case with its history: the status is reached through moves
declared in ``services.workflow.transitions``, each recorded as the event ``case_transition``
writes, with assignment, due date, paused clock and the message thread that go with it.
The writers decide how rows reach the database: ``demo_cases_seed`` uses the ORM (any
database), the benchmark uses PostgreSQL's COPY.
"""

import functools
import json
import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext

from forms.applications import application_for
from forms.applications.gewerbeanmeldung.choices import REASONS_WITH_PREVIOUS_OWNER
from forms.steps.countries import country_free_movement
from forms.steps.legal_forms import LEGAL_FORMS
from forms.steps.residence import residence_key
from portal.accounts.models import Role, User
from services.cases.models import Case, CaseEvent, CaseMessage, ReferenceCounter
from services.cases.search import search_fold, search_text_build
from services.catalog.models import Department, Service
from services.workflow.transitions import TRANSITIONS, CaseStatus

# --- Word lists -----------------------------------------------------------------------------
# Frequent surnames appear more than once, so that they are as common as in a real register.

SURNAMES = (
    ["Müller"] * 6
    + ["Schmidt"] * 5
    + ["Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann"] * 3
    + ["Schäfer", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann"] * 2
    + [
        "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner",
        "Schmitz", "Krause", "Meier", "Lehmann", "Schmid", "Schulze", "Maier", "Köhler", "Herrmann", "König",
        "Walter", "Mayer", "Huber", "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller", "Weiß", "Jung",
        "Hahn", "Schubert", "Vogel", "Friedrich", "Keller", "Günther", "Frank", "Berger", "Winkler", "Roth",
        "Beck", "Lorenz", "Baumann", "Franke", "Albrecht", "Schuster", "Simon", "Ludwig", "Böhm", "Winter",
        "Kraus", "Martin", "Schumacher", "Krämer", "Vogt", "Stein", "Jäger", "Otto", "Sommer", "Groß",
        "Seidel", "Heinrich", "Brandt", "Haas", "Schreiber", "Graf", "Schulte", "Dietrich", "Ziegler", "Kuhn",
        "Kühn", "Pohl", "Engel", "Horn", "Busch", "Bergmann", "Thomas", "Voigt", "Sauer", "Arnold", "Wolff",
        "Pfeiffer", "Hölscher", "Janßen", "Verhoeven", "Terhorst", "Tenbrink", "Görtz", "Thönnissen", "Dröge",
        "Öztürk", "Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Nowak", "Kowalski", "Wiśniewski", "Popescu",
        "Ivanović", "Rossi", "Esposito", "Nguyen", "Papadopoulos", "Haddad", "Kovač", "Bondarenko", "García",
    ]
)  # fmt: skip
GIVEN_NAMES_FEMALE = [
    "Anna", "Maria", "Julia", "Laura", "Sarah", "Lena", "Lea", "Hannah", "Sophie", "Katharina", "Sandra",
    "Stefanie", "Nicole", "Sabine", "Claudia", "Jana", "Jülide", "Zofia", "Elif", "Ayşe", "Chiara", "Mareike",
    "Jördis", "Björna", "Ann-Kathrin", "Franziska", "Gül", "Marta", "Svenja", "Birgit", "Ute", "Renée",
]  # fmt: skip
GIVEN_NAMES_MALE = [
    "Thomas", "Michael", "Andreas", "Stefan", "Christian", "Jan", "Tobias", "Lukas", "Jonas", "Felix",
    "Maximilian", "Daniel", "Markus", "Sebastian", "Jörg", "Jürgen", "Björn", "Sören", "Mehmet", "Emre",
    "Piotr", "Marco", "Luca", "Minh", "Karim", "Nikolai", "Uwe", "Dirk", "Hans-Peter", "Timo", "Fabian", "Ömer",
]  # fmt: skip
# Streets and postcodes of the demo city (Krefeld).
STREETS = [
    "Ostwall", "Westwall", "Südwall", "Nordwall", "Rheinstraße", "Hochstraße", "Dionysiusstraße",
    "Uerdinger Straße", "Moerser Straße", "Kölner Straße", "Gladbacher Straße", "Hülser Straße",
    "St.-Töniser Straße", "Oppumer Straße", "Philadelphiastraße", "Friedrichstraße", "Neusser Straße",
    "Mühlenstraße", "Königstraße", "Lewerentzstraße", "Breite Straße", "Marktstraße", "Schönwasserstraße",
    "Bockumer Platz", "Dießemer Bruch", "Düsseldorfer Straße", "Kempener Allee", "Luisenplatz",
]  # fmt: skip
POSTCODES = ["47798", "47799", "47800", "47802", "47803", "47804", "47805", "47807", "47809", "47829", "47839"]
BIRTH_PLACES = [
    ("Krefeld", "DE"), ("Krefeld", "DE"), ("Düsseldorf", "DE"), ("Mönchengladbach", "DE"), ("Duisburg", "DE"),
    ("Köln", "DE"), ("Neuss", "DE"), ("Viersen", "DE"), ("Essen", "DE"), ("München", "DE"), ("Lübeck", "DE"),
    ("Istanbul", "TR"), ("Ankara", "TR"), ("Kraków", "PL"), ("Bari", "IT"), ("Thessaloniki", "GR"),
    ("Venlo", "NL"), ("Timișoara", "RO"), ("Aleppo", "SY"), ("Hanoi", "VN"), ("Kyjiw", "UA"),
]  # fmt: skip
MAIL_DOMAINS = ["mail.example", "post.example", "web.example", "posteo.example"]


@dataclass(frozen=True)
class Trade:
    """A kind of business: how such businesses are called, what they do, and what it takes."""

    names: tuple[str, ...]  # "{surname}" and "{place}" are filled in
    activity: str
    wz_code: str
    kinds: tuple[str, ...]
    permit: str = ""  # a PERMIT_KIND_CHOICES code where the activity needs one
    craft: bool = False


TRADES = [
    Trade(("Café {place}", "Kaffeehaus {surname}"), "Betrieb eines Cafés mit Ausschank von Kaffee, Kuchen und alkoholfreien Getränken", "56.10.1", ("other",)),  # noqa: E501
    Trade(("Gaststätte Zum {place}", "Brauhaus {surname}"), "Betrieb einer Schankwirtschaft mit Ausschank alkoholischer Getränke", "56.30.0", ("other",), permit="gastg"),  # noqa: E501
    Trade(("Bäckerei {surname}", "Backstube am {place}"), "Herstellung und Verkauf von Backwaren", "10.71.1", ("craft", "retail"), craft=True),  # noqa: E501
    Trade(("Friseursalon {surname}", "Haarwerk {place}"), "Friseurhandwerk: Haarschnitte, Färben, Pflege", "96.02.1", ("craft",), craft=True),  # noqa: E501
    Trade(("Kfz-Werkstatt {surname}", "Autoservice {place}"), "Reparatur und Wartung von Kraftfahrzeugen", "45.20.1", ("craft",), craft=True),  # noqa: E501
    Trade(("{surname} Haustechnik", "Sanitär {surname}"), "Installation von Heizungs-, Lüftungs- und Sanitäranlagen", "43.22.0", ("craft",), craft=True),  # noqa: E501
    Trade(("{surname} IT-Beratung", "Rheindigital {place}"), "Softwareentwicklung und IT-Beratung für kleine Unternehmen", "62.01.9", ("other",)),  # noqa: E501
    Trade(("Blumenhaus {surname}", "Blütenzauber {place}"), "Einzelhandel mit Blumen, Pflanzen und Geschenkartikeln", "47.76.1", ("retail",)),  # noqa: E501
    Trade(("{surname} Immobilien", "Wohnwert {place}"), "Vermittlung von Wohn- und Gewerbeimmobilien", "68.31.1", ("agency",), permit="34c"),  # noqa: E501
    Trade(("Sicherheitsdienst {surname}", "Wachschutz {place}"), "Bewachung von Objekten und Veranstaltungen", "80.10.0", ("other",), permit="34a"),  # noqa: E501
    Trade(("Versicherungsbüro {surname}",), "Vermittlung von Versicherungen als Versicherungsmakler", "66.22.0", ("agency",), permit="34d"),  # noqa: E501
    Trade(("{surname} Gebäudereinigung", "Glanzwerk {place}"), "Reinigung von Büros, Treppenhäusern und Glasflächen", "81.22.9", ("other",)),  # noqa: E501
    Trade(("Onlineshop {surname}", "{place} Manufaktur"), "Online-Einzelhandel mit handgefertigten Lederwaren", "47.91.1", ("retail",)),  # noqa: E501
    Trade(("Kiosk am {place}", "Trinkhalle {surname}"), "Verkauf von Zeitschriften, Tabakwaren, Getränken und Süßwaren", "47.26.0", ("retail",)),  # noqa: E501
    Trade(("Umzüge {surname}", "{place} Transporte"), "Güterbeförderung im Straßenverkehr und Umzugsdienstleistungen", "49.42.0", ("other",)),  # noqa: E501
    Trade(("Nagelstudio {place}", "Kosmetik {surname}"), "Kosmetik und Nagelpflege", "96.02.2", ("other",)),
    Trade(("Großhandel {surname}",), "Großhandel mit Obst, Gemüse und Kartoffeln", "46.31.0", ("wholesale",)),
    Trade(("Fotostudio {surname}",), "Porträt- und Werbefotografie", "74.20.1", ("other",)),
]  # fmt: skip
PLACES = ["Rheinblick", "Ostwall", "Stadtgarten", "Dionysiusplatz", "Nordbahnhof", "Uerdingen", "Hüls", "Bockum",
          "Fischeln", "Linn", "Oppum", "Stadtwald", "Königshof", "Südpark"]  # fmt: skip
# (legal form code, weight): most founders start alone.
LEGAL_FORM_WEIGHTS = [("einzelunternehmen", 62), ("gbr", 8), ("gmbh", 14), ("ug", 8), ("ek", 4), ("ohg", 1),
                      ("gmbh_co_kg", 2), ("partg", 1)]  # fmt: skip
# (reason code, weight) of the Gewerbeanmeldung.
REASON_WEIGHTS = [("new", 76), ("takeover_purchase", 7), ("takeover_lease", 5), ("relocation", 7),
                  ("legal_form_change", 3), ("partner_joining", 2)]  # fmt: skip
NON_EU = {"TR", "SY", "VN", "UA"}
INFORMATION_REQUESTS = [
    "Bitte reichen Sie eine gut lesbare Kopie der Rückseite Ihres Personalausweises nach.",
    "Der Handelsregisterauszug ist älter als drei Monate. Bitte senden Sie einen aktuellen Auszug.",
    "Bitte beschreiben Sie die Tätigkeit genauer: Welche Waren oder Leistungen bieten Sie an?",
    "Für die angegebene Tätigkeit benötigen wir die Erlaubnis nach der Gewerbeordnung. Bitte laden Sie sie hoch.",
    "Bitte bestätigen Sie die Anschrift der Betriebsstätte; die Hausnummer fehlt im Mietvertrag.",
]
INFORMATION_ANSWERS = [
    "Guten Tag, anbei die gewünschte Unterlage. Viele Grüße",
    "Die Tätigkeit umfasst ausschließlich den Verkauf im Ladenlokal, keinen Versandhandel.",
    "Ich habe den aktuellen Auszug hochgeladen. Bei Fragen erreichen Sie mich telefonisch.",
    "Die Hausnummer ist korrekt, der Vermieter hat den Vertrag berichtigt (siehe Anhang).",
]
DECISION_TEXTS = {
    "reject": "Die erforderliche Erlaubnis wurde trotz Nachforderung nicht vorgelegt.",
    "forward": "Zuständig ist die Handwerkskammer Düsseldorf; wir haben Ihren Antrag dorthin weitergeleitet.",
}

for _word in [*SURNAMES, *GIVEN_NAMES_FEMALE, *GIVEN_NAMES_MALE, *STREETS, *PLACES]:
    # The fast path puts these into JSON text unescaped.
    assert '"' not in _word and "\\" not in _word, _word


# --- Content: answers, snapshot, title and search text --------------------------------------


@functools.lru_cache(maxsize=4096)
def _folded(term: str) -> str:
    return search_text_build([term])


def _fold_term(term: str) -> str:
    # Plain ASCII (e-mail addresses, most of them unique) folds to lower case only.
    return term.lower() if term.isascii() else _folded(term)


def _search_text(terms: list[str]) -> str:
    # What case_submit stores, term by term, with the folding of the few hundred words that
    # recur cached: folding each case afresh would take most of a million-case seed.
    seen = []
    for term in terms:
        if term and term not in seen:
            seen.append(term)
    return " ".join(_fold_term(term) for term in seen)


@functools.lru_cache(maxsize=4096)
def _slug(text: str) -> str:
    folded = search_fold(text)
    return "".join(c if c.isalnum() else "-" for c in folded if c.isascii()).strip("-").replace("--", "-")


@dataclass(frozen=True)
class Founder:
    given_names: str
    surname: str
    email: str
    female: bool

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.surname}"


@dataclass(frozen=True)
class CaseContent:
    answers: str  # JSON
    summary: str  # JSON
    title: str
    search_text: str
    form_version: str


@dataclass
class _Shape:
    """One combination of legal form, persons, trade and reason, with placeholders for the words
    that differ from case to case; its snapshot is taken once and filled in for each case."""

    trade: Trade
    females: list[bool]  # per person
    company_marker: str  # "" where the legal form has no registered name
    answers: str
    summary: str
    title: str
    terms: list[str]


def _placeholder(name: str) -> str:
    return f"⟦{name}⟧"


def _format_template(text: str) -> str:
    # The snapshot as a str.format template: braces of the JSON doubled, placeholders made fields.
    text = text.replace("{", "{{").replace("}", "}}")
    return text.replace("⟦", "{").replace("⟧", "}")


class CaseGenerator:
    """Makes invented cases of the demo city; the same seed gives the same cases."""

    def __init__(self, *, seed: int = 2026, shapes: int = 240, now: datetime | None = None):
        self.rng = random.Random(seed)
        self._count = 0
        self.now = now or timezone.now()
        self.application = application_for("gewerbeanmeldung")
        shaped = [self._shape() for _ in range(shapes)]
        # The founder is the first person: their shape must agree with their given name.
        self.shapes = {female: [s for s in shaped if s.females[0] == female] for female in (False, True)}

    # A shape: the same code the wizard runs makes the snapshot, title and search terms.
    def _shape(self) -> _Shape:
        rng = self.rng
        self._count += 1
        females = []
        legal_form = LEGAL_FORMS[_weighted(rng, LEGAL_FORM_WEIGHTS)]
        trade = rng.choice(TRADES)
        count = rng.choice([legal_form.min_persons, legal_form.min_persons, min(legal_form.max_persons, 3)])
        count = max(legal_form.min_persons, min(count, legal_form.max_persons))
        reason = _weighted(rng, REASON_WEIGHTS)
        answers: dict[str, Any] = {"owner": {"legal_form": legal_form.code}}
        marker = legal_form.name_markers[0] if legal_form.name_markers else ""
        if legal_form.has_company_name:
            number = rng.randint(1000, 19999)
            answers["register"] = {
                "company_name": f"{_placeholder('company')} {marker}".strip(),
                "registration_pending": False,
                "register_court": "Krefeld" if legal_form.register_type else "",
                "register_type": legal_form.register_type or "",
                "register_number": str(number) if legal_form.register_type else "",
                "register_entry": f"Krefeld {legal_form.register_type} {number}" if legal_form.register_type else "",
            }
        persons = []
        residence: dict[str, Any] = {}
        for index in range(count):
            female = self._count % 2 == 0 if index == 0 else rng.random() < 0.45
            place, birth_country = rng.choice(BIRTH_PLACES)
            nationality = birth_country if rng.random() < 0.7 else "DE"
            born = date(self.now.year - rng.randint(19, 68), rng.randint(1, 12), rng.randint(1, 28))
            females.append(female)
            persons.append(
                {
                    "surname": _placeholder(f"surname{index}"),
                    "given_names": _placeholder(f"given{index}"),
                    "birth_name": "",
                    "sex": "female" if female else "male",
                    "nationality": nationality,
                    "date_of_birth": born.isoformat(),
                    "place_of_birth": place,
                    "birth_country": birth_country,
                    "street": _placeholder(f"street{index}"),
                    "house_number": _placeholder(f"house{index}"),
                    "postcode": rng.choice(POSTCODES),
                    "city": "Krefeld",
                    "country": "DE",
                    "phone": f"02151 {rng.randint(100000, 999999)}",
                    "email": _placeholder(f"email{index}"),
                }
            )
            if not country_free_movement(nationality):
                residence[residence_key(index, "title_kind")] = rng.choice(["settlement_permit", "permanent_eu"])
                # Living in Krefeld: the city's foreigners' authority, chosen as in the wizard.
                residence[residence_key(index, "authority_office")] = "city"
                residence[residence_key(index, "authority")] = ""
                residence[residence_key(index, "issue_date")] = (
                    self.now.date() - timedelta(days=rng.randint(200, 3000))
                ).isoformat()
                residence[residence_key(index, "valid_until")] = None
                residence[residence_key(index, "self_employment")] = "yes"
                residence[residence_key(index, "conditions")] = ""
        answers["persons"] = persons
        if residence:
            answers["residence"] = residence
        answers["premises"] = {
            "trade_name": _placeholder("trade"),
            "street": _placeholder("bstreet"),
            "house_number": _placeholder("bhouse"),
            "postcode": rng.choice(POSTCODES),
            "city": "Krefeld",
            "phone": f"02151 {rng.randint(10, 99)}{rng.randint(1000, 9999)}",
            "email": _placeholder("bemail"),
            "website": _placeholder("website") if rng.random() < 0.5 else "",
        }
        answers["activity"] = {"activity": trade.activity, "wz_code": trade.wz_code}
        answers["operation"] = {
            "start_date": (self.now.date() + timedelta(days=rng.randint(0, 30))).isoformat(),
            "business_kinds": list(trade.kinds),
            "side_business": "yes" if rng.random() < 0.25 else "no",
            "employees_full_time": rng.choice([0, 0, 0, 1, 2, 3, 5, 8]),
            "employees_part_time": rng.choice([0, 0, 1, 2, 4]),
        }
        branch = rng.random() >= 0.9
        answers["establishment"] = {"establishment": "branch" if branch else "main", "public_holding": "no"}
        if branch or legal_form.code == "ag":
            answers["manager"] = {
                "surname": rng.choice(SURNAMES),
                "given_names": rng.choice(GIVEN_NAMES_MALE),
                "street": _placeholder("mstreet"),
                "house_number": _placeholder("mhouse"),
                "postcode": rng.choice(POSTCODES),
                "city": "Krefeld",
            }
        if branch:
            answers["main_establishment"] = {
                "main_establishment": f"Königsallee {rng.randint(1, 90)}, 40212 Düsseldorf"
            }
        answers["reason"] = {"reason": reason}
        if reason == "relocation":
            answers["previous_premises"] = {"previous_address": f"Königsallee {rng.randint(1, 90)}, 40212 Düsseldorf"}
        if reason in REASONS_WITH_PREVIOUS_OWNER:
            answers["previous_owner"] = {
                "previous_owner": f"{rng.choice(GIVEN_NAMES_MALE)} {rng.choice(SURNAMES)}",
                "previous_trade_name": trade.names[0].format(surname=rng.choice(SURNAMES), place=rng.choice(PLACES)),
            }
        answers["permits"] = {
            "needs_permit": "yes" if trade.permit else "no",
            "craft_register": "yes" if trade.craft else "no",
        }
        if trade.craft:
            answers["craft"] = {
                "craft_annex": "A",
                "chamber": "Handwerkskammer Düsseldorf",
                "entry_date": (self.now.date() - timedelta(days=rng.randint(30, 3000))).isoformat(),
            }
        if trade.permit:
            answers["permit"] = {
                "permit_kind": trade.permit,
                "permit_kind_other": "",
                "authority": "Stadt Krefeld, Fachbereich Ordnung",
                "issue_date": (self.now.date() - timedelta(days=rng.randint(20, 400))).isoformat(),
                "permit_number": f"{trade.permit.upper()}-{rng.randint(100, 9999)}",
            }
        answers["review"] = {"declaration": True}
        summary = json.dumps(self.application.summary_snapshot(answers), ensure_ascii=False)
        return _Shape(
            trade=trade,
            females=females,
            company_marker=marker if legal_form.has_company_name else "",
            answers=_format_template(json.dumps(answers, ensure_ascii=False)),
            summary=_format_template(summary),
            title=_format_template(self.application.case_title(answers)),
            terms=[_format_template(term) for term in self.application.search_terms(answers)],
        )

    def content(self, *, founder: "Founder") -> CaseContent:
        """One case's answers and snapshot; the founder is its first person."""
        rng = self.rng
        shape = rng.choice(self.shapes[founder.female])
        values: dict[str, str] = {}
        for index, female in enumerate(shape.females):
            if index == 0:
                given, name = founder.given_names, founder.surname
            else:
                name = rng.choice(SURNAMES)
                given = rng.choice(GIVEN_NAMES_FEMALE if female else GIVEN_NAMES_MALE)
            values[f"surname{index}"] = name
            values[f"given{index}"] = given
            values[f"street{index}"] = rng.choice(STREETS)
            values[f"house{index}"] = str(rng.randint(1, 180))
            values[f"email{index}"] = (
                founder.email
                if index == 0
                else f"{_slug(given)}.{_slug(name)}{rng.randint(1, 99)}@{rng.choice(MAIL_DOMAINS)}"
            )
        place = rng.choice(PLACES)
        trade_name = rng.choice(shape.trade.names).format(surname=values["surname0"], place=place)
        values["trade"] = trade_name
        values["company"] = f"{values['surname0']} {place}" if shape.company_marker else ""
        values["bstreet"] = rng.choice(STREETS)
        values["bhouse"] = str(rng.randint(1, 180))
        values["mstreet"] = rng.choice(STREETS)
        values["mhouse"] = str(rng.randint(1, 180))
        slug = _slug(trade_name)
        values["bemail"] = f"info@{slug}.example"
        values["website"] = f"https://{slug}.example"
        title = shape.title.format_map(values)
        terms = [term.format_map(values) for term in shape.terms]
        return CaseContent(
            answers=shape.answers.format_map(values),
            summary=shape.summary.format_map(values),
            title=title[:200],
            search_text=_search_text([title, founder.email, *terms]),
            form_version=self.application.version,
        )

    def founder(self, number: int) -> "Founder":
        """A founder; ``number`` makes the e-mail address unique."""
        rng = self.rng
        surname = rng.choice(SURNAMES)
        female = rng.random() < 0.45
        given = rng.choice(GIVEN_NAMES_FEMALE if female else GIVEN_NAMES_MALE)
        email = f"{_slug(given)}.{_slug(surname)}.{number}@{rng.choice(MAIL_DOMAINS)}"
        return Founder(given_names=given, surname=surname, email=email, female=female)

    # --- History --------------------------------------------------------------------------

    def status_for_age(self, age: timedelta) -> str:
        """Young cases are mostly open, older ones decided; a few old ones were forgotten."""
        days = age.total_seconds() / 86400
        if days < 3:
            weights = [(CaseStatus.SUBMITTED, 55), (CaseStatus.IN_REVIEW, 35), (CaseStatus.INFORMATION_REQUESTED, 5),
                       (CaseStatus.APPROVED, 3), (CaseStatus.WITHDRAWN, 2)]  # fmt: skip
        elif days < 30:
            weights = [(CaseStatus.SUBMITTED, 8), (CaseStatus.IN_REVIEW, 22), (CaseStatus.INFORMATION_REQUESTED, 12),
                       (CaseStatus.APPROVED, 45), (CaseStatus.REJECTED, 4), (CaseStatus.FORWARDED, 4),
                       (CaseStatus.WITHDRAWN, 5)]  # fmt: skip
        elif days < 120:
            weights = [(CaseStatus.SUBMITTED, 1), (CaseStatus.IN_REVIEW, 3), (CaseStatus.INFORMATION_REQUESTED, 3),
                       (CaseStatus.APPROVED, 78), (CaseStatus.REJECTED, 6), (CaseStatus.FORWARDED, 4),
                       (CaseStatus.WITHDRAWN, 5)]  # fmt: skip
        else:
            weights = [(CaseStatus.IN_REVIEW, 0.2), (CaseStatus.INFORMATION_REQUESTED, 0.3), (CaseStatus.APPROVED, 84),
                       (CaseStatus.REJECTED, 7), (CaseStatus.FORWARDED, 3.5), (CaseStatus.WITHDRAWN, 5)]  # fmt: skip
        return _weighted(self.rng, weights)

    def history(
        self,
        *,
        status: str,
        submitted_at: datetime,
        applicant_id: int,
        clerks: list[int],
        processing_days: int,
        department_code: str,
        routing_rule: str,
    ) -> "CaseHistory":
        """The moves that bring a new case to ``status``, with the fields and rows they leave behind."""
        rng = self.rng
        now = self.now
        history = CaseHistory(status=status)
        clock = submitted_at

        def later(hours_min: float, hours_max: float) -> datetime:
            nonlocal clock
            step = timedelta(hours=rng.uniform(hours_min, hours_max))
            # Never in the future: the remaining moves squeeze into the time there is.
            clock = min(clock + step, max(clock, now - timedelta(seconds=1)))
            return clock

        def event(kind: str, at: datetime, actor: int | None, data: dict[str, Any]) -> None:
            history.events.append((kind, at, actor, data))

        def move(name: str, actor: int | None, at: datetime) -> None:
            transition = TRANSITIONS[name]
            event(
                CaseEvent.Kind.TRANSITION,
                at,
                actor,
                {"transition": name, "from": history.path[-1], "to": transition.target},
            )
            history.path.append(transition.target)

        event(CaseEvent.Kind.SUBMITTED, submitted_at, applicant_id, {"attachments": rng.randint(1, 3)})
        history.routed_at = submitted_at + timedelta(seconds=rng.randint(1, 20))
        event(CaseEvent.Kind.ROUTED, history.routed_at, None, {"department": department_code, "rule": routing_rule})
        event(CaseEvent.Kind.PDF_RENDERED, history.routed_at + timedelta(seconds=2), None, {})
        history.receipt_sent_at = history.routed_at + timedelta(seconds=3)
        event(CaseEvent.Kind.RECEIPT_SENT, history.receipt_sent_at, None, {})
        history.due_date = working_days_after(submitted_at.date(), processing_days)
        event(CaseEvent.Kind.DUE_DATE_SET, history.receipt_sent_at, None, {"due_date": history.due_date.isoformat()})

        clerk = rng.choice(clerks) if clerks else None
        if status == CaseStatus.SUBMITTED:
            if clerk is not None and rng.random() < 0.3:
                history.assignee = clerk
                event(CaseEvent.Kind.ASSIGNED, later(0.5, 20), clerk, {"assignee": clerk})
            return history
        if status == CaseStatus.WITHDRAWN and rng.random() < 0.4:
            move("withdraw", applicant_id, later(2, 72))
            history.decided_at = clock
            return history

        if clerk is not None:
            history.assignee = clerk
            event(CaseEvent.Kind.ASSIGNED, later(0.5, 30), clerk, {"assignee": clerk})
        move("start_review", clerk, later(0.2, 24))
        asks = status == CaseStatus.INFORMATION_REQUESTED or rng.random() < 0.18
        if asks:
            asked_at = later(1, 48)
            text = rng.choice(INFORMATION_REQUESTS)
            move("request_information", clerk, asked_at)
            history.messages.append((CaseMessage.Direction.TO_FOUNDER, clerk, text, "request_information", asked_at))
            event(CaseEvent.Kind.MESSAGE_SENT, asked_at, clerk, {"transition": "request_information"})
            if status == CaseStatus.INFORMATION_REQUESTED:
                history.clock_paused_at = asked_at
                return history
            if status == CaseStatus.WITHDRAWN:
                move("withdraw", applicant_id, later(24, 24 * 10))
                history.decided_at = clock
                return history
            answered_at = later(12, 24 * 12)
            history.due_date += timedelta(days=(answered_at.date() - asked_at.date()).days)
            answer = rng.choice(INFORMATION_ANSWERS)
            history.messages.append(
                (CaseMessage.Direction.FROM_FOUNDER, applicant_id, answer, "provide_information", answered_at)
            )
            move("provide_information", applicant_id, answered_at)
            event(CaseEvent.Kind.MESSAGE_SENT, answered_at, applicant_id, {"transition": "provide_information"})
        if status == CaseStatus.IN_REVIEW:
            return history
        if status == CaseStatus.WITHDRAWN:
            move("withdraw", applicant_id, later(2, 24 * 5))
            history.decided_at = clock
            return history
        decision = {CaseStatus.APPROVED: "approve", CaseStatus.REJECTED: "reject", CaseStatus.FORWARDED: "forward"}[
            status
        ]
        decided_at = later(0.5, 24 * max(1, processing_days) * 0.8)
        if decision in DECISION_TEXTS:
            history.messages.append(
                (CaseMessage.Direction.TO_FOUNDER, clerk, DECISION_TEXTS[decision], decision, decided_at)
            )
        move(decision, clerk, decided_at)
        history.decided_at = decided_at
        return history


@dataclass
class CaseHistory:
    """What the moves of one case leave behind: fields of the case, events and messages in order."""

    status: str
    path: list[str] = field(default_factory=lambda: [CaseStatus.SUBMITTED])
    assignee: int | None = None
    due_date: date | None = None
    clock_paused_at: datetime | None = None
    decided_at: datetime | None = None
    routed_at: datetime | None = None
    receipt_sent_at: datetime | None = None
    # (kind, created_at, actor id, data)
    events: list[tuple[str, datetime, int | None, dict[str, Any]]] = field(default_factory=list)
    # (direction, author id, text, transition, created_at)
    messages: list[tuple[str, int | None, str, str, datetime]] = field(default_factory=list)

    def __post_init__(self):
        self.path = list(self.path)


def working_days_after(start: date, days: int) -> date:
    """``days`` working days (Monday to Friday) after ``start``; good enough for invented due dates."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def _weighted(rng: random.Random, weights: list[tuple[Any, float]]) -> Any:
    return rng.choices([value for value, _ in weights], weights=[weight for _, weight in weights])[0]


# --- The demo workspace ---------------------------------------------------------------------

DEMO_CASES_PER_STATUS = 24
DEMO_STAFF_PER_DEPARTMENT = 2
# Ages (days before today) of the demo cases per status: open ones young, decided ones older.
_DEMO_AGE_DAYS = {
    CaseStatus.SUBMITTED: (0, 6),
    CaseStatus.IN_REVIEW: (0.5, 9),
    CaseStatus.INFORMATION_REQUESTED: (2, 25),
    CaseStatus.APPROVED: (3, 400),
    CaseStatus.REJECTED: (5, 400),
    CaseStatus.FORWARDED: (5, 400),
    CaseStatus.WITHDRAWN: (2, 300),
}


def demo_staff_seed(*, password: str) -> list[User]:
    """Two clerks for every department, so that each inbox has colleagues to assign to; safe to run again."""
    generator = random.Random(7)
    staff = []
    for department in Department.objects.order_by("code"):
        for number in range(1, DEMO_STAFF_PER_DEPARTMENT + 1):
            email = f"{department.code}.{number}@example.org"
            given = generator.choice(GIVEN_NAMES_FEMALE if number % 2 else GIVEN_NAMES_MALE)
            user, created = User.objects.get_or_create(
                email=email,
                defaults={
                    "full_name": f"{given} {generator.choice(SURNAMES)}",
                    "role": Role.CLERK,
                    "email_verified_at": timezone.now(),
                },
            )
            if created:
                user.set_password(password)
                user.save(update_fields=["password"])
            user.departments.add(department)
            staff.append(user)
    return staff


def _demo_key(department: Department, status: str, number: int) -> uuid.UUID:
    # A fixed submission key per demo slot: a second run finds the case instead of adding one.
    return uuid.uuid5(uuid.NAMESPACE_URL, f"gruenderportal-demo/{department.code}/{status}/{number}")


# The demo founder's own applications, so that "Meine Anträge" shows one in each stage.
DEMO_FOUNDER_STATUSES = (
    CaseStatus.SUBMITTED,
    CaseStatus.IN_REVIEW,
    CaseStatus.INFORMATION_REQUESTED,
    CaseStatus.APPROVED,
)


def demo_cases_seed(*, per_status: int = DEMO_CASES_PER_STATUS, founder: User | None = None) -> int:
    """Give every department an inbox: ``per_status`` cases in every status, with snapshot, history,
    assignments, overdue ones and message threads; and the demo ``founder`` (an account whose
    password is known) one case in each of ``DEMO_FOUNDER_STATUSES`` at the service's own department.
    Returns how many cases it added (0 on a second run).

    Cases are Gewerbeanmeldungen (the one service online), routed to each department as routing rules
    would. Their PDFs are not rendered here (seconds each): opening one renders it (``case_pdf_ensure``).
    """
    service = Service.objects.select_related("department").get(slug="gewerbeanmeldung")
    generator = CaseGenerator(seed=4711, shapes=60)
    added = 0
    if founder is not None:
        added += _demo_founder_cases_seed(generator, service, founder)
    for department in Department.objects.order_by("code"):
        clerks = list(
            User.objects.filter(departments=department, role__in=[Role.CLERK, Role.SUPERVISOR]).values_list(
                "pk", flat=True
            )
        )
        slots = [(status, number) for status in CaseStatus.values for number in range(per_status)]
        keys = {_demo_key(department, status, number): (status, number) for status, number in slots}
        existing = set(Case.objects.filter(submission_key__in=keys).values_list("submission_key", flat=True))
        missing = [(key, slot) for key, slot in keys.items() if key not in existing]
        if not missing:
            continue
        with transaction.atomic():
            added += _demo_department_seed(generator, service, department, clerks, missing)
    return added


def _demo_founder_cases_seed(generator, service, founder: User) -> int:
    department = service.department
    keys = {
        uuid.uuid5(uuid.NAMESPACE_URL, f"gruenderportal-demo/founder/{founder.email}/{status}"): (status, number)
        for number, status in enumerate(DEMO_FOUNDER_STATUSES)
    }
    existing = set(Case.objects.filter(submission_key__in=keys).values_list("submission_key", flat=True))
    missing = [(key, slot) for key, slot in keys.items() if key not in existing]
    if not missing:
        return 0
    given, _, surname = founder.full_name.rpartition(" ")
    # The demo founder is Gina Gründerin: the first person of her forms is a woman.
    person = Founder(given_names=given or surname, surname=surname, email=founder.email, female=True)
    clerks = list(
        User.objects.filter(departments=department, role__in=[Role.CLERK, Role.SUPERVISOR]).values_list("pk", flat=True)
    )
    with transaction.atomic():
        return _demo_department_seed(generator, service, department, clerks, missing, founder=(founder, person))


def _demo_department_seed(generator, service, department, clerks, missing, founder=None) -> int:
    """Write the ``missing`` (key, (status, number)) cases; ``founder`` (user, Founder) files them
    all, or else each has an invented founder who cannot log in."""
    with translation.override(settings.LANGUAGE_CODE):
        if department.pk == service.department_id:
            reason = gettext("The service catalog names %(department)s as responsible for %(service)s.") % {
                "department": department.name,
                "service": service.name,
            }
            rule = "catalog"
        else:
            reason = f"Regel 1: Betriebsstätte im Zuständigkeitsbereich → {department.name}"
            rule = "demo-rule"
    now = generator.now
    planned = []
    for key, (status, number) in missing:
        low, high = _DEMO_AGE_DAYS[status]
        submitted_at = now - timedelta(days=generator.rng.uniform(low, high), minutes=number)
        planned.append((key, status, submitted_at))
    planned.sort(key=lambda item: item[2])
    references = _references_reserve(service=service, years=[submitted_at.year for _, _, submitted_at in planned])
    cases, histories = [], []
    for (key, status, submitted_at), reference in zip(planned, references, strict=True):
        if founder is not None:
            applicant, person = founder
        else:
            person = generator.founder(number=int(key.hex[:8], 16))
            # Invented founders cannot log in: nobody knows a password for them.
            applicant, _ = User.objects.get_or_create(
                email=person.email,
                defaults={
                    "full_name": person.full_name,
                    "password": make_password(None),
                    "email_verified_at": submitted_at,
                },
            )
        content = generator.content(founder=person)
        history = generator.history(
            status=status,
            submitted_at=submitted_at,
            applicant_id=applicant.pk,
            clerks=clerks,
            processing_days=service.processing_days,
            department_code=department.code,
            routing_rule=rule,
        )
        cases.append(
            Case(
                submission_key=key,
                reference=reference,
                service=service,
                applicant=applicant,
                status=status,
                answers=json.loads(content.answers),
                summary=json.loads(content.summary),
                form_version=content.form_version,
                title=content.title,
                search_text=content.search_text,
                submitted_at=submitted_at,
                department=department,
                routing_reason=reason,
                routed_at=history.routed_at,
                receipt_sent_at=history.receipt_sent_at,
                assignee_id=history.assignee,
                due_date=history.due_date,
                clock_paused_at=history.clock_paused_at,
                decided_at=history.decided_at,
            )
        )
        histories.append(history)
    Case.objects.bulk_create(cases)
    events, messages = [], []
    for case, history in zip(cases, histories, strict=True):
        for kind, at, actor, data in history.events:
            if kind == CaseEvent.Kind.PDF_RENDERED:
                continue  # not yet: opening the PDF renders it and records the event then
            events.append(CaseEvent(case=case, kind=kind, actor_id=actor, created_at=at, data=data))
        for direction, author, text, move, at in history.messages:
            messages.append(
                CaseMessage(
                    case=case,
                    author_id=author or case.applicant_id,
                    direction=direction,
                    text=text,
                    transition=move,
                    created_at=at,
                )  # fmt: skip
            )
    # auto_now_add stamps the insert time on the objects too: the history's own times are put back
    # on them and written afterwards.
    for rows, model in ((events, CaseEvent), (messages, CaseMessage)):
        times = [row.created_at for row in rows]
        model.objects.bulk_create(rows)
        for row, at in zip(rows, times, strict=True):
            row.created_at = at
        model.objects.bulk_update(rows, ["created_at"], batch_size=500)
    return len(cases)


def _references_reserve(*, service: Service, years: list[int]) -> list[str]:
    """References for cases submitted in ``years`` (in order), taken from the service's counters
    like case_submit's, so that later submissions continue after them."""
    references = []
    for year in sorted(set(years)):
        count = years.count(year)
        counter, _ = ReferenceCounter.objects.select_for_update().get_or_create(service=service, year=year)
        ReferenceCounter.objects.filter(pk=counter.pk).update(last_number=F("last_number") + count)
        first = counter.last_number + 1
        references.append((year, [f"{service.reference_prefix}-{year}-{n:06d}" for n in range(first, first + count)]))
    by_year = {year: iter(refs) for year, refs in references}
    return [next(by_year[year]) for year in years]
