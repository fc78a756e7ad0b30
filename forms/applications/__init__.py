from forms.applications.base import Application

_REGISTRY: dict[str, Application] = {}


def application_register(application: Application) -> Application:
    _REGISTRY[application.service_slug] = application
    return application


def application_list() -> list[Application]:
    """Every registered application, by service."""
    return [_REGISTRY[slug] for slug in sorted(_REGISTRY)]


def application_for(service_slug: str) -> Application:
    """The wizard declaration for a service; KeyError where it has none."""
    return _REGISTRY[service_slug]


def application_exists(service_slug: str) -> bool:
    try:
        application_for(service_slug)
    except KeyError:
        return False
    return True
