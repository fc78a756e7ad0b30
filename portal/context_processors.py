from django.conf import settings


def city(request):
    return {"CITY_NAME": settings.CITY_NAME}
