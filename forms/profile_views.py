"""“My data” (the founder's profile, changed in one place) and “Start all” (the checklist's online
applications filed one after another, each prefilled from the profile)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from forms.applications.base import answers_from_form
from forms.profile_forms import PART_SLUGS, PROFILE_FORMS
from forms.selectors import (
    founder_profile_complete,
    founder_profile_data,
    founder_profile_sections,
    guide_tasks,
)
from forms.services import DraftLimitReached, draft_create, founder_profile_part_save
from forms.steps.profile import COMPANY, PERSON, profile_account_defaults, profile_part_initial
from portal.access import founder_area
from services.guide.selectors import GUIDE_SESSION_KEY, checklist_from_stored

# Set while the founder works through "Start all": saving "My data" and a submitted application
# lead back to the list. Only a flag; the guide's answers stay under their own key.
SEQUENCE_SESSION_KEY = "guide_sequence"


@founder_area
@never_cache
@require_http_methods(["GET", "HEAD"])
def profile_page(request):
    data = founder_profile_data(owner=request.user)
    context = {
        "sections": founder_profile_sections(data=data),
        "part_slugs": PART_SLUGS,
        "in_sequence": bool(request.session.get(SEQUENCE_SESSION_KEY)),
    }
    return render(request, "forms/profile.html", context)


@founder_area
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def profile_edit(request, part_slug: str):
    if part_slug not in PROFILE_FORMS:
        raise Http404
    part, form_class = PROFILE_FORMS[part_slug]
    if request.method == "POST":
        form = form_class(data=request.POST)
        if form.is_valid():
            founder_profile_part_save(owner=request.user, part=part, values=answers_from_form(form))
            messages.success(request, _("Your data have been saved."))
            if request.session.get(SEQUENCE_SESSION_KEY):
                return redirect("guide_start_all")
            return redirect("profile")
    else:
        profile = profile_account_defaults(founder_profile_data(owner=request.user), email=request.user.email)
        form = form_class(initial=profile_part_initial(profile, part))
    return render(request, "forms/profile_edit.html", {"form": form, "part": part})


@founder_area
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def guide_start_all(request):
    """The checklist's online applications as a task list: "My data" first, then each application,
    with what is done. "Continue" goes to the next thing to do."""
    found = checklist_from_stored(stored=request.session.get(GUIDE_SESSION_KEY))
    if found is None:
        return redirect("guide:questions")
    checklist, _form = found
    tasks = guide_tasks(owner=request.user, services=[rule.service for rule in checklist.here])
    data = founder_profile_data(owner=request.user)
    complete = founder_profile_complete(data=data)
    request.session[SEQUENCE_SESSION_KEY] = True
    if request.method == "POST":
        if not complete:
            slug = PART_SLUGS[PERSON] if not data.get(PERSON) else PART_SLUGS[COMPANY]
            return redirect("profile_edit", part_slug=slug)
        task = next((task for task in tasks if not task.done), None)
        if task is None:
            request.session.pop(SEQUENCE_SESSION_KEY, None)
            messages.success(request, _("You have filed every application of your checklist."))
            return redirect("my_cases")
        if task.draft is not None:
            return redirect("forms:wizard", service=task.service.slug, draft_id=task.draft.draft.public_id)
        try:
            draft = draft_create(owner=request.user, service=task.service)
        except DraftLimitReached as limit:
            messages.error(request, limit.message)
        else:
            return redirect("forms:wizard", service=task.service.slug, draft_id=draft.public_id)
    context = {
        "tasks": tasks,
        "profile_complete": complete,
        "all_done": all(task.done for task in tasks),
    }
    return render(request, "forms/start_all.html", context)
