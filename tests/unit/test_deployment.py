"""Serving refuses the embedded development defaults outside DEBUG."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from portal.deployment import serving_settings_verify


def test_serving_without_a_secret_key_or_mail_server_is_refused(settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("EMAIL_URL", raising=False)

    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY, EMAIL_URL"):
        serving_settings_verify()


def test_serving_with_both_set_is_allowed(settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.setenv("SECRET_KEY", "a-real-secret")
    monkeypatch.setenv("EMAIL_URL", "smtp://mail.example:25")

    serving_settings_verify()


def test_development_needs_neither(settings, monkeypatch):
    settings.DEBUG = True
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("EMAIL_URL", raising=False)

    serving_settings_verify()


def test_check_deploy_with_production_settings_prints_no_warnings(tmp_path):
    """The environment README's "Security" section lists for production."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    production = {
        "PATH": os.environ.get("PATH", ""),
        "SECRET_KEY": "k3Y-" + "x9" * 30,
        "EMAIL_URL": "smtp://mail.example:25",
        "ALLOWED_HOSTS": "gruenderportal.krefeld.example",
        "SECURE_SSL_REDIRECT": "true",
        "SECURE_HSTS_SECONDS": "31536000",
        "USE_X_FORWARDED_PROTO": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    root = Path(__file__).resolve().parents[2]

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=root,
        env=production,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("cache_url", "engine"),
    [
        ("redis://127.0.0.1:6379/1", "django.contrib.sessions.backends.cached_db"),
        ("locmemcache://", "django.contrib.sessions.backends.db"),
    ],
)
def test_sessions_are_cached_only_where_every_process_shares_the_cache(cache_url, engine):
    """A per-process cache would still serve a session that another process logged out."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SESSION_ENGINE)"],
        cwd=Path(__file__).resolve().parents[2],
        env={"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "portal.settings", "CACHE_URL": cache_url},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.stdout.strip() == engine, result.stderr
