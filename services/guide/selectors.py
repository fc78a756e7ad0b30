from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q

from portal.accounts.models import User
from services.catalog.models import Service
from services.guide.forms import GuideForm
from services.guide.models import GuideRule

# Where the founder's answers are kept between the questionnaire and the checklist (never in the URL).
GUIDE_SESSION_KEY = "guide_answers"


def guide_rule_applies(*, conditions: Mapping[str, list[str]], answers: Mapping[str, str]) -> bool:
    """Whether every question the conditions name was answered with one of their answers."""
    return all(answers.get(question) in accepted for question, accepted in conditions.items())


@dataclass
class Checklist:
    here: list[GuideRule] = field(default_factory=list)  # applications filed with the city
    elsewhere: list[GuideRule] = field(default_factory=list)  # steps at other bodies


def checklist_build(*, answers: Mapping[str, str]) -> Checklist:
    """The founder's checklist: every active rule whose conditions the answers meet, in the rules' order.

    An application's documents are those its service lists, less the conditional ones whose
    ``guide_conditions`` the answers do not meet (no Handwerkskarte for a business that is not a
    craft); a document the answers cannot decide (no guide conditions) stays with its condition
    text. They are on each such rule as ``documents``.
    """
    rules = (
        GuideRule.objects.filter(active=True)
        .select_related("service__department")
        .prefetch_related("service__documents")
    )
    checklist = Checklist()
    for rule in rules:
        if not guide_rule_applies(conditions=rule.conditions, answers=answers):
            continue
        if rule.service_id:
            rule.documents = [
                document
                for document in rule.service.documents.all()
                if guide_rule_applies(conditions=document.guide_conditions, answers=answers)
            ]
            checklist.here.append(rule)
        else:
            checklist.elsewhere.append(rule)
    return checklist


def checklist_from_stored(*, stored: Any) -> tuple[Checklist, GuideForm] | None:
    """The checklist for answers kept in the session, with their form; None while there are no answers,
    or answers to questions that have changed since."""
    form = GuideForm(data=stored) if isinstance(stored, dict) else None
    if form is None or not form.is_valid():
        return None
    return checklist_build(answers=form.cleaned_data), form


@dataclass(frozen=True)
class ServiceProgress:
    submitted: int  # the founder's cases of the service
    drafts: int  # the founder's open drafts of the service


def checklist_progress(*, owner: User, checklist: Checklist) -> dict[int, ServiceProgress]:
    """What the founder has done of each application on the checklist, by service id."""
    service_ids = [rule.service_id for rule in checklist.here]
    rows = (
        Service.objects.filter(pk__in=service_ids)
        .annotate(
            submitted=Count("cases", filter=Q(cases__applicant=owner), distinct=True),
            open_drafts=Count("drafts", filter=Q(drafts__owner=owner, drafts__case__isnull=True), distinct=True),
        )
        .values_list("pk", "submitted", "open_drafts")
    )
    return {pk: ServiceProgress(submitted=submitted, drafts=drafts) for pk, submitted, drafts in rows}
