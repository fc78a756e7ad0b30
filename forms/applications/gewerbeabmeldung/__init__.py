"""Gewerbeabmeldung (GewA 3, § 14 Abs. 1 Satz 2 Nr. 3 GewO, Anlage 3 GewAnzV): the whole business or one
establishment closes, for a reason, on a date.

The owner, company, person and premises steps are the Gewerbeanmeldung's, with the same official
numbers. The numbering and its sources: docs/gewa3-fields.md. A founder with a Gewerbeanmeldung
here starts from its answers (``forms.prefill``). The agency counts these cases by the service slug
``gewerbeabmeldung`` for the net formation figure: keep it.
"""

from django.utils.translation import gettext_lazy as _

from forms.applications.base import Answers, Prefill, Step
from forms.applications.gewerbeabmeldung.steps import (
    REASONS_WITH_SUCCESSOR,
    RELOCATION,
    ClosedOperationForm,
    ClosureAttachmentsForm,
    ClosureForm,
    FuturePremisesForm,
    ReasonForm,
    SuccessorForm,
)
from forms.applications.gewerbeanmeldung import GEWERBEANMELDUNG, gewerbeanzeige
from forms.applications.gewerbeanmeldung.answers import registration_initial


def answers_closure_reason(answers: Answers) -> str:
    return (answers.get("reason") or {}).get("reason", "")


def gewerbeabmeldung_initial(registration: Answers) -> dict:
    """The GewA 1's answers as the GewA 3's steps start from them."""
    initial = registration_initial(registration)
    if activity := registration.get("activity"):
        initial["activity"] = activity
    if establishment := (registration.get("establishment") or {}).get("establishment"):
        initial["closure"] = {"establishment": establishment}
    if operation := registration.get("operation"):
        initial["operation"] = {key: value for key, value in operation.items() if key != "start_date"}
    return initial


STEPS = [
    GEWERBEANMELDUNG.step("owner"),
    GEWERBEANMELDUNG.step("register"),
    GEWERBEANMELDUNG.step("persons"),
    GEWERBEANMELDUNG.step("premises"),
    Step(
        "closure",
        _("Closure"),
        ClosureForm,
        numbers={"establishment": "23", "closure_date": "20"},
    ),
    Step("reason", _("Reason"), ReasonForm, numbers={"reason": "24"}),
    Step(
        "future_premises",
        _("Future business premises"),
        FuturePremisesForm,
        condition=lambda answers: answers_closure_reason(answers) == RELOCATION,
        numbers={"future_address": "17"},
    ),
    Step(
        "successor",
        _("Successor"),
        SuccessorForm,
        condition=lambda answers: answers_closure_reason(answers) in REASONS_WITH_SUCCESSOR,
        numbers={"successor": "26"},
    ),
    GEWERBEANMELDUNG.step("activity"),
    Step(
        "operation",
        _("Kind and size"),
        ClosedOperationForm,
        numbers={
            "side_business": "19",
            "business_kinds": "21",
            "employees_full_time": "22",
            "employees_part_time": "22",
        },
    ),
    GEWERBEANMELDUNG.step("attachments").renumbered({}, form_class=ClosureAttachmentsForm),
    GEWERBEANMELDUNG.step("review"),
]

GEWERBEABMELDUNG = gewerbeanzeige(
    service_slug="gewerbeabmeldung",
    steps=STEPS,
    pdf_title=_("Deregistration of a business under § 14 GewO"),
    pdf_form_name=_("Form GewA 3 (Annex 3 to the Trade Notification Ordinance, GewAnzV)"),
    version="GewA3-2019",
    prefill=Prefill(source_service="gewerbeanmeldung", initial=gewerbeabmeldung_initial),
)
