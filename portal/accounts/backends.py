from django.core.exceptions import PermissionDenied

from portal.accounts.throttle import login_ip_blocked


class ClientIpLimitBackend:
    """Refuses every log-in from a client IP that has failed LOGIN_IP_FAILURE_LIMIT times, on every log-in
    form (the admin's too); the founders' log-in view says so on its own page before it gets here.

    Deliberately without ``get_user``: it never logs anyone in, so sessions never name it.
    """

    def authenticate(self, request, **credentials):
        if request is not None and login_ip_blocked(request=request):
            raise PermissionDenied
        return None
