"""The staff case page and the files it hands out; each opening is recorded in the case's timeline."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from services.cases.events import AccessedItem, case_access_record
from services.cases.handout import file_hand_out
from services.cases.selectors import (
    attachment_get_for_staff,
    case_attachments_for_staff,
    case_events_for_staff,
    case_get_for_staff,
    case_is_overdue,
    case_messages_for_staff,
    case_notes_for_staff,
)
from services.cases.tasks import case_pdf_ensure
from services.workspace.access import staff_area
from services.workspace.timeline import timeline_entries


@staff_area
@require_safe
def case_detail(request, public_id):
    case = case_get_for_staff(user=request.user, public_id=public_id)
    case_access_record(case=case, user=request.user, item=AccessedItem.CASE)
    attachments = list(case_attachments_for_staff(case=case))
    context = {
        "case": case,
        "sections": case.summary,
        "is_overdue": case_is_overdue(case=case),
        "attachments": attachments,
        "timeline": timeline_entries(case=case, events=case_events_for_staff(case=case), attachments=attachments),
        "notes": case_notes_for_staff(case=case),
        "thread": case_messages_for_staff(case=case),
    }
    return render(request, "clerk/case.html", context)


@staff_area
@require_safe
def case_pdf(request, public_id, inline: bool = False):
    case = case_get_for_staff(user=request.user, public_id=public_id)
    if not case_pdf_ensure(case=case):
        raise Http404
    case_access_record(case=case, user=request.user, item=AccessedItem.PDF)
    return file_hand_out(case.pdf, filename=f"{case.reference}.pdf", content_type="application/pdf", inline=inline)


@staff_area
@require_safe
def attachment_download(request, public_id):
    attachment = attachment_get_for_staff(user=request.user, public_id=public_id)
    case_access_record(case=attachment.case, user=request.user, item=AccessedItem.ATTACHMENT, attachment=attachment)
    return file_hand_out(attachment.file, filename=attachment.original_name, content_type=attachment.content_type)
