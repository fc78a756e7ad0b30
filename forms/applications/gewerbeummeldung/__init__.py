"""Gewerbeummeldung (GewA 2, § 14 Abs. 1 Satz 2 Nr. 1 and 2 GewO, Anlage 2 GewAnzV): a move within the
city, a change or an extension of the activity.

The owner, company and person steps are the Gewerbeanmeldung's, with the same official numbers
(fields 1–12 mean the same on all three forms); the permit, craft and residence steps are its too,
renumbered for the GewA 2. The numbering and its sources: docs/gewa2-fields.md. A founder with a
Gewerbeanmeldung here starts from its answers (``forms.prefill``).
"""

from django.utils.translation import gettext_lazy as _

from forms.applications.base import Answers, Group, Prefill, Step
from forms.applications.gewerbeanmeldung import ADDRESS, GEWERBEANMELDUNG, gewerbeanzeige
from forms.applications.gewerbeanmeldung.answers import registration_initial
from forms.applications.gewerbeummeldung.steps import (
    ACTIVITY_CHANGES,
    RELOCATION,
    ChangedActivityForm,
    ChangeForm,
    ChangeOperationForm,
    MovedPremisesForm,
    PreviousPremisesForm,
)
from forms.steps.address import address_format


def answers_changes(answers: Answers) -> set[str]:
    return set((answers.get("change") or {}).get("changes") or [])


def _moved(answers: Answers) -> bool:
    return RELOCATION in answers_changes(answers)


def _activity_changed(answers: Answers) -> bool:
    return bool(ACTIVITY_CHANGES & answers_changes(answers))


def gewerbeummeldung_initial(registration: Answers) -> dict:
    """The GewA 1's answers as the GewA 2's steps start from them."""
    initial = registration_initial(registration)
    if residence := registration.get("residence"):
        initial["residence"] = residence
    if premises := registration.get("premises"):
        initial["previous_premises"] = premises
    if activity := registration.get("activity"):
        initial["activity"] = {**activity, "previous_activity": activity.get("activity", "")}
    if operation := registration.get("operation"):
        initial["operation"] = {key: value for key, value in operation.items() if key != "start_date"}
    return initial


# The GewA 1's steps that the GewA 2 asks too, by the GewA 2's numbers (docs/gewa2-fields.md).
_PERMIT_NUMBERS = {"28": "25", "29": "26"}
_RESIDENCE_NUMBERS = {"30": "27", "31": "28"}

STEPS = [
    GEWERBEANMELDUNG.step("owner"),
    GEWERBEANMELDUNG.step("register"),
    GEWERBEANMELDUNG.step("persons"),
    GEWERBEANMELDUNG.step("residence").renumbered(_RESIDENCE_NUMBERS),
    Step("change", _("What changes"), ChangeForm, numbers={"changes": "24"}),
    Step(
        "previous_premises",
        _("Previous business premises"),
        PreviousPremisesForm,
        condition=_moved,
        numbers={"previous_premises": "17"},
        groups={"previous_premises": Group(_("Previous business premises"), ADDRESS, address_format)},
    ),
    GEWERBEANMELDUNG.step("premises").renumbered(
        {}, form_class=MovedPremisesForm, form_kwargs=lambda answers: {"previous": answers.get("previous_premises")}
    ),
    Step(
        "activity",
        _("Activity"),
        ChangedActivityForm,
        form_kwargs=lambda answers: {"changes": sorted(answers_changes(answers))},
        numbers={"activity": "18", "previous_activity": "19"},
    ),
    Step(
        "operation",
        _("Date, kind and size"),
        ChangeOperationForm,
        numbers={
            "side_business": "20",
            "change_date": "21",
            "business_kinds": "22",
            "employees_full_time": "23",
            "employees_part_time": "23",
        },
    ),
    GEWERBEANMELDUNG.step("permits").renumbered(_PERMIT_NUMBERS, condition=_activity_changed),
    GEWERBEANMELDUNG.step("permit").renumbered(_PERMIT_NUMBERS),
    GEWERBEANMELDUNG.step("craft").renumbered(_PERMIT_NUMBERS),
    GEWERBEANMELDUNG.step("attachments"),
    GEWERBEANMELDUNG.step("review"),
]

GEWERBEUMMELDUNG = gewerbeanzeige(
    service_slug="gewerbeummeldung",
    steps=STEPS,
    pdf_title=_("Notice of a change of business under § 14 GewO"),
    pdf_form_name=_("Form GewA 2 (Annex 2 to the Trade Notification Ordinance, GewAnzV)"),
    version="GewA2-2019",
    prefill=Prefill(source_service="gewerbeanmeldung", initial=gewerbeummeldung_initial),
)
