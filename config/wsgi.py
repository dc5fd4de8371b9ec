import os

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# Fail at start, not at the first request, when what production needs is missing: all of
# it in one message, not one variable per attempt.
missing = []
try:
    settings.SECRET_KEY.encode()
except ImproperlyConfigured:
    missing.append("SECRET_KEY (or DEBUG=true for local use): it signs sessions and links")
if not settings.DEBUG:
    from accounts.mail import has_real_backend

    if not settings.SITE_URL:
        missing.append("SITE_URL: every link in an e-mail is built from it")
    if not has_real_backend():
        missing.append("EMAIL_HOST: sign-in links must go by mail, not into a log")
if missing:
    raise ImproperlyConfigured("Set " + "; set ".join(missing) + ". See docs/deploy.md.")

# A web request waits at most WEB_WRITE_WAIT_MS for SQLite's write lock (a tick holds
# it for about a millisecond); longer means another process is holding it: that request,
# and every write after it while the lock stays held, is answered 503
# (config.middleware.DatabaseBusyMiddleware). Commands wait longer.
if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    from config.settings import sqlite_options

    settings.DATABASES["default"]["OPTIONS"] = sqlite_options(settings.WEB_WRITE_WAIT_MS)

# Every URL and view is imported now rather than by the first request, so that the first
# request after a start (often the load balancer's health check) is as quick as the rest.
get_resolver().url_patterns  # noqa: B018
