"""Drafts follow the founder: "My applications" shows how far each got, and a draft nobody changes
expires after DRAFT_EXPIRY_DAYS with its uploads, after one reminder mail."""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from forms.draft_expiry import REMINDER, draft_reminders_queue, drafts_expire
from forms.models import Draft
from forms.tasks import drafts_expiry_run
from services.cases.models import Attachment
from services.cases.services import attachment_store
from services.catalog.models import Service
from services.catalog.services import catalog_load
from services.notifications.models import OutboxMail
from tests.factories import CaseFactory, DraftFactory, FounderFactory, gewerbeanmeldung_post_data
from tests.sample_files import pdf_bytes, upload

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def catalog(db):
    catalog_load()


@pytest.fixture
def gewerbe(catalog):
    return Service.objects.get(slug="gewerbeanmeldung")


def idle(draft: Draft, *, days: float) -> Draft:
    Draft.objects.filter(pk=draft.pk).update(updated_at=timezone.now() - timedelta(days=days))
    draft.refresh_from_db()
    return draft


def with_upload(draft: Draft) -> Attachment:
    return attachment_store(
        owner=draft.owner,
        draft=draft,
        document_code="identity",
        document_label="Kopie des Personalausweises",
        uploaded_file=upload("Ausweis.pdf", pdf_bytes()),
    )


def reminders() -> list[OutboxMail]:
    return list(OutboxMail.objects.filter(kind=REMINDER))


class TestReminder:
    def test_the_owner_is_reminded_three_days_before_the_draft_expires(self, gewerbe):
        draft = idle(DraftFactory(service=gewerbe, owner=FounderFactory(language="en")), days=27.5)

        assert draft_reminders_queue() == 1

        [mail] = reminders()
        assert mail.to == draft.owner.email
        assert "Gewerbeanmeldung" in mail.subject and "deleted soon" in mail.subject
        expires = timezone.localtime(draft.updated_at + timedelta(days=30))
        assert expires.strftime("%Y") in mail.body
        assert settings.SITE_URL + reverse("my_cases") in mail.body
        assert str(draft.public_id) not in mail.body

    def test_is_written_in_the_founders_language(self, gewerbe):
        idle(DraftFactory(service=gewerbe, owner=FounderFactory(language="de")), days=28)

        draft_reminders_queue()

        [mail] = reminders()
        # Its German wording arrives with the merged catalog (locale/pending/guide.po).
        assert mail.language == "de"

    def test_is_queued_once_however_often_the_job_runs(self, gewerbe):
        idle(DraftFactory(service=gewerbe), days=28)

        drafts_expiry_run.delay().get()
        drafts_expiry_run.delay().get()
        call_command("expire_drafts", stdout=None)

        assert len(reminders()) == 1

    def test_continuing_the_draft_moves_the_expiry_and_a_later_idle_spell_is_reminded_again(self, gewerbe):
        draft = idle(DraftFactory(service=gewerbe), days=28)
        draft_reminders_queue()
        draft.save()  # the founder continues: updated_at is now

        assert draft_reminders_queue() == 0
        idle(draft, days=28)
        draft_reminders_queue()

        assert len(reminders()) == 2

    @pytest.mark.parametrize("days", [0, 26.5, 30.5])
    def test_not_for_drafts_outside_the_last_three_days(self, gewerbe, days):
        idle(DraftFactory(service=gewerbe), days=days)

        assert draft_reminders_queue() == 0
        assert reminders() == []

    def test_not_for_submitted_drafts(self, gewerbe):
        draft = DraftFactory(service=gewerbe)
        draft.case = CaseFactory(applicant=draft.owner, service=gewerbe)
        draft.save()
        idle(draft, days=28)

        assert draft_reminders_queue() == 0

    def test_follows_the_configured_days(self, gewerbe, settings):
        settings.DRAFT_EXPIRY_DAYS = 10
        idle(DraftFactory(service=gewerbe), days=8)

        assert draft_reminders_queue() == 1


class TestExpiry:
    def test_removes_the_draft_and_its_uploads_from_storage(self, gewerbe):
        draft = idle(DraftFactory(service=gewerbe), days=0)
        attachment = with_upload(draft)
        idle(draft, days=31)

        assert drafts_expire() == 1

        assert not Draft.objects.filter(pk=draft.pk).exists()
        assert not Attachment.objects.filter(pk=attachment.pk).exists()
        assert not default_storage.exists(attachment.file.name)

    def test_keeps_drafts_changed_within_the_period(self, gewerbe):
        draft = idle(DraftFactory(service=gewerbe), days=29.9)
        attachment = with_upload(draft)
        idle(draft, days=29.9)

        assert drafts_expire() == 0
        assert default_storage.exists(attachment.file.name)

    def test_keeps_submitted_drafts_and_their_cases_documents(self, gewerbe):
        draft = DraftFactory(service=gewerbe)
        attachment = with_upload(draft)
        case = CaseFactory(applicant=draft.owner, service=gewerbe)
        Attachment.objects.filter(pk=attachment.pk).update(case=case)
        draft.case = case
        draft.save()
        idle(draft, days=365)

        assert drafts_expire() == 0
        assert default_storage.exists(attachment.file.name)

    def test_follows_the_configured_days(self, gewerbe, settings):
        settings.DRAFT_EXPIRY_DAYS = 5
        idle(DraftFactory(service=gewerbe), days=6)

        assert drafts_expire() == 1

    def test_the_beat_runs_it(self):
        entry = settings.CELERY_BEAT_SCHEDULE["expire-drafts"]

        assert entry["task"] == drafts_expiry_run.name
        assert entry["schedule"] == settings.DRAFT_EXPIRY_INTERVAL_SECONDS


class TestMyApplications:
    def walk(self, client, *, until: str, **options) -> None:
        url = client.get(client.post("/antraege/gewerbeanmeldung/")["Location"])["Location"]
        while not url.endswith(f"/{until}/"):
            step = re.search(r"/([a-z_]+)/$", url)[1]
            response = client.post(url, gewerbeanmeldung_post_data(step, **options))
            assert response.status_code == 302
            url = response["Location"]

    def drafts_section(self, client) -> str:
        html = client.get(reverse("my_cases"), **EN).content.decode()
        return html.split('id="drafts-heading"')[1].split("</section>")[0]

    def test_a_new_draft_is_on_step_one(self, founder_client, gewerbe):
        founder_client.post("/antraege/gewerbeanmeldung/")

        assert re.search(r"Step 1 of \d+", self.drafts_section(founder_client))

    @pytest.mark.parametrize(
        ("legal_form", "progress"), [("einzelunternehmen", "Step 3 of 10"), ("gmbh", "Step 4 of 11")]
    )
    def test_shows_the_step_reached_of_the_steps_that_apply_to_the_answers(
        self, founder_client, gewerbe, legal_form, progress
    ):
        self.walk(founder_client, until="premises", legal_form=legal_form)

        assert progress in self.drafts_section(founder_client)

    @pytest.mark.parametrize("until", ["persons", "operation", "attachments", "review"])
    def test_counts_as_the_wizard_does(self, founder_client, gewerbe, until):
        self.walk(founder_client, until=until, legal_form="gbr", persons=2, nationalities=["DE", "TR"])
        draft = Draft.objects.get()
        wizard_page = founder_client.get(
            reverse("forms:wizard_step", args=["gewerbeanmeldung", draft.public_id, until]), **EN
        ).content.decode()

        counter = re.search(r'<p class="step-count">(Step \d+ of \d+)</p>', wizard_page)[1]
        assert counter in self.drafts_section(founder_client)

    def test_shows_the_last_change_and_until_when_the_draft_is_kept(self, founder_client, founder, gewerbe):
        draft = idle(DraftFactory(service=gewerbe, owner=founder), days=2)

        section = self.drafts_section(founder_client)

        assert "Last change" in section and f'datetime="{timezone.localtime(draft.updated_at).isoformat()}' in section
        kept_until = timezone.localtime(draft.updated_at + timedelta(days=30)).date().isoformat()
        assert f'datetime="{kept_until}' in section
