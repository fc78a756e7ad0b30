"""Handing out private files (case PDFs, attachments) to someone whose permission the caller has checked.

Files never get a public URL: a local storage streams them through the view; object storage
answers with a signed, short-lived URL that carries the file name and type.
"""

from django.core.files.storage import Storage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header


def storage_serves_locally(storage: Storage) -> bool:
    # Object storage has no local path; such files are handed out by a signed, short-lived URL instead.
    try:
        storage.path("")
    except NotImplementedError:
        return False
    return True


def file_hand_out(file: FieldFile, *, filename: str, content_type: str, inline: bool = False) -> HttpResponse:
    """The response that gives the file: as a download, or ``inline`` to view it in the browser."""
    as_attachment = not inline
    if storage_serves_locally(file.storage):
        try:
            response = FileResponse(
                file.storage.open(file.name, "rb"),
                as_attachment=as_attachment,
                filename=filename,
                content_type=content_type,
            )
        except FileNotFoundError as exc:
            raise Http404 from exc
        response["X-Content-Type-Options"] = "nosniff"
    else:
        signed_url = file.storage.url(
            file.name,
            parameters={
                "ResponseContentDisposition": content_disposition_header(as_attachment, filename),
                "ResponseContentType": content_type,
            },
        )
        response = HttpResponseRedirect(signed_url)
    response["Cache-Control"] = "private, no-store"
    return response
