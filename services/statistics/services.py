"""Writes of the agency's figures: the case rollup and the wizard funnel's anonymous events."""

import hashlib
import hmac
import uuid
from collections.abc import Iterable
from enum import StrEnum

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from services.cases.models import Case, CaseEvent
from services.catalog.models import Service
from services.catalog.selectors import district_postcode_map
from services.statistics.dimensions import case_dimensions
from services.statistics.funnel_rollup import funnel_rollups_apply, journey_state
from services.statistics.models import CaseFigure, WizardJourney, WizardStep
from services.statistics.rollups import ROLLUP_FIELDS, figure_rollups_apply, figure_state
from services.workflow.transitions import FINAL_STATUSES

# The case events that change what a case's figures say (service and answers, department, status).
FIGURE_EVENT_KINDS = frozenset(
    {CaseEvent.Kind.SUBMITTED, CaseEvent.Kind.ROUTED, CaseEvent.Kind.REROUTED, CaseEvent.Kind.TRANSITION}
)
INFORMATION_REQUEST = "request_information"


def _information_requested():
    return Exists(
        CaseEvent.objects.filter(
            case=OuterRef("pk"), kind=CaseEvent.Kind.TRANSITION, data__transition=INFORMATION_REQUEST
        )
    )


def _figure_fields(case: Case, *, information_requested: bool, districts: dict[str, str] | None = None) -> dict:
    decided_at = case.decided_at if case.status in FINAL_STATUSES else None
    within_due = None
    processing_days = None
    if decided_at is not None:
        processing_days = (decided_at - case.submitted_at).total_seconds() / 86400
        if case.due_date is not None:
            within_due = timezone.localdate(decided_at) <= case.due_date
    return {
        "service_id": case.service_id,
        "department_id": case.department_id,
        "submitted_at": case.submitted_at,
        "submitted_on": timezone.localdate(case.submitted_at),
        **case_dimensions(case.answers or {}, districts=districts),
        "open": case.status not in FINAL_STATUSES,
        "decided_at": decided_at,
        "processing_days": processing_days,
        "within_due": within_due,
        "information_requested": information_requested,
    }


def case_figure_sync(*, case: Case) -> CaseFigure:
    """Bring the case's figure row and the rollups it counts in up to date; called in the transaction of
    the write that changed it."""
    requested = CaseEvent.objects.filter(
        case=case, kind=CaseEvent.Kind.TRANSITION, data__transition=INFORMATION_REQUEST
    ).exists()
    fields = _figure_fields(case, information_requested=requested)
    figure = CaseFigure.objects.select_for_update().filter(case_id=case.pk).first()
    if figure is None:
        figure = CaseFigure.objects.create(case_id=case.pk, **fields)
        figure_rollups_apply(old=[], new=[figure_state(figure)])
        return figure
    old = figure_state(figure)
    for name, value in fields.items():
        setattr(figure, name, value)
    figure.save()
    if figure_state(figure) != old:
        figure_rollups_apply(old=[old], new=[figure_state(figure)])
    return figure


def case_figures_refresh(
    *, case_ids: Iterable[int] | None = None, missing_only: bool = False, batch_size: int = 2000
) -> int:
    """Rebuild the figure rows of the given cases (all cases: None; ``missing_only``: those without one),
    e.g. after rows were written in bulk (the demo) or for cases from before the rollup, and move the
    rollups along with them. Returns how many rows were written."""
    cases = Case.objects.annotate(requested=_information_requested()).order_by("pk")
    if case_ids is not None:
        cases = cases.filter(pk__in=list(case_ids))
    if missing_only:
        cases = cases.exclude(Exists(CaseFigure.objects.filter(case=OuterRef("pk"))))
    written = 0
    batch: list[CaseFigure] = []
    fields = [f.name for f in CaseFigure._meta.concrete_fields if not f.primary_key]
    update_fields = [CaseFigure._meta.get_field(name).name for name in fields]
    districts = district_postcode_map()
    for case in cases.only(
        "pk", "service_id", "department_id", "status", "answers", "submitted_at", "decided_at", "due_date"
    ).iterator(chunk_size=batch_size):
        figure = _figure_fields(case, information_requested=case.requested, districts=districts)
        batch.append(CaseFigure(case_id=case.pk, **figure))
        if len(batch) >= batch_size:
            written += _figures_upsert(batch, update_fields)
            batch = []
    if batch:
        written += _figures_upsert(batch, update_fields)
    return written


def _figures_upsert(batch: list[CaseFigure], update_fields: list[str]) -> int:
    with transaction.atomic():
        old = CaseFigure.objects.select_for_update().filter(case_id__in=[figure.case_id for figure in batch])
        old_states = list(old.values(*ROLLUP_FIELDS))
        CaseFigure.objects.bulk_create(
            batch, update_conflicts=True, unique_fields=["case"], update_fields=update_fields
        )
        figure_rollups_apply(old=old_states, new=[figure_state(figure) for figure in batch])
    return len(batch)


# --- The wizard funnel -------------------------------------------------------------------------


def funnel_journey(*, draft_key: uuid.UUID) -> uuid.UUID:
    """The funnel's id of a draft: the same for every event of the draft, random-looking and not
    traceable to the draft (or its founder) without the portal's secret key."""
    key = hashlib.sha256(f"wizard-funnel:{settings.SECRET_KEY}".encode()).digest()
    digest = hmac.new(key, str(draft_key).encode(), hashlib.sha256).digest()
    return uuid.UUID(bytes=digest[:16], version=4)


class FunnelEvent(StrEnum):
    """What a draft reports to the funnel."""

    STARTED = "started"
    STEP_COMPLETED = "step_completed"
    SUBMITTED = "submitted"


def funnel_event_record(
    *, service: Service | int, draft_key: uuid.UUID | str, kind: FunnelEvent, step: str = ""
) -> None:
    """Keep the draft's anonymous journey (``WizardJourney``) and the funnel's rollups current with what
    the draft reports. A start and a submission count once however often they are reported; a draft
    started before the funnel existed is not counted."""
    service_id = service if isinstance(service, int) else service.pk
    journey_id = funnel_journey(draft_key=draft_key)
    now = timezone.now()
    # Inside the caller's transaction (the draft's save, the submit) it adds no savepoint: the journey's
    # change commits or rolls back with what caused it.
    with transaction.atomic(savepoint=False):
        if kind == FunnelEvent.STARTED:
            journey, created = WizardJourney.objects.get_or_create(
                journey=journey_id, defaults={"service_id": service_id, "started_at": now}
            )
            if not created:
                return
            funnel_rollups_apply(old=[], new=[journey_state(journey)])
        else:
            bit = 0 if kind == FunnelEvent.SUBMITTED else 1 << wizard_step_bit(service_id=service_id, name=step)
            journey = _journey_locked(journey=journey_id)
            if journey is None or (kind == FunnelEvent.SUBMITTED and journey.submitted_at is not None):
                return
            old = journey_state(journey)
            if kind == FunnelEvent.SUBMITTED:
                journey.submitted_at = now
                journey.seconds = int((now - journey.started_at).total_seconds())
                journey.save(update_fields=["submitted_at", "seconds"])
                funnel_rollups_apply(old=[old], new=[journey_state(journey)])
            elif journey.steps_done | bit != journey.steps_done or journey.last_step != step:
                # A step posted again as the last one (the founder corrects it) changes neither the journey
                # nor the rollup: nothing is written.
                journey.steps_done |= bit
                journey.last_step = step
                _journey_step_update(journey=journey)
                funnel_rollups_apply(old=[old], new=[journey_state(journey)])


# Every step's POST runs the two statements below: written as SQL they cost a third to a tenth of what
# the ORM spends building them (about a third of a millisecond each; a step's POST takes 6-10 ms).


def _journey_locked(*, journey: uuid.UUID) -> WizardJourney | None:
    """The journey, locked until the transaction ends (where the database locks rows: not SQLite, which
    runs one write transaction at a time)."""
    meta, quote = WizardJourney._meta, connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in meta.concrete_fields)
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    sql = f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)} = %s{lock}"
    return next(iter(WizardJourney.objects.raw(sql, [meta.pk.get_db_prep_value(journey, connection)])), None)


def _journey_step_update(*, journey: WizardJourney) -> None:
    meta, quote = WizardJourney._meta, connection.ops.quote_name
    steps_done, last_step = (quote(meta.get_field(name).column) for name in ("steps_done", "last_step"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {quote(meta.db_table)} SET {steps_done} = %s, {last_step} = %s WHERE {quote(meta.pk.column)} = %s",
            [journey.steps_done, journey.last_step, meta.pk.get_db_prep_value(journey.journey, connection)],
        )


# The bits this process has read: a step's bit never changes once given, so a completed step costs no
# lookup after the first. A bit is remembered only once the row that gives it is committed.
_step_bits: dict[tuple[int, str], int] = {}


def wizard_step_bit(*, service_id: int, name: str) -> int:
    """The step's bit in ``WizardJourney.steps_done``, given on first sight (``WizardStep``)."""
    key = (service_id, name)
    if (bit := _step_bits.get(key)) is not None:
        return bit
    step = WizardStep.objects.filter(service_id=service_id, name=name).first()
    if step is not None:
        _step_bits[key] = step.bit
        return step.bit
    with transaction.atomic():
        # First sight of a step: one at a time per service (the service's row is the lock), and the
        # bits taken are read after the lock, so two steps first seen at once never get the same bit
        # (locking the existing step rows did not see a step another request had just added). Locked
        # without its key: the other founders' funnel rows check their service (a foreign key) as they
        # commit, while holding rollup cells this transaction may want next; a lock for update made them
        # wait for it, a deadlock.
        Service.objects.select_for_update(no_key=True).filter(pk=service_id).exists()
        taken = WizardStep.objects.filter(service_id=service_id).values_list("bit", flat=True)
        step, _created = WizardStep.objects.get_or_create(
            service_id=service_id, name=name, defaults={"bit": max(taken, default=-1) + 1}
        )
    transaction.on_commit(lambda: _step_bits.setdefault(key, step.bit))
    return step.bit


def wizard_step_bits_forget() -> None:
    """Forget the bits this process remembers (for tests, whose rows are rolled back after each test)."""
    _step_bits.clear()


def funnel_step_completed(*, service: Service, draft_key: uuid.UUID, step: str) -> None:
    """The wizard's hook: a founder completed a step of a draft."""
    funnel_event_record(service=service, draft_key=draft_key, kind=FunnelEvent.STEP_COMPLETED, step=step)
