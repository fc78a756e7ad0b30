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
