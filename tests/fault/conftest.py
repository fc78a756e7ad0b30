"""The real parts for the fault tests, each one a test can break and bring back: a private
redis-server on a free port (never the machine's shared one), a moto S3 server, and Celery
worker processes (with embedded beat) on the PostgreSQL test database."""

import email
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections import defaultdict
from pathlib import Path

import boto3
import pytest
import redis
from django.db import connection

from portal.celery import app as celery_app
from tests.s3_server import ACCESS_KEY, REGION, SECRET_KEY, s3_server_start

BASE_DIR = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, *, timeout: float, interval: float = 0.25, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


class RedisServer:
    """A redis-server of the test's own, without persistence: stopping it loses what it held,
    as a crashed broker without persistence does."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        if shutil.which("redis-server") is None:
            if os.environ.get("CI"):
                raise RuntimeError("redis-server is missing")
            pytest.skip("redis-server is not installed: apt-get install redis-server to run the fault tests")
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            cwd=self.folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url)
        wait_for(lambda: _pings(client), timeout=10, what="redis-server")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=10)
            self.process = None


def _pings(client) -> bool:
    try:
        return client.ping()
    except redis.ConnectionError:
        return False


class S3Server:
    def __init__(self):
        self.server, self.endpoint = s3_server_start()
        self.port = int(self.endpoint.rsplit(":", 1)[1])
        self.client = boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
            region_name=REGION,
        )
        self.bucket = f"fault-{uuid.uuid4().hex[:12]}"
        self.client.create_bucket(Bucket=self.bucket, CreateBucketConfiguration={"LocationConstraint": REGION})

    def stop(self) -> None:
        self.server.stop()

    def start(self) -> None:
        # Same port, so the workers' endpoint setting stays right; the buckets live on in this process.
        self.server, _ = s3_server_start(port=self.port)

    def has(self, key: str) -> bool:
        return self.client.list_objects_v2(Bucket=self.bucket, Prefix=key).get("KeyCount", 0) == 1


class Worker:
    """``celery worker -B`` (prefork, one child, embedded beat) in a process group of its own."""

    def __init__(self, *, env: dict[str, str], folder: Path):
        self.env = env
        self.folder = folder
        self.process: subprocess.Popen | None = None
        self.errors = b""

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.fault.worker",
                "worker",
                "-B",
                "--schedule",
                str(self.folder / f"beat-{uuid.uuid4().hex}"),
                "--pool=prefork",
                "--concurrency=1",
                "--loglevel=WARNING",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=BASE_DIR,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=open(self.folder / "worker.log", "ab"),  # noqa: SIM115 - the child writes it until it ends
            start_new_session=True,
        )
        ready = self.folder / f"ready-{self.process.pid}"
        wait_for(ready.exists, timeout=60, what="the worker to consume")

    def kill(self) -> None:
        """SIGKILL to the main process and its children at once: no warm or cold shutdown."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        # After the test's counts nothing is left to finish: no need to wait for a warm shutdown.
        if self.process is not None and self.process.poll() is None:
            self.kill()


@pytest.fixture(scope="module")
def private_redis(tmp_path_factory):
    server = RedisServer(tmp_path_factory.mktemp("redis"))
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def s3_server():
    server = S3Server()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def broker(private_redis):
    """This process publishes to the private Redis (as a web node would)."""
    previous = {key: celery_app.conf[key] for key in ("broker_url", "task_always_eager")}
    celery_app.conf.update(broker_url=private_redis.url, task_always_eager=False)
    _connection_pools_drop()
    yield private_redis
    celery_app.conf.update(previous)
    _connection_pools_drop()


def _connection_pools_drop() -> None:
    # Celery keeps the pools it made first (for the in-memory broker once any test queued a task).
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture(scope="module")
def fault_folder(tmp_path_factory):
    """Where the worker leaves its markers and log, and the crash flag is put."""
    return tmp_path_factory.mktemp("fault")


@pytest.fixture(scope="module")
def mail_folder(tmp_path_factory):
    """The mail server: one file per accepted mail (recipients differ between tests)."""
    return tmp_path_factory.mktemp("mail")


@pytest.fixture(scope="module")
def worker(django_db_setup, broker, s3_server, mail_folder, fault_folder):
    """One worker for the module's tests (starting one takes seconds); a test may kill and restart it."""
    db = connection.settings_dict
    worker = Worker(
        env={
            **os.environ,
            "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
            "CELERY_BROKER_URL": broker.url,
            "SECRET_KEY": "fault-test-secret",
            "EMAIL_URL": f"filemail:///{mail_folder}",
            "AWS_STORAGE_BUCKET_NAME": s3_server.bucket,
            "AWS_S3_ENDPOINT_URL": s3_server.endpoint,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            "AWS_S3_REGION_NAME": REGION,
            # Short versions of the production intervals, so that recovery takes seconds.
            "CELERY_VISIBILITY_TIMEOUT": "12",
            "CELERY_UNACKED_RESTORE_INTERVAL": "1",
            "CELERY_RETRY_BACKOFF_MAX": "2",
            "PDF_SOFT_TIME_LIMIT": "8",
            "PDF_TIME_LIMIT": "9",
            "CASE_RESUME_INTERVAL_SECONDS": "2",
            "CASE_RESUME_AFTER_SECONDS": "4",
            "OUTBOX_RESUME_INTERVAL_SECONDS": "2",
            "OUTBOX_RESUME_AFTER_SECONDS": "3",
            # Rendering waits a second with its database connection open: there is a moment to break in.
            "FAULT_PDF_DELAY_SECONDS": "1",
            "FAULT_MARKER_DIR": str(fault_folder),
            "FAULT_CRASH_AFTER_SEND_FLAG": str(fault_folder / "crash-after-send"),
        },
        folder=fault_folder,
    )
    worker.start()
    yield worker
    worker.stop()
    if os.environ.get("FAULT_KEEP_LOGS"):
        shutil.copy(fault_folder / "worker.log", Path(os.environ["FAULT_KEEP_LOGS"]) / f"{uuid.uuid4().hex}.log")
    # Retries of the broken parts are expected (and logged); a bug is not.
    for line in (fault_folder / "worker.log").read_text(errors="replace").splitlines():
        assert not any(error in line for error in ("NameError", "AttributeError", "TypeError", "ImportError")), line


def mails_delivered(folder: Path) -> dict[str, list[str]]:
    """Per recipient, the Message-IDs of the mails the mail server accepted (one file per connection)."""
    delivered = defaultdict(list)
    for path in sorted(folder.iterdir()):
        for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
            if raw.strip():
                message = email.message_from_bytes(raw.lstrip())
                delivered[message["To"]].append(message["Message-ID"])
    return delivered
