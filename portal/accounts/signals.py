from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.dispatch import receiver
from django.utils import translation


@receiver(user_logged_in, dispatch_uid="accounts_language_remember")
def language_remember(sender, request, user, **kwargs) -> None:
    """Keep the language of the log-in, so that later mails about the person's cases use it."""
    language = translation.get_language()
    if language and language != user.language:
        user.language = language
        user.save(update_fields=["language"])


@receiver(user_login_failed, dispatch_uid="accounts_login_ip_failure_count")
def login_ip_failure(sender, credentials, request=None, **kwargs) -> None:
    if request is not None:
        # Imported here: throttle imports the services, which the app registry loads later.
        from portal.accounts.throttle import login_ip_failure_count

        login_ip_failure_count(request=request)
