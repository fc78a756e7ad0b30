"""The load test's clients: founders walking the Gewerbeanmeldung over HTTP, and the calibration clients.

One asyncio process with aiohttp: each founder is a coroutine with its own cookie jar (session,
CSRF cookie) that files one complete application after another until the phase ends, as a
browser would: the start page, every step's page and POST (uploads as multipart), the
confirmation page. It stops at the deadline, also in the middle of an application.

The client shares the CPUs with the servers it measures, so it must cost little: aiohttp parses
HTTP in C and took 0.5-0.6 ms of CPU per POST where httpx took 2.3-2.4 ms (the same 3,000
form POSTs against a server that only redirects, alternated twice).
"""

import asyncio
import re
import time
from collections import defaultdict
from collections.abc import Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from urllib.parse import urlencode

import aiohttp

STEP_URL = re.compile(r"/antraege/gewerbeanmeldung/[0-9a-f-]{36}/(?P<step>[a-z_]+)/$")
CONFIRMATION_URL = re.compile(r"/vorgaenge/[0-9a-f-]{36}/eingereicht/$")
ERROR_MESSAGE = re.compile(r'class="error-message"[^>]*>\s*([^<]+)')
START = "/antraege/gewerbeanmeldung/"
# What a founder's request can fail with on the way: refused or dropped connections, timeouts.
CONNECTION_ERRORS = (aiohttp.ClientError, asyncio.TimeoutError)

# What the founders file, in turn: a sole proprietor, a GmbH of two with its register extract,
# a GbR of two of whom one needs a residence title (with its upload).
SCENARIOS = (
    {"legal_form": "einzelunternehmen"},
    {"legal_form": "gmbh", "persons": 2},
    {"legal_form": "gbr", "persons": 2, "nationalities": ["TR"]},
)


@dataclass
class Recorder:
    """Latencies per request name and the errors of one phase."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    submits: int = 0
    # Hammering one step: when the last founder had walked to it, and when each of its POSTs was answered.
    walked_at: float = 0.0
    hammered: list[float] = field(default_factory=list)
    started: float = 0.0
    finished: float = 0.0

    @property
    def duration(self) -> float:
        return self.finished - self.started


class StepFailed(Exception):
    pass


class Deadline(Exception):
    pass


def post_data_build(scenario: dict, step: str) -> tuple[list[tuple[str, str]], dict]:
    """Form fields (name and value pairs, a list of choices as several pairs) and files of a step, from
    the test factories' valid answers (Django must be set up)."""
    from tests.factories import gewerbeanmeldung_post_data

    fields, files = [], {}
    for key, value in gewerbeanmeldung_post_data(step, **scenario).items():
        if hasattr(value, "read"):
            files[key] = (value.name, value.read(), value.content_type)
        else:
            fields.extend((key, str(one)) for one in (value if isinstance(value, list) else [value]))
    if step == "review":
        # From the second application on, the founder's answers differ from the profile the first one
        # filled, and the review asks whether to update it: these founders keep their profile.
        fields.append(("review-profile_update", "no"))
    return fields, files


def _body(fields: list[tuple[str, str]], files: dict | None) -> aiohttp.FormData | bytes:
    """A form's body as a browser sends it: multipart only where it has an upload."""
    if not files:
        return urlencode(fields).encode()
    form = aiohttp.FormData(fields)
    for name, (filename, content, content_type) in files.items():
        form.add_field(name, content, filename=filename, content_type=content_type)
    return form


class Founder:
    def __init__(self, session: aiohttp.ClientSession, recorder: Recorder, deadline: float, post_data: Callable):
        self.session, self.recorder, self.deadline, self.post_data = session, recorder, deadline, post_data

    def csrf_token(self) -> str:
        return next((cookie.value for cookie in self.session.cookie_jar if cookie.key == "csrftoken"), "")

    async def request(
        self, name: str, method: str, url: str, expect: int, *, fields=(), files: dict | None = None
    ) -> str:
        """Send a request as the founder's browser would; the redirect's target, if it is one."""
        if time.monotonic() >= self.deadline:
            raise Deadline
        headers = {}
        body = None
        if method == "POST":
            fields = [*fields, ("csrfmiddlewaretoken", self.csrf_token())]
            body = _body(fields, files)
            if isinstance(body, bytes):
                headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        async with self.session.request(method, url, data=body, headers=headers, allow_redirects=False) as response:
            content = await response.read()
        elapsed = time.perf_counter() - start
        if response.status != expect:
            page = content.decode(errors="replace")
            found = "; ".join(ERROR_MESSAGE.findall(page)[:3]) if response.status == 200 else ""
            raise StepFailed(f"{name}: {response.status} (expected {expect}) {found}".strip())
        self.recorder.latencies[name].append(elapsed)
        return response.headers.get("Location", "")

    async def file_one(self, scenario: dict) -> None:
        await self.request("GET start page", "GET", START, 200)
        draft = await self.request("POST start (new draft)", "POST", START, 302)
        url = await self.request("GET draft (to first step)", "GET", draft, 302)
        while match := STEP_URL.search(url):
            step = match["step"]
            await self.request(f"GET {step}", "GET", url, 200)
            fields, files = self.post_data(scenario, step)
            name = "POST review = submit" if step == "review" else f"POST {step}"
            url = await self.request(name, "POST", url, 302, fields=fields, files=files)
        if not CONFIRMATION_URL.search(url):
            raise StepFailed(f"the wizard ended at {url} instead of the confirmation page")
        self.recorder.submits += 1
        await self.request("GET confirmation", "GET", url, 200)

    async def walk_to(self, scenario: dict, until: str) -> str:
        """Start a draft and post every step before ``until`` (recorded as the walk, not the hammering);
        the URL of ``until``."""
        draft = await self.request("POST start (new draft)", "POST", START, 302)
        url = await self.request("GET draft (to first step)", "GET", draft, 302)
        while (match := STEP_URL.search(url)) and match["step"] != until:
            fields, files = self.post_data(scenario, match["step"])
            name = f"walk: POST {match['step']}"
            url = await self.request(name, "POST", url, 302, fields=fields, files=files)
        if not match:
            raise StepFailed(f"the wizard ended at {url} before the step {until}")
        return url

    async def hammer(self, step: str, delay: float) -> None:
        """Walk one draft up to ``step``, then post that step's answers again and again: each POST is a
        complete step POST (validation, the draft stored, the funnel's journey read) answered by a redirect."""
        await asyncio.sleep(delay)
        scenario = SCENARIOS[1]  # the GmbH of two, as in make bench-wizard
        try:
            await self.request("GET start page", "GET", START, 200)
            url = await self.walk_to(scenario, step)
            self.recorder.walked_at = max(self.recorder.walked_at, time.monotonic())
            fields, files = self.post_data(scenario, step)
            while True:
                following = await self.request(f"POST {step} (hammered)", "POST", url, 302, fields=fields, files=files)
                # Any redirect is a 302: only the next step's page shows the POST was taken as the step's answers.
                if not (match := STEP_URL.search(following)) or match["step"] == step:
                    raise StepFailed(f"POST {step} (hammered) led to {following}")
                self.recorder.hammered.append(time.monotonic())
        except Deadline:
            return
        except (StepFailed, *CONNECTION_ERRORS) as error:
            self.recorder.errors.append(str(error) or type(error).__name__)

    async def run(self, first: int, delay: float, applications: int | None) -> None:
        await asyncio.sleep(delay)
        turn = first
        while time.monotonic() < self.deadline and (applications is None or turn - first < applications):
            try:
                await self.file_one(SCENARIOS[turn % len(SCENARIOS)])
            except Deadline:
                return
            except (StepFailed, *CONNECTION_ERRORS) as error:
                self.recorder.errors.append(str(error) or type(error).__name__)
            turn += 1


def _client(base_url: str, session_key: str, timeout: float) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(
        base_url=base_url,
        cookies={"sessionid": session_key},
        # ``unsafe``: the server is an IP address (127.0.0.1), whose cookies a jar refuses by default.
        cookie_jar=aiohttp.CookieJar(unsafe=True),
        timeout=aiohttp.ClientTimeout(total=timeout),
    )


def _post_data_cached() -> Callable[[dict, str], tuple[list, dict]]:
    cache: dict[tuple[int, str], tuple[list, dict]] = {}

    def post_data(scenario: dict, step: str) -> tuple[list, dict]:
        key = (SCENARIOS.index(scenario), step)
        if key not in cache:
            cache[key] = post_data_build(scenario, step)
        return cache[key]

    return post_data


async def _founders_together(
    base_url: str, sessions: list[str], seconds: float, timeout: float, act: Callable[[Founder, int, float], Coroutine]
) -> Recorder:
    """One founder per session, each doing ``act(founder, index, delay)`` until the deadline."""
    recorder = Recorder()
    post_data = _post_data_cached()
    clients = [_client(base_url, key, timeout) for key in sessions]
    recorder.started = time.monotonic()
    deadline = recorder.started + seconds
    try:
        # Started a little apart, so that they do not reach the same step at the same moment all run long.
        ramp = min(5.0, seconds / 10) / len(clients)
        await asyncio.gather(
            *(act(Founder(c, recorder, deadline, post_data), i, i * ramp) for i, c in enumerate(clients))
        )
    finally:
        recorder.finished = time.monotonic()
        await asyncio.gather(*(c.close() for c in clients))
    return recorder


async def _founders_run(
    base_url: str, sessions: list[str], seconds: float, timeout: float, applications: int | None
) -> Recorder:
    return await _founders_together(
        base_url,
        sessions,
        seconds,
        timeout,
        lambda founder, i, delay: founder.run(first=i, delay=delay, applications=applications),
    )


async def _hammer_run(base_url: str, sessions: list[str], seconds: float, timeout: float, step: str) -> Recorder:
    return await _founders_together(
        base_url, sessions, seconds, timeout, lambda founder, _i, delay: founder.hammer(step, delay=delay)
    )


async def _calibration_run(base_url: str, sessions: list[str], seconds: float, timeout: float) -> Recorder:
    recorder = Recorder()
    clients = [_client(base_url, key, timeout) for key in sessions]

    async def loop(client: aiohttp.ClientSession) -> None:
        founder = Founder(client, recorder, deadline, post_data=lambda *a: None)
        try:
            await founder.request("GET start page (CSRF cookie)", "GET", START, 200)
            while True:
                await founder.request("POST calibration view", "POST", "/lasttest/kalibrierung/", 200)
        except Deadline:
            return
        except (StepFailed, *CONNECTION_ERRORS) as error:
            recorder.errors.append(str(error) or type(error).__name__)

    recorder.started = time.monotonic()
    deadline = recorder.started + seconds
    try:
        await asyncio.gather(*(loop(c) for c in clients))
    finally:
        recorder.finished = time.monotonic()
        await asyncio.gather(*(c.close() for c in clients))
    return recorder


def _asyncio_run(coroutine: Coroutine) -> Recorder:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    # This thread runs an event loop already (in the test suite, Playwright's sync API may have
    # left one behind): the founders get a thread and a loop of their own.
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


def founders_run(
    *, base_url: str, sessions: list[str], seconds: float, applications: int | None = None, timeout: float = 60
) -> Recorder:
    """Every session files Gewerbeanmeldungen for ``seconds`` (or ``applications`` each, if sooner)."""
    return _asyncio_run(_founders_run(base_url, sessions, seconds, timeout, applications))


def hammer_run(*, base_url: str, sessions: list[str], seconds: float, step: str, timeout: float = 60) -> Recorder:
    """Every session walks a draft to ``step`` and then posts that step again and again, for ``seconds``
    in all (the walks included; ``hammer_rate`` takes the rate after them)."""
    return _asyncio_run(_hammer_run(base_url, sessions, seconds, timeout, step))


def hammer_rate(recorder: Recorder) -> tuple[int, float, float]:
    """The hammered POSTs answered once every founder had walked to the step (the walks' requests would
    dilute the rate): their count, the seconds of that window and their rate."""
    window = recorder.finished - recorder.walked_at if recorder.walked_at else 0.0
    count = sum(1 for answered in recorder.hammered if answered >= recorder.walked_at)
    return count, window, (count / window if window > 0 else 0.0)


def calibration_run(*, base_url: str, sessions: list[str], seconds: float, timeout: float = 60) -> Recorder:
    """Every session posts to the calibration view (read one row, write one row) for ``seconds``."""
    return _asyncio_run(_calibration_run(base_url, sessions, seconds, timeout))
