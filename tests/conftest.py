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


@pytest.fixture
def districts(db):
    """The demo city's districts and their postcodes, as ``load_catalog`` loads them."""
    from services.catalog.services import districts_load

    districts_load()


@pytest.fixture(autouse=True)
def cache_cleared():
    """Rate limits and the per-IP log-in count live in the cache: every test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def wizard_step_bits_forgotten():
    """The funnel's step bits a process remembers belong to rows every test rolls back."""
    from services.statistics.services import wizard_step_bits_forget

    wizard_step_bits_forget()
    yield
    wizard_step_bits_forget()


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


@pytest.fixture(scope="session")
def s3_endpoint():
    """A local S3 over HTTP (moto) for the whole test session; its endpoint URL."""
    from tests.s3_server import s3_server_start

    server, endpoint = s3_server_start()
    yield endpoint
    server.stop()


@pytest.fixture
def s3_storage(settings, private_media, s3_endpoint):
    """The default storage switched to S3 as portal/settings.py configures it, on a fresh private bucket.

    Returns the storage; files saved through models go there too.
    """
    import uuid

    import boto3
    from django.core.files.storage import storages

    from tests.s3_server import ACCESS_KEY, REGION, SECRET_KEY

    bucket = f"gruenderportal-test-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name=REGION,
    )
    client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": bucket,
                "endpoint_url": s3_endpoint,
                "access_key": ACCESS_KEY,
                "secret_key": SECRET_KEY,
                "region_name": REGION,
                "default_acl": "private",
                "file_overwrite": False,
                "querystring_auth": True,
                "querystring_expire": 30,
                "addressing_style": "path",
                "signature_version": "s3v4",
            },
        },
    }
    return storages["default"]
