"""Account attacks from outside: pre-registration takeover, guessing from many addresses, attacker text
in mails, and timing differences between known and unknown addresses."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from forms.models import Draft
from portal.accounts.models import User
from tests.factories import DEFAULT_PASSWORD, FounderFactory, ServiceFactory
from tests.integration.test_accounts import NEW_PASSWORD, SITE_URL, link_path, signup_data

pytestmark = pytest.mark.django_db

ATTACKER_PASSWORD = "Angreifer-Kennwort-66"
VICTIM = "victim@example.org"


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.SITE_URL = SITE_URL
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def client_for(ip: str) -> Client:
    client = Client(REMOTE_ADDR=ip)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def sign_up(client, committed, **overrides):
    with committed():
        return client.post(reverse("accounts:signup"), signup_data(**overrides))


def log_in(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


class TestPreRegistrationTakeover:
    def test_the_owner_confirming_after_an_attackers_sign_up_keeps_only_the_owners_password(self, committed):
        attacker, victim = client_for("198.51.100.1"), client_for("203.0.113.5")
        sign_up(
            attacker,
            committed,
            email=VICTIM,
            full_name="Attacker",
            password1=ATTACKER_PASSWORD,
            password2=ATTACKER_PASSWORD,
        )
        attackers_link = link_path(mail.outbox[-1])
        sign_up(victim, committed, email=VICTIM, full_name="Vera Victim")
        victims_link = link_path(mail.outbox[-1])

        confirmed = victim.post(victims_link, {"password": NEW_PASSWORD})
        victim.post(reverse("forms:start", kwargs={"service": ServiceFactory().slug}))

        assert confirmed.status_code == 302
        user = User.objects.get(email=VICTIM)
        assert user.is_email_verified
        assert user.check_password(NEW_PASSWORD)
        assert not user.check_password(ATTACKER_PASSWORD)
        assert user.full_name == "Vera Victim"
        assert Draft.objects.filter(owner=user).count() == 1
        refused = log_in(attacker, VICTIM, ATTACKER_PASSWORD)
        assert refused.status_code == 200
        assert SESSION_KEY not in attacker.session
        assert attacker.get(reverse("my_cases")).status_code == 302, "the attacker sees no drafts"
        assert victim.post(attackers_link, {"password": ATTACKER_PASSWORD}).status_code == 200

    def test_the_earlier_link_stops_working_when_the_address_signs_up_again(self, committed):
        client = client_for("203.0.113.5")
        sign_up(client, committed, email=VICTIM, password1=ATTACKER_PASSWORD, password2=ATTACKER_PASSWORD)
        first_link = link_path(mail.outbox[-1])
        sign_up(client, committed, email=VICTIM)

        response = client.post(first_link, {"password": ATTACKER_PASSWORD})

        assert "This confirmation link does not work" in response.content.decode()
        assert not User.objects.get(email=VICTIM).is_email_verified

    def test_confirming_needs_the_password_of_the_latest_sign_up(self, committed):
        """An attacker who signs up again after the owner gets the latest link sent to the owner's
        mailbox; the owner, who does not know the attacker's password, cannot confirm with it."""
        victim, attacker = client_for("203.0.113.5"), client_for("198.51.100.1")
        sign_up(victim, committed, email=VICTIM)
        sign_up(attacker, committed, email=VICTIM, password1=ATTACKER_PASSWORD, password2=ATTACKER_PASSWORD)
        latest_link = link_path(mail.outbox[-1])

        response = victim.post(latest_link, {"password": NEW_PASSWORD})

        assert response.status_code == 200
        assert "not the password of the most recent registration" in response.content.decode()
        assert reverse("accounts:password_reset") in response.content.decode()
        assert not User.objects.get(email=VICTIM).is_email_verified
        assert SESSION_KEY not in victim.session

    def test_a_confirmed_account_is_not_changed_by_a_new_sign_up(self, committed):
        owner = FounderFactory(email=VICTIM, full_name="Vera Victim")
        sign_up(
            client_for("198.51.100.1"),
            committed,
            email=VICTIM,
            full_name="Attacker",
            password1=ATTACKER_PASSWORD,
            password2=ATTACKER_PASSWORD,
        )

        owner.refresh_from_db()
        assert not owner.check_password(ATTACKER_PASSWORD)
        assert owner.full_name == "Vera Victim"


EVIL_NAME = "Ihr Konto wird gesperrt: bitte https://evil.example/ besuchen"


class TestNoRequesterTextInMails:
    def test_the_confirmation_mail_does_not_greet_with_the_name_typed_at_sign_up(self, committed):
        sign_up(client_for("198.51.100.1"), committed, email=VICTIM, full_name=EVIL_NAME)

        body = mail.outbox[-1].body
        assert "evil.example" not in body
        assert "gesperrt" not in body
        assert body.startswith("Hello,")

    def test_a_reset_mail_to_an_unconfirmed_address_does_not_greet_with_the_name_either(self, committed):
        sign_up(client_for("198.51.100.1"), committed, email=VICTIM, full_name=EVIL_NAME)
        with committed():
            client_for("198.51.100.1").post(reverse("accounts:password_reset"), {"email": VICTIM})

        assert "evil.example" not in mail.outbox[-1].body

    def test_a_confirmed_owner_is_greeted_by_name(self, committed):
        FounderFactory(email=VICTIM, full_name="Vera Victim")
        with committed():
            client_for("203.0.113.5").post(reverse("accounts:password_reset"), {"email": VICTIM})

        assert mail.outbox[-1].body.startswith("Hello Vera Victim,")


class TestGuessingFromManyAddresses:
    """Defaults: LOGIN_FAILURE_LIMIT 10 per account, LOGIN_IP_FAILURE_LIMIT 30 per IP, 15 minutes."""

    @pytest.fixture(autouse=True)
    def limits(self, settings):
        settings.AXES_FAILURE_LIMIT = settings.LOGIN_FAILURE_LIMIT = 10
        settings.LOGIN_IP_FAILURE_LIMIT = 15

    def test_40_wrong_passwords_for_one_account_from_10_ips_are_stopped(self):
        owner = FounderFactory(email=VICTIM)
        answers = [
            log_in(client_for(f"198.51.100.{attempt % 10}"), VICTIM, f"falsches-kennwort-{attempt}").status_code
            for attempt in range(40)
        ]

        # django-axes answers the attempt that reaches the limit with the block already.
        assert answers[:9] == [200] * 9
        assert answers[9:] == [429] * 31
        assert log_in(client_for("203.0.113.5"), owner.email, DEFAULT_PASSWORD).status_code == 429

    def test_one_ip_trying_20_accounts_is_stopped(self):
        for number in range(20):
            FounderFactory(email=f"person{number}@example.org")
        sprayer = client_for("198.51.100.9")

        answers = [log_in(sprayer, f"person{number}@example.org", "Sommer2026!").status_code for number in range(20)]

        assert answers[:15] == [200] * 15
        assert answers[15:] == [429] * 5
        html = log_in(sprayer, "person0@example.org", DEFAULT_PASSWORD).content.decode()
        assert "too many failed attempts to log in from your network" in html
        assert log_in(client_for("203.0.113.5"), "person0@example.org", DEFAULT_PASSWORD).status_code == 302

    def test_a_blocked_ip_cannot_log_in_through_the_admin_either(self):
        from tests.factories import UserFactory

        UserFactory(email="admin@example.org", is_staff=True, is_superuser=True)
        sprayer = client_for("198.51.100.9")
        for number in range(15):
            log_in(sprayer, f"person{number}@example.org", "Sommer2026!")

        response = sprayer.post(reverse("admin:login"), {"username": "admin@example.org", "password": DEFAULT_PASSWORD})

        assert response.status_code == 200
        assert SESSION_KEY not in sprayer.session

    def test_the_password_reset_mail_ends_the_block_and_logs_in(self, committed):
        FounderFactory(email=VICTIM)
        for attempt in range(10):
            log_in(client_for(f"198.51.100.{attempt}"), VICTIM, "falsches-kennwort")
        owner = client_for("203.0.113.5")
        assert log_in(owner, VICTIM, DEFAULT_PASSWORD).status_code == 429

        with committed():
            owner.post(reverse("accounts:password_reset"), {"email": VICTIM})
        form_url = owner.get(link_path(mail.outbox[-1])).url
        response = owner.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

        assert response.status_code == 302
        assert SESSION_KEY in owner.session, "logged in at once, even if the guesser keeps going"
        owner.post(reverse("accounts:logout"))
        assert log_in(owner, VICTIM, NEW_PASSWORD).status_code == 302

    @pytest.mark.parametrize("password", ["qwertyuiop123", "kurz-2026-a"])
    def test_common_and_short_passwords_are_refused(self, committed, password):
        response = sign_up(client_for("203.0.113.5"), committed, password1=password, password2=password)

        assert response.status_code == 200
        assert not User.objects.exists()


def test_the_sign_up_name_loses_invisible_characters(committed):
    sign_up(client_for("203.0.113.5"), committed, email=VICTIM, full_name="Vera\u202e \u200bVictim")

    assert User.objects.get(email=VICTIM).full_name == "Vera Victim"
