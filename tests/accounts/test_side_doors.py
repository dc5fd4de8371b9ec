"""No side doors: each attack found by trying the production setup, run again against
gunicorn on loopback, refused, while what colleagues rely on keeps working."""

import secrets
import sqlite3
import time

import pytest

from tests.servers import (
    Visitor,
    deploy,
    gunicorn,
    manage,
    production_env,
    python_in_app,
    smtp_sink,
    ticking,
)

pytestmark = pytest.mark.server


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """One deployed database (static files, migrations, the guide) with a champion who has
    a password, shared by the servers each test starts with its own settings, and a real
    SMTP server for the mail they send."""
    folder = tmp_path_factory.mktemp("side-doors")
    database = folder / "db.sqlite3"
    with smtp_sink() as (mail_env, _messages):
        # One key for every process of this site: links made by one are valid in another.
        shared = mail_env | {"SECRET_KEY": secrets.token_urlsafe(50)}
        deploy(production_env(f"sqlite:///{database}", **shared))
        yield {"database": database, "url": f"sqlite:///{database}", "shared": shared}


@pytest.fixture(scope="module", autouse=True)
def champion(site):
    env = server_env(site)
    manage(env, "create_champion", "champ@example.com", "--admin")
    python_in_app(
        env,
        "import json; from accounts.models import User; u = User.objects.get(); "
        "u.set_password('the right one'); u.save(); print(json.dumps(u.pk))",
    )


def server_env(site, **settings):
    return production_env(site["url"], **(site["shared"] | settings))


def signed_in(visitor):
    status, page, _ = visitor.get("/checklist/")
    return status == 200 and 'action="/accounts/logout/"' in page


# --- 1. The SSO header only from the proxy ----------------------------------------------


def test_the_sso_header_from_anywhere_but_the_proxy_is_ignored(site):
    env = server_env(site, REMOTE_USER_HEADER="X-Remote-User", TRUSTED_PROXIES="10.9.9.9")
    with gunicorn(env) as base:
        attacker = Visitor(base, headers={"X-Remote-User": "champ@example.com"})
        status, _, headers = attacker.get("/dashboard/")
        assert status == 302 and "/accounts/login/" in headers["Location"]
        assert attacker.get("/admin/")[0] == 302
        assert not signed_in(attacker)
        assert "Ignored X-Remote-User from 127.0.0.1" in base.log()


def test_the_proxy_signs_colleagues_in_with_its_secret_and_nobody_without_it(site):
    env = server_env(
        site, REMOTE_USER_HEADER="X-Remote-User", REMOTE_USER_SECRET="proxy-only-secret"
    )
    with gunicorn(env) as base:
        forged = Visitor(base, headers={"X-Remote-User": "champ@example.com"})
        assert not signed_in(forged)
        wrong = Visitor(
            base,
            headers={"X-Remote-User": "champ@example.com", "X-Remote-User-Secret": "guess"},
        )
        assert not signed_in(wrong)
        proxy = Visitor(
            base,
            headers={
                "X-Remote-User": "kim@example.com",
                "X-Remote-User-Secret": "proxy-only-secret",
            },
        )
        assert signed_in(proxy)  # what colleagues rely on


def test_the_sso_header_is_held_to_the_allowed_domains(site):
    env = server_env(site, REMOTE_USER_HEADER="X-Remote-User", SIGNUP_ALLOWED_DOMAINS="example.com")
    with gunicorn(env) as base:
        assert not signed_in(Visitor(base, headers={"X-Remote-User": "eve@elsewhere.org"}))
        assert signed_in(Visitor(base, headers={"X-Remote-User": "lou@example.com"}))


# --- 3. The admin signs in as the site does ------------------------------------------------


def test_the_admin_takes_no_password_however_many_are_tried(site):
    with gunicorn(server_env(site)) as base:
        attacker = Visitor(base)
        assert attacker.get("/admin/login/")[0] == 302  # no password form to see
        attacker.get("/accounts/login/")  # a CSRF token, as a real attacker would have
        for guess in [f"guess {n}" for n in range(25)] + ["the right one"]:
            status, _, headers = attacker.post(
                "/admin/login/?next=/admin/", {"username": "champ@example.com", "password": guess}
            )
            assert status == 302
            assert headers["Location"].startswith("/accounts/login/?next=")
        assert attacker.get("/admin/")[0] == 302
        assert not signed_in(attacker)


def test_with_passwords_allowed_the_password_form_is_rate_limited_per_account(site):
    with gunicorn(server_env(site, PASSWORDS_ALLOWED="true")) as base:
        attacker = Visitor(base)
        attacker.get("/accounts/login/")
        for n in range(6):
            attacker.post("/accounts/login/", {"login": "champ@example.com", "password": f"g{n}"})
        status, page, _ = attacker.post(
            "/accounts/login/", {"login": "champ@example.com", "password": "the right one"}
        )
        assert status in (200, 429) and not signed_in(attacker)
        assert "Too many failed login attempts" in page or status == 429


# --- 4. Client addresses behind a proxy -----------------------------------------------------


def ask_for_links(base, forwarded_for, times):
    """Ask for a sign-in link `times` times as a client behind the proxy, each time from a
    fresh browser; whether each was refused as too many."""
    refused = []
    for n in range(times):
        visitor = Visitor(base, headers={"X-Forwarded-For": forwarded_for})
        visitor.get("/accounts/login/code/")
        status, page, _ = visitor.post("/accounts/login/code/", {"email": f"n{n}@example.com"})
        refused.append(status == 429 or "Too many" in page)
    return refused


def test_behind_a_proxy_with_no_count_set_one_client_cannot_block_everyone(site):
    env = server_env(site, TRUSTED_PROXY_COUNT="0")
    with gunicorn(env) as base:
        assert any(ask_for_links(base, "203.0.113.7", 12))  # the busy one is stopped
        assert ask_for_links(base, "203.0.113.8", 1) == [False]  # everyone else is not
    check = manage(env, "check", "--deploy", "--fail-level", "CRITICAL")
    assert "accounts.W003" in check.stderr
    assert "TRUSTED_PROXY_COUNT is 0" in check.stderr


def test_a_forged_forwarded_header_from_outside_the_proxy_does_not_bypass_the_limit(site):
    env = server_env(site, TRUSTED_PROXY_COUNT="1", TRUSTED_PROXIES="10.9.9.9")
    with gunicorn(env) as base:
        refused = [ask_for_links(base, f"198.51.100.{n}", 1)[0] for n in range(12)]
        assert any(refused)  # every forged address was still counted as 127.0.0.1


def test_check_deploy_warns_for_each_unsafe_combination_and_is_clean_when_safe(site):
    unsafe = server_env(site, REMOTE_USER_HEADER="X-Remote-User", TRUSTED_PROXY_COUNT="1")
    result = manage(unsafe, "check", "--deploy", "--fail-level", "CRITICAL")
    assert "accounts.W001" in result.stderr and "accounts.W002" in result.stderr
    python_in_app(unsafe, "from django.core.cache import cache; cache.clear(); print(1)")
    safe = server_env(
        site,
        REMOTE_USER_HEADER="X-Remote-User",
        TRUSTED_PROXIES="127.0.0.1",
        TRUSTED_PROXY_COUNT="1",
        SECRET_KEY="a-long-random-production-key-" + "x7Qp2" * 8,
        SECURE_HSTS_SECONDS="31536000",
    )
    result = manage(safe, "check", "--deploy", "--fail-level", "CRITICAL")
    assert "accounts.W" not in result.stdout + result.stderr


# --- 5. With SSO on, an invitation goes through the identity provider -----------------------


def invitation_path(site):
    env = server_env(site)
    return python_in_app(
        env,
        "import json; from accounts.invitations import new_link_token; "
        "from directory.models import Colleague; "
        "c, _ = Colleague.objects.get_or_create(email='ivy@example.com'); "
        "print(json.dumps('/accounts/invitation/%s/' % new_link_token(c)))",
    )


def test_with_sso_on_an_invitation_signs_nobody_in_by_itself(site):
    path = invitation_path(site)
    env = server_env(site, REMOTE_USER_HEADER="X-Remote-User", TRUSTED_PROXIES="10.9.9.9")
    with gunicorn(env) as base:
        colleague = Visitor(base)
        status, page, _ = colleague.get(path)
        assert status == 200 and "Sign in with your company account" in page
        assert '<form method="post">' not in page  # nothing to press that signs in
        colleague.get("/steps/switch-it-off/")  # a CSRF token, to post anyway
        status, _, _ = colleague.post(path)
        assert status == 200 and not signed_in(colleague)
    proved = python_in_app(
        env,
        "import json; from allauth.account.models import EmailAddress; "
        "print(json.dumps(EmailAddress.objects.filter(email='ivy@example.com').exists()))",
    )
    assert proved is False


def test_with_link_sign_in_turned_on_an_invitation_still_signs_in(site):
    path = invitation_path(site)
    env = server_env(site, REMOTE_USER_HEADER="X-Remote-User", SIGN_IN_BY_LINK="true")
    with gunicorn(env) as base:
        colleague = Visitor(base)
        colleague.get(path)
        status, _, headers = colleague.post(path)
        assert status == 302 and headers["Location"] == "/checklist/"
        assert signed_in(colleague)


# --- 6. The low findings ----------------------------------------------------------------------


def test_health_says_503_within_two_seconds_while_the_write_lock_is_held_under_load(site):
    env = server_env(site)
    with gunicorn(env) as base:
        assert Visitor(base).get("/healthz")[0] == 200
        holder = sqlite3.connect(site["database"], timeout=1, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # another process takes the write lock and keeps it
        try:
            with ticking(base, clients=32):
                # 32 colleagues ticking against the held lock: each worker's first write
                # waits the whole WEB_WRITE_WAIT_MS, the ones after it are turned away.
                time.sleep(7)
                started = time.monotonic()
                status = Visitor(base).get("/healthz", timeout=10)[0]
                took = time.monotonic() - started
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert status == 503 and took < 2, (status, took)
        deadline = time.monotonic() + 10
        while Visitor(base).get("/healthz")[0] != 200:  # and well again once it is let go
            assert time.monotonic() < deadline
            time.sleep(0.5)


def test_health_says_503_while_no_write_could_succeed_even_without_load(site):
    with gunicorn(server_env(site)) as base:
        holder = sqlite3.connect(site["database"], timeout=1, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            assert Visitor(base).get("/healthz")[0] == 503
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert Visitor(base).get("/healthz")[0] == 200


@pytest.mark.parametrize("content_type", ["multipart/form-data", "multipart/form-data; boundary="])
def test_a_malformed_multipart_post_anywhere_is_a_400(site, content_type):
    with gunicorn(server_env(site)) as base:
        visitor = Visitor(base)
        visitor.get("/accounts/login/")  # a csrftoken cookie, as in the finding
        for path in ["/no-such-page/", "/checklist/ai-training/"]:
            status, _, _ = visitor.request(
                "POST", path, data={"x": "y"}, headers={"Content-Type": content_type}
            )
            assert status == 400, path


def count_sessions(site):
    return python_in_app(
        server_env(site),
        "import json; from django.contrib.sessions.models import Session; "
        "print(json.dumps(Session.objects.count()))",
    )


def test_cookie_less_ticks_cannot_fill_the_session_table(site):
    before = count_sessions(site)
    with gunicorn(server_env(site)) as base:
        page = Visitor(base)
        page.get("/steps/switch-it-off/")
        token = page.csrf
        cookie = page.cookie("csrftoken")
        statuses = []
        for _ in range(150):  # no session cookie: each would start a session row
            fresh = Visitor(base, headers={"Cookie": f"csrftoken={cookie}"})
            fresh.csrf = token
            statuses.append(fresh.post("/checklist/ai-training/", {"state": "done"})[0])
        assert statuses[:10] == [302] * 10  # colleagues without a cookie can tick
        assert 429 in statuses
    # 60 a minute per client in each of the two workers
    assert count_sessions(site) - before <= 120
