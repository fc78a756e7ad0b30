"""The passport photo is checked by what its bytes are, not by its name: kind, damage, pixels, shape."""

import io

import pytest
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from forms.steps.photo import PhotoField
from tests.sample_files import photo_bytes


def clean(content: bytes, name: str = "foto.jpg"):
    field = PhotoField(document_code="photo", label="Passport photo")
    return field.clean(SimpleUploadedFile(name, content, content_type="image/jpeg"))


def turned_jpeg(width: int, height: int, orientation: int) -> bytes:
    """A photo stored sideways, as phones do, with the EXIF orientation that turns it upright."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color=(90, 90, 90)).save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


def test_an_upright_jpeg_or_png_of_passport_shape_passes():
    assert clean(photo_bytes(700, 900)).size > 0
    assert clean(photo_bytes(600, 800, "PNG"), "foto.png").size > 0


def test_a_photo_stored_sideways_counts_upright_by_its_exif_orientation():
    assert clean(turned_jpeg(900, 700, orientation=6)).size > 0
    with pytest.raises(forms.ValidationError) as refused:
        clean(turned_jpeg(700, 900, orientation=6))
    assert refused.value.code == "photo_shape"


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (photo_bytes(700, 900)[:600], "photo_damaged"),  # cut off after the header
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "photo_damaged"),
        (photo_bytes(6100, 8000, "PNG"), "photo_large"),
        (photo_bytes(700, 700), "photo_shape"),
        (b"GIF89a" + b"\x00" * 100, "photo_type"),
    ],
    ids=["truncated-jpeg", "broken-png", "too-many-pixels", "square", "gif"],
)
def test_what_is_not_a_usable_photo_is_refused_with_its_reason(content, code):
    with pytest.raises(forms.ValidationError) as refused:
        clean(content)

    assert refused.value.code == code
