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
    """The founder's checklist: every active rule whose conditions the answers meet, in the rules' order."""
    rules = (
        GuideRule.objects.filter(active=True)
        .select_related("service__department")
        .prefetch_related("service__documents")
    )
    checklist = Checklist()
    for rule in rules:
        if guide_rule_applies(conditions=rule.conditions, answers=answers):
            (checklist.here if rule.service_id else checklist.elsewhere).append(rule)
    return checklist
