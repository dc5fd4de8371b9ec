"""Many colleagues ticking at once, on several gunicorn workers: nothing is lost."""

import concurrent.futures
import http.client
import os
import random
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest

from tests.servers import (
    deploy,
    gunicorn,
    postgres_available,
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


def colleague(base, username, session_key, seed):
    """One colleague's 40 changes, in order; returns their statuses and last writes."""
    rng = random.Random(seed)
    address = urlsplit(base)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    cookie = f"sessionid={session_key}"
    connection.request("GET", "/checklist/", headers={"Cookie": cookie})
    response = connection.getresponse()
    response.read()
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
        connection.request("POST", f"/checklist/{slug}/", urlencode({"state": state}), headers)
        response = connection.getresponse()
        response.read()
        statuses.append(response.status)
        last[slug] = state
    connection.close()
    return username, statuses, last


def run_load(env):
    deploy(env)
    sessions = python_in_app(env, CREATE_SIGNED_IN_USERS)
    with gunicorn(env, workers=4) as base:
        started = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(THREADS) as pool:
            futures = [
                pool.submit(colleague, base, username, key, seed)
                for seed, (username, key) in enumerate(sessions.items())
            ]
            results = [future.result(timeout=300) for future in futures]
        elapsed = time.monotonic() - started
        log = base.log()
    return results, python_in_app(env, READ_TICKS), log, elapsed


def assert_nothing_lost(results, stored, log):
    statuses = [status for _, answers, _ in results for status in answers]
    assert len(statuses) == USERS * CHANGES
    assert set(statuses) == {302}, {s: statuses.count(s) for s in set(statuses)}
    assert "database is locked" not in log
    assert "Traceback" not in log
    expected = {username: last for username, _, last in results}
    assert stored == expected


def test_fifty_colleagues_ticking_at_once_on_sqlite(tmp_path):
    env = production_env(f"sqlite:///{tmp_path / 'db.sqlite3'}")
    results, stored, log, _ = run_load(env)
    assert_nothing_lost(results, stored, log)


@pytest.mark.skipif(
    not postgres_available() and os.environ.get("REQUIRE_POSTGRES") != "1",
    reason="PostgreSQL server binaries are not installed",
)
def test_fifty_colleagues_ticking_at_once_on_postgres():
    with postgres_server() as (url, _, _):
        results, stored, log, _ = run_load(production_env(url))
    assert_nothing_lost(results, stored, log)
