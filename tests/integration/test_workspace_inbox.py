"""The department's inbox: who sees what, every filter, search, sorting, pagination, counts and
its number of queries."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from services.cases.search import search_text_build
from services.cases.selectors import case_count_from_status_counts, case_status_counts_for_staff
from services.workspace.views.inbox import PAGE_SIZE, SEARCH_SESSION_KEY
from tests.factories import CaseFactory, ClerkFactory, DepartmentFactory, FounderFactory, ServiceFactory

INBOX = reverse("workspace:inbox")
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # Many accounts per test; the real hasher's deliberate slowness would dominate the run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def department(db):
    return DepartmentFactory()


@pytest.fixture
def other_department(db):
    return DepartmentFactory(code="bezirk-sued", name="Bezirksstelle Süd")


@pytest.fixture
def clerk(department):
    return ClerkFactory(departments=[department])


@pytest.fixture
def clerk_client(client, clerk):
    client.force_login(clerk)
    return client


def case_in(department, **fields):
    return CaseFactory(department=department, **fields)


def at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()).replace(hour=hour))


def shown(response) -> list[str]:
    return [case.reference for case in response.context["page"].object_list]


class TestVisibility:
    def test_shows_the_open_cases_of_the_clerks_department_only(self, clerk_client, department, other_department):
        mine = case_in(department)
        case_in(other_department)
        CaseFactory(department=None)
        decided = case_in(department, status="approved")

        response = clerk_client.get(INBOX)

        assert response.status_code == 200
        assert shown(response) == [mine.reference]
        assert decided.reference not in shown(response)

    def test_admin_sees_every_department(self, client, department, other_department):
        from tests.factories import AdminFactory

        cases = [case_in(department), case_in(other_department)]
        client.force_login(AdminFactory())

        assert set(shown(client.get(INBOX))) == {c.reference for c in cases}


class TestFilters:
    def test_status(self, clerk_client, department):
        in_review = case_in(department, status="in_review")
        case_in(department, status="submitted")
        approved = case_in(department, status="approved")

        assert shown(clerk_client.get(INBOX, {"status": "in_review"})) == [in_review.reference]
        assert shown(clerk_client.get(INBOX, {"status": "approved"})) == [approved.reference]
        assert len(shown(clerk_client.get(INBOX, {"status": "all"}))) == 3

    def test_service(self, clerk_client, department):
        gewerbe = case_in(department)
        other_service = ServiceFactory(
            slug="gaststaettenerlaubnis", name="Gaststättenerlaubnis", reference_prefix="GAS"
        )
        case_in(department, service=other_service, reference="GAS-2026-000001", summary=[], form_version="")

        assert shown(clerk_client.get(INBOX, {"service": "gewerbeanmeldung"})) == [gewerbe.reference]

    def test_assignment(self, clerk_client, clerk, department):
        colleague = ClerkFactory(departments=[department])
        mine = case_in(department, assignee=clerk)
        theirs = case_in(department, assignee=colleague)
        nobodys = case_in(department)

        assert shown(clerk_client.get(INBOX, {"assignment": "me"})) == [mine.reference]
        assert shown(clerk_client.get(INBOX, {"assignment": "none"})) == [nobodys.reference]
        assert set(shown(clerk_client.get(INBOX))) == {mine.reference, theirs.reference, nobodys.reference}

    def test_overdue_means_past_the_due_date_while_the_clock_runs(self, clerk_client, department):
        today = timezone.localdate()
        late = case_in(department, due_date=today - timedelta(days=1), status="in_review")
        case_in(department, due_date=today)
        case_in(department, due_date=today - timedelta(days=5), status="rejected")
        # Waiting for the founder's answer: the clock is paused, the due date moves on the answer.
        case_in(department, due_date=today - timedelta(days=5), status="information_requested")

        response = clerk_client.get(INBOX, {"overdue": "on", "status": "all"})

        assert shown(response) == [late.reference]
        assert [case.is_overdue for case in response.context["page"].object_list] == [True]
        assert b'class="overdue"' in response.content

    def test_received_between_whole_days_as_day_month_year(self, clerk_client, department):
        before = case_in(department, submitted_at=at(date(2026, 3, 9), 23))
        first = case_in(department, submitted_at=at(date(2026, 3, 10), 0))
        last = case_in(department, submitted_at=at(date(2026, 3, 12), 23))
        after = case_in(department, submitted_at=at(date(2026, 3, 13), 0))

        response = clerk_client.get(
            INBOX,
            {
                "received_from_day": "10",
                "received_from_month": "3",
                "received_from_year": "2026",
                "received_to_day": "12",
                "received_to_month": "03",
                "received_to_year": "2026",
            },
        )

        assert set(shown(response)) == {first.reference, last.reference}
        assert before.reference not in shown(response) and after.reference not in shown(response)

    @pytest.mark.parametrize(
        "parts, message",
        [
            (("31", "2", "2026"), "must be a real date"),
            (("", "2", "2026"), "must include a day, month and year"),
            (("x", "2", "2026"), "must include a day, month and year"),
            (("1", "1", "99999"), "Ensure this value has at most 4 characters"),
        ],
    )
    def test_an_impossible_date_is_explained_next_to_it_and_ignored(self, clerk_client, department, parts, message):
        case = case_in(department)
        day, month, year = parts

        response = clerk_client.get(
            INBOX, {"received_from_day": day, "received_from_month": month, "received_from_year": year}, **EN
        )

        assert response.status_code == 200
        assert message in response.content.decode()
        assert shown(response) == [case.reference]

    def test_a_period_that_ends_before_it_starts_is_refused(self, clerk_client, department):
        case_in(department)

        response = clerk_client.get(
            INBOX,
            {
                "received_from_day": "10",
                "received_from_month": "3",
                "received_from_year": "2026",
                "received_to_day": "1",
                "received_to_month": "3",
                "received_to_year": "2026",
            },
            **EN,
        )

        assert "The end of the period must be the same as or after its start." in response.content.decode()
        assert len(shown(response)) == 1

    @pytest.mark.parametrize(
        "query", [{"status": "nonsense"}, {"service": "nope"}, {"assignment": "x"}, {"order": "x"}, {"page": "-3"}]
    )
    def test_nonsense_in_the_address_never_breaks_the_page(self, clerk_client, department, query):
        case_in(department)

        response = clerk_client.get(INBOX, query)

        assert response.status_code == 200
        assert len(shown(response)) == 1

    def test_the_filter_form_shows_the_filters_of_the_address_its_language_and_the_current_services(
        self, clerk_client, department
    ):
        # The form's HTML is kept in the cache: it must follow whatever it shows.
        case_in(department)
        service = ServiceFactory(slug="gaststaettenerlaubnis", name="Gaststättenerlaubnis", reference_prefix="GAST")

        assert '<option value="approved" selected>' in clerk_client.get(INBOX, {"status": "approved"}).content.decode()
        default = clerk_client.get(INBOX, **EN).content.decode()
        assert '<option value="" selected>Open cases</option>' in default
        assert '<option value="approved" selected>' not in default
        assert "Offene Vorgänge" in clerk_client.get(INBOX, HTTP_ACCEPT_LANGUAGE="de").content.decode()
        service.name = "Gaststättenerlaubnis (§ 2 GastG)"
        service.save()
        assert "Gaststättenerlaubnis (§ 2 GastG)" in clerk_client.get(INBOX, **EN).content.decode()


class TestSearch:
    @pytest.fixture
    def schaefer(self, department):
        founder = FounderFactory(email="k.schaefer@example.org")
        return case_in(
            department,
            applicant=founder,
            title="Bäckerei Morgenrot",
            search_text=search_text_build(["GEW-2026-004711", "Bäckerei Morgenrot", founder.email, "Schäfer", "Jörg"]),
            reference="GEW-2026-004711",
        )

    @pytest.fixture
    def other(self, department):
        return case_in(department, title="Rheinblick GmbH", search_text=search_text_build(["Rheinblick GmbH", "Meier"]))

    @pytest.mark.parametrize(
        "term",
        [
            "schaef",
            "Schäf",
            "SCHAFER",
            "Schäfer",
            "morgenrot",
            "bäcker",
            "baecker",
            "4711",
            "gew-2026-0047",
            "k.schaefer@",
        ],
    )
    def test_finds_by_fragment_reference_name_trade_name_or_email(self, clerk_client, schaefer, other, term):
        response = clerk_client.post(INBOX, {"q": term}, follow=True)

        assert shown(response) == [schaefer.reference]

    def test_every_word_must_match(self, clerk_client, schaefer, other):
        assert shown(clerk_client.post(INBOX, {"q": "jörg morgenrot"}, follow=True)) == [schaefer.reference]
        assert shown(clerk_client.post(INBOX, {"q": "jörg rheinblick"}, follow=True)) == []

    def test_the_term_stays_out_of_the_address_and_in_the_session(self, clerk_client, schaefer, other):
        response = clerk_client.post(f"{INBOX}?status=all&page=2", {"q": "Schäfer"})

        assert response.status_code == 302
        assert response.url == f"{INBOX}?status=all"
        assert "fer" not in response.url
        assert clerk_client.session[SEARCH_SESSION_KEY] == "Schäfer"
        page = clerk_client.get(response.url)
        assert shown(page) == [schaefer.reference]
        assert "Schäfer" in page.content.decode()

    def test_clear_search_shows_everything_again(self, clerk_client, schaefer, other):
        clerk_client.post(INBOX, {"q": "schaef"})

        response = clerk_client.post(INBOX, {"q": "schaef", "clear": "1"}, follow=True)

        assert SEARCH_SESSION_KEY not in clerk_client.session
        assert set(shown(response)) == {schaefer.reference, other.reference}

    def test_a_too_long_term_is_explained_and_not_kept(self, clerk_client, schaefer):
        response = clerk_client.post(INBOX, {"q": "x" * 101}, **EN)

        assert response.status_code == 200
        assert "Ensure this value has at most 100 characters" in response.content.decode()
        assert SEARCH_SESSION_KEY not in clerk_client.session

    def test_search_stays_inside_the_clerks_departments(self, clerk_client, other_department):
        case_in(other_department, search_text=search_text_build(["Schäfer"]))

        assert shown(clerk_client.post(INBOX, {"q": "schaef"}, follow=True)) == []


class TestOrderAndPages:
    def test_due_date_first_then_received_newest_or_oldest(self, clerk_client, department):
        today = timezone.localdate()
        no_due = case_in(department, submitted_at=at(today - timedelta(days=1)))
        later = case_in(department, due_date=today + timedelta(days=5), submitted_at=at(today - timedelta(days=3)))
        sooner = case_in(department, due_date=today + timedelta(days=1), submitted_at=at(today - timedelta(days=2)))

        assert shown(clerk_client.get(INBOX)) == [sooner.reference, later.reference, no_due.reference]
        assert shown(clerk_client.get(INBOX, {"order": "newest"})) == [
            no_due.reference,
            sooner.reference,
            later.reference,
        ]
        assert shown(clerk_client.get(INBOX, {"order": "oldest"})) == [
            later.reference,
            sooner.reference,
            no_due.reference,
        ]

    def test_pages_keep_the_filters(self, clerk_client, department):
        start = timezone.now() - timedelta(days=30)
        cases = [case_in(department, submitted_at=start + timedelta(hours=n)) for n in range(PAGE_SIZE + 2)]

        first = clerk_client.get(INBOX, {"order": "oldest"})
        second = clerk_client.get(INBOX, {"order": "oldest", "page": "2"})

        assert shown(first) == [c.reference for c in cases[:PAGE_SIZE]]
        assert shown(second) == [c.reference for c in cases[PAGE_SIZE:]]
        assert "?order=oldest&amp;page=2" in first.content.decode()


class TestCounts:
    def test_counts_per_status_under_the_other_filters(self, clerk_client, clerk, department, other_department):
        case_in(department, status="submitted")
        case_in(department, status="submitted", assignee=clerk)
        case_in(department, status="in_review", assignee=clerk)
        case_in(department, status="approved")
        case_in(other_department, status="submitted")

        everything = {c["status"]: c["count"] for c in clerk_client.get(INBOX).context["status_counts"]}
        mine = {c["status"]: c["count"] for c in clerk_client.get(INBOX, {"assignment": "me"}).context["status_counts"]}

        assert everything == {
            "submitted": 2,
            "in_review": 1,
            "information_requested": 0,
            "approved": 1,
            "rejected": 0,
            "forwarded": 0,
            "withdrawn": 0,
        }
        assert (mine["submitted"], mine["in_review"], mine["approved"]) == (1, 1, 0)


class TestQueries:
    def test_the_number_of_queries_does_not_grow_with_the_cases(
        self, clerk_client, clerk, department, django_assert_num_queries
    ):
        def count_queries() -> int:
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as captured:
                assert clerk_client.get(INBOX).status_code == 200
            return len(captured)

        case_in(department, assignee=clerk)
        few = count_queries()
        for _ in range(15):
            case_in(department, assignee=ClerkFactory(departments=[department]))

        # session, user, the user's departments (read once for the rows and the counts), the page
        # of rows, the counts per status, the services of the filter; the number of rows is the sum
        # of the exact counts
        with django_assert_num_queries(6):
            clerk_client.get(INBOX)
        assert count_queries() == few

    def test_the_list_is_counted_apart_only_where_a_status_count_is_capped(
        self, clerk_client, department, monkeypatch, django_assert_num_queries
    ):
        monkeypatch.setattr("services.cases.selectors.STATUS_COUNT_CAP", 2)
        monkeypatch.setattr("services.workspace.views.inbox.STATUS_COUNT_CAP", 2)
        monkeypatch.setattr(case_status_counts_for_staff, "__kwdefaults__", {"cap": 2})
        monkeypatch.setattr(case_count_from_status_counts, "__kwdefaults__", {"status": "", "cap": 2})
        for _ in range(3):
            case_in(department, status="in_review")

        # as above, and the number of rows
        with django_assert_num_queries(7):
            response = clerk_client.get(INBOX, **EN)
        assert "3 cases" in response.content.decode()

    def test_a_search_reads_its_matches_once_for_every_count(self, clerk_client, department, django_assert_num_queries):
        for status in ["submitted", "submitted", "in_review", "approved", "rejected"]:
            case_in(department, status=status, search_text=search_text_build(["Schäfer"]))
        case_in(department, status="submitted", search_text=search_text_build(["Meier"]))
        clerk_client.post(INBOX, {"q": "schaef"})

        # session, user, the user's departments, the page of rows, the matches counted per status in
        # one query, the services of the filter
        with django_assert_num_queries(6):
            response = clerk_client.get(INBOX, **EN)

        counts = {item["status"]: item["count"] for item in response.context["status_counts"]}
        assert (counts["submitted"], counts["in_review"], counts["approved"], counts["rejected"]) == (2, 1, 1, 1)
        assert "3 cases" in response.content.decode()
        assert len(shown(response)) == 3

    def test_a_search_with_very_many_matches_counts_its_open_cases_only(
        self, clerk_client, department, monkeypatch, django_assert_num_queries
    ):
        monkeypatch.setattr("services.cases.selectors.SEARCH_COUNT_LIMIT", 4)
        monkeypatch.setattr("services.workspace.views.inbox.SEARCH_COUNT_LIMIT", 4)
        for status in ["submitted", "submitted", "in_review", "approved", "rejected"]:
            case_in(department, status=status, search_text=search_text_build(["Schäfer"]))
        case_in(department, status="submitted", search_text=search_text_build(["Meier"]))
        clerk_client.post(INBOX, {"q": "schaef"})

        # as above, and the open statuses counted apart (one query); the rows are their sum
        with django_assert_num_queries(7):
            response = clerk_client.get(INBOX, **EN)

        counts = {item["status"]: item["count"] for item in response.context["status_counts"]}
        assert (counts["submitted"], counts["in_review"], counts["information_requested"]) == (2, 1, 0)
        assert (counts["approved"], counts["rejected"], counts["withdrawn"]) == (None, None, None)
        page = response.content.decode()
        assert "At least 4 cases match the search: decided cases are not counted." in page
        assert "3 cases" in page
        assert len(shown(response)) == 3
        # every status is still offered, without a number where it was not counted
        assert ">Approved</a>" in page
