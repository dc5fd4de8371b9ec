"""The app as operators run it: its own database, migrated, served by gunicorn on loopback."""

import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG_CLUSTER = ROOT / "scripts" / "pg-cluster"


def production_env(database_url, **extra):
    """An environment like a production deployment's, on plain HTTP over loopback."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {"DJANGO_SETTINGS_MODULE", "DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=database_url,
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        ALLOWED_HOSTS="127.0.0.1",
        # Production refuses to start without them; tests that send mail pass a sink's.
        SITE_URL="http://127.0.0.1",
        EMAIL_HOST="127.0.0.1",
    )
    env.update(extra)
    return env


def manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        **kwargs,
    )


def deploy(env):
    """What `make serve` does before starting: static files, migrations, the guide."""
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    manage(env, "migrate", "--noinput")
    manage(env, "load_guide")


def python_in_app(env, code):
    """Run `code` in a Django shell of that deployment; it prints JSON, which we return."""
    return json.loads(manage(env, "shell", "--no-imports", "-c", code).stdout)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url, timeout=10):
    """(status, body) without raising on 4xx/5xx."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


class Server(str):
    """The base URL of a running server, which can also show what the server logged."""

    def log(self):
        self.log_file.seek(0)
        return self.log_file.read()


@contextlib.contextmanager
def gunicorn(env, workers=2, port=None):
    """Serve the app with gunicorn on loopback (a free port unless given); yields its base
    URL."""
    port = port or free_port()
    command = [str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers), "--timeout", "60", "--no-control-socket"]
    # Its log goes to a file: a pipe nobody reads could fill up and stall the workers.
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=log)
        try:
            wait_for_port(port, process, log)
            server = Server(f"http://127.0.0.1:{port}")
            server.log_file = log
            server.pid = process.pid  # the master's: its children are the workers
            yield server
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def wait_for_port(port, process, log, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"gunicorn exited: {log.read()}")
        time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not listen on {port} within {seconds} s")


@contextlib.contextmanager
def postgres_server():
    """A throw-away PostgreSQL server of the test's own; yields (url, stop, start)."""
    # Under /tmp itself: the postgres user cannot enter pytest's private folders.
    folder = tempfile.mkdtemp(prefix="optout-pg.")
    port = str(free_port())

    def start():
        return subprocess.run(
            [str(PG_CLUSTER), "start", str(folder), port],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()

    def stop():
        subprocess.run([str(PG_CLUSTER), "stop", str(folder)], check=True)

    url = start()
    try:
        yield url, stop, start
    finally:
        stop()
        shutil.rmtree(folder, ignore_errors=True)


def postgres_available():
    return any(Path("/usr/lib/postgresql").glob("*/bin/initdb"))


# A test that starts its own PostgreSQL: skipped only where the server binaries are not
# installed, and never where REQUIRE_POSTGRES=1 (CI sets it, so there it fails instead).
needs_postgres = pytest.mark.skipif(
    not postgres_available() and os.environ.get("REQUIRE_POSTGRES") != "1",
    reason="PostgreSQL server binaries are not installed",
)


class Visitor:
    """A client of a running server with its own cookies, as one browser would be:
    get() and post() (which sends the CSRF token the last page carried) answer
    (status, body, headers) without following redirects."""

    def __init__(self, base, headers=None):
        import http.cookiejar

        self.base = base
        self.headers = headers or {}
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), _NoRedirects()
        )
        self.csrf = ""

    def request(self, method, path, data=None, headers=None, timeout=20):
        import re
        import urllib.parse

        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(
            self.base + path, data=body, method=method, headers={**self.headers, **(headers or {})}
        )
        try:
            response = self.opener.open(request, timeout=timeout)
            status, text, got = response.status, response.read().decode(), response.headers
        except urllib.error.HTTPError as error:
            status, text, got = error.code, error.read().decode(), error.headers
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text)
        if found:
            self.csrf = found.group(1)
        return status, text, got

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, data=None, **kwargs):
        return self.request(
            "POST", path, {"csrfmiddlewaretoken": self.csrf, **(data or {})}, **kwargs
        )

    def cookie(self, name):
        return next((c.value for c in self.cookies if c.name == name), None)


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@contextlib.contextmanager
def smtp_sink(parse=True):
    """A real SMTP server on loopback (aiosmtpd) that keeps every message it is given;
    yields (environment for the app, the list of messages as email.message objects, or
    as their sizes when `parse` is off, as a benchmark wants it)."""
    import email
    import email.policy

    from aiosmtpd.controller import Controller

    received = []

    class Keep:
        async def handle_DATA(self, server, session, envelope):
            if parse:
                received.append(
                    email.message_from_bytes(envelope.content, policy=email.policy.default)
                )
            else:
                received.append(len(envelope.content))
            return "250 Message accepted"

    controller = Controller(Keep(), hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        env = {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(controller.port)}
        yield env | {"EMAIL_USE_TLS": "false"}, received
    finally:
        controller.stop()


@contextlib.contextmanager
def worker(env, every=1):
    """The worker (`manage.py worker`) as its own process, stopped on exit."""
    with tempfile.TemporaryFile(mode="w+") as log:
        command = [sys.executable, str(ROOT / "manage.py"), "worker", "--every", str(every)]
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=log)
        try:
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()


def tick_for(base, clients, seconds):
    """`clients` anonymous colleagues ticking as fast as they can for `seconds` (run in a
    process of its own, so that the process measuring the server is not starved)."""
    import threading

    stop = time.monotonic() + seconds

    def tick():
        colleague = Visitor(base)
        colleague.get("/steps/switch-it-off/")
        while time.monotonic() < stop:
            with contextlib.suppress(OSError):
                colleague.post("/checklist/ai-training/", {"state": "done"}, timeout=30)

    threads = [threading.Thread(target=tick) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


@contextlib.contextmanager
def ticking(base, clients, seconds=60):
    """tick_for in another process, for as long as the block runs (at most `seconds`)."""
    code = f"from tests.servers import tick_for; tick_for({base!r}, {clients}, {seconds})"
    process = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT)
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)
