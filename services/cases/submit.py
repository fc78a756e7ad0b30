"""Submitting an application: one transaction creates the case, its reference and its first event,
and starts the follow-up (routing, PDF, receipt) on commit.

The wizard (``forms.services.draft_submit``) calls this with what it collected; nothing here knows
wizards or drafts, so imports run one way: forms → services.cases.
"""

import uuid
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from portal.accounts.models import User
from services.cases.events import case_event_record
from services.cases.models import Attachment, Case, CaseEvent, ReferenceCounter
from services.cases.search import search_text_build
from services.cases.tasks import case_followup_start
from services.catalog.models import Service


def case_reference_next(*, service: Service) -> str:
    """The next reference of a service in the current year, e.g. ``GEW-2026-000042``.

    Runs inside the submit transaction: one statement creates or counts up the counter row,
    which stays locked until commit, so concurrent submits get consecutive, unique numbers.
    (Raw SQL because the ORM cannot count up and return the new number in one round trip;
    PostgreSQL and SQLite ≥ 3.35 both read it.)
    """
    year = timezone.localdate().year
    table = connection.ops.quote_name(ReferenceCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (service_id, year, last_number) VALUES (%s, %s, 1) "
            f"ON CONFLICT (service_id, year) DO UPDATE SET last_number = {table}.last_number + 1 "
            "RETURNING last_number",
            [service.pk, year],
        )
        (number,) = cursor.fetchone()
    return f"{service.reference_prefix}-{year}-{number:06d}"


def case_submit(
    *,
    submission_key: uuid.UUID,
    service: Service,
    applicant: User,
    answers: dict[str, Any],
    summary: list[dict[str, Any]],
    form_version: str,
    title: str,
    search_terms: list[str],
    attachments: QuerySet[Attachment],
) -> Case:
    """Turn a completed application into a case, exactly once per ``submission_key``.

    ``summary`` is the snapshot of the answers as the official form shows them; it stays
    with the case for the clerk's page and the PDF. ``attachments`` are the applicant's uploads
    the case takes (those of documents that still apply); uploads already in a case stay there.

    The caller locks what the submission comes from (the wizard: its draft) around this call and
    asks first whether it became a case already; a second call with the same key regardless
    fails on the unique ``submission_key`` and creates nothing.
    """
    # No savepoint of its own inside the caller's transaction: a failure here undoes the whole submit.
    with transaction.atomic(savepoint=False):
        reference = case_reference_next(service=service)
        case = Case.objects.create(
            submission_key=submission_key,
            reference=reference,
            service=service,
            applicant=applicant,
            answers=answers,
            summary=summary,
            form_version=form_version,
            title=title[:200],
            search_text=search_text_build([reference, title, applicant.email, *search_terms]),
            submitted_at=timezone.now(),
        )
        attached = attachments.filter(owner=applicant, case__isnull=True).update(case=case)
        case_event_record(case=case, kind=CaseEvent.Kind.SUBMITTED, actor=applicant, data={"attachments": attached})
        # robust: the case is committed whatever happens next; a follow-up that fails here
        # (broker down, or in eager mode a mail server down) is logged and picked up again
        # by `resume_case_processing`, and the founder still gets the confirmation page.
        transaction.on_commit(lambda: case_followup_start(case_id=case.pk), robust=True)
    return case
