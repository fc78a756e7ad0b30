"""The demo workspace (seed_demo) and the inbox benchmark's seed: realistic, consistent, idempotent."""

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone

from portal.accounts.models import User
from portal.accounts.services import DEMO_PASSWORD
from portal.demo import DEMO_FOUNDER_STATUSES
from services.cases.models import Case, CaseEvent, CaseMessage
from services.catalog.models import Department, Service
from services.catalog.services import catalog_load
from services.workflow.transitions import FINAL_STATUSES, CaseStatus


def _last_transition_targets(cases) -> dict[int, str]:
    targets = {}
    for event in CaseEvent.objects.filter(case__in=cases, kind=CaseEvent.Kind.TRANSITION).order_by("created_at", "id"):
        targets[event.case_id] = event.data["to"]
    return targets


def _assert_histories_consistent(cases) -> None:
    """Every status was reached through the declared moves, recorded as case_transition records them."""
    targets = _last_transition_targets(cases)
    for case in cases:
        if case.status == CaseStatus.SUBMITTED:
            assert case.pk not in targets
        else:
            assert targets[case.pk] == case.status, case.reference
        assert (case.decided_at is not None) == (case.status in FINAL_STATUSES), case.reference
        assert (case.clock_paused_at is not None) == (case.status == CaseStatus.INFORMATION_REQUESTED)


@pytest.fixture
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.mark.django_db
def test_seed_demo_gives_every_department_a_living_inbox_once(fast_passwords):
    call_command("seed_demo", "--force", stdout=io.StringIO())

    departments = list(Department.objects.all())
    assert len(departments) >= 4
    today = timezone.localdate()
    for department in departments:
        cases = Case.objects.filter(department=department)
        per_status = dict(cases.values_list("status").annotate(n=Count("id")))
        assert set(per_status) == set(CaseStatus.values), department.code
        assert min(per_status.values()) >= 24, department.code
        open_cases = cases.exclude(status__in=FINAL_STATUSES)
        assert open_cases.filter(assignee__isnull=False).exists()
        assert open_cases.filter(assignee__isnull=True).exists()
        assert open_cases.filter(due_date__lt=today, status__in=[CaseStatus.SUBMITTED, CaseStatus.IN_REVIEW]).exists()
        # The assignees work in the department.
        assert not cases.filter(assignee__isnull=False).exclude(assignee__departments=department).exists()

    requested = Case.objects.filter(status=CaseStatus.INFORMATION_REQUESTED)
    assert (
        not requested.annotate(asked=Count("messages", filter=Q(messages__direction=CaseMessage.Direction.TO_FOUNDER)))
        .filter(asked=0)
        .exists()
    )
    case = Case.objects.filter(status=CaseStatus.APPROVED).first()
    persons = [section for section in case.summary if section["step"] == "persons"]
    surname = persons[0]["fields"][0]["value"]
    assert surname and surname.casefold()[:3] in case.search_text
    assert case.form_version and case.title and case.pdf.name == "" and case.receipt_sent_at is not None
    # Nobody can log in as the invented founders; the demo founder's own cases are the exception.
    invented = Case.objects.exclude(applicant__email="gruender@example.org")
    assert not invented.exclude(applicant__password__startswith="!").exists()
    _assert_histories_consistent(list(Case.objects.all()))
    # The timeline tells the history as it happened, not the moment the demo was seeded.
    submitted = case.events.get(kind=CaseEvent.Kind.SUBMITTED)
    assert submitted.created_at == case.submitted_at
    assert (
        not Case.objects.exclude(status=CaseStatus.SUBMITTED).filter(events__created_at__lt=F("submitted_at")).exists()
    )

    counts = (Case.objects.count(), CaseEvent.objects.count(), CaseMessage.objects.count())
    call_command("seed_demo", "--force", stdout=io.StringIO())
    assert (Case.objects.count(), CaseEvent.objects.count(), CaseMessage.objects.count()) == counts
    # The demo founder follows applications of her own, one in each stage.
    own = Case.objects.filter(applicant__email="gruender@example.org")
    assert sorted(own.values_list("status", flat=True)) == sorted(DEMO_FOUNDER_STATUSES)


@pytest.mark.django_db
def test_demo_references_continue_the_counters(fast_passwords):
    """A founder's next submission gets the number after the demo cases, not one of theirs."""
    from services.cases.submit import case_reference_next

    call_command("seed_demo", "--force", stdout=io.StringIO())
    service = Case.objects.first().service
    reference = case_reference_next(service=service)
    assert not Case.objects.filter(reference=reference).exists()


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the benchmark seeds through COPY (set DATABASE_URL)")
def test_bench_seed_writes_a_consistent_spread_and_reuses_it():
    from tests.bench.inbox import cases_seed

    catalog_load()
    report = cases_seed(count=2000, seed=5)

    assert not report.reused and Case.objects.count() == 2000
    assert report.events == CaseEvent.objects.count() > 2000 * 5
    per_department = dict(Case.objects.values_list("department__code").annotate(n=Count("id")))
    # Every department the catalog names gets cases; a department only a routing rule targets may get few.
    assert set(Service.objects.values_list("department__code", flat=True)) <= set(per_department)
    assert set(per_department) <= set(Department.objects.values_list("code", flat=True))
    assert per_department["gewerbeamt"] > 2000 / 2
    assert set(Case.objects.values_list("status", flat=True)) == set(CaseStatus.values)
    years = {at.year for at in Case.objects.values_list("submitted_at", flat=True)}
    assert len(years) >= 5
    assert Case.objects.values("reference").distinct().count() == 2000
    assert Case.objects.filter(search_text__contains="schaefer").exists()
    assert not Case.objects.filter(search_text__contains="müller").exists()  # folded: "mueller", "muller"
    _assert_histories_consistent(list(Case.objects.all()))

    again = cases_seed(count=2000, seed=5)
    assert again.reused and Case.objects.count() == 2000


def _demo_seed_small() -> None:
    """What seed_demo writes, with one case per status and department (quicker)."""
    from portal.accounts.services import demo_users_seed
    from portal.demo import demo_cases_seed, demo_staff_seed

    catalog_load()
    founder = demo_users_seed(password=DEMO_PASSWORD)[0]
    demo_staff_seed(password=DEMO_PASSWORD)
    demo_cases_seed(per_status=1, founder=founder)


def _log_in(client, email: str) -> None:
    user = User.objects.get(email=email)
    assert user.check_password(DEMO_PASSWORD), email
    client.force_login(user)


@pytest.mark.django_db
def test_every_department_with_demo_cases_has_a_demo_clerk_who_sees_them(fast_passwords, client):
    _demo_seed_small()

    departments = Department.objects.filter(cases__isnull=False).distinct()
    assert "gewerbeamt-uerdingen" in {department.code for department in departments}
    for department in departments:
        _log_in(client, f"{department.code}.1@example.org")
        html = client.get(reverse("workspace:inbox")).content.decode()
        for reference in Case.objects.filter(department=department, status=CaseStatus.SUBMITTED).values_list(
            "reference", flat=True
        ):
            assert reference in html, department.code


@pytest.mark.django_db
def test_the_demo_founder_sees_her_own_cases(fast_passwords, client):
    _demo_seed_small()

    own = Case.objects.filter(applicant__email="gruender@example.org")
    assert sorted(own.values_list("status", flat=True)) == sorted(DEMO_FOUNDER_STATUSES)
    _assert_histories_consistent(list(own))
    # The forms are hers: her name and address are in the snapshot and the search text.
    assert all("gruender@example.org" in case.search_text and "Gründerin" in str(case.summary) for case in own)
    _log_in(client, "gruender@example.org")
    html = client.get(reverse("my_cases")).content.decode()
    for reference in own.values_list("reference", flat=True):
        assert reference in html


@pytest.mark.django_db
def test_a_demo_case_pdf_is_rendered_when_first_opened(fast_passwords, client):
    _demo_seed_small()
    case = Case.objects.get(applicant__email="gruender@example.org", status=CaseStatus.APPROVED)
    assert not case.pdf and not case.events.filter(kind=CaseEvent.Kind.PDF_RENDERED).exists()

    _log_in(client, "gewerbe@example.org")
    page = client.get(reverse("workspace:case", args=[case.public_id])).content.decode()
    assert reverse("workspace:case_pdf", args=[case.public_id]) in page
    response = client.get(reverse("workspace:case_pdf", args=[case.public_id]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    _log_in(client, "gruender@example.org")
    assert client.get(reverse("cases:pdf", args=[case.public_id])).status_code == 200

    case.refresh_from_db()
    assert case.pdf and case.events.filter(kind=CaseEvent.Kind.PDF_RENDERED).count() == 1
