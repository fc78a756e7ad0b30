"""Mails to founders about their cases: written in the founder's language, sent once the change commits.

Subjects carry the reference and nothing else about the case or the person; the body says
what changed and links to the case page. Messages themselves stay in the portal: mail is not
encrypted, and the founder reads them after logging in.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from services.cases.events import case_event_record
from services.cases.models import Case, CaseEvent
from services.notifications.services import outbox_mail_queue
from services.workflow.transitions import FINAL_STATUSES, Transition


def _founder_language(case: Case) -> str:
    language = case.applicant.language
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def case_notice_transition(*, case: Case, move: Transition, text: str, event: CaseEvent) -> None:
    """Tell the founder about a public move. Call inside the move's transaction."""
    _notice_queue(
        case=case,
        kind="transition",
        template="email/case_notice.txt",
        context={"move": move, "text": text, "decided": move.target in FINAL_STATUSES},
        dedupe_key=f"case-notice:{event.pk}",
        data={"transition": move.name},
    )


def case_notice_message(*, case: Case, event: CaseEvent) -> None:
    """Tell the founder that the department wrote to them. The text itself stays in the portal."""
    _notice_queue(
        case=case,
        kind="message",
        template="email/case_message_notice.txt",
        context={},
        dedupe_key=f"case-notice:{event.pk}",
        data={"message": event.data.get("message")},
    )


def _notice_queue(*, case: Case, kind: str, template: str, context: dict, dedupe_key: str, data: dict) -> None:
    language = _founder_language(case)
    context = {
        **context,
        "case": case,
        "city_authority": settings.CITY_AUTHORITY,
        "case_url": settings.SITE_URL + reverse("cases:detail", args=[case.public_id]),
    }
    with translation.override(language):
        subject = render_to_string("email/case_notice_subject.txt", context).strip()
        body = render_to_string(template, context)
    to = case.applicant.email
    case_event_record(case=case, kind=CaseEvent.Kind.NOTIFIED, data={**data, "kind": kind, "language": language})
    # The one place a notice leaves the portal (see the module docstring). The NOTIFIED event above
    # records the notice in the change's transaction, so the outbox row is not tied to the case
    # (the outbox would record a second event on sending).
    outbox_mail_queue(to=to, subject=subject, body=body, kind=f"case_{kind}", language=language, dedupe_key=dedupe_key)
