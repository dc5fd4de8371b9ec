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
        # Production refuses to start without them; nothing here sends mail.
        SITE_URL="http://127.0.0.1",
        EMAIL_HOST="127.0.0.1",
        **extra,
    )
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
def gunicorn(env, workers=2):
    """Serve the app with gunicorn on a free loopback port; yields its base URL."""
    port = free_port()
    command = [str(BIN / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers), "--timeout", "60", "--no-control-socket"]
    # Its log goes to a file: a pipe nobody reads could fill up and stall the workers.
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=log)
        try:
            wait_for_port(port, process, log)
            server = Server(f"http://127.0.0.1:{port}")
            server.log_file = log
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
