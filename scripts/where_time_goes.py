"""Where a signed-in request's time goes, phase by phase, in process.

    .venv/bin/python scripts/where_time_goes.py [--members N] [--json FILE]
    .venv/bin/python scripts/where_time_goes.py --compare BEFORE.json AFTER.json

Sets up a deployment as `make bench` does (production settings, the database of
DATABASE_URL or a throw-away SQLite, N colleagues with their ticks, a champion), then
times `/healthz`, an anonymous step page, and a signed-in `/checklist/`, step page and
htmx tick for a colleague and for a champion with Django's test client. Each phase —
session, user, permissions, CSRF, language, the view, templates, the rest of Django — is
timed exclusively (its own time, less the phases inside it); the database's answers are
counted with the phase that asked. `--compare` prints the README's table from two runs.

To measure another version, run this file with that checkout's Python and `--root`:
`OTHER/.venv/bin/python scripts/where_time_goes.py --root OTHER --json before.json`.
Asserts nothing; the budgets are the query-count tests.
"""

import argparse
import functools
import json
import os
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

SEED = """
import json
try:
    from directory.models import Colleague
except ImportError:  # before the staff list had an app of its own
    from accounts.models import Colleague
from accounts.models import User
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import Permission
from django.contrib.sessions.backends.db import SessionStore
users = list(User.objects.filter(email__endswith="@demo.example.com").values_list("pk", "email"))
Colleague.objects.bulk_create(
    [Colleague(email=email, user_id=pk, department="Sales", country="DE")
     for pk, email in users], batch_size=5000)
boss = User.objects.create(username="boss@example.com", email="boss@example.com", is_staff=True)
boss.user_permissions.set(Permission.objects.filter(
    codename__in=["view_dashboard", "view_member_progress"]))
keys = {}
colleague = User.objects.get(pk=users[len(users) // 2][0])
for name, user in (("colleague", colleague), ("champion", boss)):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    keys[name] = session.session_key
print(json.dumps(keys))
"""

TEST_CLIENT = "test client (outside Django's handler)"

# Rows of the README's table: (label, the phases it adds up).
ROWS = [
    ("session read", ["session: read", "SQL in session: read"]),
    ("user (and the session's hash check)", ["user", "SQL in user"]),
    ("permissions", ["permissions", "SQL in permissions"]),
    ("CSRF", ["CSRF"]),
    ("language", ["language"]),
    ("the view: our code and its queries", ["view", "SQL in view"]),
    ("templates", ["templates"]),
    ("Django's handler, other middleware, session save", ["Django", "session: save", "gzip"]),
]
COLUMNS = [
    ("/checklist/ signed in, colleague", "`/checklist/`, a colleague"),
    ("/checklist/ signed in, champion", "`/checklist/`, a champion"),
    ("htmx tick, colleague", "tick, a colleague"),
    ("htmx tick, champion", "tick, a champion"),
    ("step page, anonymous", "step page, anonymous"),
]


class Phases:
    """Exclusive time per phase: a stack of (phase, started, time spent inside)."""

    def __init__(self):
        self.own = defaultdict(float)
        self.stack = []

    def enter(self, phase):
        self.stack.append([phase, time.perf_counter(), 0.0])

    def leave(self):
        phase, started, inside = self.stack.pop()
        elapsed = time.perf_counter() - started
        self.own[phase] += elapsed - inside
        if self.stack:
            self.stack[-1][2] += elapsed

    def timed(self, phase, function):
        @functools.wraps(function)
        def wrapper(*args, **kwargs):
            if self.stack and self.stack[-1][0] == phase:  # the same phase, nested
                return function(*args, **kwargs)
            self.enter(phase)
            try:
                return function(*args, **kwargs)
            finally:
                self.leave()

        return wrapper

    def patch(self, owner, name, phase):
        setattr(owner, name, self.timed(phase, getattr(owner, name)))

    def sql(self, execute, statement, params, many, context):
        self.enter(f"SQL in {self.stack[-1][0] if self.stack else 'Django'}")
        try:
            return execute(statement, params, many, context)
        finally:
            self.leave()


def deployment(root, members):
    sys.path.insert(0, str(root))
    os.chdir(root)
    from tests.servers import deploy, manage, production_env, python_in_app

    folder = tempfile.mkdtemp()
    env = production_env(os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/db.sqlite3")
    env["ALLOWED_HOSTS"] = "testserver"
    deploy(env)
    manage(env, "seed_demo", "--members", str(members))
    keys = python_in_app(env, SEED)
    os.environ.update(env)
    return keys


def instrument():
    """Time Django's and allauth's steps where every version of the app passes."""
    from django.contrib import auth
    from django.contrib.auth.models import PermissionsMixin
    from django.contrib.sessions.backends.db import SessionStore
    from django.contrib.sessions.middleware import SessionMiddleware
    from django.core.handlers.base import BaseHandler
    from django.middleware.csrf import CsrfViewMiddleware
    from django.middleware.gzip import GZipMiddleware
    from django.middleware.locale import LocaleMiddleware
    from django.template.base import Template

    phases = Phases()
    phases.patch(BaseHandler, "get_response", "Django")
    phases.patch(BaseHandler, "_get_response", "view")
    phases.patch(SessionStore, "load", "session: read")
    phases.patch(SessionMiddleware, "process_response", "session: save")
    phases.patch(auth, "get_user", "user")
    phases.patch(PermissionsMixin, "has_perm", "permissions")
    for name in ("process_request", "process_view", "process_response"):
        phases.patch(CsrfViewMiddleware, name, "CSRF")
    for name in ("process_request", "process_response"):
        phases.patch(LocaleMiddleware, name, "language")
    phases.patch(GZipMiddleware, "process_response", "gzip")
    phases.patch(Template, "render", "templates")
    return phases


def measure(phases, label, call, n):
    from django.db import connection

    for _ in range(30):
        call()
    queries = []
    with connection.execute_wrapper(lambda e, s, p, m, c: queries.append(s) or e(s, p, m, c)):
        response = call()
    assert response.status_code < 400, (label, response.status_code)
    phases.own.clear()
    with connection.execute_wrapper(phases.sql):
        started = time.perf_counter()
        for _ in range(n):
            call()
        total = (time.perf_counter() - started) / n
    spent = {phase: seconds / n * 1e6 for phase, seconds in phases.own.items()}
    spent[TEST_CLIENT] = total * 1e6 - sum(spent.values())
    return {"label": label, "total_us": total * 1e6, "queries": len(queries), "phases": spent}


def profile(keys, n):
    import django

    django.setup()
    from django.test import Client

    phases = instrument()
    results = []
    anonymous = Client()
    results.append(measure(phases, "/healthz", lambda: anonymous.get("/healthz"), n))
    step = "/steps/switch-it-off/"
    results.append(measure(phases, "step page, anonymous", lambda: anonymous.get(step), n))
    for who in ("colleague", "champion"):
        client = Client()
        client.cookies["sessionid"] = keys[who]
        client.get("/checklist/")
        headers = {"HTTP_HX_REQUEST": "true", "HTTP_X_CSRFTOKEN": client.cookies["csrftoken"].value}
        states = iter(["done", "todo"] * n)

        def tick(client=client, headers=headers, states=states):
            path = "/checklist/manage-data-and-activity/"
            return client.post(path, {"state": next(states)}, **headers)

        checklist = lambda c=client: c.get("/checklist/")  # noqa: E731
        step_page = lambda c=client: c.get(step)  # noqa: E731
        results.append(measure(phases, f"/checklist/ signed in, {who}", checklist, n))
        results.append(measure(phases, f"step page signed in, {who}", step_page, n))
        results.append(measure(phases, f"htmx tick, {who}", tick, n))
    return results


def compare(before, after):
    """The README's table: microseconds per request by phase, before → after."""
    before = {r["label"]: r for r in before}
    after = {r["label"]: r for r in after}

    def cells(value):
        return " | ".join(f"{value(before[c]):,.0f} → {value(after[c]):,.0f}" for c, _ in COLUMNS)

    def spent(r, names):
        return sum(r["phases"].get(name, 0) for name in names)

    def handled(r):
        return r["total_us"] - r["phases"][TEST_CLIENT]

    def database(r):
        return sum(v for k, v in r["phases"].items() if k.startswith("SQL"))

    lines = [
        "| µs per request, before → after | " + " | ".join(c for _, c in COLUMNS) + " |",
        "| --- |" + " --- |" * len(COLUMNS),
    ]
    for label, names in ROWS:
        lines.append(f"| {label} | {cells(lambda r, names=names: spent(r, names))} |")
    lines.append(f"| **the whole request** | {cells(handled)} |")
    lines.append(f"| of which the database answering | {cells(database)} |")
    lines.append(f"| queries | {cells(lambda r: r['queries'])} |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=400, help="per target")
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = parser.parse_args()
    output = args.json and args.json.resolve()  # before the deployment moves to --root
    if args.compare:
        print(compare(*(json.loads(path.read_text()) for path in args.compare)))
        return
    results = profile(deployment(args.root.resolve(), args.members), args.requests)
    for result in results:
        print(f"\n{result['label']}: {result['total_us']:,.0f} µs, {result['queries']} queries")
        for phase, us in sorted(result["phases"].items(), key=lambda item: -item[1]):
            print(f"  {phase:<48}{us:>8,.0f} µs")
    if output:
        output.write_text(json.dumps(results))


if __name__ == "__main__":
    main()
