from django.shortcuts import render
from django.views.decorators.http import require_safe

from services.workflow.selectors import case_list_overdue_for_staff
from services.workspace.access import supervisor_area


@supervisor_area
@require_safe
def overdue(request):
    """The supervisor's list of their departments' cases past the due date, the longest overdue first."""
    return render(request, "clerk/overdue.html", {"cases": case_list_overdue_for_staff(user=request.user)})
