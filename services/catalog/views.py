from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from services.catalog.wz import wz_search

# Longer input is cut: no word of a title is this long, and the search stays cheap.
_QUERY_MAX = 100


@require_safe
def wz_search_page(request):
    """Find a WZ 2008 code by words ("Café"): a GET form that works without JavaScript, open to anyone
    (the founder's activity is not kept, logged or put anywhere but the address of this page).
    With ``format=json`` the same results for the lookup in the wizard (``js/wz-lookup.js``)."""
    query = " ".join(request.GET.get("suche", "")[:_QUERY_MAX].split())
    results = wz_search(words=query) if query else []
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "results": [
                    {
                        "code": entry.code,
                        "title": entry.title,
                        "class": "" if group.title == entry.title else group.title,
                    }
                    for entry, group in results
                ]
            }
        )
    return render(request, "catalog/wz_search.html", {"query": query, "results": results})
