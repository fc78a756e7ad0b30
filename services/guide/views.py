"""The founding guide's pages, open to everybody: the questionnaire and the checklist.

The answers live in the session only (never in the URL); they describe the business, not
a person, and are not stored anywhere else.
"""

from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from services.cases.permissions import user_is_founder
from services.guide.forms import GuideForm
from services.guide.selectors import GUIDE_SESSION_KEY, checklist_from_stored, checklist_progress

SESSION_KEY = GUIDE_SESSION_KEY


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def guide_questions(request):
    if request.method == "POST":
        form = GuideForm(data=request.POST)
        if form.is_valid():
            request.session[SESSION_KEY] = form.cleaned_data
            return redirect("guide:checklist")
    else:
        # Coming back to change answers shows the founder's own answers; a first visit shows none.
        form = GuideForm(initial=request.session.get(SESSION_KEY) or {})
    return render(request, "guide/questions.html", {"form": form})


@never_cache
@require_safe
def guide_checklist(request):
    found = checklist_from_stored(stored=request.session.get(SESSION_KEY))
    if found is None:
        # No answers yet, or answers to questions that have changed since: ask again.
        return redirect("guide:questions")
    checklist, form = found
    # A founder sees what is done: submitted applications and open drafts per service.
    founder = user_is_founder(request.user)
    progress = checklist_progress(owner=request.user, checklist=checklist) if founder else {}
    context = {
        "checklist": checklist,
        "here": [(rule, progress.get(rule.service_id)) for rule in checklist.here],
        "form": form,
        "show_progress": founder,
        "any_online": any(rule.service.online for rule in checklist.here),
    }
    return render(request, "guide/checklist.html", context)


@require_POST
def guide_reset(request):
    request.session.pop(SESSION_KEY, None)
    return redirect("guide:questions")
