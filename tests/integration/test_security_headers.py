"""Every page carries a Content Security Policy; pages with personal data are never stored."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def csp(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("url_name", ["home", "accounts:login", "accounts:signup", "privacy"])
def test_every_page_has_a_strict_content_security_policy(client, url_name):
    policy = csp(client.get(reverse(url_name)))

    assert policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert policy["default-src"] == "default-src 'self'"
    assert "'unsafe-inline'" not in str(policy)
    assert "'unsafe-eval'" not in str(policy)


def test_logged_in_pages_have_the_policy_too(founder_client):
    assert "frame-ancestors 'none'" in founder_client.get(reverse("my_cases"))["Content-Security-Policy"]


def test_no_template_has_an_inline_script_without_nonce_or_an_inline_style():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        if path.parts[-2] in {"pdf", "email"}:  # rendered to PDF or mail, never by a browser
            continue
        text = path.read_text()
        for tag in re.findall(r"<script\b[^>]*>", text):
            if "src=" not in tag and "nonce=" not in tag:
                offenders.append(f"{path.name}: {tag}")
        if re.search(r"<style\b|\sstyle=|\son[a-z]+=", text):
            offenders.append(f"{path.name}: inline style or event handler")
    assert offenders == []


@pytest.mark.parametrize("url_name", ["my_cases", "accounts:password_reset"])
def test_pages_with_personal_data_are_not_stored(founder_client, url_name):
    response = founder_client.get(reverse(url_name))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_the_wizard_is_not_stored(founder_client, gewerbe_service):
    from services.catalog.services import catalog_load

    catalog_load()
    start = founder_client.post(reverse("forms:start", kwargs={"service": "gewerbeanmeldung"}))
    step = founder_client.get(start["Location"], follow=True)

    assert step.status_code == 200
    assert "no-store" in step["Cache-Control"]


@pytest.mark.parametrize("url_name", ["accounts:login", "accounts:signup"])
def test_account_forms_are_not_stored_even_before_log_in(client, url_name):
    assert "no-store" in client.get(reverse(url_name))["Cache-Control"]


def test_public_pages_for_visitors_may_be_cached(client):
    assert "no-store" not in client.get(reverse("home")).get("Cache-Control", "")
