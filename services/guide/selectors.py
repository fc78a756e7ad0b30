from collections.abc import Mapping
from dataclasses import dataclass, field

from services.guide.models import GuideRule


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
