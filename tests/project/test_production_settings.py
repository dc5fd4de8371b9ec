"""Production settings as a deployment builds them: each test starts Python afresh with
an environment, so it carries the `server` marker."""

import json
import secrets
import subprocess
import sys

import pytest

from tests.servers import ROOT, production_env

pytestmark = pytest.mark.server


def settings_from(env):
    """The settings a process started with `env` ends up with (or its error)."""
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({k: getattr(s, k, None) for k in ["
        "'DEBUG', 'SECURE_SSL_REDIRECT', 'SECURE_PROXY_SSL_HEADER', 'CSRF_TRUSTED_ORIGINS', "
        "'SECURE_HSTS_SECONDS', 'SESSION_COOKIE_SECURE', 'ALLOWED_HOSTS', 'DATABASES']}, "
        "default=str))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode:
        return result.stderr.strip().splitlines()[-1]
    return json.loads(result.stdout)


def bare_env(**values):
    env = production_env("sqlite:////tmp/unused.sqlite3")
    for key in ("SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"):
        env.pop(key)
    env.update(values)
    return env


def test_production_defaults_are_safe():
    values = settings_from(bare_env())
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] is None
    assert values["SECURE_HSTS_SECONDS"] == 3600  # on, short, for the operator to raise
    assert values["DATABASES"]["default"]["CONN_MAX_AGE"] == 600


def test_without_secret_key_and_debug_the_site_refuses_to_start():
    env = bare_env()
    env.pop("SECRET_KEY")
    result = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr


def test_without_secret_key_nothing_can_be_signed():
    env = bare_env()
    env.pop("SECRET_KEY")
    code = "import django; django.setup(); from django.core import signing; signing.dumps(1)"
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_environment_variables_set_the_proxy_and_https_options():
    values = settings_from(
        bare_env(
            TRUST_X_FORWARDED_PROTO="true",
            SECURE_SSL_REDIRECT="false",
            SECURE_HSTS_SECONDS="3600",
            CSRF_TRUSTED_ORIGINS="https://optout.example.com, https://other.example.com",
        )
    )
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 3600
    assert values["CSRF_TRUSTED_ORIGINS"] == [
        "https://optout.example.com",
        "https://other.example.com",
    ]


@pytest.mark.parametrize("name, value", [("DEBUG", "maybe"), ("SECURE_HSTS_SECONDS", "a year")])
def test_a_malformed_variable_is_refused_with_its_name(name, value):
    assert name in settings_from(bare_env(**{name: value}))


def test_check_deploy_is_clean_with_production_settings():
    env = bare_env(
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="optout.example.com",
        SECURE_HSTS_SECONDS="31536000",
        EMAIL_HOST="smtp.example.com",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
