from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from services.cases.selectors import case_get_for_applicant


@login_required
def case_detail(request, public_id, just_submitted: bool = False):
    case = case_get_for_applicant(applicant=request.user, public_id=public_id)
    context = {"case": case, "attachments": case.attachments.all(), "just_submitted": just_submitted}
    return render(request, "cases/detail.html", context)
