"""Countries (ISO 3166-1 alpha-2) for nationality and address, with German and English names.

Kept as data: the wizard needs only the name in the two portal languages and whether
the country's nationals enjoy free movement in Germany (EU, EEA and Switzerland), which
decides whether a residence title is asked for.
"""

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Country:
    code: str
    name_en: str
    name_de: str
    free_movement: bool = False  # EU, EEA or Switzerland


GERMANY = "DE"
# ICAO's code for an unspecified nationality; used for stateless persons.
STATELESS = "XX"

_FM = True
COUNTRIES: tuple[Country, ...] = (
    Country("AF", "Afghanistan", "Afghanistan"),
    Country("EG", "Egypt", "Ägypten"),
    Country("AL", "Albania", "Albanien"),
    Country("DZ", "Algeria", "Algerien"),
    Country("AD", "Andorra", "Andorra"),
    Country("AO", "Angola", "Angola"),
    Country("AG", "Antigua and Barbuda", "Antigua und Barbuda"),
    Country("GQ", "Equatorial Guinea", "Äquatorialguinea"),
    Country("AR", "Argentina", "Argentinien"),
    Country("AM", "Armenia", "Armenien"),
    Country("AZ", "Azerbaijan", "Aserbaidschan"),
    Country("ET", "Ethiopia", "Äthiopien"),
    Country("AU", "Australia", "Australien"),
    Country("BS", "Bahamas", "Bahamas"),
    Country("BH", "Bahrain", "Bahrain"),
    Country("BD", "Bangladesh", "Bangladesch"),
    Country("BB", "Barbados", "Barbados"),
    Country("BY", "Belarus", "Belarus"),
    Country("BE", "Belgium", "Belgien", _FM),
    Country("BZ", "Belize", "Belize"),
    Country("BJ", "Benin", "Benin"),
    Country("BT", "Bhutan", "Bhutan"),
    Country("BO", "Bolivia", "Bolivien"),
    Country("BA", "Bosnia and Herzegovina", "Bosnien und Herzegowina"),
    Country("BW", "Botswana", "Botsuana"),
    Country("BR", "Brazil", "Brasilien"),
    Country("BN", "Brunei Darussalam", "Brunei Darussalam"),
    Country("BG", "Bulgaria", "Bulgarien", _FM),
    Country("BF", "Burkina Faso", "Burkina Faso"),
    Country("BI", "Burundi", "Burundi"),
    Country("CV", "Cabo Verde", "Cabo Verde"),
    Country("CL", "Chile", "Chile"),
    Country("CN", "China", "China"),
    Country("CR", "Costa Rica", "Costa Rica"),
    Country("CI", "Côte d’Ivoire", "Côte d’Ivoire"),
    Country("DK", "Denmark", "Dänemark", _FM),
    Country("DE", "Germany", "Deutschland", _FM),
    Country("DM", "Dominica", "Dominica"),
    Country("DO", "Dominican Republic", "Dominikanische Republik"),
    Country("DJ", "Djibouti", "Dschibuti"),
    Country("EC", "Ecuador", "Ecuador"),
    Country("SV", "El Salvador", "El Salvador"),
    Country("ER", "Eritrea", "Eritrea"),
    Country("EE", "Estonia", "Estland", _FM),
    Country("SZ", "Eswatini", "Eswatini"),
    Country("FJ", "Fiji", "Fidschi"),
    Country("FI", "Finland", "Finnland", _FM),
    Country("FR", "France", "Frankreich", _FM),
    Country("GA", "Gabon", "Gabun"),
    Country("GM", "Gambia", "Gambia"),
    Country("GE", "Georgia", "Georgien"),
    Country("GH", "Ghana", "Ghana"),
    Country("GD", "Grenada", "Grenada"),
    Country("GR", "Greece", "Griechenland", _FM),
    Country("GT", "Guatemala", "Guatemala"),
    Country("GN", "Guinea", "Guinea"),
    Country("GW", "Guinea-Bissau", "Guinea-Bissau"),
    Country("GY", "Guyana", "Guyana"),
    Country("HT", "Haiti", "Haiti"),
    Country("HN", "Honduras", "Honduras"),
    Country("IN", "India", "Indien"),
    Country("ID", "Indonesia", "Indonesien"),
    Country("IQ", "Iraq", "Irak"),
    Country("IR", "Iran", "Iran"),
    Country("IE", "Ireland", "Irland", _FM),
    Country("IS", "Iceland", "Island", _FM),
    Country("IL", "Israel", "Israel"),
    Country("IT", "Italy", "Italien", _FM),
    Country("JM", "Jamaica", "Jamaika"),
    Country("JP", "Japan", "Japan"),
    Country("YE", "Yemen", "Jemen"),
    Country("JO", "Jordan", "Jordanien"),
    Country("KH", "Cambodia", "Kambodscha"),
    Country("CM", "Cameroon", "Kamerun"),
    Country("CA", "Canada", "Kanada"),
    Country("KZ", "Kazakhstan", "Kasachstan"),
    Country("QA", "Qatar", "Katar"),
    Country("KE", "Kenya", "Kenia"),
    Country("KG", "Kyrgyzstan", "Kirgisistan"),
    Country("KI", "Kiribati", "Kiribati"),
    Country("CO", "Colombia", "Kolumbien"),
    Country("KM", "Comoros", "Komoren"),
    Country("CG", "Congo", "Kongo"),
    Country("CD", "Congo, Democratic Republic of the", "Kongo, Demokratische Republik"),
    Country("KP", "Korea, Democratic People’s Republic of", "Korea, Demokratische Volksrepublik"),
    Country("KR", "Korea, Republic of", "Korea, Republik"),
    Country("XK", "Kosovo", "Kosovo"),
    Country("HR", "Croatia", "Kroatien", _FM),
    Country("CU", "Cuba", "Kuba"),
    Country("KW", "Kuwait", "Kuwait"),
    Country("LA", "Laos", "Laos"),
    Country("LS", "Lesotho", "Lesotho"),
    Country("LV", "Latvia", "Lettland", _FM),
    Country("LB", "Lebanon", "Libanon"),
    Country("LR", "Liberia", "Liberia"),
    Country("LY", "Libya", "Libyen"),
    Country("LI", "Liechtenstein", "Liechtenstein", _FM),
    Country("LT", "Lithuania", "Litauen", _FM),
    Country("LU", "Luxembourg", "Luxemburg", _FM),
    Country("MG", "Madagascar", "Madagaskar"),
    Country("MW", "Malawi", "Malawi"),
    Country("MY", "Malaysia", "Malaysia"),
    Country("MV", "Maldives", "Malediven"),
    Country("ML", "Mali", "Mali"),
    Country("MT", "Malta", "Malta", _FM),
    Country("MA", "Morocco", "Marokko"),
    Country("MH", "Marshall Islands", "Marshallinseln"),
    Country("MR", "Mauritania", "Mauretanien"),
    Country("MU", "Mauritius", "Mauritius"),
    Country("MX", "Mexico", "Mexiko"),
    Country("FM", "Micronesia", "Mikronesien"),
    Country("MD", "Moldova", "Moldau"),
    Country("MC", "Monaco", "Monaco"),
    Country("MN", "Mongolia", "Mongolei"),
    Country("ME", "Montenegro", "Montenegro"),
    Country("MZ", "Mozambique", "Mosambik"),
    Country("MM", "Myanmar", "Myanmar"),
    Country("NA", "Namibia", "Namibia"),
    Country("NR", "Nauru", "Nauru"),
    Country("NP", "Nepal", "Nepal"),
    Country("NZ", "New Zealand", "Neuseeland"),
    Country("NI", "Nicaragua", "Nicaragua"),
    Country("NL", "Netherlands", "Niederlande", _FM),
    Country("NE", "Niger", "Niger"),
    Country("NG", "Nigeria", "Nigeria"),
    Country("MK", "North Macedonia", "Nordmazedonien"),
    Country("NO", "Norway", "Norwegen", _FM),
    Country("OM", "Oman", "Oman"),
    Country("AT", "Austria", "Österreich", _FM),
    Country("TL", "Timor-Leste", "Timor-Leste"),
    Country("PK", "Pakistan", "Pakistan"),
    Country("PS", "Palestinian Territories", "Palästinensische Gebiete"),
    Country("PW", "Palau", "Palau"),
    Country("PA", "Panama", "Panama"),
    Country("PG", "Papua New Guinea", "Papua-Neuguinea"),
    Country("PY", "Paraguay", "Paraguay"),
    Country("PE", "Peru", "Peru"),
    Country("PH", "Philippines", "Philippinen"),
    Country("PL", "Poland", "Polen", _FM),
    Country("PT", "Portugal", "Portugal", _FM),
    Country("RW", "Rwanda", "Ruanda"),
    Country("RO", "Romania", "Rumänien", _FM),
    Country("RU", "Russian Federation", "Russische Föderation"),
    Country("SB", "Solomon Islands", "Salomonen"),
    Country("ZM", "Zambia", "Sambia"),
    Country("WS", "Samoa", "Samoa"),
    Country("SM", "San Marino", "San Marino"),
    Country("ST", "São Tomé and Príncipe", "São Tomé und Príncipe"),
    Country("SA", "Saudi Arabia", "Saudi-Arabien"),
    Country("SE", "Sweden", "Schweden", _FM),
    Country("CH", "Switzerland", "Schweiz", _FM),
    Country("SN", "Senegal", "Senegal"),
    Country("RS", "Serbia", "Serbien"),
    Country("SC", "Seychelles", "Seychellen"),
    Country("SL", "Sierra Leone", "Sierra Leone"),
    Country("ZW", "Zimbabwe", "Simbabwe"),
    Country("SG", "Singapore", "Singapur"),
    Country("SK", "Slovakia", "Slowakei", _FM),
    Country("SI", "Slovenia", "Slowenien", _FM),
    Country("SO", "Somalia", "Somalia"),
    Country("ES", "Spain", "Spanien", _FM),
    Country("LK", "Sri Lanka", "Sri Lanka"),
    Country("KN", "Saint Kitts and Nevis", "St. Kitts und Nevis"),
    Country("LC", "Saint Lucia", "St. Lucia"),
    Country("VC", "Saint Vincent and the Grenadines", "St. Vincent und die Grenadinen"),
    Country("ZA", "South Africa", "Südafrika"),
    Country("SD", "Sudan", "Sudan"),
    Country("SS", "South Sudan", "Südsudan"),
    Country("SR", "Suriname", "Suriname"),
    Country("SY", "Syria", "Syrien"),
    Country("TJ", "Tajikistan", "Tadschikistan"),
    Country("TW", "Taiwan", "Taiwan"),
    Country("TZ", "Tanzania", "Tansania"),
    Country("TH", "Thailand", "Thailand"),
    Country("TG", "Togo", "Togo"),
    Country("TO", "Tonga", "Tonga"),
    Country("TT", "Trinidad and Tobago", "Trinidad und Tobago"),
    Country("TD", "Chad", "Tschad"),
    Country("CZ", "Czechia", "Tschechien", _FM),
    Country("TN", "Tunisia", "Tunesien"),
    Country("TR", "Türkiye", "Türkei"),
    Country("TM", "Turkmenistan", "Turkmenistan"),
    Country("TV", "Tuvalu", "Tuvalu"),
    Country("UG", "Uganda", "Uganda"),
    Country("UA", "Ukraine", "Ukraine"),
    Country("HU", "Hungary", "Ungarn", _FM),
    Country("UY", "Uruguay", "Uruguay"),
    Country("UZ", "Uzbekistan", "Usbekistan"),
    Country("VU", "Vanuatu", "Vanuatu"),
    Country("VA", "Holy See (Vatican City)", "Vatikanstadt"),
    Country("VE", "Venezuela", "Venezuela"),
    Country("AE", "United Arab Emirates", "Vereinigte Arabische Emirate"),
    Country("US", "United States", "Vereinigte Staaten"),
    Country("GB", "United Kingdom", "Vereinigtes Königreich"),
    Country("VN", "Viet Nam", "Vietnam"),
    Country("CF", "Central African Republic", "Zentralafrikanische Republik"),
    Country("CY", "Cyprus", "Zypern", _FM),
)
_BY_CODE = {country.code: country for country in COUNTRIES}


def _german() -> bool:
    return (get_language() or "de").startswith("de")


def country_name(code: str) -> str:
    """The country's name in the active language; the code itself where it is not known."""
    if code == STATELESS:
        return str(_("stateless"))
    country = _BY_CODE.get(code)
    if country is None:
        return code
    return country.name_de if _german() else country.name_en


def country_free_movement(code: str) -> bool:
    """Nationals of the EU, the EEA and Switzerland need no residence title to run a business."""
    country = _BY_CODE.get(code)
    return country is not None and country.free_movement


def _sort_key(name: str) -> str:
    # "Ägypten" belongs between "Afghanistan" and "Albanien", as in a German list.
    return "".join(c for c in unicodedata.normalize("NFD", name.casefold()) if not unicodedata.combining(c))


def country_choices(*, stateless: bool = False) -> list[tuple[str, str]]:
    """Germany first, the rest by name in the active language."""
    return list(_country_choices_for(get_language() or settings.LANGUAGE_CODE, stateless))


@lru_cache(maxsize=16)
def _country_choices_for(language: str, stateless: bool) -> tuple[tuple[str, str], ...]:
    # Built once per language: every validation and rendering of a country field asks for the
    # list, and sorting ~200 names by their folded form was most of a wizard step's time.
    with translation.override(language):
        others = sorted((c for c in COUNTRIES if c.code != GERMANY), key=lambda c: _sort_key(country_name(c.code)))
        choices = [(GERMANY, country_name(GERMANY))] + [(c.code, country_name(c.code)) for c in others]
        if stateless:
            choices.append((STATELESS, country_name(STATELESS)))
    return tuple(choices)
