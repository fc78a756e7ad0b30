"""The department's inbox: filters in the URL, the search term in the session (it is personal data)."""

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from services.cases.selectors import (
    SEARCH_COUNT_LIMIT,
    STATUS_COUNT_CAP,
    case_count_from_status_counts,
    case_list_for_staff,
    case_status_counts_for_staff,
)
from services.workflow.transitions import CaseStatus
from services.workspace.access import staff_area
from services.workspace.forms import ALL_STATUSES, InboxFilterForm, InboxSearchForm
from services.workspace.inbox_rows import inbox_rows_build

PAGE_SIZE = 25
SEARCH_SESSION_KEY = "workspace_inbox_search"


def _query_without(request: HttpRequest, *names: str, **values: str) -> str:
    """The current filters as a query string, without ``names`` and with ``values`` set."""
    query = request.GET.copy()
    for name in (*names, *values):
        query.pop(name, None)
    for name, value in values.items():
        if value:
            query[name] = value
    return query.urlencode()


@staff_area
@require_http_methods(["GET", "HEAD", "POST"])
def inbox(request):
    if request.method == "POST":
        search_form = InboxSearchForm(request.POST)
        if "clear" in request.POST:
            request.session.pop(SEARCH_SESSION_KEY, None)
            search_form = None
        elif search_form.is_valid():
            term = search_form.cleaned_data["q"].strip()
            if term:
                request.session[SEARCH_SESSION_KEY] = term
            else:
                request.session.pop(SEARCH_SESSION_KEY, None)
            search_form = None
        if search_form is None:
            # Back to the first page of the same filters; the term itself stays out of the address.
            query = _query_without(request, "page")
            return redirect(f"{reverse('workspace:inbox')}{'?' + query if query else ''}")
    else:
        search_form = None

    search = request.session.get(SEARCH_SESSION_KEY, "")
    if search_form is None:
        search_form = InboxSearchForm(initial={"q": search})
    filter_form = InboxFilterForm(request.GET)
    filter_form.is_valid()
    filters = filter_form.selected()
    queue_filters = {key: value for key, value in filters.items() if key not in {"status", "order"}}

    cases = case_list_for_staff(user=request.user, search=search, **filters)
    counts = case_status_counts_for_staff(user=request.user, search=search, **queue_filters)
    paginator = Paginator(cases, PAGE_SIZE)
    counted = case_count_from_status_counts(counts=counts, status=filters["status"])
    if counted is not None:
        paginator.count = counted  # the counts per status are exact: no need to count the list again
    page = paginator.get_page(request.GET.get("page"))
    status_counts = [
        {
            "status": status,
            "label": label,
            # None: a search with very many matches leaves decided statuses uncounted
            "count": None if counts[status] is None else min(counts[status], STATUS_COUNT_CAP),
            "more": counts[status] is not None and counts[status] > STATUS_COUNT_CAP,
            "query": _query_without(request, "page", status=status),
        }
        for status, label in CaseStatus.choices
    ]
    context = {
        "page": page,
        "rows": inbox_rows_build(cases=page.object_list),
        "filter_form": filter_form,
        "search_form": search_form,
        "search": search,
        "status_counts": status_counts,
        "uncounted": any(item["count"] is None for item in status_counts),
        "search_count_limit": SEARCH_COUNT_LIMIT,
        "status_filter": filters["status"],
        "all_statuses": ALL_STATUSES,
        "page_query": _query_without(request, "page"),
        "filters_query": request.GET.urlencode(),
    }
    return render(request, "clerk/inbox.html", context)
