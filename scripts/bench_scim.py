"""SCIM provisioning through gunicorn and SQLite, served as `make serve` serves it.

    .venv/bin/python scripts/bench_scim.py      (`make bench` runs it after the pages)

Creates 10,000 users one request at a time (POST /Users, as Entra ID's first cycle
does after its lookup), then, for 1,000 of them, Entra ID's later cycle: the lookup
(GET /Users?filter=userName eq "…") and a PATCH of department and manager. Prints
requests per second, p50 and p99 for each. Asserts nothing; compare figures from one
run only.
"""

import http.client
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.servers import deploy, gunicorn, manage, production_env  # noqa: E402

USERS = int(os.environ.get("BENCH_SCIM_USERS", 10_000))  # fewer for a quick look
CYCLES = 1_000
CORE = "urn:ietf:params:scim:schemas:core:2.0:User"
ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
DEPARTMENTS = ["Sales", "Research", "Support", "Finance", "Legal", "People", "IT"]
COUNTRIES = ["Germany", "France", "United Kingdom", "US", "NL", "Italy", "Spain", "CH"]


class Client:
    """One keep-alive connection with the token, as the provisioning service holds."""

    def __init__(self, base, secret):
        address = urlsplit(base)
        self.connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
        self.headers = {
            "Authorization": f"Bearer {secret}",
            "Content-Type": "application/scim+json",
        }

    def request(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        started = time.perf_counter()
        self.connection.request(method, "/scim/v2" + path, data, self.headers)
        response = self.connection.getresponse()
        content = response.read()
        elapsed = time.perf_counter() - started
        assert response.status < 400, (response.status, content[:300])
        return elapsed, json.loads(content) if content else None


def user(n):
    """A create request shaped as Entra ID sends it."""
    return {
        "schemas": [CORE, ENTERPRISE],
        "externalId": f"0a21f0f2-{n:08d}",
        "userName": f"user{n}@contoso.com",
        "active": True,
        "displayName": f"User {n}",
        "emails": [{"primary": True, "type": "work", "value": f"user{n}@contoso.com"}],
        "name": {"formatted": f"User {n}", "givenName": "User", "familyName": str(n)},
        "addresses": [{"type": "work", "country": COUNTRIES[n % len(COUNTRIES)]}],
        "preferredLanguage": "de-DE" if n % 3 == 0 else "en-US",
        ENTERPRISE: {"employeeNumber": str(n), "department": DEPARTMENTS[n % 7]},
    }


def run(client, requests):
    """Each request in turn; (requests per second, latencies)."""
    started = time.perf_counter()
    times = [client.request(*request)[0] for request in requests]
    return len(times) / (time.perf_counter() - started), times


def report(name, rate, times):
    times = sorted(times)
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    print(
        f"{name:<44}{len(times):>7}{rate:>9.1f}{statistics.median(times) * 1000:>9.1f}"
        f"{p99 * 1000:>9.1f}"
    )


def main():
    with tempfile.TemporaryDirectory() as folder:
        # The rate limit is for a provider gone wrong, not for the benchmark.
        env = production_env(
            f"sqlite:///{folder}/scim.sqlite3", SCIM_REQUESTS_PER_MINUTE="100000000"
        )
        print(f"\nSCIM: preparing an empty staff list, then {USERS:,} users one at a time…")
        deploy(env)
        secret = manage(env, "create_scim_token", "bench").stdout.strip()
        with gunicorn(env, workers=2) as base:
            client = Client(base, secret)
            for _ in range(4):  # each worker loads the app at its first request
                client.request("GET", "/ServiceProviderConfig")
            created = run(client, [("POST", "/Users", user(n)) for n in range(USERS)])
            ids = {}
            for n in range(0, USERS, max(1, USERS // CYCLES)):
                query = quote(f'userName eq "user{n}@contoso.com"')
                ids[n] = client.request("GET", f"/Users?filter={query}")[1]["Resources"][0]["id"]
            lookups = run(
                client,
                [
                    ("GET", "/Users?filter=" + quote(f'userName eq "user{n}@contoso.com"'))
                    for n in ids
                ],
            )
            moves = run(
                client,
                [
                    ("PATCH", f"/Users/{ids[n]}", {"schemas": [PATCH], "Operations": [
                        {"op": "Replace", "path": f"{ENTERPRISE}:department", "value": "Moved"},
                        {"op": "Add", "path": f"{ENTERPRISE}:manager", "value": ids[0]},
                    ]})
                    for n in ids if n
                ],
            )  # fmt: skip
            pages = run(
                client, [("GET", f"/Users?startIndex={i * 100 + 1}&count=100") for i in range(100)]
            )
    print(
        f"\n{'SCIM, one request at a time':<44}{'count':>7}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}"
    )
    report("POST /Users (create)", *created)
    report('GET /Users?filter=userName eq "…"', *lookups)
    report("PATCH /Users/{id} (department, manager)", *moves)
    report("GET /Users?startIndex=…&count=100", *pages)


if __name__ == "__main__":
    main()
