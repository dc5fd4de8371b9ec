import concurrent.futures
import sys
from pathlib import Path

from django.core.exceptions import BadRequest
from django.db import DatabaseError, connection
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from . import middleware

# A health check must answer quickly whatever the database does: it runs in one thread of
# its own (which keeps its connection) and gives up after this many seconds.
HEALTH_TIMEOUT = 1.0
# How long it waits for SQLite's write lock: held longer, no tick could be saved.
WRITE_LOCK_WAIT_MS = 500
_checker = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="healthz")


def database_answers():
    """The database reads a table (not only a connection that says SELECT 1) and, on
    SQLite, could take the write lock now: reads go on while another process holds it,
    but no colleague's tick would be saved."""
    try:
        connection.close_if_unusable_or_obsolete()
        sqlite_file = connection.vendor == "sqlite" and not connection.is_in_memory_db()
        if sqlite_file and not Path(connection.settings_dict["NAME"]).exists():
            return False  # the volume is gone, whatever an open file handle still reads
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM django_migrations LIMIT 1")
            if sqlite_file:
                cursor.execute(f"PRAGMA busy_timeout = {WRITE_LOCK_WAIT_MS}")
                cursor.execute("BEGIN IMMEDIATE")
                cursor.execute("ROLLBACK")
        return True
    except DatabaseError:
        connection.close()
        return False


@never_cache
@require_GET
def healthz(request):
    """For load balancers: 200 when the database answers, 503 while it does not, is
    slower than HEALTH_TIMEOUT or cannot take a write (a lock held elsewhere, a server
    that stopped answering)."""
    if middleware.write_lock_recently_busy():
        if not middleware.write_lock_free():
            return HttpResponse("database busy", content_type="text/plain", status=503)
        middleware.note_write_lock_free()
    future = _checker.submit(database_answers)
    try:
        healthy = future.result(timeout=HEALTH_TIMEOUT)
    except concurrent.futures.TimeoutError:
        healthy = False
    if not healthy:
        return HttpResponse("database unavailable", content_type="text/plain", status=503)
    return HttpResponse("ok", content_type="text/plain")


def bad_request(request, exception):
    """Every 400: a view's `BadRequest` says why in words a person understands; anything
    else Django refuses as suspicious says nothing of what it found. A session that could
    not be saved for SQLite's lock is a 503, as in server_error."""
    if middleware.is_lock_timeout(exception):
        return database_busy()
    reason = str(exception) if type(exception) is BadRequest else ""
    return render(request, "400.html", {"reason": reason}, status=400)


def server_error(request):
    """Every 500; a write that waited too long for SQLite's lock is a 503 (try again),
    and the next writes of this process are turned away at once for a moment."""
    # Rendered without the request, as Django's own handler does: whatever broke the
    # request cannot break its error page too.
    if middleware.is_lock_timeout(sys.exc_info()[1]):
        return database_busy()
    return HttpResponseServerError(loader.render_to_string("500.html"))


def database_busy():
    middleware.note_write_lock_busy()
    response = HttpResponse(loader.render_to_string("503.html"), status=503)
    response["Retry-After"] = "5"
    return response
