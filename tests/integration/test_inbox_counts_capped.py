"""Counts per status stop at a cap, so that a department with a long history gets its inbox as fast."""

import pytest
from django.urls import reverse

from services.cases.selectors import case_status_counts_for_staff
from tests.factories import CaseFactory, ClerkFactory, DepartmentFactory


@pytest.fixture
def department(db):
    return DepartmentFactory()


@pytest.fixture
def clerk(department):
    return ClerkFactory(departments=[department])


def test_counts_are_exact_up_to_the_cap_and_say_more_above_it(clerk, department):
    for _ in range(4):
        CaseFactory(department=department, status="approved")
    CaseFactory(department=department, status="submitted", assignee=clerk)
    CaseFactory(department=department, status="rejected")
    CaseFactory(department=DepartmentFactory(code="bezirk-sued", name="Bezirksstelle Süd"), status="rejected")

    counts = case_status_counts_for_staff(user=clerk, cap=3)

    assert counts == {
        "submitted": 1,
        "in_review": 0,
        "information_requested": 0,
        "approved": 4,  # cap + 1: more than three
        "rejected": 1,
        "forwarded": 0,
        "withdrawn": 0,
    }
    assert case_status_counts_for_staff(user=clerk, cap=3, assignment="me")["submitted"] == 1
    assert case_status_counts_for_staff(user=clerk, cap=10)["approved"] == 4


def test_the_inbox_shows_a_capped_count_with_a_plus(client, clerk, department, monkeypatch):
    monkeypatch.setattr("services.workspace.views.inbox.STATUS_COUNT_CAP", 2)
    monkeypatch.setattr("services.cases.selectors.STATUS_COUNT_CAP", 2)
    monkeypatch.setattr(case_status_counts_for_staff, "__kwdefaults__", {"cap": 2})
    for _ in range(3):
        CaseFactory(department=department, status="approved")
    CaseFactory(department=department, status="rejected")
    client.force_login(clerk)

    counts = {item["status"]: item for item in client.get(reverse("workspace:inbox")).context["status_counts"]}

    assert (counts["approved"]["count"], counts["approved"]["more"]) == (2, True)
    assert (counts["rejected"]["count"], counts["rejected"]["more"]) == (1, False)
