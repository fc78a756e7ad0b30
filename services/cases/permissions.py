"""The one place that decides who may see and do what with a case.

Founders see their own cases only (``services.cases.selectors.case_get_for_applicant``).
Staff see the cases of their departments; admins see every case. Supervisors may
additionally assign cases to colleagues and re-route them. Which workflow moves a
role may make is declared with each move in ``services.workflow.transitions``.
Every staff view and every file hand-out asks these functions, never ``user.role`` itself.
"""

from django.db.models import Q

from portal.accounts.models import Role, User
from services.cases.models import Attachment, Case
from services.catalog.models import Service
from services.workflow.transitions import STAFF_ROLES, Transition


def user_is_staff_member(user: User) -> bool:
    """Clerks, supervisors and admins: the people who work in ``/sachbearbeitung/``."""
    return user.is_authenticated and user.is_active and user.role in STAFF_ROLES


def user_is_founder(user: User) -> bool:
    """Founders: the people who file applications and follow their own cases."""
    return user.is_authenticated and user.is_active and user.role == Role.FOUNDER


def user_is_analyst(user: User) -> bool:
    """The economic development agency, and admins: the people who read ``/wirtschaftsfoerderung/``."""
    return user.is_authenticated and user.is_active and user.role in {Role.ANALYST, Role.ADMIN}


def user_is_admin(user: User) -> bool:
    return user_is_staff_member(user) and user.role == Role.ADMIN


def user_is_supervisor(user: User) -> bool:
    """Supervisors steer their departments; admins may do the same everywhere."""
    return user_is_staff_member(user) and user.role in {Role.SUPERVISOR, Role.ADMIN}


def case_visibility_for_staff(user: User, *, fresh: bool = True) -> Q:
    """The condition a case must meet for a staff member to see it (nothing for anyone else).

    The user's departments are read afresh, unless ``fresh=False`` reuses those a lookup for the
    same request (the same user object) has just read.
    """
    if not user_is_staff_member(user):
        return Q(pk__in=[])
    if user.role == Role.ADMIN:
        return Q()
    # The ids as a list, not a subquery: with one department PostgreSQL then reads the inbox
    # straight from the (department, ...) indexes in their order instead of joining.
    return Q(department__in=sorted(_department_ids(user, fresh=fresh)))


def user_may_see_case(user: User, case: Case) -> bool:
    if not user_is_staff_member(user):
        return False
    if user.role == Role.ADMIN:
        return True
    return case.department_id is not None and case.department_id in _department_ids(user)


def _department_ids(user: User, *, fresh: bool = False) -> frozenset[int]:
    # Kept on the user object (one request): the case page asks for every action it offers,
    # after its lookup has read them.
    cached = getattr(user, "_case_department_ids", None)
    if cached is None or fresh:
        cached = frozenset(user.departments.values_list("pk", flat=True))
        user._case_department_ids = cached
    return cached


def user_may_open_attachment(user: User, attachment: Attachment) -> bool:
    """Staff open the attachments of cases they may see; a draft's uploads stay with their owner."""
    return attachment.case is not None and user_may_see_case(user, attachment.case)


def user_may_transition(user: User, case: Case, move: Transition) -> bool:
    """Whether the user's role may make the move on this case (the status is checked by the workflow)."""
    if user.role not in move.roles:
        return False
    if user.role == Role.FOUNDER:
        return case.applicant_id == user.pk
    return user_may_see_case(user, case)


def user_may_work_on_case(user: User, case: Case) -> bool:
    """Claim, release, notes and messages: anyone of the case's department."""
    return user_may_see_case(user, case)


def user_may_steer_case(user: User, case: Case) -> bool:
    """Assign to a colleague and re-route: supervisors of the case's department, and admins."""
    return user_is_supervisor(user) and user_may_see_case(user, case)


# --- Routing rules ---------------------------------------------------------------------------
# A service's routing rules belong to the department the catalog makes responsible for it: that
# department receives whatever no rule matches and decides how its cases are shared out, so its
# supervisors keep the rules (and may send cases to any active department). A department that
# is only a rule's target cannot pull cases to itself. Admins keep every service's rules.


def service_visibility_for_routing(user: User) -> Q:
    """The condition a service must meet for the user to keep its routing rules (nothing for anyone else)."""
    if not user_is_supervisor(user):
        return Q(pk__in=[])
    if user.role == Role.ADMIN:
        return Q()
    return Q(department__in=user.departments.all())


def user_may_edit_routing(user: User, service: Service) -> bool:
    if not user_is_supervisor(user):
        return False
    if user.role == Role.ADMIN:
        return True
    return user.departments.filter(pk=service.department_id).exists()
