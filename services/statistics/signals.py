"""Keeps the figures current from the case's own audit trail: every write that changes what a case's
figures say records a ``CaseEvent`` in its transaction (``case_event_record``), and this receiver
updates the case's ``CaseFigure`` in the same transaction. Rows written in bulk without events'
signals (the demo history, the benchmark) are brought in by ``case_figures_refresh``."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from services.cases.models import CaseEvent
from services.statistics.services import FIGURE_EVENT_KINDS, FunnelEvent, case_figure_sync, funnel_event_record


@receiver(post_save, sender=CaseEvent, dispatch_uid="statistics_case_event")
def case_event_saved(sender, instance: CaseEvent, created: bool, raw: bool = False, **kwargs) -> None:
    if not created or raw or instance.kind not in FIGURE_EVENT_KINDS:
        return
    case = instance.case
    case_figure_sync(case=case)
    if instance.kind == CaseEvent.Kind.SUBMITTED:
        funnel_event_record(service=case.service_id, draft_key=case.submission_key, kind=FunnelEvent.SUBMITTED)
