"""The Sondernutzungserlaubnis' summary, with the fee the founder will be charged."""

import datetime
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext

from forms.applications.base import Answers, SummaryField, SummarySection
from forms.applications.sondernutzung.steps import PERIOD_CHOICES, PLACE_CHOICES, SEASON
from forms.steps.address import address_format
from forms.steps.fields import YES_NO
from forms.steps.review import declaration_section
from services.catalog.fees import UsageFee, usage_fee_compute
from services.catalog.selectors import service_get

SLUG = "sondernutzung"


def _date(value: str) -> str:
    return datetime.date.fromisoformat(value).strftime("%d.%m.%Y")


def euros(cents: int) -> str:
    """An amount as people read it in the active language, e.g. "1.234,50 €"."""
    return f"{number_format(Decimal(cents) / 100, decimal_pos=2, force_grouping=True)} €"


def sondernutzung_fee(answers: Answers) -> UsageFee | None:
    """The fee for the area and period answered so far at the catalog's rate; None before both are known."""
    area, period = answers.get("area"), answers.get("period")
    if not area or not period:
        return None
    return usage_fee_compute(
        service=service_get(slug=SLUG),
        area_m2=Decimal(str(area["area_m2"])),
        start=datetime.date.fromisoformat(period["start_date"]),
        end=datetime.date.fromisoformat(period["end_date"]),
    )


def _fee_section(fee: UsageFee) -> SummarySection:
    usage = gettext("%(area)s m² × %(months)s months × %(rate)s = %(amount)s") % {
        "area": number_format(fee.area_m2),
        "months": fee.months,
        "rate": euros(fee.rate_cents),
        "amount": euros(fee.usage_cents),
    }
    return SummarySection(
        "area",
        gettext("Fees"),
        [
            SummaryField("", gettext("Administrative fee"), euros(fee.administrative_cents)),
            SummaryField("", gettext("Usage fee (per m² and started month)"), usage),
            SummaryField("", gettext("Total fees"), euros(fee.total_cents)),
        ],
    )


def sondernutzung_summary(answers: Answers) -> list[SummarySection]:
    sections = []
    if applicant := answers.get("applicant"):
        sections.append(
            SummarySection(
                "applicant",
                gettext("Applicant"),
                [
                    SummaryField("", gettext("Business or company"), applicant.get("company_name", "")),
                    SummaryField("", gettext("Name"), f"{applicant['given_names']} {applicant['surname']}"),
                    SummaryField("", gettext("Address"), address_format(applicant)),
                    SummaryField("", gettext("Phone"), applicant["phone"]),
                    SummaryField("", gettext("E-mail"), applicant["email"]),
                ],
            )
        )
    if location := answers.get("location"):
        sections.append(
            SummarySection(
                "location",
                gettext("Location"),
                [
                    SummaryField("", gettext("Name of the business"), location["trade_name"]),
                    SummaryField("", gettext("Address of the business"), address_format(location)),
                    SummaryField("", gettext("Where is the area?"), str(dict(PLACE_CHOICES)[location["place"]])),
                    SummaryField("", gettext("Position"), location["position"]),
                    SummaryField(
                        "",
                        gettext("Width of the pavement that stays free"),
                        f"{number_format(location['free_width'])} m",
                    ),
                    SummaryField(
                        "",
                        gettext("In front of a neighbouring property"),
                        str(dict(YES_NO)[location["other_property"]]),
                    ),
                ],
            )
        )
    if area := answers.get("area"):
        sections.append(
            SummarySection(
                "area",
                gettext("Area and furniture"),
                [
                    SummaryField("", gettext("Area"), f"{number_format(area['area_m2'])} m²"),
                    SummaryField("", gettext("Tables"), str(area["tables"])),
                    SummaryField("", gettext("Chairs"), str(area["chairs"])),
                    SummaryField("", gettext("Further furniture"), area.get("furniture", "")),
                ],
            )
        )
    if period := answers.get("period"):
        kind = str(dict(PERIOD_CHOICES)[period["period_kind"]])
        if period["period_kind"] == SEASON:
            kind = f"{kind} {period['season_year']}"
        sections.append(
            SummarySection(
                "period",
                gettext("Period"),
                [
                    SummaryField("", gettext("Period"), kind),
                    SummaryField("", gettext("From"), _date(period["start_date"])),
                    SummaryField("", gettext("Until"), _date(period["end_date"])),
                ],
            )
        )
    if fee := sondernutzung_fee(answers):
        sections.append(_fee_section(fee))
    return sections + declaration_section(answers)


def sondernutzung_case_title(answers: Answers) -> str:
    """The business the seating belongs to."""
    return (answers.get("location") or {}).get("trade_name", "")


def sondernutzung_search_terms(answers: Answers) -> list[str]:
    applicant, location = answers.get("applicant") or {}, answers.get("location") or {}
    terms = [location.get("trade_name"), location.get("street"), applicant.get("company_name")]
    terms += [applicant.get("surname"), applicant.get("given_names"), applicant.get("email")]
    return [term for term in terms if term]
