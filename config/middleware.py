import time

from django.core.exceptions import BadRequest
from django.db import OperationalError
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _


class PermissionsPolicyMiddleware:
    """Denies browser features the site never uses (Django has no setting for this header)."""

    POLICY = (
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
        "microphone=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()"
    )

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.POLICY)
        return response


class FormCharsetMiddleware:
    """A form body declared in any charset but UTF-8, or one that cannot be parsed (a
    multipart body without a boundary), gets a clear 400 before anything reads it: Django
    would fail on an unknown charset, misread a known one, or let the CSRF check's read
    of a broken multipart body end in a 500."""

    ACCEPTED = {"utf-8", "utf8"}
    FORMS = {"multipart/form-data", "application/x-www-form-urlencoded"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST":
            charset = request.content_params.get("charset")
            if charset is not None and charset.strip().strip('"').lower() not in self.ACCEPTED:
                raise BadRequest(_("Forms are accepted in UTF-8 only."))
            if request.content_type in self.FORMS:
                try:
                    request.POST  # noqa: B018 (parsed now, kept for the view)
                except MultiPartParserError:
                    raise BadRequest(_("The form could not be read.")) from None
        return self.get_response(request)


class DatabaseBusyMiddleware:
    """While SQLite's write lock is held by another process for longer than a web request
    may wait (a long import, a stuck process), writes are answered 503 at once for a few
    seconds instead of each waiting the whole time: the workers stay free, so /healthz
    can say the database is busy and reads keep answering. htmx ticks say "Not saved —
    try again" at the item. `config.views.server_error` notices the lock timeout."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "GET" and write_lock_recently_busy():
            return busy(request)
        return self.get_response(request)


BACKOFF_SECONDS = 2.0
_busy_until = {"at": float("-inf")}


def note_write_lock_busy() -> None:
    _busy_until["at"] = time.monotonic() + BACKOFF_SECONDS


def write_lock_recently_busy() -> bool:
    return time.monotonic() < _busy_until["at"]


def is_lock_timeout(exception) -> bool:
    """Whether `exception` is, or was raised while handling, SQLite's "database is
    locked" (a session that could not be saved ends as SessionInterrupted, a 400)."""
    seen = set()
    while exception is not None and id(exception) not in seen:
        if isinstance(exception, OperationalError) and "locked" in str(exception):
            return True
        seen.add(id(exception))
        exception = exception.__cause__ or exception.__context__
    return False


def busy(request):
    response = render(request, "503.html", status=503)
    response["Retry-After"] = "5"
    return response
