"""Mail that carries sign-in links is never written to a log."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

LOGGING_BACKENDS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
}


class MailNotConfigured(ImproperlyConfigured):
    """No real mail server is set while DEBUG is off: links would end up in a log."""


def has_real_backend() -> bool:
    return settings.MAILERS["default"]["BACKEND"] not in LOGGING_BACKENDS


def refuse_without_a_real_backend() -> None:
    if not settings.DEBUG and not has_real_backend():
        raise MailNotConfigured("Set EMAIL_HOST: sign-in mail needs a real mail server.")
