"""Which documents the portal accepts, recognised by content, and how their names are kept."""

import re
import unicodedata
from typing import IO

import filetype

from services.cases.text import text_neutralise

# Content type -> file name extensions that fit it (the first is used when a name has none that fits).
ACCEPTED_CONTENT_TYPES: dict[str, tuple[str, ...]] = {
    "application/pdf": ("pdf",),
    "image/jpeg": ("jpg", "jpeg"),
    "image/png": ("png",),
}

# filetype never looks further than this into a file.
_SIGNATURE_BYTES = 8192
_NAME_MAX_LENGTH = 200
# Characters that are unsafe in file names on common systems or in a Content-Disposition header.
_UNSAFE_NAME_CHARACTERS = re.compile(r'[\\/:*?"<>|;]')


def content_type_detect(*, file: IO[bytes]) -> str | None:
    """The accepted content type the file's bytes show, or None.

    Neither the client's content type nor the file name is trusted: a text file
    renamed to ``.pdf`` is not a PDF.
    """
    file.seek(0)
    head = file.read(_SIGNATURE_BYTES)
    file.seek(0)
    kind = filetype.guess(head) if head else None
    if kind is None or kind.mime not in ACCEPTED_CONTENT_TYPES:
        return None
    return kind.mime


def filename_sanitise(*, name: str, content_type: str) -> str:
    """A display name for a stored file: no path, no control or unsafe characters,
    and an extension that fits the detected content, so the download opens in the right program."""
    name = re.split(r"[\\/]", text_neutralise(name or ""))[-1]
    # A name is one line: the line breaks and tabs that text answers keep go too.
    name = "".join(ch for ch in name if not unicodedata.category(ch).startswith("C"))
    name = _UNSAFE_NAME_CHARACTERS.sub("_", name)
    name = " ".join(name.split()).lstrip(". ")
    stem, dot, extension = name.rpartition(".")
    extensions = ACCEPTED_CONTENT_TYPES[content_type]
    if not dot or extension.lower() not in extensions:
        stem, extension = name, extensions[0]
    stem = (stem.rstrip(". ") or "document")[: _NAME_MAX_LENGTH - len(extension) - 1]
    return f"{stem}.{extension.lower()}"
