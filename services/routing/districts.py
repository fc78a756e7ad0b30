"""The city districts (Stadtbezirke) of Krefeld, as far as routing needs them: by postcode.

A postcode area does not follow district borders exactly; each postcode is given to the
district that holds most of it, which is what the Bezirksstellen agreed to route by.
District names are city data (German), not UI text. Changing the table changes which
future cases a district rule matches; cases routed before keep their stored reason.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class District:
    code: str
    name: str
    postcodes: frozenset[str]


DISTRICTS: dict[str, District] = {
    d.code: d
    for d in (
        District("mitte", "Mitte", frozenset({"47798", "47799"})),
        District("nord", "Nord", frozenset({"47803"})),
        District("ost", "Ost", frozenset({"47800", "47802"})),
        District("west", "West", frozenset({"47804"})),
        District("sued", "Süd", frozenset({"47805", "47806"})),
        District("fischeln", "Fischeln", frozenset({"47807"})),
        District("oppum-linn", "Oppum-Linn", frozenset({"47809"})),
        District("uerdingen", "Uerdingen", frozenset({"47829"})),
        District("huels", "Hüls", frozenset({"47839"})),
    )
}

DISTRICT_CHOICES = [(d.code, d.name) for d in DISTRICTS.values()]

_DISTRICT_BY_POSTCODE = {postcode: d.code for d in DISTRICTS.values() for postcode in d.postcodes}


def district_for_postcode(postcode: str | None) -> str:
    """The code of the district a postcode belongs to; "" for a postcode outside the table."""
    return _DISTRICT_BY_POSTCODE.get((postcode or "").strip(), "")
