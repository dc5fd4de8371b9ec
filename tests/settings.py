"""The project's settings with the few changes tests need; nothing else differs."""

import os

# Tests run like production (DEBUG off) but over plain HTTP, with a throw-away key.
os.environ.setdefault("SECRET_KEY", "tests-only-secret-key")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SITE_URL", "http://testserver")

from config.settings import *  # noqa: E402, F403
from config.settings import STORAGES  # noqa: E402

# The hashed manifest needs collectstatic first; live_server serves files as they are.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Password hashing at full strength makes factories slow and proves nothing here.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Serve static files from the source folders; there is no collectstatic in tests.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Figures counted on every visit, so that a test sees its own changes at once;
# tests/test_dashboard.py turns the shared minute back on where it tests it.
DASHBOARD_SECONDS = 0
# Tasks run at once, in the test's own process and transaction; tests/champions shows the
# real worker (a process of its own) against a real database.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
