"""The last requests to /scim/v2/, for IT to see what the identity provider sent and
what it got back: method, path (with the names of the query parameters, not their
values), status, the SCIM error, the token's name. Never a token, a body or a value."""

from ..models import ScimLogEntry

KEEP = 1000  # entries
TRIM_EVERY = 50  # entries


def record(request, status: int, body: dict | None, token=None) -> None:
    path = request.path or "/"
    if request.query:
        path += "?" + "&".join(sorted(request.query))
    error = ""
    if status >= 400 and body:
        error = ": ".join(str(part) for part in (body.get("scimType"), body.get("detail")) if part)
    entry = ScimLogEntry.objects.create(
        method=request.method.upper()[:10],
        path=path[:200],
        status=status,
        error=error[:300],
        token=token,
    )
    if entry.pk % TRIM_EVERY == 0:
        ScimLogEntry.objects.filter(pk__lte=entry.pk - KEEP).delete()
