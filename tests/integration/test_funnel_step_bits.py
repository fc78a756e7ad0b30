"""A wizard step's bit in the funnel is given once, on first sight, and never twice: steps first seen by
founders at the same moment get distinct bits, and one step first seen by many gets one (PostgreSQL). A
first sight does not wait for other founders' funnel events of the service, which could deadlock."""

import threading
import time
import uuid
from datetime import date

import pytest
from django.db import transaction
from django.utils import timezone

from services.statistics.funnel_rollup import FUNNEL_KEYS
from services.statistics.models import FunnelMonth, WizardJourney, WizardStep
from services.statistics.rollups import cells_add
from services.statistics.services import wizard_step_bit
from tests.factories import ServiceFactory
from tests.integration.test_case_submit import postgres_only, run_in_threads

FOUNDERS = 6


def first_sights(service, names: list[str]):
    pending = iter(names)
    lock = threading.Lock()

    def first_sight():
        with lock:
            name = next(pending)
        with transaction.atomic():  # as in a draft's save: the transaction goes on after the bit is given
            bit = wizard_step_bit(service_id=service.pk, name=name)
            time.sleep(0.05)
        return name, bit

    return run_in_threads(len(names), first_sight)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_steps_first_seen_at_the_same_moment_get_distinct_bits():
    service = ServiceFactory()

    given, errors = first_sights(service, [f"step{n}" for n in range(FOUNDERS)])

    assert errors == []
    assert sorted(bit for _name, bit in given) == list(range(FOUNDERS))
    assert dict(WizardStep.objects.filter(service=service).values_list("name", "bit")) == dict(given)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_one_step_first_seen_by_many_at_once_gets_one_bit():
    service = ServiceFactory()

    given, errors = first_sights(service, ["owner"] * FOUNDERS)

    assert errors == []
    assert {bit for _name, bit in given} == {0}
    assert WizardStep.objects.filter(service=service).count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_a_first_sight_and_another_founders_new_draft_of_the_service_do_not_deadlock():
    """Another founder's new draft holds a rollup cell and, committing, checks its journey's service (a
    deferred foreign key: a key-share lock on the service row); a first sight of the service locks that row and
    then wants the same cell. Seen as a deadlock in the load test's warm-up while the first sight locked
    the row for update."""
    service = ServiceFactory()
    cell = [(date(2026, 11, 1), service.pk, "stop", "owner", 1)]
    draft_started, row_locked = threading.Event(), threading.Event()

    def another_founders_new_draft():
        with transaction.atomic():
            cells_add(FunnelMonth, FUNNEL_KEYS, ("drafts",), cell)
            WizardJourney.objects.create(service=service, journey=uuid.uuid4(), started_at=timezone.now())
            draft_started.set()
            row_locked.wait(timeout=5)
        return "new draft"

    def first_sight():
        draft_started.wait(timeout=5)
        with transaction.atomic():
            wizard_step_bit(service_id=service.pk, name="owner")
            row_locked.set()
            cells_add(FunnelMonth, FUNNEL_KEYS, ("drafts",), cell)
        return "first sight"

    pending = iter([another_founders_new_draft, first_sight])
    lock = threading.Lock()

    def next_role():
        with lock:
            role = next(pending)
        return role()

    done, errors = run_in_threads(2, next_role)

    assert errors == []
    assert sorted(done) == ["first sight", "new draft"]
    assert FunnelMonth.objects.get(service=service.pk, dimension="stop", value="owner").drafts == 2
