from django.http import Http404

from forms.models import Draft
from portal.accounts.models import User
from services.catalog.models import Service


def draft_create(*, owner: User, service: Service) -> Draft:
    return Draft.objects.create(owner=owner, service=service)


def draft_delete(*, draft: Draft) -> None:
    """Discard an open draft; its uploads are left for the clean-up, which removes their files.

    A submitted draft belongs to its case and is not found here.
    """
    if draft.case_id is not None:
        raise Http404
    draft.delete()
