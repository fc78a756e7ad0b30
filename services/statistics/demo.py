"""Two years of invented history for the agency's dashboard (``seed_demo``): Gewerbeanmeldungen with
the seasons of a real Gewerbeamt (many in January, few in August and at Christmas), decided after
plausible processing times, and the wizard journeys behind them, including the drafts given up.

The cases come from the same generator as the clerks' demo inbox (``portal.demo``), so they
look to every reader like submitted ones; their rows are written in bulk, so their figures are
brought in afterwards (``case_figures_refresh``). A second run adds nothing.
"""

import json
import random
import uuid
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from forms.applications import application_for
from portal.accounts.models import Role, User
from portal.demo import CaseGenerator
from services.cases.models import Case, CaseEvent, ReferenceCounter
from services.catalog.models import Service
from services.statistics.funnel_rollup import funnel_rollups_rebuild
from services.statistics.models import WizardJourney
from services.statistics.services import case_figures_refresh, funnel_journey, wizard_step_bit
from services.workflow.transitions import CaseStatus

# Gewerbeanmeldungen per month in the demo city, and each month's share of a year's average.
MONTHLY_CASES = 90
SEASON = {1: 1.35, 2: 1.1, 3: 1.1, 4: 1.0, 5: 0.95, 6: 0.9, 7: 0.8, 8: 0.7, 9: 1.0, 10: 1.05, 11: 1.0, 12: 0.65}
DECISIONS = [(CaseStatus.APPROVED, 88), (CaseStatus.REJECTED, 3), (CaseStatus.WITHDRAWN, 4), (CaseStatus.FORWARDED, 5)]
# Drafts given up per submitted one, and the share of them that never got past the first step.
ABANDONED_PER_SUBMITTED = 0.55


def demo_history_seed(*, days: int = 730, seed: int = 2024) -> int:
    """Add the history (once); returns how many cases it added."""
    service = Service.objects.select_related("department").get(slug="gewerbeanmeldung")
    rng = random.Random(seed)
    now = timezone.now()
    planned = []
    for day in range(days, 30, -1):
        date = now - timedelta(days=day)
        expected = MONTHLY_CASES / 30 * SEASON[date.month] * (0.25 if date.weekday() >= 5 else 1.3)
        for number in range(_poisson(rng, expected)):
            key = uuid.uuid5(uuid.NAMESPACE_URL, f"gruenderportal-demo-history/{date:%Y-%m-%d}/{number}")
            planned.append((key, date.replace(hour=rng.randint(7, 21), minute=rng.randint(0, 59))))
    if Case.objects.filter(submission_key__in=[key for key, _at in planned]).exists():
        case_figures_refresh(missing_only=True)
        return 0
    generator = CaseGenerator(seed=seed, shapes=240, now=now)
    clerks = list(
        User.objects.filter(departments=service.department, role__in=[Role.CLERK, Role.SUPERVISOR]).values_list(
            "pk", flat=True
        )
    )
    with transaction.atomic():
        cases = _cases_write(generator, service, clerks, planned, rng)
        _journeys_write(service, cases, rng)
    # The history's and the clerks' demo inbox's, both written in bulk.
    case_figures_refresh(missing_only=True)
    return len(cases)


def _poisson(rng: random.Random, expected: float) -> int:
    return sum(1 for _ in range(int(expected * 3) + 3) if rng.random() < expected / (int(expected * 3) + 3))


def _cases_write(generator, service, clerks, planned, rng) -> list[Case]:
    years = sorted(at.year for _key, at in planned)
    references = _references(service=service, years=years)
    founders = [generator.founder(number=int(key.hex[:8], 16)) for key, _at in planned]
    User.objects.bulk_create(
        [User(email=p.email, full_name=p.full_name, password=make_password(None)) for p in founders],
        ignore_conflicts=True,
    )
    user_ids = dict(User.objects.filter(email__in=[p.email for p in founders]).values_list("email", "pk"))
    cases, histories = [], []
    for (key, submitted_at), person in zip(planned, founders, strict=True):
        content = generator.content(founder=person)
        status = rng.choices(*zip(*DECISIONS, strict=True))[0]
        history = generator.history(
            status=status,
            submitted_at=submitted_at,
            applicant_id=user_ids[person.email],
            clerks=clerks,
            processing_days=service.processing_days,
            department_code=service.department.code,
            routing_rule="catalog",
        )
        cases.append(
            Case(
                submission_key=key,
                reference=references[submitted_at.year].pop(0),
                service=service,
                applicant_id=user_ids[person.email],
                status=status,
                answers=json.loads(content.answers),
                summary=json.loads(content.summary),
                form_version=content.form_version,
                title=content.title,
                search_text=content.search_text,
                submitted_at=submitted_at,
                department=service.department,
                routing_reason="",
                routed_at=history.routed_at,
                receipt_sent_at=history.receipt_sent_at,
                assignee_id=history.assignee,
                due_date=history.due_date,
                decided_at=history.decided_at,
            )
        )
        histories.append(history)
    Case.objects.bulk_create(cases, batch_size=500)
    events = [
        CaseEvent(case=case, kind=kind, actor_id=actor, created_at=at, data=data)
        for case, history in zip(cases, histories, strict=True)
        for kind, at, actor, data in history.events
    ]
    times = [event.created_at for event in events]
    CaseEvent.objects.bulk_create(events, batch_size=2000)
    # auto_now_add stamped the insert time: the history's own times are put back.
    for event, at in zip(events, times, strict=True):
        event.created_at = at
    CaseEvent.objects.bulk_update(events, ["created_at"], batch_size=2000)
    return cases


def _references(*, service: Service, years: list[int]) -> dict[int, list[str]]:
    """References taken from the service's counters like case_submit's, so later submissions continue."""
    result = {}
    for year in sorted(set(years)):
        count = years.count(year)
        counter, _created = ReferenceCounter.objects.select_for_update().get_or_create(service=service, year=year)
        first = counter.last_number + 1
        counter.last_number += count
        counter.save(update_fields=["last_number"])
        result[year] = [f"{service.reference_prefix}-{year}-{n:06d}" for n in range(first, first + count)]
    return result


def _journeys_write(service: Service, cases: list[Case], rng: random.Random) -> None:
    """A submitted journey behind every case, and the drafts given up along the way."""
    steps = [step.name for step in application_for(service.slug).steps]
    bits = [wizard_step_bit(service_id=service.pk, name=name) for name in steps]
    journeys = []
    for case in cases:
        seconds = int(rng.lognormvariate(7.2, 0.5))  # about 20 minutes, some an hour and more
        journeys.append(
            WizardJourney(
                journey=funnel_journey(draft_key=case.submission_key),
                service=service,
                started_at=case.submitted_at - timedelta(seconds=seconds),
                steps_done=sum(1 << bit for bit in bits),
                last_step=steps[-1],
                submitted_at=case.submitted_at,
                seconds=seconds,
            )
        )
        while rng.random() < ABANDONED_PER_SUBMITTED / (1 + ABANDONED_PER_SUBMITTED):
            # Most give up early (legal form, persons) or at the documents.
            done = rng.choices(range(len(steps)), weights=[5 if i < 3 else 2 for i in range(len(steps))])[0]
            journeys.append(
                WizardJourney(
                    journey=uuid.UUID(int=rng.getrandbits(128), version=4),
                    service=service,
                    started_at=case.submitted_at - timedelta(hours=rng.uniform(1, 200)),
                    steps_done=sum(1 << bit for bit in bits[:done]),
                    last_step=steps[done - 1] if done else "",
                )
            )
    WizardJourney.objects.bulk_create(journeys, batch_size=2000, ignore_conflicts=True)
    funnel_rollups_rebuild()
