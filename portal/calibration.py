"""The load test's yardstick: the cheapest request a logged-in founder can make that reads one
row and writes one row. ``make load`` prints its throughput beside the wizard's, measured in the
same run on the same server, so that the wizard's figures can be compared across machines.

Routed only when ``LOAD_CALIBRATION_VIEW`` is on (see ``portal/urls.py``).
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_POST

from portal.accounts.models import User


@require_POST
@login_required
def load_calibration(request):
    # Session and user are read by the middleware as for every logged-in request; this adds
    # one read and one write of a row, as a wizard step reads and writes its draft.
    language = User.objects.filter(pk=request.user.pk).values_list("language", flat=True).get()
    User.objects.filter(pk=request.user.pk).update(last_login=timezone.now())
    return HttpResponse(language, content_type="text/plain")
