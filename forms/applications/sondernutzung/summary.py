"""The Sondernutzungserlaubnis' summary: the steps' own lines (``summary_from_steps``) and the fee to be charged."""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext

from forms.applications.base import Answers, Step, SummaryField, SummarySection
from forms.applications.summary import summary_from_steps
from services.catalog.fees import UsageFee, usage_fee_compute
from services.catalog.selectors import service_get

SLUG = "sondernutzung"


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


def sondernutzung_summary(steps: Iterable[Step], answers: Answers) -> list[SummarySection]:
    """Every answer as the steps declare it, and after the area the fees it costs."""
    sections = summary_from_steps(steps, answers)
    if fee := sondernutzung_fee(answers):
        review = next((i for i, section in enumerate(sections) if section.step == "review"), len(sections))
        sections.insert(review, _fee_section(fee))
    return sections


def sondernutzung_case_title(answers: Answers) -> str:
    """The business the seating belongs to."""
    return (answers.get("location") or {}).get("trade_name", "")


def sondernutzung_search_terms(answers: Answers) -> list[str]:
    applicant, location = answers.get("applicant") or {}, answers.get("location") or {}
    terms = [location.get("trade_name"), location.get("street"), applicant.get("company_name")]
    terms += [applicant.get("surname"), applicant.get("given_names"), applicant.get("email")]
    return [term for term in terms if term]
