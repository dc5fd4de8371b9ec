"""Throughput and latency of the main pages, served the way `make serve` serves them.

    make bench

Starts gunicorn with 2 workers on SQLite (DEBUG off, collectstatic, migrate, load_guide),
with 100,000 colleagues on the staff list and about 300,000 ticks, then measures each
target in turn, round after round (A B C … A B C …), with 16 concurrent keep-alive
clients. Prints requests per second, p50 and p99, and each page's ratio to /healthz in
the same round (the median over the rounds). Asserts nothing: the budgets that must
hold are the query-count and size tests. Compare figures from one run only.
"""

import concurrent.futures
import functools
import http.client
import itertools
import os
import statistics
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts import bench_scim  # noqa: E402
from tests.servers import (  # noqa: E402
    ROOT,
    deploy,
    gunicorn,
    manage,
    production_env,
    python_in_app,
    smtp_sink,
    worker,
)

ROUNDS = 3
SECONDS = 3  # per target and round
CLIENTS = 16
COLLEAGUES = int(os.environ.get("BENCH_COLLEAGUES", 100_000))  # fewer for a quick look

SEED_DIRECTORY = """
import json
from accounts.models import User
from directory.models import Colleague
from django.contrib.auth.models import Permission
users = list(User.objects.filter(email__endswith="@demo.example.com").values_list("pk", "email"))
departments = ["Sales", "Research", "Support", "Finance", "Legal", "People", "IT"]
countries = ["DE", "FR", "GB", "NL", "IT", "ES", "CH", "AT"]
Colleague.objects.bulk_create(
    [Colleague(email=email, user_id=pk, department=departments[n % 7], country=countries[n % 8])
     for n, (pk, email) in enumerate(users)], batch_size=5000)
boss = User.objects.create(username="boss@example.com", email="boss@example.com", is_staff=True)
codenames = ["view_dashboard", "view_member_progress"]
boss.user_permissions.set(Permission.objects.filter(codename__in=codenames))
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
session = SessionStore()
session[SESSION_KEY] = str(boss.pk)
session[BACKEND_SESSION_KEY] = "accounts.backends.AuthenticationBackend"
session[HASH_SESSION_KEY] = boss.get_session_auth_hash()
session.create()
# Colleagues signed in, each with a session of their own: many ticking at once.
colleagues = []
for user in User.objects.filter(email__endswith="@demo.example.com").order_by("pk")[:64]:
    own = SessionStore()
    own[SESSION_KEY] = str(user.pk)
    own[BACKEND_SESSION_KEY] = "accounts.backends.AuthenticationBackend"
    own[HASH_SESSION_KEY] = user.get_session_auth_hash()
    own.create()
    colleagues.append(own.session_key)
print(json.dumps({"session": session.session_key, "colleagues": colleagues,
                  "staff": Colleague.objects.count()}))
"""

# The time a tick holds the write lock: its whole transaction, in the app's own process,
# over 1,000 ticks by different colleagues on different items.
TICK_TRANSACTION = """
import json, random, statistics, time
from django.utils import timezone
from accounts.models import User
from guide import ticks
from guide.models import ChecklistItem, Guide
guide = Guide.objects.current()
items = list(ChecklistItem.objects.filter(guide=guide))
demo = User.objects.filter(email__endswith="@demo.example.com")
users = list(demo.values_list("pk", flat=True)[:5000])
rng = random.Random(7)
times = []
for _ in range(1000):
    user, item = rng.choice(users), rng.choice(items)
    states = ["done", "todo"] + (["not_applicable"] if item.can_be_not_applicable else [])
    state = rng.choice(states)
    started = time.perf_counter()
    ticks.record(user, item, state, timezone.now())
    times.append(time.perf_counter() - started)
times.sort()
print(json.dumps({"p50": statistics.median(times), "p99": times[989]}))
"""


# One recount of the dashboard's figures, as the worker does it.
RECOUNT = """
import json, time
from champions import counting
from guide.models import Guide
guide = Guide.objects.current()
started = time.perf_counter()
counting.recount_now(guide.pk)
print(json.dumps({"seconds": time.perf_counter() - started}))
"""

# A campaign for everyone: its invitations queued in the outbox (what the worker's first
# step does), timed.
QUEUE_INVITATIONS = """
import datetime, json, time
from django.utils import timezone
from champions import campaigns, schedule
from champions.models import Mail
from guide.models import Guide
guide = Guide.objects.current()
started = time.perf_counter()
due = timezone.localdate() + datetime.timedelta(days=28)
campaign = campaigns.create("Everyone", guide, due_on=due)
enrolled = time.perf_counter() - started
schedule.queue_campaign(campaign, timezone.localdate())
print(json.dumps({"enrolled": enrolled, "seconds": time.perf_counter() - started,
                  "queued": Mail.objects.filter(status="queued").count()}))
"""

# Next month's staff list: a tenth changed department, one in fifty left, 1,000 joined.
NEXT_MONTH = """
import csv, json
from directory.models import Colleague
with open(%r, "w", newline="") as file:
    out = csv.writer(file)
    out.writerow(["email", "name", "department", "country"])
    rows = Colleague.objects.values_list("email", "name", "department", "country")
    for n, (email, name, department, country) in enumerate(rows.iterator()):
        if n %% 50:
            out.writerow([email, name, "Moved" if n %% 10 == 0 else department, country])
    for n in range(1000):
        out.writerow([f"new{n}@demo.example.com", f"New {n}", "Sales", "DE"])
print(json.dumps({}))
"""


class Client:
    """One keep-alive connection, with the cookies it was given."""

    def __init__(self, base, cookie=""):
        address = urlsplit(base)
        self.connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
        self.cookie = cookie

    def request(self, method, path, body=None, headers=None):
        headers = {"Cookie": self.cookie, "Accept-Encoding": "gzip", **(headers or {})}
        started = time.perf_counter()
        self.connection.request(method, path, body, headers)
        response = self.connection.getresponse()
        response.read()
        return time.perf_counter() - started, response


def signed_in_client(base, session_key):
    client = Client(base, f"sessionid={session_key}")
    _, response = client.request("GET", "/checklist/")
    token = SimpleCookie(response.headers["Set-Cookie"])["csrftoken"].value
    client.cookie += f"; csrftoken={token}"
    client.token = token
    return client


def targets(base, session_key, colleagues):
    """(name, how many clients, make one request with a client) for every target."""
    tick_headers = {"Content-Type": "application/x-www-form-urlencoded", "HX-Request": "true"}

    def get(path):
        return lambda client: client.request("GET", path)

    def tick(client):
        headers = {**tick_headers, "X-CSRFToken": client.token}
        client.state = "todo" if getattr(client, "state", "todo") == "done" else "done"
        body = f"state={client.state}"
        return client.request("POST", "/checklist/manage-data-and-activity/", body, headers)

    sessions = itertools.cycle(colleagues)

    def colleague():
        return signed_in_client(base, next(sessions))

    anonymous = lambda: Client(base)  # noqa: E731
    signed_in = lambda: signed_in_client(base, session_key)  # noqa: E731
    return [
        ("/healthz", anonymous, CLIENTS, get("/healthz")),
        ("bare Django view", anonymous, CLIENTS, get("/bench/bare")),
        ("/", anonymous, CLIENTS, get("/")),
        ("/steps/switch-it-off/", anonymous, CLIENTS, get("/steps/switch-it-off/")),
        ("/print/", anonymous, CLIENTS, get("/print/")),
        ("/checklist/ anonymous", anonymous, CLIENTS, get("/checklist/")),
        ("step page, signed in", colleague, CLIENTS, get("/steps/switch-it-off/")),
        ("/checklist/ signed in", colleague, CLIENTS, get("/checklist/")),
        ("htmx tick, colleagues", colleague, CLIENTS, tick),
        ("htmx tick, a champion", signed_in, CLIENTS, tick),
        # Counted by the worker every DASHBOARD_SECONDS (5 here): no request waits for it.
        ("/dashboard/ at 100k", signed_in, 4, get("/dashboard/")),
        ("member CSV at 100k", signed_in, 1, get("/dashboard/members.csv")),
    ]


def measure(make_client, clients, call, seconds=SECONDS, count_failures=False):
    """Requests per second and every latency, `clients` at once for `seconds` (and, when
    asked, how many answers were not 2xx/3xx instead of stopping at the first)."""
    pool = [make_client() for _ in range(clients)]
    deadline = time.perf_counter() + seconds
    failures = []

    def work(client):
        times = []
        while time.perf_counter() < deadline or not times:
            elapsed, response = call(client)
            if response.status >= 400:
                assert count_failures, response.status
                failures.append(response.status)
            times.append(elapsed)
        return times

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(clients) as executor:
        times = [t for result in executor.map(work, pool) for t in result]
    rate = len(times) / (time.perf_counter() - started)
    return (rate, times, len(failures)) if count_failures else (rate, times)


def main():
    with tempfile.TemporaryDirectory() as folder:
        # make bench-postgres runs the same against a throw-away PostgreSQL (DATABASE_URL).
        database = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"
        env = production_env(database)
        print(f"Database: {database.split(':')[0]}")
        env["DJANGO_SETTINGS_MODULE"] = "scripts.bench_app.settings"  # adds the bare view
        print(f"Preparing: {COLLEAGUES:,} colleagues and their ticks (a minute or two)…")
        deploy(env)
        manage(env, "seed_demo", "--members", str(COLLEAGUES))
        seeded = python_in_app(env, SEED_DIRECTORY)
        staff_list = f"{folder}/staff.csv"
        python_in_app(env, NEXT_MONTH % staff_list)
        started = time.perf_counter()
        manage(env, "import_directory", staff_list)
        imported = time.perf_counter() - started
        recount = python_in_app(env, RECOUNT)["seconds"]
        env["DASHBOARD_SECONDS"] = "5"
        transaction = python_in_app(env, TICK_TRANSACTION)
        with gunicorn(env, workers=2) as base, worker(env, every=60):
            plan = targets(base, seeded["session"], seeded["colleagues"])
            rounds = {name: [] for name, *_ in plan}
            for _ in range(ROUNDS):
                for name, make_client, clients, call in plan:
                    measure(make_client, clients, call, seconds=0.3)  # warm
                    rounds[name].append(measure(make_client, clients, call))
        report(rounds)
        p50, p99 = transaction["p50"] * 1000, transaction["p99"] * 1000
        print(f"\na tick's write transaction, in process, over 1,000 ticks: "
              f"p50 {p50:.2f} ms, p99 {p99:.2f} ms")  # fmt: skip
        ticks_at_scale(env, seeded["colleagues"])
        print(f"\nimport_directory, 100,000 rows (a tenth changed, 2,000 leaving, 1,000 new): "
              f"{imported:.1f} s")  # fmt: skip
        print(f"dashboard recount at 100,000, in the worker: {recount:.2f} s")
        campaign_mail(env)
    bench_scim.main()


def campaign_mail(env):
    """Queue a campaign's invitations to everyone, then send them all to a local SMTP
    server at full speed, in one process."""
    queued = python_in_app(env, QUEUE_INVITATIONS)
    print(f"campaign for {queued['queued']:,}: enrolled in {queued['enrolled']:.1f} s, "
          f"invitations queued in {queued['seconds']:.1f} s")  # fmt: skip
    with smtp_sink(parse=False) as (mail_env, received):
        started = time.perf_counter()
        # Two senders at once, one a core; each claims its own batches, so none goes twice.
        senders = [
            subprocess.Popen(
                [sys.executable, "manage.py", "send_campaign_mail", "--now"],
                env=env | mail_env,
                cwd=ROOT,
                stdout=subprocess.DEVNULL,
            )  # fmt: skip
            for _ in range(2)
        ]
        for sender in senders:
            sender.wait()
        seconds = time.perf_counter() - started
    print(f"sent {len(received):,} to an SMTP server on loopback in {seconds:.0f} s by two "
          f"senders: {len(received) / seconds:.0f} mails/s")  # fmt: skip


def ticks_at_scale(env, colleagues):
    """Ticks per second and p99 with 64 colleagues ticking at once, at 2 and 4 workers:
    how far writes grow with workers (SQLite has one writer at a time)."""
    print(f"\n{'ticks, 64 colleagues at once':<30}{'ticks/s':>9}{'p99 ms':>9}{'non-2xx':>9}")
    for workers in (2, 4):
        with gunicorn(env, workers=workers) as base:
            sessions = iter(colleagues)
            make = functools.partial(lambda it, b: signed_in_client(b, next(it)), sessions, base)
            tick = next(call for name, _m, _c, call in targets(base, "", colleagues)
                        if name == "htmx tick, colleagues")  # fmt: skip
            rate, times, failed = measure(make, 64, tick, count_failures=True)
            times.sort()
            p99 = times[int(len(times) * 0.99)]
            print(f"{f'{workers} workers':<30}{rate:>9.0f}{p99 * 1000:>9.1f}{failed:>9}")


def report(rounds):
    healthz = [rate for rate, _ in rounds["/healthz"]]
    print(f"\n{'target':<26}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'× /healthz':>12}")
    for name, results in rounds.items():
        rates = [rate for rate, _ in results]
        times = sorted(t for _, ts in results for t in ts)
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
        ratio = statistics.median(rate / base for rate, base in zip(rates, healthz, strict=True))
        print(
            f"{name:<26}{statistics.median(rates):>8.1f}{statistics.median(times) * 1000:>9.1f}"
            f"{p99 * 1000:>9.1f}{ratio:>12.2f}"
        )


if __name__ == "__main__":
    main()
