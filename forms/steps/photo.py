"""A passport-style photo upload (Reisegewerbekarte, later other cards), checked by its content.

Beyond the checks of every document (``DocumentField``), the photo must be a JPEG or PNG
that Pillow can decode, within ``PHOTO_MAX_FILE_SIZE``, at least ``PHOTO_MIN_PIXELS`` and at
most ``PHOTO_MAX_PIXELS`` large, and upright like a passport photo (35 × 45 mm): its width
divided by its height between ``PHOTO_MIN_RATIO`` and ``PHOTO_MAX_RATIO``. A photo taken
upright by a phone but stored sideways with an EXIF orientation (a JPEG) counts as upright.
"""

from typing import ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

from forms.steps.documents import DocumentBoundField, DocumentField, megabytes
from services.cases.files import content_type_detect

PHOTO_CONTENT_TYPES = {"image/jpeg", "image/png"}
PHOTO_MAX_FILE_SIZE = 5 * 1024 * 1024
# 35 × 45 mm at 300 dpi, the resolution a printed card needs.
PHOTO_MIN_PIXELS = (413, 531)
PHOTO_MAX_PIXELS = (6000, 8000)
# 35 / 45 = 0.78; a phone photo cut to 3 : 4 (0.75) is fine, a square or a landscape is not.
PHOTO_MIN_RATIO = 0.68
PHOTO_MAX_RATIO = 0.86
# EXIF orientations that store an upright photo turned by 90 degrees.
_EXIF_ORIENTATION = 0x0112
_TURNED = {5, 6, 7, 8}


class PhotoBoundField(DocumentBoundField):
    @property
    def format_hint(self) -> str:
        return _("JPEG or PNG, up to %(limit)s MB, at least %(width)s × %(height)s pixels, upright (35 × 45 mm)") % {
            "limit": megabytes(PHOTO_MAX_FILE_SIZE),
            "width": PHOTO_MIN_PIXELS[0],
            "height": PHOTO_MIN_PIXELS[1],
        }


def photo_dimensions(file) -> tuple[int, int]:
    """Width and height of an upright view of the image; raises ``ValueError`` if it cannot be decoded.

    An image larger than ``PHOTO_MAX_PIXELS`` is not decoded (the size check refuses it anyway);
    a PNG is checked chunk by chunk, a JPEG decoded at an eighth of its size: enough to find a
    damaged file without holding a full-size bitmap in memory.
    """
    file.seek(0)
    try:
        with Image.open(file) as image:
            width, height = image.size
            orientation = None
            if image.format == "PNG":
                if max(width, height) <= max(PHOTO_MAX_PIXELS):
                    image.verify()  # directly after opening: reading EXIF first would spoil it
            else:
                orientation = image.getexif().get(_EXIF_ORIENTATION)
                if max(width, height) <= max(PHOTO_MAX_PIXELS):
                    image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                    image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise ValueError("not a decodable image") from error
    finally:
        file.seek(0)
    return (height, width) if orientation in _TURNED else (width, height)


class PhotoField(DocumentField):
    """A passport-style photo: a real JPEG or PNG image of sensible size and upright shape."""

    bound_field_class = PhotoBoundField
    widget = forms.FileInput(attrs={"accept": ".jpg,.jpeg,.png,image/jpeg,image/png"})
    default_error_messages: ClassVar[dict] = {
        "photo_type": _("The photo must be a JPEG or PNG image (e.g. photo.jpg). Other files cannot be used."),
        "photo_damaged": _("The file could not be read as an image. Please upload the photo again as JPEG or PNG."),
        "photo_file_size": _("The photo file is too large: it may have at most %(limit)s MB."),
        "photo_small": _(
            "The photo is too small: it has %(width)s × %(height)s pixels and needs at least "
            "%(min_width)s × %(min_height)s pixels."
        ),
        "photo_large": _(
            "The photo has too many pixels (%(width)s × %(height)s): it may have at most "
            "%(max_width)s × %(max_height)s pixels."
        ),
        "photo_shape": _(
            "The photo must be upright like a passport photo (35 mm wide, 45 mm high); this one is "
            "%(width)s × %(height)s pixels. Please crop it to the head and shoulders."
        ),
    }

    def to_python(self, data):
        data = forms.FileField.to_python(self, data)
        if data is None:
            return None
        if data.size > PHOTO_MAX_FILE_SIZE:
            self._refuse("photo_file_size", limit=megabytes(PHOTO_MAX_FILE_SIZE))
        if content_type_detect(file=data) not in PHOTO_CONTENT_TYPES:
            self._refuse("photo_type")
        try:
            width, height = photo_dimensions(data)
        except ValueError:
            self._refuse("photo_damaged")
        size = {"width": width, "height": height}
        if width < PHOTO_MIN_PIXELS[0] or height < PHOTO_MIN_PIXELS[1]:
            self._refuse("photo_small", **size, min_width=PHOTO_MIN_PIXELS[0], min_height=PHOTO_MIN_PIXELS[1])
        if width > PHOTO_MAX_PIXELS[0] or height > PHOTO_MAX_PIXELS[1]:
            self._refuse("photo_large", **size, max_width=PHOTO_MAX_PIXELS[0], max_height=PHOTO_MAX_PIXELS[1])
        if not PHOTO_MIN_RATIO <= width / height <= PHOTO_MAX_RATIO:
            self._refuse("photo_shape", **size)
        return data

    def _refuse(self, code: str, **params) -> None:
        raise forms.ValidationError(self.error_messages[code], code=code, params=params)
