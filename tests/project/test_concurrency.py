"""Many colleagues ticking at once, on several gunicorn workers: nothing is lost, not even
when a worker is killed in the middle of it."""

import concurrent.futures
import contextlib
import http.client
import os
import random
import signal
import threading
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest

from tests.servers import (
    deploy,
    gunicorn,
    needs_postgres,
    postgres_server,
    production_env,
    python_in_app,
)

pytestmark = pytest.mark.server

USERS = 50
CHANGES = 40
THREADS = 16
SLUGS = [
    "ai-training",
    "how-linkedin-uses-your-data",
    "manage-data-and-activity",
    "get-a-copy-of-your-data",
    "data-sharing-microsoft",
]
STATES = ["todo", "done", "not_applicable"]

CREATE_SIGNED_IN_USERS = f"""
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore

sessions = {{}}
for n in range({USERS}):
    user = get_user_model().objects.create(username=f"load{{n}}@example.com")
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "accounts.backends.AuthenticationBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    sessions[user.username] = session.session_key
print(json.dumps(sessions))
"""

READ_TICKS = """
import json
from guide.models import Tick

ticks = {}
for username, slug, state in Tick.objects.values_list("user__username", "item__slug", "state"):
    ticks.setdefault(username, {})[slug] = state
print(json.dumps(ticks))
"""


def workers_of(master):
    """The pids of a gunicorn master's live workers (its children), from /proc."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, IndexError, ValueError):
            state, parent = stat.read_text().rsplit(")", 1)[1].split()[:2]
            if int(parent) == master and state != "Z":  # not one killed, not yet reaped
                pids.append(int(stat.parent.name))
    return pids


def colleague(base, username, session_key, seed, answered=None):
    """One colleague's 40 changes, in order; returns their statuses and last writes. With
    `answered` (a list each answer is counted in), a change that gets no answer — its
    worker was killed — is sent again on a new connection, as anyone would."""
    rng = random.Random(seed)
    address = urlsplit(base)

    def connect():
        return http.client.HTTPConnection(address.hostname, address.port, timeout=30)

    def send(method, path, body=None, headers=None):
        nonlocal connection
        while True:
            try:
                connection.request(method, path, body, headers or {})
                response = connection.getresponse()
                response.read()
                return response
            except (OSError, http.client.HTTPException):
                if answered is None:
                    raise
                connection.close()
                connection = connect()

    connection = connect()
    cookie = f"sessionid={session_key}"
    response = send("GET", "/checklist/", headers={"Cookie": cookie})
    token = SimpleCookie(response.headers["Set-Cookie"])["csrftoken"].value
    headers = {
        "Cookie": f"{cookie}; csrftoken={token}",
        "X-CSRFToken": token,
        "Content-Type": "application/x-www-form-urlencoded",
    }
    statuses, last = [], {}
    for _ in range(CHANGES):
        slug = rng.choice(SLUGS)
        # The AI switch exists for everyone: "not applicable" is refused there.
        state = rng.choice(STATES[:2] if slug == "ai-training" else STATES)
        response = send("POST", f"/checklist/{slug}/", urlencode({"state": state}), headers)
        statuses.append(response.status)
        if answered is not None:
            answered.append(response.status)
        last[slug] = state
    connection.close()
    return username, statuses, last


def run_load(env, kills=0):
    """Fifty colleagues ticking on four workers; with `kills`, one worker is killed with
    SIGKILL after each further part of the changes, while the others tick on (kill -9
    gives it no chance to finish: the tick it was writing is rolled back, and its client
    gets no answer). Returns the answers, the ticks stored, the log and the pids killed."""
    deploy(env)
    sessions = python_in_app(env, CREATE_SIGNED_IN_USERS)
    answered, killed = ([] if kills else None), []
    with gunicorn(env, workers=4) as base:
        done = threading.Event()

        def killer():
            for n in range(1, kills + 1):
                while len(answered) < n * USERS * CHANGES // (kills + 2):
                    if done.wait(0.005):
                        return
                victim = random.choice(workers_of(base.pid))
                os.kill(victim, signal.SIGKILL)
                killed.append(victim)

        with concurrent.futures.ThreadPoolExecutor(THREADS + 1) as pool:
            killing = pool.submit(killer)
            futures = [
                pool.submit(colleague, base, username, key, seed, answered)
                for seed, (username, key) in enumerate(sessions.items())
            ]
            results = [future.result(timeout=300) for future in futures]
            done.set()
            killing.result(timeout=10)
        log = base.log()
    return results, python_in_app(env, READ_TICKS), log, killed


def assert_nothing_lost(results, stored, log, killed, kills=0):
    """Every change answered, and what was answered last is what the database keeps."""
    assert len(killed) == kills  # each kill happened while colleagues were ticking
    assert log.count("was sent SIGKILL") == kills  # and gunicorn started another worker
    statuses = [status for _, answers, _ in results for status in answers]
    assert len(statuses) == USERS * CHANGES
    assert set(statuses) == {302}, {s: statuses.count(s) for s in set(statuses)}
    assert "database is locked" not in log
    assert "Traceback" not in log
    expected = {username: last for username, _, last in results}
    assert stored == expected


def test_fifty_colleagues_ticking_at_once_on_sqlite(tmp_path):
    env = production_env(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert_nothing_lost(*run_load(env))


@needs_postgres
def test_fifty_colleagues_ticking_at_once_on_postgres():
    with postgres_server() as (url, _, _):
        result = run_load(production_env(url))
    assert_nothing_lost(*result)


def test_workers_killed_while_colleagues_tick_lose_no_answered_tick_on_sqlite(tmp_path):
    env = production_env(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    assert_nothing_lost(*run_load(env, kills=3), kills=3)


@needs_postgres
def test_workers_killed_while_colleagues_tick_lose_no_answered_tick_on_postgres():
    with postgres_server() as (url, _, _):
        result = run_load(production_env(url), kills=3)
    assert_nothing_lost(*result, kills=3)
