"""Loaded as a pytest plugin (``-p tests.environment``) before Django is set up."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key")
os.environ.setdefault("EMAIL_URL", "consolemail://")  # pytest-django swaps in its in-memory outbox
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
