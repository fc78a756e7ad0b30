"""Seed the load test's founders: ``python -m tests.load.seed COUNT`` (run by ``tests/load/stack.py``
on the load test's own database). Prints one session key per founder, one per line.

Founders get a session straight in the session store instead of logging in over HTTP: the
log-in's password hashing would cost the server more CPU than the run it prepares, and the
log-in is not what is measured.
"""

import sys

import django


def founders_seed(*, count: int) -> list[str]:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from portal.accounts.models import Role, User

    now = timezone.now()
    users = User.objects.bulk_create(
        User(
            email=f"lastgruender{index}@example.org",
            full_name=f"Gründer {index}",
            role=Role.FOUNDER,
            password=make_password(None),  # no log-in by password, and no hashing cost
            email_verified_at=now,
            privacy_accepted_at=now,
        )
        for index in range(count)
    )
    keys = []
    for user in users:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        keys.append(session.session_key)
    return keys


if __name__ == "__main__":
    django.setup()
    print("\n".join(founders_seed(count=int(sys.argv[1]))))
