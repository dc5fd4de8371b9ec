import concurrent.futures
from pathlib import Path

from django.core.exceptions import BadRequest
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

# A health check must answer quickly whatever the database does: it runs in one thread of
# its own (which keeps its connection) and gives up after this many seconds.
HEALTH_TIMEOUT = 1.5
_checker = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="healthz")


def database_answers():
    """The database reads a table: not only a connection that says SELECT 1."""
    try:
        connection.close_if_unusable_or_obsolete()
        sqlite_file = connection.vendor == "sqlite" and not connection.is_in_memory_db()
        if sqlite_file and not Path(connection.settings_dict["NAME"]).exists():
            return False  # the volume is gone, whatever an open file handle still reads
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM django_migrations LIMIT 1")
        return True
    except DatabaseError:
        connection.close()
        return False


@never_cache
@require_GET
def healthz(request):
    """For load balancers: 200 when the database answers, 503 while it does not or is
    slower than HEALTH_TIMEOUT (a lock held elsewhere, a server that stopped answering)."""
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
    else Django refuses as suspicious says nothing of what it found."""
    reason = str(exception) if type(exception) is BadRequest else ""
    return render(request, "400.html", {"reason": reason}, status=400)
