"""Mail that carries sign-in links: addressed from SITE_URL, never written to a log."""

from urllib.parse import urlsplit

from allauth.core import context
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

LOGGING_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}


class MailNotConfigured(ImproperlyConfigured):
    """No real mail server is set while DEBUG is off: links would end up in a log."""


def has_real_backend():
    return settings.MAILERS["default"]["BACKEND"] not in LOGGING_BACKENDS


def refuse_without_a_real_backend():
    if not settings.DEBUG and not has_real_backend():
        raise MailNotConfigured("Set EMAIL_HOST: sign-in mail needs a real mail server.")


def site_url():
    """SITE_URL; only with DEBUG on and none set, the address of the current request."""
    if settings.SITE_URL or not settings.DEBUG:
        return settings.SITE_URL
    return context.request.build_absolute_uri("/").rstrip("/")


def on_site(url):
    """`url` with its scheme and host replaced by SITE_URL's: a Host header sent by an
    attacker never reaches a link in a mail."""
    parts = urlsplit(url)
    return site_url() + parts.path + (f"?{parts.query}" if parts.query else "")
