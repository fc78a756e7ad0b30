"""The parts a load run starts and stops: its own PostgreSQL database, gunicorn and a Celery worker.

Everything runs as in production (DEBUG off, settings from the environment, a real queue on
Redis), on loopback, with two differences that plain HTTP on loopback needs: cookies are not
marked Secure, and the calibration view is routed. The draft limits are raised so that the
founders of the run are not throttled as one abusive account would be.
"""

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

BASE_DIR = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent

# High enough never to be reached by a run; the names are those portal/settings.py reads.
LIMITS_RAISED = {
    "DRAFT_MAX_OPEN": "100000",
    "DRAFT_MAX_OPEN_PER_SERVICE": "100000",
    "DRAFT_CREATE_RATE_LIMIT": "100000",
}


class StackError(RuntimeError):
    """A part of the stack did not start; the message says which and shows its log."""


@dataclass
class Stack:
    base_url: str
    database_url: str
    redis_url: str
    queue: str
    folder: Path
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)

    def logs_tail(self, name: str, lines: int = 30) -> str:
        path = self.folder / f"{name}.log"
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""

    def tracebacks(self) -> dict[str, int]:
        """How many tracebacks each server process has logged so far."""
        return {
            name: (self.folder / f"{name}.log").read_text(errors="replace").count("Traceback")
            for name in self.processes
        }


def server_url_with_database(server_url: str, name: str) -> str:
    parts = urlsplit(server_url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def services_check(*, server_url: str, redis_url: str) -> str | None:
    """Why the stack cannot run here (PostgreSQL or Redis unreachable), or None."""
    try:
        with psycopg.connect(server_url_with_database(server_url, "postgres"), connect_timeout=3):
            pass
    except psycopg.Error as error:
        return f"PostgreSQL is not reachable at {server_url}: {str(error).strip().splitlines()[0]}"
    import redis

    try:
        redis.Redis.from_url(redis_url, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        return f"Redis is not reachable at {redis_url}: {error}"
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(*, database_url: str, redis_url: str, queue: str, folder: Path, extra: dict[str, str]) -> dict:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "false",
        "SECRET_KEY": f"load-{uuid.uuid4().hex}{uuid.uuid4().hex}",
        "EMAIL_URL": "dummymail://",
        "DATABASE_URL": database_url,
        "CACHE_URL": redis_url,
        "CELERY_BROKER_URL": redis_url,
        "CELERY_DEFAULT_QUEUE": queue,
        "MEDIA_ROOT": str(folder / "media"),
        "AWS_STORAGE_BUCKET_NAME": "",
        "ALLOWED_HOSTS": "127.0.0.1",
        # Plain HTTP on loopback: Secure cookies would never be sent back.
        "SESSION_COOKIE_SECURE": "false",
        "CSRF_COOKIE_SECURE": "false",
        "LOAD_CALIBRATION_VIEW": "true",
        "LOG_LEVEL": "WARNING",
        **LIMITS_RAISED,
        **extra,
    }
    return env


@contextlib.contextmanager
def stack_run(
    *,
    server_url: str,
    redis_url: str,
    founders: int,
    web_workers: int,
    worker_concurrency: int,
    folder: Path,
    keep_database: bool = False,
    extra_env: dict[str, str] | None = None,
) -> Iterator[tuple[Stack, list[str]]]:
    """Create and migrate the database, seed founders, start gunicorn and the worker; stop and drop
    everything on the way out (also on Ctrl-C). Yields the stack and the founders' session keys."""
    name = f"load_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin_url = server_url_with_database(server_url, "postgres")
    database_url = server_url_with_database(server_url, name)
    queue = f"load-{name}"
    port = _free_port()
    stack = Stack(f"http://127.0.0.1:{port}", database_url, redis_url, queue, folder)
    env = environment(database_url=database_url, redis_url=redis_url, queue=queue, folder=folder, extra=extra_env or {})
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        for command in (["migrate", "--noinput"], ["load_catalog"]):
            _run([sys.executable, "manage.py", *command], env, f"manage.py {command[0]}")
        sessions = _run([sys.executable, "-m", "tests.load.seed", str(founders)], env, "seed").split()
        _start(stack, "gunicorn", env, [
            str(BIN / "gunicorn"), "portal.wsgi",
            "--workers", str(web_workers),
            "--bind", f"127.0.0.1:{port}",
            "--log-level", "warning",
            "--timeout", "120",
        ])  # fmt: skip
        _start(stack, "worker", env, [
            sys.executable, "-m", "celery", "-A", "portal", "worker",
            "--concurrency", str(worker_concurrency),
            "--loglevel", "WARNING",
            "-Q", queue,
            "--without-gossip", "--without-mingle", "--without-heartbeat",
        ])  # fmt: skip
        _wait_until_serving(stack)
        yield stack, sessions
    finally:
        _stop_all(stack)
        _queue_delete(redis_url, queue)
        if not keep_database:
            with psycopg.connect(admin_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _run(command: list[str], env: dict, what: str) -> str:
    done = subprocess.run(command, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=600)
    if done.returncode != 0:
        raise StackError(f"{what} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def _start(stack: Stack, name: str, env: dict, command: list[str]) -> None:
    log = open(stack.folder / f"{name}.log", "wb")  # noqa: SIM115  (closed when the process is stopped)
    # A session of its own: Ctrl-C reaches only the harness, which stops the process group itself.
    stack.processes[name] = subprocess.Popen(
        command, cwd=BASE_DIR, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    log.close()


def _wait_until_serving(stack: Stack, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for name, process in stack.processes.items():
            if process.poll() is not None:
                raise StackError(f"{name} exited with {process.returncode}:\n{stack.logs_tail(name)}")
        with contextlib.suppress(OSError), urllib.request.urlopen(stack.base_url + "/", timeout=5) as response:
            if response.status == 200:
                return
        time.sleep(0.5)
    raise StackError(f"gunicorn did not answer within {timeout:.0f} s:\n{stack.logs_tail('gunicorn')}")


def _stop_all(stack: Stack) -> None:
    for process in stack.processes.values():
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
    for process in stack.processes.values():
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _queue_delete(redis_url: str, queue: str) -> None:
    import redis

    with contextlib.suppress(redis.RedisError):
        client = redis.Redis.from_url(redis_url, socket_connect_timeout=3)
        client.delete(queue, *client.keys(f"{queue}*"))
