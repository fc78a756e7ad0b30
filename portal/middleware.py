"""Response headers that every page needs beyond what Django's SecurityMiddleware sets."""

from django.utils.cache import patch_cache_control


class PersonalPagesNotStoredMiddleware:
    """``Cache-Control: no-store`` (and ``private``) on every page for a logged-in person and on the
    account pages: they show personal data (wizard, review, cases, account forms), and neither a shared
    proxy nor the browser's history on a shared computer may keep them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        match = request.resolver_match
        if (user is not None and user.is_authenticated) or (match is not None and match.namespace == "accounts"):
            patch_cache_control(response, private=True, no_store=True)
        return response
