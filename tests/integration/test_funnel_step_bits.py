"""A wizard step's bit in the funnel is given once, on first sight, and never twice: steps first seen by
founders at the same moment get distinct bits, and one step first seen by many gets one (PostgreSQL)."""

import threading
import time

import pytest
from django.db import transaction

from services.statistics.models import WizardStep
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
