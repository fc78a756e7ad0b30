import contextlib
import functools
import gc
import hashlib
from collections.abc import Iterator
from typing import Any

import weasyprint
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext
from weasyprint.text.fonts import FontConfiguration

from forms.applications import application_for
from portal.data_stack import call_in_own_stack_chunk
from services.cases.events import case_event_record
from services.cases.models import Case, CaseEvent
from services.pdf.archive import PDF_VARIANT, ArchiveMetadata, pdf_objects_serialize_once
from services.pdf.compression import pydyf_compression_level_set
from services.pdf.summary import summary_in_form_order

pydyf_compression_level_set()

# Relative URLs resolve here; the fetcher below refuses them anyway.
PDF_BASE_URL = str(settings.BASE_DIR / "templates" / "pdf")
# One style sheet for every official document (page, running header and footer, tables).
PDF_STYLESHEET = settings.BASE_DIR / "templates" / "pdf" / "document.css"


@functools.cache
def _font_config() -> FontConfiguration:
    # Each configuration loads the system fonts through fontconfig (about 3 ms with a warm
    # font cache, more on a cold one): one per process, made on first use, serves every render.
    return FontConfiguration()


@functools.cache
def _stylesheet() -> weasyprint.CSS:
    # Parsed once per process: as a <style> element it was parsed again on every render
    # (about 3 % of the render's Python calls).
    return weasyprint.CSS(filename=str(PDF_STYLESHEET), font_config=_font_config(), url_fetcher=_url_fetcher())


def _url_fetcher() -> weasyprint.URLFetcher:
    # The documents embed everything they need: any URL (even one smuggled into an
    # answer) is refused rather than fetched from the network or the file system.
    return weasyprint.URLFetcher(allowed_protocols=frozenset(), timeout=1)


def _page_label() -> tuple[str, str, str]:
    """ "Page 1 of 3" in the active language, as the texts before, between and after the
    two numbers, which the page counters of the running footer fill in."""
    # Translators: the PDF's running footer; keep %(page)s before %(pages)s.
    label = gettext("Page %(page)s of %(pages)s") % {"page": "\0", "pages": "\1"}
    before, rest = label.split("\0")
    between, after = rest.split("\1")
    return before, between, after


@contextlib.contextmanager
def _garbage_collected_after() -> Iterator[None]:
    """Python's cycle collector held off while WeasyPrint works, and run on what it left afterwards.

    A render allocates some hundred thousand objects. With the collector on, they trigger
    its collections as they go, and every so often a full one, which walks every object of
    the process (Django, its templates and models: about 150,000 in a worker or the bench):
    100-140 ms, a quarter of a render, in one render out of two or three. Afterwards one
    collection of the youngest generation frees the render's reference cycles; it looks
    only at what the render allocated, so it costs what the collections during the render
    would have (15-35 ms) and leaves no garbage to the next piece of work.
    """
    if not gc.isenabled():  # another thread's render, or the process decided so itself
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect(0)


def pdf_render(*, template: str, context: dict[str, Any]) -> bytes:
    """An HTML template (extending pdf/base.html) rendered to PDF, with no external resources."""
    html = render_to_string(template, {**context, "page_label": _page_label()})
    with _garbage_collected_after():
        # WeasyPrint recurses deep enough to meet CPython 3.11's slowdown at a stack chunk's edge.
        return call_in_own_stack_chunk(lambda: _pdf_from_html(html))


def _pdf_from_html(html: str) -> bytes:
    # One file for the founder, the clerk's screen reader and the archive: tagged PDF/A-2a
    # (headings, table headers, reading order, language, title; BITV 2.0 for public bodies)
    # that identifies itself as PDF/UA-1 too.
    document = weasyprint.HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=_url_fetcher()).render(
        stylesheets=[_stylesheet()], font_config=_font_config(), pdf_variant=PDF_VARIANT
    )
    # The authority's local time, like the time of receipt printed on every page.
    created = timezone.localtime().isoformat(timespec="seconds")
    document.metadata = ArchiveMetadata.of(document.metadata, created=created)
    return document.write_pdf(pdf_variant=PDF_VARIANT, finisher=pdf_objects_serialize_once)


def case_pdf_render(*, case: Case) -> bytes:
    """The official PDF of a submitted case, in the authority's language."""
    application = application_for(case.service.slug)
    # The PDF is the document the authority files: always in the official language,
    # whatever language the founder used the portal in.
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "reference": case.reference,
            # The authority's local time (settings.TIME_ZONE), also when a worker renders it.
            "received_at": timezone.localtime(case.submitted_at),
            "service_name": case.service.name,
            "leika_key": case.service.leika_key,
            "legal_basis": case.service.legal_basis,
            "department": case.department or case.service.department,
            "city_name": settings.CITY_NAME,
            "city_authority": settings.CITY_AUTHORITY,
            "title": str(application.pdf_title),
            "form_name": str(application.pdf_form_name),
            "sections": summary_in_form_order(case.summary),
            "attachments": [
                {
                    "label": a.document_label,
                    "name": a.original_name,
                    "size": a.size,
                    "sha256": a.sha256,
                }
                for a in case.attachments.all()
            ],
        }
        return pdf_render(template="pdf/application.html", context=context)


def case_pdf_generate(*, case_id: int) -> None:
    """Render and store the case's PDF once; later calls (task retries) change nothing."""
    case = Case.objects.select_related("service", "department", "service__department").get(pk=case_id)
    if case.pdf:
        return
    # Rendering takes a while: do it before taking the row lock.
    content = case_pdf_render(case=case)
    sha256 = hashlib.sha256(content).hexdigest()
    stored_name = ""
    try:
        with transaction.atomic():
            case = Case.objects.select_for_update().get(pk=case_id)
            if case.pdf:
                return
            case.pdf.save(f"{case.reference}.pdf", ContentFile(content), save=False)
            stored_name = case.pdf.name
            case.pdf_sha256 = sha256
            case.save(update_fields=["pdf", "pdf_sha256"])
            case_event_record(case=case, kind=CaseEvent.Kind.PDF_RENDERED, data={"sha256": sha256})
    except BaseException:
        # The row does not point at the file: remove it rather than leave an orphan behind.
        if stored_name:
            case.pdf.storage.delete(stored_name)
        raise
