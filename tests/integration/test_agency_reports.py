"""The agency's monthly report for the city council: a tagged PDF per past month, made once and kept
(by the first download or the beat job), the current month only as a preliminary report that is not
kept; the analyst's alone, and without a person's data."""

import io
from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext
from pypdf import PdfReader

from services.reports.content import month_before, month_first
from services.reports.models import MonthlyReport
from services.reports.services import MonthNotOver, monthly_report_ensure
from services.reports.tasks import monthly_report_task
from services.statistics.services import case_figures_refresh
from tests.factories import (
    AnalystFactory,
    CaseFactory,
    ClerkFactory,
    DepartmentFactory,
    FounderFactory,
    gewerbeanmeldung_answers,
)
from tests.integration.test_agency_access import personal_data


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def last_month():
    return month_before(month_first(timezone.localdate()))


@pytest.fixture
def seeded(db):
    """Four founders with names, e-mails, streets and birth dates and their cases of last month: three
    sole proprietors and one GmbH (a small group)."""
    month = last_month()
    cases = []
    for number, legal_form in enumerate(["einzelunternehmen", "einzelunternehmen", "einzelunternehmen", "gmbh"]):
        founder = FounderFactory(email=f"hiltrud.zernack{number}@example.org", full_name="Hiltrud Zernack")
        cases.append(
            CaseFactory(
                applicant=founder,
                answers=gewerbeanmeldung_answers(legal_form=legal_form, persons=1 if number < 3 else 2),
                submitted_at=timezone.make_aware(datetime(month.year, month.month, 10 + number, 11)),
            )
        )
    case_figures_refresh()
    return cases


def german(message: str) -> str:
    """The German of a message (the English until the pending translations are merged)."""
    with translation.override("de"):
        return gettext(message)


def date_format(day, fmt: str) -> str:
    with translation.override("de"):
        return formats.date_format(day, fmt)


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def stored(report: MonthlyReport) -> bytes:
    with report.file.open("rb") as file:
        return file.read()


def test_a_past_months_report_is_a_tagged_pdf_of_its_figures_without_a_persons_data(seeded):
    report = monthly_report_ensure(month=last_month())

    content = stored(report)
    assert content.startswith(b"%PDF-") and report.size == len(content)
    reader = PdfReader(io.BytesIO(content))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]  # tagged
    assert catalog["/Lang"] == "de"
    text = pdf_text(content)
    assert date_format(last_month(), "YEAR_MONTH_FORMAT") in text
    assert german("Preliminary report") not in text
    assert "< 3" in text  # the GmbH alone, suppressed as on the dashboard
    assert "<svg" not in text and "Gewerbeanmeldung" in text
    leaked = {secret for secret in personal_data(seeded) if secret in text}
    assert leaked == set()


def test_a_months_report_is_made_once_and_kept_however_often_it_is_asked_for(seeded):
    first = monthly_report_ensure(month=last_month())
    name, checksum = first.file.name, first.sha256

    again = monthly_report_ensure(month=last_month() + timedelta(days=5))  # any day of the month
    assert monthly_report_task.delay().get() == f"{last_month():%Y-%m}"  # the beat job, eager here
    monthly_report_task.delay().get()

    assert again.pk == first.pk
    assert MonthlyReport.objects.count() == 1
    report = MonthlyReport.objects.get()
    assert (report.file.name, report.sha256) == (name, checksum)
    assert report.file.storage.exists(name)


def test_the_beat_job_keeps_last_months_report_in_the_first_days_of_the_month():
    entry = settings.CELERY_BEAT_SCHEDULE["monthly-report"]

    assert entry["task"] == "services.reports.tasks.monthly_report_task"
    assert entry["schedule"].day_of_month == set(range(1, 8))


def test_only_the_admin_command_makes_a_kept_report_again(seeded, django_capture_on_commit_callbacks):
    first = monthly_report_ensure(month=last_month())
    old_name = first.file.name

    with django_capture_on_commit_callbacks(execute=True):
        call_command("monthly_report", month=f"{last_month():%Y-%m}", regenerate=True, stdout=io.StringIO())

    report = MonthlyReport.objects.get()
    assert report.pk == first.pk and report.file.name != old_name
    assert stored(report).startswith(b"%PDF-")
    assert not report.file.storage.exists(old_name)


def test_the_current_month_is_not_kept_and_its_report_says_it_is_preliminary(client, seeded):
    today = timezone.localdate()
    with pytest.raises(MonthNotOver):
        monthly_report_ensure(month=today)
    client.force_login(AnalystFactory())

    response = client.get(reverse("agency:report_download", args=[today.year, today.month]))

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert german("Preliminary report") in pdf_text(response.content)
    assert MonthlyReport.objects.count() == 0
    future = (month_first(today) + timedelta(days=32)).replace(day=1)
    assert client.get(reverse("agency:report_download", args=[future.year, future.month])).status_code == 404
    assert client.get(reverse("agency:report_download", args=[2026, 13])).status_code == 404
    before = month_before(last_month(), 3)  # before the first application: no report is made
    assert client.get(reverse("agency:report_download", args=[before.year, before.month])).status_code == 404
    assert MonthlyReport.objects.count() == 0


def test_the_analyst_finds_past_months_and_downloads_a_kept_report(client, seeded):
    client.force_login(AnalystFactory())
    month = last_month()

    page = client.get(reverse("agency:reports"))
    url = reverse("agency:report_download", args=[month.year, month.month])
    assert page.status_code == 200 and url in page.content.decode()
    download = client.get(url)

    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert download["Cache-Control"] == "private, no-store"
    assert MonthlyReport.objects.filter(month=month).exists()
    assert url in client.get(reverse("agency:reports")).content.decode()


@pytest.mark.parametrize(
    "make_user",
    [None, FounderFactory, lambda: ClerkFactory(departments=[DepartmentFactory()])],
    ids=["anonymous", "founder", "clerk"],
)
def test_founders_clerks_and_anonymous_visitors_do_not_find_the_reports(client, db, make_user):
    if make_user is not None:
        client.force_login(make_user())
    month = last_month()

    assert client.get(reverse("agency:reports")).status_code == 404
    assert client.get(reverse("agency:report_download", args=[month.year, month.month])).status_code == 404
    assert MonthlyReport.objects.count() == 0
