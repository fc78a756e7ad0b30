"""The agency's area: the analyst lands on the dashboard, reads figures and downloads them; no page or
export of the area shows anything of a person, and every download opens in German spreadsheets."""

import csv
import io
import json
import re
from datetime import date, datetime, timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from services.statistics.dashboard import TABLE_NAMES
from services.statistics.services import case_figures_refresh, funnel_event_record
from tests.factories import (
    DEFAULT_PASSWORD,
    AnalystFactory,
    AppointmentFactory,
    AppointmentTypeFactory,
    CaseFactory,
    ClerkFactory,
    DepartmentFactory,
    FounderFactory,
    gewerbeanmeldung_answers,
)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def analyst(client, db):
    user = AnalystFactory()
    client.force_login(user)
    return user


@pytest.fixture
def seeded(db):
    """Founders with names, e-mails, streets and birth dates, their cases received this month, and the
    identity check each of them attended (booked under their name and e-mail)."""
    now = timezone.now()
    identity_check = AppointmentTypeFactory(name="Identitätsprüfung Gewerbeanmeldung")
    cases = []
    for number, legal_form in enumerate(["einzelunternehmen", "gmbh", "gbr"]):
        founder = FounderFactory(email=f"sieglinde.quast{number}@example.org", full_name="Sieglinde Quast")
        cases.append(
            CaseFactory(
                applicant=founder,
                answers=gewerbeanmeldung_answers(legal_form=legal_form, persons=1 if number == 0 else 2),
                submitted_at=now - timedelta(hours=number),
            )
        )
        AppointmentFactory(
            appointment_type=identity_check,
            starts_at=now - timedelta(days=number + 1),
            status="attended",
            name=founder.full_name,
            email=founder.email,
        )
    case_figures_refresh()
    funnel_event_record(service=cases[0].service, draft_key=cases[0].submission_key, kind="started")
    return cases


def personal_data(cases) -> set[str]:
    """Every name, e-mail, street and birth date (as stored and as a German date) of the seeded persons."""
    found: set[str] = set()

    def walk(value, key=""):
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str) and value and re.search(r"name|mail|street|birth|phone", key):
            found.add(value)
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                found.add(datetime.strptime(value, "%Y-%m-%d").strftime("%d.%m.%Y"))

    for case in cases:
        walk(case.answers)
        found.update({case.applicant.email, case.applicant.full_name})
    # The city itself is everyone's place of business (and some founders' place of birth).
    return {value for value in found if len(value) > 2 and value != settings.CITY_NAME}


def test_the_analyst_lands_on_the_dashboard_after_logging_in(client, db):
    user = AnalystFactory()

    response = client.post(reverse("accounts:login"), {"username": user.email, "password": DEFAULT_PASSWORD})

    assert response.status_code == 302
    assert response.url == reverse("agency:dashboard")


@pytest.mark.parametrize("make_user", [FounderFactory, lambda: ClerkFactory(departments=[DepartmentFactory()])])
def test_founders_and_clerks_do_not_find_the_area(client, db, make_user):
    client.force_login(make_user())

    assert client.get(reverse("agency:dashboard")).status_code == 404
    assert client.get(reverse("agency:table_export", args=["volume", "csv"])).status_code == 404


def test_no_page_or_download_of_the_area_shows_a_persons_data(client, analyst, seeded):
    secrets = personal_data(seeded)
    assert len(secrets) > 10  # names, e-mails, streets, birth dates
    query = {"start": (date.today() - timedelta(days=40)).isoformat(), "end": date.today().isoformat()}

    responses = [client.get(reverse("agency:dashboard"), query)]
    responses += [client.get(reverse("agency:table_export", args=[name, fmt]), query)
                  for name in TABLE_NAMES for fmt in ("csv", "json")]  # fmt: skip

    assert all(response.status_code == 200 for response in responses)
    assert "Gewerbeanmeldung" in responses[0].content.decode()
    assert "Identitätsprüfung Gewerbeanmeldung" in responses[0].content.decode()
    for response in responses:
        body = response.content.decode("utf-8-sig")
        leaked = sorted(secret for secret in secrets if secret in body)
        assert not leaked, f"{response.get('Content-Disposition', 'dashboard')} shows {leaked}"


def test_a_csv_download_opens_in_german_spreadsheets_and_reads_back_to_the_tables_figures(client, analyst, seeded):
    query = {"start": (date.today() - timedelta(days=40)).isoformat(), "end": date.today().isoformat()}

    response = client.get(reverse("agency:table_export", args=["legal_form", "csv"]), query)

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="legal_form_')
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    with translation.override("de"):
        assert rows[0] == [gettext("Value"), gettext("Applications"), gettext("Share")]
    assert sorted(row[1:] for row in rows[1:]) == [["< 3", "–"]] * 3


def test_a_json_download_carries_numbers_and_hides_small_groups(client, analyst, seeded):
    query = {"start": (date.today() - timedelta(days=40)).isoformat(), "end": date.today().isoformat()}

    response = client.get(reverse("agency:table_export", args=["comparison", "json"]), query)

    data = json.loads(response.content)
    assert data["table"] == "comparison"
    assert data["rows"][0][:3] == ["Gewerbeanmeldung", 3, 0]


def test_german_numbers_group_thousands_in_the_csv(client, analyst, db):
    from services.statistics.tables import Table, count, label
    from services.statistics.views import table_csv

    table = Table("x", "X", ["a", "b"], [[label("Mitte"), count(12345)]])

    assert table_csv(table).decode("utf-8-sig").splitlines()[1] == "Mitte;12.345"


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"start": "2026-03-31", "end": "2026-03-01"}, "end", "The end must not lie before the start."),
        ({"start_day": "45", "start_month": "13", "start_year": "2026"}, "start", "The month must be a number"),
        ({"start_day": "31", "start_month": "2", "start_year": "2026"}, "start", "This month has only 28 days."),
        ({"start": "2026-13-45", "end": "2026-03-01"}, "start", "Enter the date in numbers"),
        ({"start": "2020-01-01", "end": "2026-12-31", "resolution": "day"}, "resolution", "Per day"),
        ({"service": "no-such-service"}, "service", "Select a valid choice"),
    ],
)
def test_a_bad_filter_gets_a_message_next_to_its_field_and_no_figures(client, analyst, query, field, message):
    response = client.get(reverse("agency:dashboard"), {"resolution": "month", **query}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert "tables" not in response.context


def test_an_export_with_a_bad_filter_is_refused_without_an_error(client, analyst):
    response = client.get(reverse("agency:table_export", args=["volume", "csv"]), {"start": "x"})

    assert response.status_code == 400
