"""Brute-force protection: the client's IP behind proxies, django-axes' log wording, and a limit on
the forms that send mail, counted in the shared cache so that every web node sees the same numbers."""

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils.crypto import salted_hmac

from portal.accounts.services import email_normalize
from portal.rate_limits import cache_window_count


def client_ip(request: HttpRequest) -> str:
    """The address the request came from. Behind TRUSTED_PROXY_COUNT proxies that each append to
    X-Forwarded-For, the client is that many entries from the right; entries further left are
    whatever the client claimed and cannot be trusted."""
    remote = request.META.get("REMOTE_ADDR", "")
    if settings.TRUSTED_PROXY_COUNT:
        forwarded = [ip.strip() for ip in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if ip.strip()]
        if len(forwarded) >= settings.TRUSTED_PROXY_COUNT:
            return forwarded[-settings.TRUSTED_PROXY_COUNT]
    return remote


def login_attempt_describe(username, ip_address, user_agent, path_info, request) -> str:
    """How django-axes names a client in its log lines: by the page only, as addresses and IPs are personal data."""
    return f"{{path_info: {path_info[0] if isinstance(path_info, tuple | list) else path_info!r}}}"


def _cache_key(prefix: str, key: str) -> str:
    return prefix + salted_hmac("portal.accounts.throttle", key).hexdigest()


def _count(key: str, *, prefix: str = "account-mail-rate:", window: int | None = None) -> int:
    return cache_window_count(key=_cache_key(prefix, key), window=window or settings.ACCOUNT_MAIL_RATE_WINDOW)


def mail_request_allow(*, request: HttpRequest, email: str) -> bool:
    """Count one request of a form that sends mail. False once the client IP or the address has made
    more than ACCOUNT_MAIL_RATE_LIMIT of them (all such forms together) within ACCOUNT_MAIL_RATE_WINDOW
    seconds. Keys are hashed: the cache holds no addresses."""
    counts = [_count(f"ip:{client_ip(request)}"), _count(f"email:{email_normalize(email)}")]
    return max(counts) <= settings.ACCOUNT_MAIL_RATE_LIMIT


_LOGIN_IP_PREFIX = "login-ip-failures:"


def login_ip_failure_count(*, request: HttpRequest) -> None:
    """Count one failed log-in of the client IP, whichever account it tried (django-axes counts per
    account). A successful log-in does not reset it: a sprayer could log in to an own account in between."""
    _count(f"ip:{client_ip(request)}", prefix=_LOGIN_IP_PREFIX, window=settings.LOGIN_LOCKOUT_MINUTES * 60)


def login_ip_blocked(*, request: HttpRequest) -> bool:
    """True once the client IP has failed LOGIN_IP_FAILURE_LIMIT log-ins within LOGIN_LOCKOUT_MINUTES."""
    failures = cache.get(_cache_key(_LOGIN_IP_PREFIX, f"ip:{client_ip(request)}"), 0)
    return failures >= settings.LOGIN_IP_FAILURE_LIMIT
