"""When the database goes away the site says so plainly, and comes back by itself."""

import pytest

from tests.servers import deploy, get, gunicorn, needs_postgres, postgres_server, production_env

pytestmark = pytest.mark.server


def assert_outage_then_recovery(base, take_down, bring_back):
    assert get(base + "/healthz") == (200, "ok")
    assert get(base + "/")[0] == 200

    take_down()
    assert get(base + "/healthz") == (503, "database unavailable")
    # Pages either still serve (from a cache or a file handle still open) or say so
    # plainly; never a traceback.
    status, page = get(base + "/")
    assert status in (200, 500)
    if status == 500:
        assert "Something went wrong on our side" in page
    assert "Traceback" not in page and "OperationalError" not in page

    bring_back()
    assert get(base + "/healthz") == (200, "ok")
    status, page = get(base + "/")
    assert status == 200 and "Start with step 1" in page


def test_sqlite_outage_gives_503_and_the_500_page_then_recovers(tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    env = production_env(f"sqlite:///{folder / 'db.sqlite3'}")
    deploy(env)
    with gunicorn(env) as base:
        # The file's folder vanishing is what a lost volume looks like to SQLite.
        assert_outage_then_recovery(
            base,
            take_down=lambda: folder.rename(tmp_path / "gone"),
            bring_back=lambda: (tmp_path / "gone").rename(folder),
        )


@needs_postgres
def test_postgres_outage_gives_503_and_the_500_page_then_recovers():
    with postgres_server() as (url, stop, start):
        env = production_env(url)
        deploy(env)
        with gunicorn(env) as base:
            assert_outage_then_recovery(base, take_down=stop, bring_back=start)


def test_healthz_says_503_in_about_a_second_while_another_process_holds_sqlite(tmp_path):
    """Not after the 5 s a web write may wait for the lock, nor never: the check gives up
    after HEALTH_TIMEOUT (1 s). Allowed 3 s, for a busy test machine's scheduling."""
    import sqlite3
    import time

    from config.views import HEALTH_TIMEOUT

    path = tmp_path / "db.sqlite3"
    env = production_env(f"sqlite:///{path}")
    deploy(env)
    # Another process holds the file before the app connects, as a backup tool might.
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("UPDATE django_migrations SET app = app")
    try:
        with gunicorn(env, workers=1) as base:
            get(base + "/static/favicon.svg")  # the worker is up (no database needed)
            started = time.monotonic()
            assert get(base + "/healthz") == (503, "database unavailable")
            assert time.monotonic() - started < HEALTH_TIMEOUT + 2
            holder.execute("ROLLBACK")
            holder.close()
            deadline = time.monotonic() + 40
            while get(base + "/healthz") != (200, "ok"):  # the blocked check ends
                assert time.monotonic() < deadline, "healthz never recovered"
                time.sleep(0.5)
    finally:
        holder.close()
