from typing import Any

from portal.accounts.models import User
from services.cases.models import Case, CaseEvent


def case_event_record(*, case: Case, kind: str, actor: User | None = None, data: dict[str, Any] | None = None) -> CaseEvent:
    """Write one audit event. Call it inside the transaction of the write it records.

    ``data`` holds codes and ids only, never personal data.
    """
    return CaseEvent.objects.create(case=case, kind=kind, actor=actor, data=data or {})
