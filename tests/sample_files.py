"""Real documents as bytes, as a founder's browser would send them."""

import io
import os

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def image_bytes(image_format: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), color=(200, 30, 30)).save(buffer, format=image_format)
    return buffer.getvalue()


def photo_bytes(width: int = 700, height: int = 900, image_format: str = "JPEG", *, noise: bool = False) -> bytes:
    """An image of the given size; ``noise`` makes it incompressible (a large file)."""
    if noise:
        image = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    else:
        image = Image.new("RGB", (width, height), color=(180, 160, 140))
    buffer = io.BytesIO()
    image.save(buffer, format=image_format)
    return buffer.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)
