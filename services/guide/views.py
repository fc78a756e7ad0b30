"""The founding guide's pages, open to everybody: the questionnaire and the checklist.

The answers live in the session only (never in the URL); they describe the business, not
a person, and are not stored anywhere else.
"""

from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from services.guide.forms import GuideForm
from services.guide.selectors import checklist_build

SESSION_KEY = "guide_answers"


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
    stored = request.session.get(SESSION_KEY)
    form = GuideForm(data=stored) if isinstance(stored, dict) else None
    if form is None or not form.is_valid():
        # No answers yet, or answers to questions that have changed since: ask again.
        return redirect("guide:questions")
    context = {"checklist": checklist_build(answers=form.cleaned_data), "form": form}
    return render(request, "guide/checklist.html", context)


@require_POST
def guide_reset(request):
    request.session.pop(SESSION_KEY, None)
    return redirect("guide:questions")
