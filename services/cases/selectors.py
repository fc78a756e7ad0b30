from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import BooleanField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import User
from services.cases.models import CASE_OPEN_STATUSES, Attachment, Case, CaseEvent, CaseMessage, CaseNote
from services.cases.permissions import case_visibility_for_staff, user_may_open_attachment
from services.cases.search import search_fold
from services.catalog.models import Service
from services.workflow.transitions import PAUSED_STATUSES, CaseStatus


def case_list_for_applicant(*, applicant: User) -> QuerySet[Case]:
    return Case.objects.filter(applicant=applicant).select_related("service", "department")


def case_get_for_applicant(*, applicant: User, public_id) -> Case:
    """The applicant's own case; anybody else's is reported as not found."""
    try:
        return case_list_for_applicant(applicant=applicant).get(public_id=public_id)
    except Case.DoesNotExist as exc:
        raise Http404 from exc


def case_list_unprocessed(*, submitted_before) -> QuerySet[Case]:
    """Cases whose follow-up (routing, PDF, receipt in the outbox) has not completed.

    A receipt in the outbox counts as done here: sending it is the outbox's own resume's job.
    """
    from services.notifications.models import OutboxMail
    from services.notifications.services import RECEIPT

    receipt = OutboxMail.objects.filter(case=OuterRef("pk"), kind=RECEIPT)
    # A sent receipt settles it without the subquery.
    return (
        Case.objects.filter(submitted_at__lt=submitted_before)
        .alias(receipt_queued=Exists(receipt))
        .filter(Q(department__isnull=True) | Q(pdf="") | Q(receipt_sent_at__isnull=True, receipt_queued=False))
    )


def attachment_get_for_user(*, user: User, public_id) -> Attachment:
    """An attachment the user may open (founders: their own uploads); anything else is not found."""
    try:
        return Attachment.objects.select_related("case").get(owner=user, public_id=public_id)
    except Attachment.DoesNotExist as exc:
        raise Http404 from exc


def attachment_list_for_draft(*, draft: models.Model) -> QuerySet[Attachment]:
    """The uploads a wizard's draft (``forms.Draft``) holds for its owner."""
    return Attachment.objects.filter(draft=draft, owner_id=draft.owner_id)


def attachment_by_document_for_draft(*, draft: models.Model) -> dict[str, list[Attachment]]:
    """The draft's uploads per document code, as ``DocumentForm(stored=...)`` takes them."""
    by_document: dict[str, list[Attachment]] = {}
    for attachment in attachment_list_for_draft(draft=draft):
        by_document.setdefault(attachment.document_code, []).append(attachment)
    return by_document


def attachment_total_size_for_draft(*, draft: models.Model) -> int:
    """Bytes the draft's uploads take, as ``DocumentForm(stored_total=...)`` takes them."""
    return attachment_list_for_draft(draft=draft).aggregate(total=Sum("size"))["total"] or 0


# --- Staff ----------------------------------------------------------------------------------------
# Every staff read starts from permissions.case_visibility_for_staff, so the inbox, the case page,
# the PDF and every attachment follow the same rule.


class Assignment(models.TextChoices):
    MINE = "me", _("Assigned to me")
    UNASSIGNED = "none", _("Unassigned")


class InboxOrder(models.TextChoices):
    DUE = "due", _("Due date, soonest first")
    RECEIVED_NEWEST = "newest", _("Received, newest first")
    RECEIVED_OLDEST = "oldest", _("Received, oldest first")


_INBOX_ORDERING = {
    InboxOrder.DUE: (F("due_date").asc(nulls_last=True), "submitted_at", "id"),
    InboxOrder.RECEIVED_NEWEST: ("-submitted_at", "-id"),
    InboxOrder.RECEIVED_OLDEST: ("submitted_at", "id"),
}


# The clock runs while the department has the case: not once decided, nor while the founder is asked.
CASE_CLOCK_RUNNING_STATUSES = tuple(status for status in CASE_OPEN_STATUSES if status not in PAUSED_STATUSES)


def case_overdue_condition(*, today: date) -> Q:
    """Past the due date while the clock runs (written as a list of open statuses, so the partial
    indexes over open cases apply)."""
    return Q(due_date__lt=today, status__in=CASE_CLOCK_RUNNING_STATUSES)


def case_is_overdue(*, case: Case, today: date | None = None) -> bool:
    """The same rule as ``case_overdue_condition``, for one loaded case."""
    today = today or timezone.localdate()
    return case.due_date is not None and case.due_date < today and case.status in CASE_CLOCK_RUNNING_STATUSES


def _search_condition(search: str) -> Q:
    # Every word must occur; the stored search text is folded the same way (search.search_text_build),
    # so a plain LIKE on it is served by its trigram index on PostgreSQL.
    condition = Q()
    for word in search_fold(search).split():
        condition &= Q(search_text__contains=word)
    return condition


def _case_queue_for_staff(
    *,
    user: User,
    service: Service | None = None,
    assignment: str = "",
    overdue: bool = False,
    received_from: date | None = None,
    received_to: date | None = None,
    search: str = "",
    today: date | None = None,
    fresh: bool = True,
) -> QuerySet[Case]:
    """The visible cases narrowed by every filter except the status."""
    cases = Case.objects.filter(case_visibility_for_staff(user, fresh=fresh))
    if service is not None:
        cases = cases.filter(service=service)
    if assignment == Assignment.MINE:
        cases = cases.filter(assignee=user)
    elif assignment == Assignment.UNASSIGNED:
        cases = cases.filter(assignee__isnull=True)
    if overdue:
        cases = cases.filter(case_overdue_condition(today=today or timezone.localdate()))
    # Days in the city's time zone: the whole "to" day counts.
    if received_from is not None:
        cases = cases.filter(submitted_at__gte=_day_start(received_from))
    if received_to is not None:
        cases = cases.filter(submitted_at__lt=_day_start(received_to + timedelta(days=1)))
    if search.strip():
        cases = cases.filter(_search_condition(search))
    return cases


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def case_list_for_staff(
    *,
    user: User,
    status: str = "",
    service: Service | None = None,
    assignment: str = "",
    overdue: bool = False,
    received_from: date | None = None,
    received_to: date | None = None,
    search: str = "",
    order: str = InboxOrder.DUE,
    today: date | None = None,
) -> QuerySet[Case]:
    """The inbox: cases the user may see, filtered and sorted; only what the inbox table shows is loaded.

    ``status`` is one status, ``"all"``, or empty for the open cases. Each row carries ``is_overdue``.
    """
    today = today or timezone.localdate()
    cases = _case_queue_for_staff(
        user=user,
        service=service,
        assignment=assignment,
        overdue=overdue,
        received_from=received_from,
        received_to=received_to,
        search=search,
        today=today,
    )
    if status == "all":
        pass
    elif status:
        cases = cases.filter(status=status)
    else:
        cases = cases.filter(status__in=CASE_OPEN_STATUSES)
    return (
        cases.select_related("service", "assignee")
        .only(
            "public_id",
            "reference",
            "title",
            "status",
            "submitted_at",
            "due_date",
            "service__name",
            "assignee__full_name",
            "assignee__email",
        )
        .annotate(is_overdue=ExpressionWrapper(case_overdue_condition(today=today), output_field=BooleanField()))
        .order_by(*_INBOX_ORDERING.get(order, _INBOX_ORDERING[InboxOrder.DUE]))
    )


# A search counts its matches per status exactly, in one pass, while there are fewer than this many.
# Above it (a common fragment: "müll" matches tens of thousands of cases in the bench's seed, each
# checked in the table), only the open statuses are counted, and the decided ones are left uncounted.
SEARCH_COUNT_LIMIT = 2_000
# Above this many cases a status count says "more than": counting a department's whole history
# (hundreds of thousands of decided cases) would take longer than the rest of the inbox together.
STATUS_COUNT_CAP = 1000


def case_status_counts_for_staff(*, user: User, cap: int = STATUS_COUNT_CAP, **filters) -> dict[str, int | None]:
    """How many visible cases are in each status, under the inbox's other filters; every status present.

    Counts are exact up to ``cap``; a count of ``cap + 1`` means "more than ``cap``". Each status is
    counted by its own subquery that stops after ``cap + 1`` rows of an index, all in one query.
    A search whose matches reach ``SEARCH_COUNT_LIMIT`` counts its open statuses only (through the
    partial trigram index over open cases, migration 0006); its decided statuses are ``None``.
    The inbox asks right after its rows: the department ids read for them are reused.
    """
    queue = _case_queue_for_staff(user=user, fresh=False, **filters).order_by()
    if filters.get("search", "").strip():
        # A search's matches come from the trigram index and are each checked in the table: read
        # them once and count them per status, rather than once per status.
        sql, params = queue.values("status")[:SEARCH_COUNT_LIMIT].query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT status, COUNT(*) FROM ({sql}) AS matches GROUP BY status", params)
            found = dict(cursor.fetchall())
        if sum(found.values()) < SEARCH_COUNT_LIMIT:
            return {status: min(found.get(status, 0), cap + 1) for status in CaseStatus.values}
        counts: dict[str, int | None] = dict.fromkeys(CaseStatus.values)
        counts.update(_status_counts_capped(queue, statuses=CASE_OPEN_STATUSES, cap=cap))
        return counts
    return _status_counts_capped(queue, statuses=CaseStatus.values, cap=cap)


def _status_counts_capped(queue: QuerySet[Case], *, statuses, cap: int) -> dict[str, int]:
    # The subquery is compiled once, for a stand-in status that each count replaces with its own
    # (compiling it seven times took longer than the query runs).
    sql, template_params = queue.filter(status=_STATUS_STAND_IN).values("pk")[: cap + 1].query.sql_with_params()
    position = template_params.index(_STATUS_STAND_IN)
    parts, params = [], []
    for status in statuses:
        parts.append(f"(SELECT COUNT(*) FROM ({sql}) AS capped)")
        params.extend((*template_params[:position], status, *template_params[position + 1 :]))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}", params)
        row = cursor.fetchone()
    return dict(zip(statuses, row, strict=True))


_STATUS_STAND_IN = "status-of-the-count"


def case_count_from_status_counts(
    *, counts: dict[str, int | None], status: str = "", cap: int = STATUS_COUNT_CAP
) -> int | None:
    """The number of cases ``case_list_for_staff(status=...)`` lists, taken from the counts per status
    of the same filters where they are exact (none above ``cap``, none uncounted); None where the
    list must be counted."""
    if status == "all":
        statuses = CaseStatus.values
    elif status:
        statuses = [status]
    else:
        statuses = CASE_OPEN_STATUSES
    selected = [counts.get(each, 0) for each in statuses]
    if any(count is None or count > cap for count in selected):
        return None
    return sum(selected)


def case_get_for_staff(*, user: User, public_id) -> Case:
    """A case the staff member may see, with what its page shows; any other case is not found."""
    try:
        return (
            Case.objects.filter(case_visibility_for_staff(user))
            .select_related("service", "department", "assignee", "applicant")
            .get(public_id=public_id)
        )
    except (Case.DoesNotExist, ValidationError) as exc:
        raise Http404 from exc


def attachment_get_for_staff(*, user: User, public_id) -> Attachment:
    """An attachment of a case the staff member may see; anything else is not found."""
    try:
        attachment = Attachment.objects.select_related("case").get(public_id=public_id)
    except (Attachment.DoesNotExist, ValidationError) as exc:
        raise Http404 from exc
    if not user_may_open_attachment(user, attachment):
        raise Http404
    return attachment


def case_attachments_for_staff(*, case: Case) -> QuerySet[Attachment]:
    return case.attachments.select_related("uploaded_by").order_by("uploaded_at", "id")


def case_events_for_staff(*, case: Case) -> QuerySet[CaseEvent]:
    """The whole audit trail, access events included, oldest first."""
    return case.events.select_related("actor").order_by("created_at", "id")


def case_notes_for_staff(*, case: Case) -> QuerySet[CaseNote]:
    return case.notes.select_related("author")


def case_messages_for_staff(*, case: Case) -> QuerySet[CaseMessage]:
    return case.messages.select_related("author").prefetch_related("attachments")
