import pytest

from tests.factories import FounderFactory, ServiceFactory


@pytest.fixture
def founder(db):
    return FounderFactory()


@pytest.fixture
def founder_client(client, founder):
    client.force_login(founder)
    return client


@pytest.fixture
def gewerbe_service(db):
    return ServiceFactory()


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Every test writes files into its own private folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media", "file_permissions_mode": 0o600},
        },
    }
