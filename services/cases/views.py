from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_safe

from portal.access import founder_area
from services.cases.founder_views import case_detail_context
from services.cases.handout import file_hand_out
from services.cases.selectors import attachment_get_for_user, case_get_for_applicant
from services.cases.tasks import case_pdf_ensure


@require_safe
@founder_area
def case_detail(request, public_id, just_submitted: bool = False):
    case = case_get_for_applicant(applicant=request.user, public_id=public_id)
    context = {**case_detail_context(request, case), "just_submitted": just_submitted}
    return render(request, "cases/detail.html", context)


@founder_area
@require_GET
def attachment_download(request, public_id):
    attachment = attachment_get_for_user(user=request.user, public_id=public_id)
    return file_hand_out(attachment.file, filename=attachment.original_name, content_type=attachment.content_type)


@founder_area
@require_GET
def case_pdf_download(request, public_id):
    case = case_get_for_applicant(applicant=request.user, public_id=public_id)
    if not case_pdf_ensure(case=case):
        raise Http404
    return file_hand_out(case.pdf, filename=f"{case.reference}.pdf", content_type="application/pdf")
