from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from forms.models import Draft
from portal.accounts.models import User
from services.cases.models import Attachment, Case, CaseEvent, ReferenceCounter
from services.catalog.models import Service


def case_event_record(*, case: Case, kind: str, actor: User | None = None, data: dict[str, Any] | None = None) -> CaseEvent:
    """Write one audit event. Call it inside the transaction of the write it records.

    ``data`` holds codes and ids only, never personal data.
    """
    return CaseEvent.objects.create(case=case, kind=kind, actor=actor, data=data or {})


def case_reference_next(*, service: Service) -> str:
    """The next reference of a service in the current year, e.g. ``GEW-2026-000042``.

    Runs inside the submit transaction: the counter row stays locked by the
    UPDATE until commit, so concurrent submits get consecutive, unique numbers.
    """
    year = timezone.localdate().year
    counter, _ = ReferenceCounter.objects.get_or_create(service=service, year=year)
    ReferenceCounter.objects.filter(pk=counter.pk).update(last_number=F("last_number") + 1)
    counter.refresh_from_db(fields=["last_number"])
    return f"{service.reference_prefix}-{year}-{counter.last_number:06d}"


def case_submit(
    *, draft: Draft, applicant: User, answers: dict[str, Any], title: str, document_codes: set[str]
) -> Case:
    """Turn a completed draft into a case, exactly once.

    A second submit of the same draft (double click, replayed POST, a retry)
    returns the case the first one created. Attachments of the draft whose
    document still applies move to the case; the rest stay with the draft
    until the upload clean-up removes them.
    """
    # Imported here: the task module imports the services that import this one.
    from services.cases.tasks import case_process_submission

    with transaction.atomic():
        draft = Draft.objects.select_for_update().select_related("service").get(pk=draft.pk, owner=applicant)
        if draft.case_id is not None:
            return draft.case
        case = Case.objects.create(
            submission_key=draft.public_id,
            reference=case_reference_next(service=draft.service),
            service=draft.service,
            applicant=applicant,
            answers=answers,
            title=title[:200],
            submitted_at=timezone.now(),
        )
        attached = Attachment.objects.filter(
            draft=draft, owner=applicant, case__isnull=True, document_code__in=document_codes
        ).update(case=case)
        draft.case = case
        draft.data = {}
        draft.save(update_fields=["case", "data", "updated_at"])
        case_event_record(
            case=case, kind=CaseEvent.Kind.SUBMITTED, actor=applicant, data={"attachments": attached}
        )
        transaction.on_commit(lambda: case_process_submission.delay(case_id=case.pk))
    return case
