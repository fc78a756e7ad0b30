"""Founder accounts: sign-up with e-mail confirmation, log-in, log-out, password reset, demo accounts."""

import re
from datetime import datetime, timedelta
from io import StringIO
from smtplib import SMTPRecipientsRefused
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.messages import get_messages
from django.core import mail
from django.core.cache import cache
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from portal.accounts.mails import AccountMail
from portal.accounts.models import Role, User
from portal.accounts.services import DEMO_PASSWORD, account_mail_queue
from portal.accounts.tokens import email_verification_token_generator
from services.notifications.models import OutboxMail
from tests.factories import DEFAULT_PASSWORD, FounderFactory, UserFactory

pytestmark = pytest.mark.django_db

SITE_URL = "https://portal.krefeld.example"
NEW_PASSWORD = "Rheinufer-Laterne-47"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE_URL


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The real hasher is deliberately slow; these tests hash dozens of passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    # The rate limits count in the cache, which outlives a test's database transaction.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def en_client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run a request and then its on-commit callbacks (the mails), as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def signup_data(**overrides) -> dict[str, str]:
    return {
        "full_name": "Fatma Yılmaz",
        "email": "fatma.yilmaz@example.org",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "privacy_consent": "on",
        **overrides,
    }


def link_path(message: mail.EmailMessage) -> str:
    """The path of the one portal link in a mail; the link must be absolute and point at SITE_URL."""
    links = re.findall(r"https?://\S+", message.body)
    portal_links = [link for link in links if link.startswith(SITE_URL + "/")]
    assert len(portal_links) == 1, message.body
    return urlsplit(portal_links[0]).path


def sign_up(client, committed, **overrides):
    with committed():
        return client.post(reverse("accounts:signup"), signup_data(**overrides))


def logged_in_user_id(client) -> str | None:
    return client.session.get(SESSION_KEY)


class TestSignup:
    def test_creates_an_unverified_founder_and_mails_one_confirmation_link(self, en_client, committed):
        response = sign_up(en_client, committed, email="Fatma.Yilmaz@Example.org")

        assert response.status_code == 302
        assert response.url == reverse("accounts:signup_done")
        user = User.objects.get()
        assert user.email == "fatma.yilmaz@example.org"
        assert user.full_name == "Fatma Yılmaz"
        assert user.role == Role.FOUNDER
        assert user.email_verified_at is None
        assert user.privacy_accepted_at is not None, "the consent is recorded"
        assert user.check_password(NEW_PASSWORD)
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["fatma.yilmaz@example.org"]
        assert link_path(mail.outbox[0]).startswith("/konto/bestaetigung/")
        assert logged_in_user_id(en_client) is None

    def test_done_page_asks_to_check_the_mailbox(self, en_client, committed):
        response = en_client.get(reverse("accounts:signup_done"))

        assert "Please check your mailbox" in response.content.decode()
        assert reverse("accounts:verification_resend") in response.content.decode()

    def test_registered_address_gets_the_same_answer_and_no_second_account(self, en_client, committed):
        owner = FounderFactory(email="fatma.yilmaz@example.org")
        fresh = sign_up(en_client, committed, email="someone.new@example.org")
        mail.outbox.clear()

        duplicate = sign_up(
            en_client,
            committed,
            email="FATMA.YILMAZ@example.org",
            password1="Anderes-Passwort-99",
            password2="Anderes-Passwort-99",
        )

        assert (duplicate.status_code, duplicate.url) == (fresh.status_code, fresh.url)
        assert User.objects.filter(email__iexact="fatma.yilmaz@example.org").count() == 1
        owner.refresh_from_db()
        assert owner.check_password(DEFAULT_PASSWORD)
        # Only the owner learns about the attempt, in their own mailbox.
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["fatma.yilmaz@example.org"]
        assert "There already is an account" in mail.outbox[0].body

    def test_unconfirmed_address_signing_up_again_gets_a_fresh_link(self, en_client, committed):
        sign_up(en_client, committed)
        sign_up(en_client, committed)

        assert User.objects.count() == 1
        assert len(mail.outbox) == 2
        assert link_path(mail.outbox[1]).startswith("/konto/bestaetigung/")

    @pytest.mark.parametrize(
        ("overrides", "field", "message"),
        [
            ({"email": "not-an-address"}, "email", "Enter a valid email address."),
            ({"email": "nul\x00@example.org"}, "email", "Null characters are not allowed."),
            ({"full_name": ""}, "full_name", "This field is required."),
            ({"password2": "Something-Else-123"}, "password2", "The two password fields didn’t match."),
            ({"password1": "12345", "password2": "12345"}, "password1", "This password is too short."),
            ({"password1": "password123", "password2": "password123"}, "password1", "This password is too common."),
            ({"privacy_consent": ""}, "privacy_consent", "Please agree to the privacy notice"),
        ],
    )
    def test_bad_input_shows_the_error_next_to_its_field(self, en_client, committed, overrides, field, message):
        response = sign_up(en_client, committed, **overrides)

        assert response.status_code == 200
        html = response.content.decode()
        error = re.search(rf'<p class="error-message" id="id_{field}_error">([^<]*)</p>', html)
        assert error is not None, html
        assert message in error.group(1).replace("&#x27;", "'")
        assert 'class="error-summary"' in html
        assert User.objects.count() == 0
        assert mail.outbox == []

    def test_empty_form_marks_every_required_field(self, en_client):
        response = en_client.post(reverse("accounts:signup"), {})

        html = response.content.decode()
        for field in ("full_name", "email", "password1", "password2", "privacy_consent"):
            assert f'id="id_{field}_error"' in html

    def test_a_failing_mail_server_does_not_break_the_sign_up(self, en_client, committed, settings, caplog):
        settings.EMAIL_BACKEND = "tests.integration.test_accounts.RefusingEmailBackend"

        response = sign_up(en_client, committed)

        assert response.status_code == 302
        assert User.objects.filter(email="fatma.yilmaz@example.org").exists()
        assert "(account_verification) failed: SMTPRecipientsRefused" in caplog.text
        assert "fatma" not in caplog.text.lower(), "the refusal quotes the address; the log must not"


class RefusingEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise SMTPRecipientsRefused({m.to[0]: (550, b"mailbox unavailable") for m in email_messages})


class TestAccountMailOutbox:
    def test_the_request_writes_the_mail_into_the_outbox_and_sends_it_only_after_commit(self, en_client):
        en_client.post(reverse("accounts:signup"), signup_data())  # the test's transaction never commits

        queued = OutboxMail.objects.get()
        assert (queued.to, queued.kind, queued.language) == ("fatma.yilmaz@example.org", "account_verification", "en")
        assert queued.sent_at is None and queued.expires_at is not None
        assert mail.outbox == []

    @pytest.mark.parametrize(
        ("email", "expected"), [("anna@example.org", ["account_password_reset"]), ("nobody@example.org", [])]
    )
    def test_password_reset_queues_at_most_one_mail(self, en_client, committed, email, expected):
        FounderFactory(email="anna@example.org")

        with committed():
            en_client.post(reverse("accounts:password_reset"), {"email": email})

        assert list(OutboxMail.objects.values_list("kind", flat=True)) == expected
        assert len(mail.outbox) == len(expected)

    def test_the_mail_is_written_in_the_language_of_the_request(self, client, committed):
        sign_up(client, committed)  # German is the default

        assert mail.outbox[0].body.startswith("Guten Tag,")

    def test_a_confirmation_mail_for_an_address_confirmed_already_is_not_queued(self):
        founder = FounderFactory(email="anna@example.org")

        account_mail_queue(user=founder, kind=AccountMail.VERIFICATION)

        assert not OutboxMail.objects.exists()

    def test_the_link_is_erased_from_the_outbox_once_the_mail_is_sent(self, en_client, committed):
        sign_up(en_client, committed)

        sent = OutboxMail.objects.get()
        assert sent.sent_at is not None
        assert sent.body == ""
        assert "/konto/bestaetigung/" in mail.outbox[0].body

    def test_a_refused_mail_stays_in_the_outbox_with_an_error_that_names_no_address(
        self, en_client, committed, settings, caplog
    ):
        settings.EMAIL_BACKEND = "tests.integration.test_accounts.RefusingEmailBackend"

        sign_up(en_client, committed)

        pending = OutboxMail.objects.get()
        assert pending.sent_at is None and pending.attempts == 1
        assert pending.last_error == "SMTPRecipientsRefused"
        assert "fatma" not in caplog.text.lower()
        assert "/konto/bestaetigung/" not in caplog.text

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        call_command("send_outbox_mail", "--older-than-seconds", "0", stdout=StringIO())

        assert len(mail.outbox) == 1 and mail.outbox[0].to == ["fatma.yilmaz@example.org"]


class TestVerification:
    def test_opening_the_link_asks_for_a_click_and_changes_nothing(self, en_client, committed):
        sign_up(en_client, committed)
        path = link_path(mail.outbox[0])

        response = en_client.get(path)

        assert response.status_code == 200
        html = response.content.decode()
        assert "Confirm e-mail address" in html
        assert re.search(r'<form method="post"[^>]*>\s*<input type="hidden" name="csrfmiddlewaretoken"', html)
        assert 'action="' not in html.split("<main", 1)[1].split("</form>", 1)[0], "the form posts to the link"
        assert User.objects.get().email_verified_at is None
        assert logged_in_user_id(en_client) is None

    def test_a_mail_scanner_opening_the_link_does_not_use_it_up(self, en_client, committed):
        sign_up(en_client, committed)
        path = link_path(mail.outbox[0])
        scanner = Client()  # e.g. Outlook Safe Links, with its own cookies

        scanner.get(path)
        scanner.get(path)
        response = en_client.post(path, {"password": NEW_PASSWORD})

        assert response.status_code == 302
        assert User.objects.get().email_verified_at is not None
        assert logged_in_user_id(scanner) is None

    def test_the_button_confirms_the_address_and_logs_in(self, en_client, committed):
        sign_up(en_client, committed)

        response = en_client.post(link_path(mail.outbox[0]), {"password": NEW_PASSWORD})

        user = User.objects.get()
        assert response.status_code == 302
        assert response.url == reverse("my_cases")
        assert user.email_verified_at is not None
        assert logged_in_user_id(en_client) == str(user.pk)
        assert [str(m) for m in get_messages(response.wsgi_request)] == [
            "Thank you, your e-mail address is confirmed. You are now logged in."
        ]

    def test_the_button_needs_the_csrf_token(self, en_client, committed):
        sign_up(en_client, committed)
        path = link_path(mail.outbox[0])
        csrf_client = Client(enforce_csrf_checks=True)

        forged = csrf_client.post(path)
        page = csrf_client.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
        real = csrf_client.post(path, {"csrfmiddlewaretoken": token, "password": NEW_PASSWORD})

        assert forged.status_code == 403
        assert real.status_code == 302
        assert User.objects.get().email_verified_at is not None

    @pytest.mark.parametrize("method", ["get", "post"])
    def test_a_link_works_only_once(self, en_client, committed, method):
        sign_up(en_client, committed)
        path = link_path(mail.outbox[0])
        en_client.post(path, {"password": NEW_PASSWORD})
        en_client.post(reverse("accounts:logout"))

        response = getattr(en_client, method)(path)

        assert response.status_code == 200
        html = response.content.decode()
        assert "This confirmation link does not work" in html
        assert f'action="{reverse("accounts:verification_resend")}"' in html
        assert logged_in_user_id(en_client) is None

    @pytest.mark.parametrize("method", ["get", "post"])
    @pytest.mark.parametrize(
        "tamper",
        [
            lambda uid, token: (uid, token[:-1] + ("0" if token[-1] != "0" else "1")),
            lambda uid, token: (uid, "abc-def"),
            lambda uid, token: ("Zm9v", token),  # "foo"
            lambda uid, token: ("OTk5OTk5", token),  # a user that does not exist
            lambda uid, token: ("%%%", token),
        ],
    )
    def test_a_tampered_link_fails_and_changes_nothing(self, en_client, committed, tamper, method):
        sign_up(en_client, committed)
        _, _, _, uid, token, _ = link_path(mail.outbox[0]).split("/")
        bad_uid, bad_token = tamper(uid, token)

        response = getattr(en_client, method)(f"/konto/bestaetigung/{bad_uid}/{bad_token}/")

        assert response.status_code == 200
        assert "This confirmation link does not work" in response.content.decode()
        assert User.objects.get().email_verified_at is None
        assert logged_in_user_id(en_client) is None

    @pytest.mark.parametrize("method", ["get", "post"])
    def test_an_expired_link_fails(self, en_client, committed, monkeypatch, settings, method):
        sign_up(en_client, committed)
        later = datetime.now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 60)
        monkeypatch.setattr(email_verification_token_generator, "_now", lambda: later)

        response = getattr(en_client, method)(link_path(mail.outbox[0]))

        assert "This confirmation link does not work" in response.content.decode()
        assert User.objects.get().email_verified_at is None

    def test_resend_mails_a_new_link_that_works(self, en_client, committed):
        sign_up(en_client, committed)
        mail.outbox.clear()

        with committed():
            response = en_client.post(reverse("accounts:verification_resend"), {"email": "Fatma.Yilmaz@example.org"})

        assert response.url == reverse("accounts:signup_done")
        assert len(mail.outbox) == 1
        en_client.post(link_path(mail.outbox[0]), {"password": NEW_PASSWORD})
        assert User.objects.get().email_verified_at is not None

    @pytest.mark.parametrize("email", ["nobody@example.org", "verified@example.org"])
    def test_resend_answers_the_same_and_sends_nothing_for_other_addresses(self, en_client, committed, email):
        FounderFactory(email="verified@example.org")

        with committed():
            response = en_client.post(reverse("accounts:verification_resend"), {"email": email})

        assert response.status_code == 302
        assert response.url == reverse("accounts:signup_done")
        assert mail.outbox == []

    def test_resend_with_a_bad_address_shows_the_error(self, en_client):
        response = en_client.post(reverse("accounts:verification_resend"), {"email": "nope"})

        assert response.status_code == 200
        assert 'id="id_email_error"' in response.content.decode()


class TestLogin:
    def test_verified_founder_logs_in_with_any_capitalisation(self, en_client):
        founder = FounderFactory(email="anna@example.org")

        response = en_client.post(
            reverse("accounts:login"), {"username": "Anna@Example.org", "password": DEFAULT_PASSWORD}
        )

        assert response.status_code == 302
        assert response.url == reverse("my_cases")
        assert logged_in_user_id(en_client) == str(founder.pk)

    def test_unverified_account_is_refused_with_a_way_to_a_new_link(self, en_client):
        FounderFactory(email="anna@example.org", email_verified_at=None)

        response = en_client.post(
            reverse("accounts:login"), {"username": "anna@example.org", "password": DEFAULT_PASSWORD}
        )

        assert response.status_code == 200
        html = response.content.decode()
        assert "Your e-mail address is not confirmed yet." in html
        assert reverse("accounts:verification_resend") in html
        assert logged_in_user_id(en_client) is None

    @pytest.mark.parametrize(
        ("email", "password"), [("anna@example.org", "wrong-password"), ("nobody@example.org", DEFAULT_PASSWORD)]
    )
    def test_wrong_credentials_get_one_message_that_reveals_nothing(self, en_client, email, password):
        FounderFactory(email="anna@example.org", email_verified_at=None)

        response = en_client.post(reverse("accounts:login"), {"username": email, "password": password})

        html = response.content.decode()
        assert "The e-mail address or the password is not correct." in html
        assert "not confirmed" not in html
        assert logged_in_user_id(en_client) is None

    def test_login_page_links_to_sign_up_and_password_reset(self, en_client):
        html = en_client.get(reverse("accounts:login")).content.decode()

        assert reverse("accounts:signup") in html
        assert reverse("accounts:password_reset") in html
        assert 'for="id_username"' in html and 'for="id_password"' in html

    def test_login_returns_to_the_page_asked_for(self, en_client):
        FounderFactory(email="anna@example.org")

        response = en_client.post(
            reverse("accounts:login") + "?next=/meine-antraege/",
            {"username": "anna@example.org", "password": DEFAULT_PASSWORD, "next": "/meine-antraege/"},
        )

        assert response.url == "/meine-antraege/"


class TestLogout:
    def test_post_logs_out(self, en_client, founder):
        en_client.force_login(founder)

        response = en_client.post(reverse("accounts:logout"))

        assert response.status_code == 302
        assert response.url == reverse("home")
        assert logged_in_user_id(en_client) is None

    def test_get_does_not_log_out(self, en_client, founder):
        en_client.force_login(founder)

        response = en_client.get(reverse("accounts:logout"))

        assert response.status_code == 405
        assert logged_in_user_id(en_client) == str(founder.pk)


class TestPasswordReset:
    def request_reset(self, client, committed, email):
        with committed():
            return client.post(reverse("accounts:password_reset"), {"email": email})

    def test_full_flow_through_the_mail(self, en_client, committed):
        founder = FounderFactory(email="anna@example.org")

        response = self.request_reset(en_client, committed, "Anna@example.org")

        assert response.url == reverse("accounts:password_reset_done")
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == ["anna@example.org"]
        path = link_path(mail.outbox[0])

        form_page = en_client.get(path, follow=True)
        assert form_page.status_code == 200
        assert 'id="id_new_password1"' in form_page.content.decode()
        set_password_url = form_page.redirect_chain[-1][0]

        done = en_client.post(set_password_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

        assert done.url == reverse("accounts:password_reset_complete")
        founder.refresh_from_db()
        assert founder.check_password(NEW_PASSWORD)
        login = en_client.post(reverse("accounts:login"), {"username": "anna@example.org", "password": NEW_PASSWORD})
        assert login.status_code == 302
        # The link is spent once the password has changed.
        en_client.post(reverse("accounts:logout"))
        reused = en_client.get(path, follow=True)
        assert "This link does not work" in reused.content.decode()

    def test_unknown_address_gets_the_same_answer_and_no_mail(self, en_client, committed):
        response = self.request_reset(en_client, committed, "nobody@example.org")

        assert response.url == reverse("accounts:password_reset_done")
        assert mail.outbox == []

    def test_weak_new_password_is_refused_next_to_the_field(self, en_client, committed):
        FounderFactory(email="anna@example.org")
        self.request_reset(en_client, committed, "anna@example.org")
        form_page = en_client.get(link_path(mail.outbox[0]), follow=True)

        response = en_client.post(form_page.redirect_chain[-1][0], {"new_password1": "123", "new_password2": "123"})

        assert response.status_code == 200
        assert 'id="id_new_password2_error"' in response.content.decode()

    def test_resetting_confirms_an_unconfirmed_address(self, en_client, committed):
        founder = FounderFactory(email="anna@example.org", email_verified_at=None)
        self.request_reset(en_client, committed, "anna@example.org")
        form_page = en_client.get(link_path(mail.outbox[0]), follow=True)

        en_client.post(form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

        founder.refresh_from_db()
        assert founder.email_verified_at is not None

    def test_bad_address_shows_the_error(self, en_client):
        response = en_client.post(reverse("accounts:password_reset"), {"email": "x"})

        assert response.status_code == 200
        assert 'id="id_email_error"' in response.content.decode()


class TestMailRateLimit:
    """Forms that send mail: per client IP and per address, all of them together."""

    @pytest.fixture(autouse=True)
    def small_limit(self, settings):
        settings.ACCOUNT_MAIL_RATE_LIMIT = 2

    def resend(self, client, committed, email="fatma.yilmaz@example.org", **extra):
        with committed():
            return client.post(reverse("accounts:verification_resend"), {"email": email}, **extra)

    def test_the_same_address_is_refused_after_the_limit_with_a_clear_message(self, en_client, committed):
        sign_up(en_client, committed)
        self.resend(en_client, committed, REMOTE_ADDR="192.0.2.1")
        mail.outbox.clear()

        response = self.resend(en_client, committed, email="FATMA.yilmaz@example.org", REMOTE_ADDR="192.0.2.2")

        assert response.status_code == 429
        html = response.content.decode()
        assert "You have requested too many e-mails in a short time." in html
        assert 'class="error-summary"' in html
        assert mail.outbox == []

    def test_one_client_is_refused_after_the_limit_whatever_the_address(self, en_client, committed):
        sign_up(en_client, committed, email="one@example.org")
        self.resend(en_client, committed, email="two@example.org")
        mail.outbox.clear()

        with committed():
            response = en_client.post(reverse("accounts:password_reset"), {"email": "three@example.org"})

        assert response.status_code == 429
        assert "too many e-mails" in response.content.decode()

    def test_a_limited_sign_up_creates_no_account(self, en_client, committed):
        self.resend(en_client, committed)
        self.resend(en_client, committed)

        response = sign_up(en_client, committed)

        assert response.status_code == 429
        assert User.objects.count() == 0
        assert mail.outbox == []

    def test_a_limited_password_reset_sends_nothing(self, en_client, committed):
        FounderFactory(email="anna@example.org")
        for _ in range(2):
            with committed():
                en_client.post(reverse("accounts:password_reset"), {"email": "anna@example.org"})
        mail.outbox.clear()

        with committed():
            response = en_client.post(reverse("accounts:password_reset"), {"email": "anna@example.org"})

        assert response.status_code == 429
        assert mail.outbox == []

    def test_the_limit_ends_with_the_window(self, en_client, committed):
        for _ in range(3):
            self.resend(en_client, committed)

        cache.clear()  # what the window's expiry does

        assert self.resend(en_client, committed).status_code == 302

    def test_the_message_is_german_by_default(self, client, committed):
        for _ in range(2):
            self.resend(client, committed)

        response = self.resend(client, committed)

        assert "zu viele E-Mails" in response.content.decode()

    def test_invalid_input_does_not_count(self, en_client, committed):
        for _ in range(5):
            en_client.post(reverse("accounts:verification_resend"), {"email": "nope"})

        assert self.resend(en_client, committed).status_code == 302

    def test_behind_a_trusted_proxy_the_forwarded_client_counts(self, en_client, committed, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        proxy = {"REMOTE_ADDR": "10.0.0.1"}
        for n in range(3):
            response = self.resend(
                en_client, committed, email=f"p{n}@example.org", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}", **proxy
            )
            assert response.status_code == 302, "different clients behind the same proxy"

        forged = [
            self.resend(en_client, committed, email=f"q{n}@example.org", HTTP_X_FORWARDED_FOR=f"1.1.1.{n}, 203.0.113.9")
            for n in range(3)
        ]

        assert [r.status_code for r in forged] == [302, 302, 429], "a claimed address further left is ignored"

    def test_the_cache_holds_no_address(self, en_client, committed):
        self.resend(en_client, committed)

        assert not any("fatma" in key for key in cache._cache), list(cache._cache)


class TestLoginLockout:
    @pytest.fixture(autouse=True)
    def small_limit(self, settings):
        settings.AXES_FAILURE_LIMIT = settings.LOGIN_FAILURE_LIMIT = 3

    def log_in(self, client, email="anna@example.org", password="wrong-password", **extra):
        return client.post(reverse("accounts:login"), {"username": email, "password": password}, **extra)

    def test_after_too_many_failures_even_the_right_password_is_refused_with_a_clear_message(self, en_client, caplog):
        FounderFactory(email="anna@example.org")
        for _ in range(3):
            self.log_in(en_client)

        response = self.log_in(en_client, email="Anna@example.org", password=DEFAULT_PASSWORD)

        assert response.status_code == 429
        html = response.content.decode()
        assert "Log-in temporarily blocked" in html
        assert "blocked for 15 minutes" in html
        assert reverse("accounts:password_reset") in html
        assert logged_in_user_id(en_client) is None
        assert "anna" not in caplog.text.lower(), "no address in the logs"
        assert "Locking out" in caplog.text

    def test_the_message_is_german_by_default(self, client):
        for _ in range(4):
            response = self.log_in(client)

        assert response.status_code == 429
        assert "Anmeldung vorübergehend gesperrt" in response.content.decode()

    def test_other_accounts_are_not_locked_but_the_account_is_locked_for_every_client(self, en_client):
        FounderFactory(email="anna@example.org")
        FounderFactory(email="ben@example.org")
        for _ in range(3):
            self.log_in(en_client, REMOTE_ADDR="192.0.2.66")

        other_account = self.log_in(en_client, "ben@example.org", DEFAULT_PASSWORD, REMOTE_ADDR="192.0.2.66")
        en_client.post(reverse("accounts:logout"))
        other_client = self.log_in(en_client, "anna@example.org", DEFAULT_PASSWORD, REMOTE_ADDR="192.0.2.7")

        assert other_account.status_code == 302
        assert other_client.status_code == 429

    def test_a_successful_log_in_resets_the_count(self, en_client):
        FounderFactory(email="anna@example.org")
        for _ in range(2):
            self.log_in(en_client)
        self.log_in(en_client, password=DEFAULT_PASSWORD)
        en_client.post(reverse("accounts:logout"))

        for _ in range(2):
            self.log_in(en_client)
        response = self.log_in(en_client, password=DEFAULT_PASSWORD)

        assert response.status_code == 302


DEMO_EXPECTED = {
    "gruender@example.org": (Role.FOUNDER, set(), False),
    "gewerbe@example.org": (Role.CLERK, {"gewerbeamt"}, False),
    "leitung@example.org": (Role.SUPERVISOR, {"gewerbeamt"}, False),
    "wfg@example.org": (Role.ANALYST, set(), False),
    "admin@example.org": (Role.ADMIN, set(), True),
}


class TestSeedDemo:
    def test_creates_the_demo_accounts_and_running_twice_changes_nothing(self, settings):
        settings.DEBUG = True
        out = StringIO()

        call_command("seed_demo", stdout=out)
        first_ids = set(User.objects.values_list("pk", flat=True))
        call_command("seed_demo", stdout=StringIO())

        assert set(User.objects.values_list("pk", flat=True)) == first_ids
        # Besides the demo accounts: the departments' demo clerks and the invented founders of the demo cases.
        assert User.objects.filter(email__in=DEMO_EXPECTED).count() == 5
        for user in User.objects.filter(email__in=DEMO_EXPECTED).prefetch_related("departments"):
            role, departments, is_admin = DEMO_EXPECTED[user.email]
            assert user.role == role
            assert {d.code for d in user.departments.all()} == departments
            assert (user.is_staff, user.is_superuser) == (is_admin, is_admin)
            assert user.is_email_verified
            assert user.check_password(DEMO_PASSWORD)
            assert user.email in out.getvalue()
        assert DEMO_PASSWORD in out.getvalue()

    def test_demo_founder_can_log_in(self, settings, en_client):
        settings.DEBUG = True
        call_command("seed_demo", stdout=StringIO())

        response = en_client.post(
            reverse("accounts:login"), {"username": "gruender@example.org", "password": DEMO_PASSWORD}
        )

        assert response.status_code == 302

    def test_refused_without_debug(self, settings):
        settings.DEBUG = False

        with pytest.raises(CommandError):
            call_command("seed_demo", stdout=StringIO())
        assert User.objects.count() == 0

    def test_force_runs_without_debug(self, settings):
        settings.DEBUG = False

        call_command("seed_demo", "--force", stdout=StringIO())

        assert User.objects.filter(email__in=DEMO_EXPECTED).count() == 5


class TestAdmin:
    @pytest.fixture
    def admin_client(self, client):
        client.force_login(UserFactory(role=Role.ADMIN, is_staff=True, is_superuser=True))
        return client

    def test_user_pages_render(self, admin_client, founder):
        assert admin_client.get(reverse("admin:accounts_user_changelist")).status_code == 200
        assert admin_client.get(reverse("admin:accounts_user_add")).status_code == 200
        assert admin_client.get(reverse("admin:accounts_user_change", args=[founder.pk])).status_code == 200

    def test_add_user_by_e_mail(self, admin_client):
        response = admin_client.post(
            reverse("admin:accounts_user_add"),
            {
                "email": "New.Clerk@Example.org",
                "full_name": "Neue Sachbearbeitung",
                "role": Role.CLERK,
                "usable_password": "true",
                "password1": NEW_PASSWORD,
                "password2": NEW_PASSWORD,
            },
        )

        assert response.status_code == 302
        user = User.objects.get(email="new.clerk@example.org")
        assert user.role == Role.CLERK
        assert user.check_password(NEW_PASSWORD)

    def test_add_user_refuses_an_address_in_use(self, admin_client):
        FounderFactory(email="anna@example.org")

        response = admin_client.post(
            reverse("admin:accounts_user_add"),
            {"email": "ANNA@example.org", "role": Role.FOUNDER, "usable_password": "false"},
        )

        assert response.status_code == 200
        assert User.objects.filter(email__iexact="anna@example.org").count() == 1


def test_logging_in_remembers_the_language_for_mails_about_cases(client):
    user = FounderFactory(language="de")

    client.post(
        reverse("accounts:login"), {"username": user.email, "password": DEFAULT_PASSWORD}, HTTP_ACCEPT_LANGUAGE="en"
    )

    user.refresh_from_db()
    assert user.language == "en"
