from django.core.exceptions import BadRequest
from django.db import OperationalError, connection
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
    """Once a write in this process has waited the whole WEB_WRITE_WAIT_MS for SQLite's
    write lock (another process holds it: a long import, a stuck backup), every later
    write first checks, without waiting, whether it could take the lock: while it could
    not, the answer is 503 at once (htmx ticks say "Not saved — try again" at the item),
    so the workers stay free for reads and /healthz; the first write that could goes on
    as usual. `config.views.server_error` notices the lock timeout."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "GET" and _lock["held"]:
            if not write_lock_free():
                return busy(request)
            note_write_lock_free()
        return self.get_response(request)


_lock = {"held": False}


def note_write_lock_busy() -> None:
    _lock["held"] = True


def note_write_lock_free() -> None:
    _lock["held"] = False


def write_lock_recently_busy() -> bool:
    return _lock["held"]


def write_lock_free() -> bool:
    """Whether SQLite's write lock could be taken now (without waiting for it)."""
    if connection.vendor != "sqlite":
        return True
    wait = int(connection.settings_dict["OPTIONS"].get("timeout", 5) * 1000)
    try:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout = 0")
            try:
                cursor.execute("BEGIN IMMEDIATE")
                cursor.execute("ROLLBACK")
            finally:
                cursor.execute(f"PRAGMA busy_timeout = {wait}")
    except OperationalError:
        return False
    return True


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
