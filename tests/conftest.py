import os

# Playwright runs an event loop in the test thread; the ORM calls around it are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import runpy  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from guide import content, loading  # noqa: E402


def pytest_configure(config):
    """Tests read the current translations: compile the catalogues once, in the main
    process (not again in each pytest-xdist worker)."""
    if not hasattr(config, "workerinput"):
        compile_messages = Path(__file__).parent.parent / "scripts" / "compile_messages.py"
        runpy.run_path(str(compile_messages))["main"]()


@pytest.fixture(autouse=True)
def fresh_process_memory():
    """Each test starts with no cached pages (the cache lives in this process's memory)."""
    from django.core.cache import caches

    from guide import page_cache

    caches["pages"].clear()
    page_cache.forget()
    # Limits and notes kept in this process's memory start afresh too.
    from accounts import clients
    from config import middleware
    from guide import ticks

    ticks.session_starts.starts.clear()
    clients._noted["at"] = float("-inf")
    middleware.note_write_lock_free()


@pytest.fixture(scope="session")
def bundled_guide_data():
    """The bundled guide's files, read and checked once per test session."""
    return content.read()


DATABASE_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


def uses_the_database(item):
    return bool(item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(item.fixturenames))


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker, bundled_guide_data):
    """The test database, with the bundled guide loaded once for the whole session: each
    test's transaction is rolled back, so every test finds it as loaded. (No test
    database exists when no collected test uses one: then nothing is loaded.)"""
    if any(uses_the_database(item) for item in request.session.items):
        with django_db_blocker.unblock():
            loading.load(bundled_guide_data)


@pytest.fixture(autouse=True)
def no_rate_limits_left_over(request):
    """Rate-limit counters live in the database cache and would outlive the test that
    filled them: every test that uses the database starts with none (nor counted
    figures)."""
    if not uses_the_database(request.node):
        return
    from django.core.cache import caches

    request.getfixturevalue("django_db_setup")
    with request.getfixturevalue("django_db_blocker").unblock():
        caches["default"].clear()


@pytest.fixture
def no_guide(db):
    """A database without the bundled guide, for tests of loading it (rolled back after)."""
    from guide.models import Guide, Source

    Guide.objects.all().delete()
    Source.objects.all().delete()


@pytest.fixture
def guide(db, bundled_guide_data):
    """The bundled LinkedIn guide as `make run` loads it (loaded again only after a test
    that commits emptied the database)."""
    from guide.models import Guide

    if not Guide.objects.exists():
        loading.load(bundled_guide_data)
    return Guide.objects.current()


@pytest.fixture
def required(guide):
    """How many checklist items the bundled guide requires, as the content says."""
    from guide import progress

    return progress.required_items(guide).count()


def sign_in_link(message):
    """The sign-in link in a mail from the site: it works in any browser."""
    import re

    return re.search(r"https?://\S+/accounts/login/link/\S+/", message.body).group(0)


def sign_in_code(message):
    """The code in a sign-in mail, typed in the browser that asked for it."""
    import re

    return re.search(r"^ {4}(\S+)$", message.body, re.MULTILINE).group(1)


def aged_sign_in_link(link, minutes):
    """`link` (from a sign-in mail) as if it had been sent `minutes` ago."""
    import time

    from django.core import signing

    from accounts import sign_in_links

    class Earlier(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - minutes * 60)

    token = link.rstrip("/").rpartition("/")[2]
    value = signing.TimestampSigner(salt=sign_in_links.SALT).unsign(token)
    return link.replace(token, Earlier(salt=sign_in_links.SALT).sign(value))


def sign_in_by_mail(client, email):
    """Ask for a sign-in link as a colleague does, open it, press "Sign in"."""
    from django.core import mail

    client.post("/accounts/login/code/", {"email": email})
    link = sign_in_link(mail.outbox[-1])
    page = client.get(link).content.decode()
    assert '<form method="post">' in page, "the link shows one button: one click signs in"
    return client.post(link)


@pytest.fixture
def settings_from_env(monkeypatch):
    """Run config/settings.py afresh with these environment variables; return its names.

    Tests that switch a feature on this way fail when settings.py stops building it."""

    def build(**environ):
        for name, value in environ.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(Path(__file__).parent.parent / "config" / "settings.py"))

    return build


# --- Browser tests: Playwright driving Debian's Chromium -----------------------------

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = os.path.join(os.path.dirname(os.path.dirname(__file__)), "test-results", "screens")


def pytest_collection_modifyitems(config, items):
    """Browser tests skip only where no Chromium exists, and never when CI requires it."""
    if os.path.exists(CHROMIUM) or os.environ.get("REQUIRE_BROWSER") == "1":
        return
    skip = pytest.mark.skip(reason=f"no Chromium at {CHROMIUM}")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def links_point_to_the_live_server(request, settings):
    """Mails and the share page name SITE_URL: in browser tests, the live server."""
    if "live_server" in request.fixturenames:
        settings.SITE_URL = request.getfixturevalue("live_server").url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        # Chromium's background services would try to reach the internet.
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def foreign_requests(page, live_server):
    """Every request the page makes to anywhere but the site itself."""
    foreign = []

    def record(request):
        if not request.url.startswith((live_server.url, "data:", "about:")):
            foreign.append(request.url)

    page.on("request", record)
    return foreign


@pytest.fixture
def check_accessibility():
    """Run axe-core on the page and fail with its report on any WCAG 2.1 A/AA violation."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(page):
        results = axe.run(
            page,
            options={
                "runOnly": {
                    "type": "tag",
                    "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
                },
                "resultTypes": ["violations"],
            },
        )
        assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"

    return check


@pytest.fixture
def screenshot():
    """Save a full-page screenshot into the ignored test-results/screens folder."""
    os.makedirs(SCREENSHOTS, exist_ok=True)

    def take(page, name):
        path = os.path.join(SCREENSHOTS, f"{name}.png")
        page.screenshot(path=path, full_page=True)
        return path

    return take
