"""Requests per second and latency of the main pages, served as in production.

    make bench            # SQLite, 1,000 demo members, 4 gunicorn workers

Prints figures; asserts nothing (the budgets that must hold are query-count and size
tests in tests/). Compare runs on the same machine only.
"""

import concurrent.futures
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.servers import deploy, gunicorn, manage, production_env  # noqa: E402

PAGES = ["/", "/steps/switch-it-off/", "/checklist/", "/print/", "/share/", "/healthz"]
REQUESTS = 400
THREADS = 8


def timed_get(url):
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()
        assert response.status == 200, (url, response.status)
    return time.perf_counter() - started


def main():
    with tempfile.TemporaryDirectory() as folder:
        env = production_env(f"sqlite:///{folder}/bench.sqlite3")
        deploy(env)
        manage(env, "seed_demo", "--members", "1000")
        with (
            gunicorn(env, workers=4) as base,
            concurrent.futures.ThreadPoolExecutor(THREADS) as pool,
        ):
            print(f"{'page':<28}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}")
            for page in PAGES:
                list(pool.map(timed_get, [base + page] * 20))  # warm up
                started = time.perf_counter()
                times = list(pool.map(timed_get, [base + page] * REQUESTS))
                elapsed = time.perf_counter() - started
                p95 = statistics.quantiles(times, n=20)[-1]
                print(
                    f"{page:<28}{REQUESTS / elapsed:>8.0f}"
                    f"{statistics.median(times) * 1000:>9.1f}{p95 * 1000:>9.1f}"
                )


if __name__ == "__main__":
    main()
