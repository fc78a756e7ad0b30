import uuid
from functools import cache, cached_property
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from formtools.wizard.views import NamedUrlWizardView, WizardView

from forms.applications import application_exists, application_for
from forms.applications.base import Answers, Application, answers_from_form
from forms.prefill import PrefillSourceForm, prefill_initial, prefill_sources
from forms.selectors import (
    draft_get_for_owner,
    draft_list_open,
    founder_profile_changes,
    founder_profile_data,
    service_get_with_wizard,
)
from forms.services import (
    DraftLimitReached,
    draft_create,
    draft_delete,
    draft_save,
    draft_submit,
    founder_profile_keep,
)
from forms.steps.documents import DocumentForm, document_codes_asked
from forms.steps.profile import PART_TITLES, profile_account_defaults, profile_link_for, profile_step_initial
from forms.steps.review import ReviewForm
from portal.access import founder_area
from services.cases.selectors import (
    attachment_by_document_for_draft,
    attachment_list_for_draft,
)
from services.cases.services import DraftUpload, attachment_remove, attachments_store
from services.cases.text import text_neutralise


@founder_area
def application_start(request, service: str):
    """Explain the application and start a new draft or continue an open one. Where the application
    starts from an earlier case (``forms.prefill``) and the founder has some, the founder chooses one."""
    service_obj = service_get_with_wizard(slug=service)
    application = application_for(service)
    sources = prefill_sources(owner=request.user, application=application)
    posted = request.POST if request.method == "POST" else None
    source_form = PrefillSourceForm(posted, sources=sources) if sources else None
    refused, status = None, 200
    if posted is not None and (source_form is None or source_form.is_valid()):
        source = source_form.source_id() if source_form else None
        prefill = prefill_initial(owner=request.user, application=application, source=source)
        try:
            draft = draft_create(owner=request.user, service=service_obj, prefill=prefill)
        except DraftLimitReached as limit:
            refused, status = limit.message, (429 if limit.rate_limited else 200)
        else:
            return redirect("forms:wizard", service=service, draft_id=draft.public_id)
    drafts = draft_list_open(owner=request.user).filter(service=service_obj)
    context = {"service": service_obj, "drafts": drafts, "refused": refused, "source_form": source_form}
    return render(request, "forms/start.html", context, status=status)


@founder_area
@require_POST
def draft_discard(request, service: str, draft_id):
    draft_delete(draft=draft_get_for_owner(owner=request.user, public_id=draft_id))
    messages.success(request, _("The draft has been deleted."))
    return redirect("my_cases")


class _UploadRefused(Exception):
    """A valid step whose upload the store refused: the step is shown again with the error."""

    def __init__(self, form):
        super().__init__()
        self.form = form


class ApplicationWizardView(NamedUrlWizardView):
    """The generic wizard: steps and conditions come from an ``Application`` declaration.

    State lives in the founder's ``Draft`` (``forms.storage.DraftStorage``); uploads
    become attachments of the draft as soon as they pass validation, so formtools
    never keeps files itself (``file_storage`` stays unused).
    """

    storage_name = "forms.storage.DraftStorage"
    template_name = "forms/wizard.html"
    file_storage = None
    application: Application | None = None

    @classmethod
    def view_for(cls, application: Application):
        # The steps' conditions are evaluated by ``get_form_list``, not through formtools' condition_dict.
        return founder_area(
            cls.as_view(
                application=application,
                form_list=[(step.name, step.form_class) for step in application.steps],
                url_name="forms:wizard_step",
                done_step_name="done",
            )
        )

    def dispatch(self, request, *args, **kwargs):
        self.draft = draft_get_for_owner(owner=request.user, public_id=kwargs["draft_id"])
        if self.draft.service.slug != self.application.service_slug or not self.draft.service.online:
            raise Http404
        if self.draft.case_id is not None:
            # Submitted already (back button, replayed POST): show the case instead.
            return redirect("cases:detail", public_id=self.draft.case.public_id)
        request.wizard_draft = self.draft
        response = super().dispatch(request, *args, **kwargs)
        if self.storage.save_needed():
            # One write per request, in one transaction with the funnel's count of a completed step.
            draft_save(draft=self.draft, step_completed=self.storage.step_completed)
        return response

    def get_prefix(self, request, *args, **kwargs):
        return "application"

    def get_step_url(self, step):
        return reverse(
            self.url_name,
            kwargs={"service": self.application.service_slug, "draft_id": self.draft.public_id, "step": step},
        )

    # Answers ---------------------------------------------------------------
    # Each step's answers are kept in the draft when the step is stored, so that the step
    # conditions and the form arguments derived from earlier answers never validate an earlier
    # step again. When a step's answers change, the kept answers of every later step are
    # dropped (their validity may depend on it) and found again from their stored data when
    # next needed. The submit validates every step once more (``render_done``).

    def _kept_answers(self) -> dict[str, Any]:
        kept = self.storage.extra_data.get("answers")
        if not kept or kept.get("version") != self.application.version:
            kept = self.storage.extra_data["answers"] = {"version": self.application.version, "steps": {}}
        return kept["steps"]

    def answers_keep(self, step_name: str, answers: Any) -> None:
        """Remember a step's answers (None: its data is invalid); forget later steps' if they changed."""
        kept = self._kept_answers()
        if step_name in kept and kept[step_name] == answers:
            return
        self.answers_forget(step_name)
        kept[step_name] = answers

    def answers_forget(self, step_name: str) -> None:
        """Drop the kept answers of a step and of every later one; they are found again when needed."""
        kept = self._kept_answers()
        names = [step.name for step in self.application.steps]
        for name in names[names.index(step_name) :]:
            kept.pop(name, None)
        self._applying = None

    def step_answers(self, step_name: str) -> Any:
        """The JSON-ready answers of a step, or None while its stored data is missing or invalid."""
        kept = self._kept_answers()
        if step_name not in kept:
            data = self.storage.get_step_data(step_name)
            if data is None:
                return None
            form = self.get_form(step=step_name, data=data)
            kept[step_name] = answers_from_form(form) if form.is_valid() else None
        return kept[step_name]

    _applying: tuple[dict[str, Any], dict[str, Any]] | None = None  # (kept answers, the steps that apply)
    _applying_started = False

    def get_form_list(self):
        """The steps that apply to the answers so far: one pass over the declaration, each step's
        condition seeing the answers of the earlier steps that apply. formtools asks for it many
        times per request; it is worked out again only when an answer changed (``answers_forget``)."""
        kept = self._kept_answers()
        if self._applying is None or self._applying[0] is not kept:
            if self._applying_started:
                # Asked while working it out (an earlier step's form is being built): every step.
                return self.form_list
            self._applying_started = True
            try:
                answers: dict[str, Any] = {}
                applying = {}
                for step in self.application.steps:
                    if step.applies(answers):
                        applying[step.name] = self.form_list[step.name]
                        if (step_data := self.step_answers(step.name)) is not None:
                            answers[step.name] = step_data
            finally:
                self._applying_started = False
            self._applying = (kept, applying)
        # formtools deletes its own cache of this list after storing a step; it is not used here.
        self._resolved_form_list = self._cache_signature = None
        return dict(self._applying[1])

    def answers_before(self, step_name: str) -> Answers:
        answers: dict[str, Any] = {}
        for step in self.application.steps:
            if step.name == step_name:
                break
            if step.applies(answers) and (step_data := self.step_answers(step.name)) is not None:
                answers[step.name] = step_data
        return answers

    # Forms ----------------------------------------------------------------

    # Initial answers ------------------------------------------------------------
    # A step the draft was started with answers for (``forms.prefill``: the earlier registration the
    # founder chose) shows them until it is saved. Otherwise a step of a shared type (person, company,
    # business premises) is prefilled from the founder's profile until the founder has stored it
    # (``forms.steps.profile``; the person's e-mail from the account while the profile has none); the
    # review asks whether answers that differ from the profile should change it, and the submit keeps them.

    @cached_property
    def profile_data(self) -> dict[str, Any]:
        return founder_profile_data(owner=self.request.user)

    form_bound = False  # set by get_form while it builds a form with posted or stored data

    def get_form_initial(self, step):
        if self.form_bound and issubclass(self.form_list[step], django_forms.BaseFormSet):
            # Posted entries say themselves which of them were shown prefilled (INITIAL_FORMS): with initial
            # data, a prefilled entry posted unchanged as an extra one would look blank and be dropped.
            return super().get_form_initial(step)
        prefilled = self.storage.prefill().get("steps") or {}
        if step in prefilled:
            return prefilled[step]
        if self.storage.get_step_data(step) is None and profile_link_for(self.form_list[step]) is not None:
            # Read the profile only for a step it can prefill: the others' POSTs need no query for it.
            initial = profile_step_initial(
                profile=profile_account_defaults(self.profile_data, email=self.request.user.email),
                form_class=self.form_list[step],
            )
            if initial is not None:
                return initial
        return super().get_form_initial(step)

    def get_form_kwargs(self, step=None):
        step = step or self.steps.current
        declaration = self.application.step(step)
        kwargs = declaration.form_kwargs(self.answers_before(step)) if declaration.form_kwargs else {}
        if issubclass(declaration.form_class, ReviewForm):
            changed = founder_profile_changes(
                owner=self.request.user, application=self.application, answers=self.answers_before(step)
            )
            kwargs["profile_changes"] = [PART_TITLES[part] for part in changed]
        if issubclass(declaration.form_class, DocumentForm):
            # Every upload of the draft, so the form counts their total from it without another query.
            kwargs["stored"] = attachment_by_document_for_draft(draft=self.draft)
        return kwargs

    def get_form(self, step=None, data=None, files=None):
        # The form checks what will be kept: a text must not pass a length check thanks to invisible characters.
        if data is not None:
            data = data.copy()
            for key, values in data.lists():
                data.setlist(key, [text_neutralise(value) for value in values])
        self.form_bound = data is not None
        try:
            return super().get_form(step=step, data=data, files=files)
        finally:
            self.form_bound = False

    def uploads_keep(self, form) -> bool:
        """Store the files of this request that passed the form's checks, once per form. False if the
        store refused one (another upload filled the draft meanwhile); its error is then on the form."""
        if not isinstance(form, DocumentForm) or not form.is_bound or getattr(form, "uploads_kept", False):
            return True
        form.uploads_kept = True
        uploads = form.document_uploads()
        stored = attachments_store(
            owner=self.request.user,
            draft=self.draft,
            uploads=[
                DraftUpload(code, label, uploaded, form.document_replaces(name))
                for name, code, label, uploaded in uploads
            ],
        )
        refused = False
        for (name, *_upload), result in zip(uploads, stored, strict=True):
            if isinstance(result, ValidationError):
                form.add_error(name, form.case_size_error() if result.code == "case_size" else result)
                refused = True
        return not refused

    def process_step_files(self, form):
        if not self.uploads_keep(form):
            raise _UploadRefused(form)
        return {}

    def process_step(self, form):
        # Called with a valid form only: its answers are known now, without another validation.
        self.answers_keep(self.steps.current, answers_from_form(form))
        # Counted in the agency's funnel when the draft is stored (or submitted), in that transaction.
        self.storage.step_completed = self.steps.current
        return self.step_data_clean(form.data)

    def step_data_store(self, data) -> None:
        """Keep what was posted on this step without validating it (going back, adding a person)."""
        self.storage.set_step_data(self.steps.current, self.step_data_clean(data))
        self.answers_forget(self.steps.current)

    def step_data_clean(self, data) -> dict[str, list[str]]:
        """What is kept of a step's POST: its own fields only (no CSRF token, no stray keys), without
        NUL (PostgreSQL cannot store it) and other invisible control characters such as
        bidirectional overrides (``text_neutralise``). Every answer of every step passes here: the
        case, its summary and PDF are built from what is kept."""
        prefix = f"{self.steps.current}-"
        return {
            key: [text_neutralise(value) for value in values] for key, values in data.lists() if key.startswith(prefix)
        }

    def post(self, *args, **kwargs):
        try:
            return self.post_step(*args, **kwargs)
        except _UploadRefused as refused:
            return self.render(refused.form)

    def post_step(self, *args, **kwargs):
        form_list = self.get_form_list()
        posted_step = self.request.POST.get(f"{self.prefix}-current_step")
        if posted_step not in form_list:
            # A tampered or outdated step name: show the step the URL names.
            return redirect(self.get_step_url(self.steps.current))
        if posted_step == self.steps.current:
            if self.request.POST.get("wizard_goto_step") in form_list:
                return self.post_back(*args, **kwargs)
            if "formset_add" in self.request.POST and isinstance(self.get_form(), django_forms.BaseFormSet):
                return self.post_formset_add()
            if "document_remove" in self.request.POST:
                return self.post_document_remove()
        return super().post(*args, **kwargs)

    def post_back(self, *args, **kwargs):
        """Going back keeps what was typed on this step, valid or not."""
        form = self.get_form(data=self.request.POST, files=self.request.FILES)
        self.uploads_keep(form)
        self.step_data_store(self.request.POST)
        return self.render_goto_step(self.request.POST["wizard_goto_step"])

    def post_document_remove(self):
        """Removing an uploaded file is a button of the step's own form: what was typed on the step
        is kept (and files chosen meanwhile are stored if they pass), then the step is shown again."""
        form = self.get_form(data=self.request.POST, files=self.request.FILES)
        self.uploads_keep(form)
        self.step_data_store(self.request.POST)
        try:
            attachment_remove(owner=self.request.user, public_id=uuid.UUID(self.request.POST["document_remove"]))
        except (ValueError, Http404):
            pass  # removed already (a second click) or not a file of this founder: nothing to remove
        except ValidationError as error:
            messages.error(self.request, " ".join(error.messages))
        else:
            messages.success(self.request, _("The file has been removed."))
        return redirect(self.get_step_url(self.steps.current))

    def post_formset_add(self):
        """Adding a person without JavaScript: one more, empty entry, and what was typed stays."""
        data = self.request.POST.copy()
        formset = self.get_form()
        total_key = f"{self.steps.current}-TOTAL_FORMS"
        try:
            count = max(int(data.get(total_key, "0")), 0)
        except ValueError:
            count = 0
        if count < formset.max_num:
            data[total_key] = str(count + 1)
            # The new entry starts with its defaults, so it is "unchanged" and shows no errors yet.
            blank = formset.empty_form
            for name, field in blank.fields.items():
                initial = blank.get_initial_for_field(field, name)
                if initial not in (None, ""):
                    # As a browser would post it: text (a room's 0 seats is the int 0).
                    data[f"{self.steps.current}-{count}-{name}"] = str(initial)
        else:
            data[total_key] = str(formset.max_num)
        form = self.get_form(data=data)
        self.step_data_store(data)
        return self.render(form, formset_added=True)

    def render(self, form=None, **kwargs):
        if self.request.method == "POST" and isinstance(form, DocumentForm) and not kwargs.get("formset_added"):
            # A step with errors still keeps the files that passed their checks, and lists them.
            self.uploads_keep(form)
            form.stored = attachment_by_document_for_draft(draft=self.draft)
        return super().render(form, **kwargs)

    def get(self, *args, **kwargs):
        if kwargs.get("step") == self.done_step_name:
            # Submitting happens only on the POST of the last step.
            return redirect(self.get_step_url(self.steps.last))
        return super().get(*args, **kwargs)

    def get_context_data(self, form, **kwargs):
        context = super().get_context_data(form=form, **kwargs)
        current = self.steps.current
        steps = [self.application.step(name) for name in self.get_form_list()]
        current_index = self.get_step_index(current)
        context.update(
            application=self.application,
            service=self.draft.service,
            draft=self.draft,
            step=self.application.step(current),
            progress=[
                {
                    "title": step.title,
                    "url": self.get_step_url(step.name),
                    "current": index == current_index,
                    "done": self.storage.get_step_data(step.name) is not None and index != current_index,
                }
                for index, step in enumerate(steps)
            ],
            is_formset=isinstance(form, django_forms.BaseFormSet),
            has_uploads=isinstance(form, DocumentForm),
            # Shown above a step that starts from an earlier case, until the founder has saved it.
            prefilled_from=(
                self.storage.prefill().get("source")
                if current in (self.storage.prefill().get("steps") or {})
                and self.storage.get_step_data(current) is None
                else None
            ),
        )
        if current == self.steps.last:
            context["sections"] = self.application.summary_sections(self.answers_before(current))
            context["attachments"] = attachment_list_for_draft(draft=self.draft)
            context["change_urls"] = {step.name: self.get_step_url(step.name) for step in steps}
        return context

    def render_revalidation_failure(self, failed_step, form, **kwargs):
        messages.error(self.request, _("Please check this step: some answers are missing or no longer valid."))
        return super().render_revalidation_failure(failed_step, form, **kwargs)

    def render_done(self, form, **kwargs):
        # Submit on the POST of the last step itself, not on a later GET of a "done" URL.
        return WizardView.render_done(self, form, **kwargs)

    def done(self, form_list, form_dict=None, **kwargs):
        answers = {name: answers_from_form(form) for name, form in form_dict.items()}
        review = form_dict[self.steps.last]
        update_profile = isinstance(review, ReviewForm) and review.profile_update_wanted()
        answers[self.steps.last].pop("profile_update", None)  # a question about the profile, not the application
        document_codes = {code for form in form_dict.values() for code in document_codes_asked(form)}
        # The profile takes the answers with the case or not at all.
        with transaction.atomic():
            case = draft_submit(
                draft=self.draft,
                applicant=self.request.user,
                answers=answers,
                summary=self.application.summary_snapshot(answers),
                form_version=self.application.version,
                title=self.application.case_title(answers),
                search_terms=self.application.search_terms(answers),
                document_codes=document_codes,
                step_completed=self.storage.step_completed,
            )
            founder_profile_keep(
                owner=self.request.user, application=self.application, answers=answers, update=update_profile
            )
        return redirect("cases:confirmation", public_id=case.public_id)


@cache
def _wizard_for(service: str):
    return ApplicationWizardView.view_for(application_for(service))


def wizard_view(request, service: str, **kwargs):
    """Dispatch to the wizard declared for the service."""
    if not application_exists(service):
        raise Http404
    return _wizard_for(service)(request, service=service, **kwargs)
