from django.conf import settings


def city(request):
    return {"CITY_NAME": settings.CITY_NAME}


def area(request):
    """Which area's navigation the page header shows the person ("staff", "supervisor", "agency" or
    "founder"), whether it links the agency's figures (analysts and admins) and the administration."""
    from services.cases.permissions import (
        user_is_admin,
        user_is_analyst,
        user_is_founder,
        user_is_staff_member,
        user_is_supervisor,
    )

    user = getattr(request, "user", None)
    if user is None:
        return {"user_area": None}
    links = {"user_reads_figures": user_is_analyst(user), "user_is_admin": user_is_admin(user)}
    if user_is_staff_member(user):
        return {"user_area": "supervisor" if user_is_supervisor(user) else "staff", **links}
    if user_is_analyst(user):
        return {"user_area": "agency", **links}
    return {"user_area": "founder" if user_is_founder(user) else None, **links}
