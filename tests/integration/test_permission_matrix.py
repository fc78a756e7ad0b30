"""Who gets what, over every staff and founder URL: one table, one row per URL and method.

Roles: founders A and B (A owns the case and the draft), a clerk of department X (the case's) and one
of department Y, a supervisor of X, an agency analyst, an admin, and an anonymous visitor. A URL of an
area that is not yours answers 404 (its existence does not leak); anonymous visitors of the founder
area are sent to log in (302).

To add a URL, append a ``Row`` to ``MATRIX``: its URL comes from the ``World`` (add objects there if
needed), its statuses are listed in the order of ``ROLES``. Every (row, role) pair is its own test on a
fresh database, so rows that change data (POST) do not affect each other.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import time, timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from services.appointments.slots import slots_free
from services.appointments.tokens import manage_token_make
from services.appointments.views import slot_param
from tests.factories import (
    AdminFactory,
    AnalystFactory,
    AppointmentFactory,
    AppointmentTypeFactory,
    AttachmentFactory,
    CaseFactory,
    ClerkFactory,
    ClosureFactory,
    DepartmentFactory,
    DraftFactory,
    FounderFactory,
    OpeningHoursFactory,
    RoutingRuleFactory,
    SupervisorFactory,
    weekday_hours,
)

ROLES = ("anonymous", "founder_a", "founder_b", "clerk_x", "clerk_y", "supervisor_x", "analyst", "admin")


@dataclass
class World:
    """What the URLs point at: department X's case of founder A with its PDF and attachments, and a draft."""

    users: dict
    case: object
    attachment: object
    draft: object
    draft_upload: object


@dataclass(frozen=True)
class Row:
    name: str
    method: str
    url: Callable[[World], str]
    expected: tuple[int, ...]
    data: dict | None = None

    def __post_init__(self):
        assert len(self.expected) == len(ROLES), f"{self.name}: one status per role"


def case_url(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[w.case.public_id])


def attachment_url(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[w.attachment.public_id])


def start_url(w: World) -> str:
    return reverse("forms:start", args=[w.draft.service.slug])


def service_url(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[w.case.service.slug])


def rule_url(name: str) -> Callable[[World], str]:
    # The rule is made with the URL: a rule of the case's service, whose rules department X keeps.
    return lambda w: reverse(name, args=[RoutingRuleFactory(service=w.case.service).pk])


def draft_url(name: str, **extra) -> Callable[[World], str]:
    return lambda w: reverse(name, kwargs={"service": w.draft.service.slug, "draft_id": w.draft.public_id, **extra})


def appointment_type_x(w: World, **fields):
    return AppointmentTypeFactory(department=w.case.department, **fields)


def appointment_url(name: str) -> Callable[[World], str]:
    # An appointment at department X, the day after tomorrow.
    def url(w: World) -> str:
        starts_at = timezone.now().replace(microsecond=0) + timedelta(days=2)
        return reverse(
            name, args=[AppointmentFactory(appointment_type=appointment_type_x(w), starts_at=starts_at).public_id]
        )

    return url


def department_x_url(name: str) -> Callable[[World], str]:
    return lambda w: reverse(name, args=[w.case.department.code])


def book_url(w: World) -> str:
    # The booking form for the next free slot of a type of department X that needs an account.
    kind = appointment_type_x(w, account_required=True)
    weekday_hours(kind.department, opens=time(7), closes=time(20), weekdays=range(7))
    slot = slots_free(appointment_type=kind, now=timezone.now(), days_wanted=1)[0].slots[0]
    return reverse("appointments:book", args=[kind.pk]) + f"?beginn={slot_param(slot.starts_at)}"


def manage_url(w: World) -> str:
    appointment = AppointmentFactory(
        appointment_type=appointment_type_x(w), starts_at=timezone.now() + timedelta(days=2)
    )
    return reverse("appointments:manage", args=[manage_token_make(public_id=appointment.public_id)])


#                       anonymous founder_a founder_b clerk_x clerk_y supervisor_x analyst admin
STAFF_ONLY_X = (404, 404, 404, 200, 404, 200, 404, 200)
STAFF_ANY = (404, 404, 404, 200, 200, 200, 404, 200)
OWN_FOUNDER_ONLY = (302, 200, 404, 404, 404, 404, 404, 404)
ANY_FOUNDER = (302, 200, 200, 404, 404, 404, 404, 404)
# The same for POSTs that answer with a redirect (post-redirect-get).
STAFF_ANY_REDIRECT = (404, 404, 404, 302, 302, 302, 404, 302)
# Supervisors of department X and admins: routing rules of X's services, re-routing X's cases.
SUPERVISOR_X = (404, 404, 404, 404, 404, 200, 404, 200)
SUPERVISOR_X_REDIRECT = (404, 404, 404, 404, 404, 302, 404, 302)
OWN_FOUNDER_REDIRECT = (302, 302, 404, 404, 404, 404, 404, 404)
STAFF_ONLY_X_REDIRECT = (404, 404, 404, 302, 404, 302, 404, 302)
SUPERVISORS = (404, 404, 404, 404, 404, 200, 404, 200)
ANY_FOUNDER_REDIRECT = (302, 302, 302, 404, 404, 404, 404, 404)
EVERYONE = (200,) * 8
# Appointments that need an account: visitors log in, founders book, everybody else is sent back.
FOUNDER_BOOKING = (302, 200, 200, 302, 302, 302, 302, 302)
# The economic development agency's figures: the analyst and admins; for everyone else the area does not exist.
AGENCY = (404, 404, 404, 404, 404, 404, 200, 200)

MATRIX: list[Row] = [
    # --- everyone ------------------------------------------------------------------------------------
    Row("home", "get", lambda w: reverse("home"), (200,) * 8),
    # --- staff area: /sachbearbeitung/ (workspace) ------------------------------------------------------
    Row("workspace:inbox", "get", lambda w: reverse("workspace:inbox"), STAFF_ANY),
    Row("workspace:inbox search", "post", lambda w: reverse("workspace:inbox"), STAFF_ANY_REDIRECT, {"q": "x"}),
    Row("workspace:case", "get", case_url("workspace:case"), STAFF_ONLY_X),
    Row("workspace:case_pdf", "get", case_url("workspace:case_pdf"), STAFF_ONLY_X),
    Row("workspace:case_pdf_download", "get", case_url("workspace:case_pdf_download"), STAFF_ONLY_X),
    Row("workspace:attachment", "get", attachment_url("workspace:attachment"), STAFF_ONLY_X),
    Row("workspace:attachment (a draft's upload)", "get",
        lambda w: reverse("workspace:attachment", args=[w.draft_upload.public_id]), (404,) * 8),
    # --- staff area: routing rules and re-routing (routing) -----------------------------------------------
    Row("workspace:routing_services", "get", lambda w: reverse("workspace:routing_services"), SUPERVISOR_X),
    Row("workspace:routing_rules", "get", service_url("workspace:routing_rules"), SUPERVISOR_X),
    Row("workspace:routing_rule_create", "get", service_url("workspace:routing_rule_create"), SUPERVISOR_X),
    # An empty rule comes back with its messages; nothing is stored.
    Row("workspace:routing_rule_create (empty)", "post", service_url("workspace:routing_rule_create"), SUPERVISOR_X),
    Row("workspace:routing_rule_edit", "get", rule_url("workspace:routing_rule_edit"), SUPERVISOR_X),
    Row("workspace:routing_rule_edit (empty)", "post", rule_url("workspace:routing_rule_edit"), SUPERVISOR_X),
    Row("workspace:routing_rule_test", "get", rule_url("workspace:routing_rule_test"), SUPERVISOR_X),
    Row("workspace:routing_rule_move", "post", rule_url("workspace:routing_rule_move"), SUPERVISOR_X_REDIRECT,
        {"direction": "up"}),
    Row("workspace:routing_rule_delete", "get", rule_url("workspace:routing_rule_delete"), SUPERVISOR_X),
    Row("workspace:routing_rule_delete", "post", rule_url("workspace:routing_rule_delete"), SUPERVISOR_X_REDIRECT),
    Row("workspace:case_reroute", "get", case_url("workspace:case_reroute"), SUPERVISOR_X),
    # Without a reason the form comes back with its message; nothing moves.
    Row("workspace:case_reroute (no reason)", "post", case_url("workspace:case_reroute"), SUPERVISOR_X),
    # workflow: actions on the case page and the supervisors' overdue list
    Row("workspace:case_transition", "post",
        lambda w: reverse("workspace:case_transition", args=[w.case.public_id, "start_review"]), STAFF_ONLY_X_REDIRECT),
    Row("workspace:case_transition (unknown move)", "post",
        lambda w: reverse("workspace:case_transition", args=[w.case.public_id, "teleport"]), (404,) * 8),
    Row("workspace:case_claim", "post", case_url("workspace:case_claim"), STAFF_ONLY_X_REDIRECT),
    Row("workspace:case_release", "post", case_url("workspace:case_release"), STAFF_ONLY_X_REDIRECT),
    Row("workspace:case_assign", "post", case_url("workspace:case_assign"), SUPERVISOR_X_REDIRECT, {"assignee": ""}),
    Row("workspace:case_note", "post", case_url("workspace:case_note"), STAFF_ONLY_X_REDIRECT, {"text": "x"}),
    Row("workspace:case_message", "post", case_url("workspace:case_message"), STAFF_ONLY_X_REDIRECT, {"text": "x"}),
    Row("workspace:overdue", "get", lambda w: reverse("workspace:overdue"), SUPERVISORS),
    # appointments: the agenda of one's departments, outcomes and cancellations; the offer (supervisors)
    Row("workspace:agenda", "get", lambda w: reverse("workspace:agenda"), STAFF_ANY),
    Row("workspace:agenda (department X)", "get",
        lambda w: reverse("workspace:agenda") + f"?abteilung={w.case.department.code}", STAFF_ONLY_X),
    Row("workspace:appointment_outcome", "post", appointment_url("workspace:appointment_outcome"),
        STAFF_ONLY_X_REDIRECT, {"status": "attended"}),
    Row("workspace:appointment_cancel", "get", appointment_url("workspace:appointment_cancel"), STAFF_ONLY_X),
    # Without a message the form comes back with its message; nothing is cancelled.
    Row("workspace:appointment_cancel (no message)", "post", appointment_url("workspace:appointment_cancel"),
        STAFF_ONLY_X),
    Row("workspace:appointment_offer_departments", "get", lambda w: reverse("workspace:appointment_offer_departments"),
        SUPERVISORS),
    Row("workspace:appointment_offer", "get", department_x_url("workspace:appointment_offer"), SUPERVISOR_X),
    Row("workspace:appointment_type_create", "get", department_x_url("workspace:appointment_type_create"),
        SUPERVISOR_X),
    Row("workspace:appointment_type_create (empty)", "post", department_x_url("workspace:appointment_type_create"),
        SUPERVISOR_X),
    Row("workspace:appointment_type_edit", "get",
        lambda w: reverse("workspace:appointment_type_edit", args=[appointment_type_x(w).pk]), SUPERVISOR_X),
    Row("workspace:opening_hours_create (empty)", "post", department_x_url("workspace:opening_hours_create"),
        SUPERVISOR_X),
    Row("workspace:opening_hours_delete", "post",
        lambda w: reverse("workspace:opening_hours_delete",
                          args=[OpeningHoursFactory(department=w.case.department).pk]),
        SUPERVISOR_X_REDIRECT),
    Row("workspace:closure_create (empty)", "post", department_x_url("workspace:closure_create"), SUPERVISOR_X),
    Row("workspace:closure_delete", "post",
        lambda w: reverse("workspace:closure_delete", args=[ClosureFactory(department=w.case.department).pk]),
        SUPERVISOR_X_REDIRECT),
    # --- agency area: /wirtschaftsfoerderung/ (statistics) ------------------------------------------------
    Row("agency:dashboard", "get", lambda w: reverse("agency:dashboard"), AGENCY),
    Row("agency:table_export (csv)", "get", lambda w: reverse("agency:table_export", args=["district", "csv"]), AGENCY),
    Row("agency:table_export (json)", "get", lambda w: reverse("agency:table_export", args=["funnel", "json"]), AGENCY),
    Row("agency:table_export (unknown table)", "get",
        lambda w: reverse("agency:table_export", args=["persons", "csv"]), (404,) * 8),
    # --- founder area ------------------------------------------------------------------------------------
    Row("my_cases", "get", lambda w: reverse("my_cases"), ANY_FOUNDER),
    Row("cases:detail", "get", case_url("cases:detail"), OWN_FOUNDER_ONLY),
    Row("cases:confirmation", "get", case_url("cases:confirmation"), OWN_FOUNDER_ONLY),
    Row("cases:pdf", "get", case_url("cases:pdf"), OWN_FOUNDER_ONLY),
    Row("cases:attachment", "get", attachment_url("cases:attachment"), OWN_FOUNDER_ONLY),
    # workflow: the founder's answer, message and withdrawal
    Row("cases:answer", "post", case_url("cases:answer"), OWN_FOUNDER_REDIRECT, {"text": "x"}),
    Row("cases:message", "post", case_url("cases:message"), OWN_FOUNDER_REDIRECT, {"text": "x"}),
    Row("cases:withdraw", "get", case_url("cases:withdraw"), OWN_FOUNDER_ONLY),
    Row("cases:withdraw (confirmed)", "post", case_url("cases:withdraw"), OWN_FOUNDER_REDIRECT, {"confirm": "on"}),
    Row("forms:start", "get", start_url, ANY_FOUNDER),
    Row("forms:start (new draft)", "post", start_url, ANY_FOUNDER_REDIRECT),
    Row("forms:wizard", "get", draft_url("forms:wizard"), OWN_FOUNDER_REDIRECT),
    Row("forms:wizard_step", "get", draft_url("forms:wizard_step", step="owner"), OWN_FOUNDER_ONLY),
    Row("forms:draft_discard", "post", draft_url("forms:draft_discard"), OWN_FOUNDER_REDIRECT),
    # the founder's own profile ("My data") and "Start all" (without guide answers: back to the guide)
    Row("profile", "get", lambda w: reverse("profile"), ANY_FOUNDER),
    Row("profile_edit", "get", lambda w: reverse("profile_edit", args=["person"]), ANY_FOUNDER),
    Row("profile_edit (empty)", "post", lambda w: reverse("profile_edit", args=["unternehmen"]), ANY_FOUNDER),
    Row("guide_start_all", "get", lambda w: reverse("guide_start_all"), ANY_FOUNDER_REDIRECT),
    # --- appointments: public booking pages; the manage link works for whoever holds it ------------------
    Row("appointments:types", "get", lambda w: reverse("appointments:types"), EVERYONE),
    Row("appointments:slots", "get", lambda w: reverse("appointments:slots", args=[appointment_type_x(w).pk]),
        EVERYONE),
    Row("appointments:book (account required)", "get", book_url, FOUNDER_BOOKING),
    Row("appointments:manage", "get", manage_url, EVERYONE),
]  # fmt: skip


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # Eight accounts per test: the real hasher's deliberate slowness would dominate the table's run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db) -> World:
    department_x = DepartmentFactory()
    department_y = DepartmentFactory(code="bezirk-sued", name="Bezirksstelle Süd")
    founder_a = FounderFactory()
    users = {
        "anonymous": None,
        "founder_a": founder_a,
        "founder_b": FounderFactory(),
        "clerk_x": ClerkFactory(departments=[department_x]),
        "clerk_y": ClerkFactory(departments=[department_y]),
        "supervisor_x": SupervisorFactory(departments=[department_x]),
        "analyst": AnalystFactory(),
        "admin": AdminFactory(),
    }
    case = CaseFactory(applicant=founder_a, department=department_x, pdf=ContentFile(b"%PDF-1.4\n", name="a.pdf"))
    draft = DraftFactory(owner=founder_a, service=case.service)
    return World(
        users=users,
        case=case,
        attachment=AttachmentFactory(owner=founder_a, case=case),
        draft=draft,
        draft_upload=AttachmentFactory(owner=founder_a, draft=draft),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("row", MATRIX, ids=lambda row: f"{row.method}-{row.name}")
def test_permission_matrix(client, world, row, role):
    user = world.users[role]
    if user is not None:
        client.force_login(user)

    response = getattr(client, row.method)(row.url(world), row.data or {})

    expected = row.expected[ROLES.index(role)]
    assert response.status_code == expected, f"{row.method.upper()} {row.name} as {role}"
    if expected == 302 and role == "anonymous":
        assert response.url.startswith(reverse("accounts:login"))
