"""What a new application starts from, so that a founder does not type again what the city has.

An application that declares a ``Prefill`` (the Gewerbeummeldung and -abmeldung: from the
founder's Gewerbeanmeldung) offers the founder's earlier cases of that service as sources; the
founder chooses one (the business the notice is about) when starting, and its answers become the
initial answers of the new draft's steps. The founder reviews every prefilled step: nothing is
submitted that the founder has not seen. ``prefill_initial`` is the one place that decides what a
draft starts from; a founder profile can later be read here too.
"""

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django import forms
from django.utils.translation import gettext_lazy as _

from forms.applications.base import Application
from forms.steps.address import address_format
from portal.accounts.models import User
from services.cases.models import Case
from services.cases.selectors import case_list_for_applicant
from services.workflow.transitions import CaseStatus

# A withdrawn or rejected registration registered nothing to change or close.
_NOT_SOURCES = (CaseStatus.WITHDRAWN, CaseStatus.REJECTED)
# The start page's answer for a business the portal has no registration of.
NO_SOURCE = "none"


@dataclass(frozen=True)
class PrefillSource:
    """An earlier case the founder may start from, as the start page offers it."""

    public_id: UUID
    reference: str
    title: str
    address: str


def _source_cases(*, owner: User, application: Application):
    if application.prefill is None:
        return Case.objects.none()
    return (
        case_list_for_applicant(applicant=owner)
        .filter(service__slug=application.prefill.source_service)
        .exclude(status__in=_NOT_SOURCES)
        .order_by("-submitted_at")
    )


def prefill_sources(*, owner: User, application: Application) -> list[PrefillSource]:
    """The founder's cases this application can start from, latest first (none without a ``Prefill``)."""
    return [
        PrefillSource(
            public_id=case.public_id,
            reference=case.reference,
            title=case.title,
            address=address_format((case.answers or {}).get("premises") or {}),
        )
        for case in _source_cases(owner=owner, application=application)
    ]


def prefill_initial(*, owner: User, application: Application, source: UUID | None) -> dict[str, Any]:
    """What a new draft starts from: ``{"source": the case's reference, "steps": {step name: initial}}``
    from the founder's case ``source`` (one of ``prefill_sources``); ``{}`` without one. A case that is not
    the founder's, or not a source, gives nothing rather than an error: the founder then types the answers."""
    if source is None or application.prefill is None:
        return {}
    case = _source_cases(owner=owner, application=application).filter(public_id=source).first()
    if case is None:
        return {}
    return {"source": case.reference, "steps": application.prefill.initial(case.answers or {})}


class PrefillSourceForm(forms.Form):
    """The start page's question when the founder has earlier cases: which business is this about?"""

    source = forms.ChoiceField(
        label=_("Which business is this notice about?"),
        widget=forms.RadioSelect,
        help_text=_("Your answers from its registration are filled in for you; you check them on every page."),
        error_messages={"required": _("Choose the business this notice is about, or “Another business”.")},
    )

    def __init__(self, *args, sources: list[PrefillSource], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (str(source.public_id), ", ".join(filter(None, [source.title, source.address, source.reference])))
            for source in sources
        ]
        self.fields["source"].choices = [*choices, (NO_SOURCE, _("Another business (I enter its data)"))]

    def source_id(self) -> UUID | None:
        """The chosen case, or None for another business."""
        chosen = self.cleaned_data["source"]
        return None if chosen == NO_SOURCE else UUID(chosen)
