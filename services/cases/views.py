from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.storage import Storage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST, require_safe

from services.cases.founder_views import case_detail_context
from services.cases.selectors import attachment_get_for_user, case_get_for_applicant
from services.cases.services import attachment_remove


@require_safe
@login_required
def case_detail(request, public_id, just_submitted: bool = False):
    case = case_get_for_applicant(applicant=request.user, public_id=public_id)
    context = {**case_detail_context(request, case), "just_submitted": just_submitted}
    return render(request, "cases/detail.html", context)


def _storage_serves_locally(storage: Storage) -> bool:
    # Object storage has no local path; such files are handed out by a signed, short-lived URL instead.
    try:
        storage.path("")
    except NotImplementedError:
        return False
    return True


def _file_hand_out(file: FieldFile, *, filename: str, content_type: str) -> HttpResponse:
    """Give a private file to a user whose permission the caller has checked."""
    if _storage_serves_locally(file.storage):
        try:
            response = FileResponse(
                file.storage.open(file.name, "rb"), as_attachment=True, filename=filename, content_type=content_type
            )
        except FileNotFoundError as exc:
            raise Http404 from exc
        response["X-Content-Type-Options"] = "nosniff"
    else:
        signed_url = file.storage.url(
            file.name,
            parameters={
                "ResponseContentDisposition": content_disposition_header(True, filename),
                "ResponseContentType": content_type,
            },
        )
        response = HttpResponseRedirect(signed_url)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def attachment_download(request, public_id):
    attachment = attachment_get_for_user(user=request.user, public_id=public_id)
    return _file_hand_out(attachment.file, filename=attachment.original_name, content_type=attachment.content_type)


@login_required
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


@login_required
@require_GET
def case_pdf_download(request, public_id):
    case = case_get_for_applicant(applicant=request.user, public_id=public_id)
    if not case.pdf:
        raise Http404
    return _file_hand_out(case.pdf, filename=f"{case.reference}.pdf", content_type="application/pdf")
