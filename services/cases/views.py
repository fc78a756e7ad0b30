from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST, require_safe

from portal.access import founder_area
from services.cases.followup import case_pdf_ensure
from services.cases.founder_views import case_detail_context
from services.cases.handout import file_hand_out
from services.cases.selectors import attachment_get_for_user, case_get_for_applicant
from services.cases.services import attachment_remove


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
@require_POST
def attachment_delete(request, public_id):
    try:
        attachment_remove(owner=request.user, public_id=public_id)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The file has been removed."))
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("my_cases")
    return redirect(next_url)


@founder_area
@require_GET
def case_pdf_download(request, public_id):
    case = case_get_for_applicant(applicant=request.user, public_id=public_id)
    if not case_pdf_ensure(case=case):
        raise Http404
    return file_hand_out(case.pdf, filename=f"{case.reference}.pdf", content_type="application/pdf")
