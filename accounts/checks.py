"""`manage.py check --deploy`: the settings that would let someone act in a colleague's
name, or let one client lock everyone out, said before anyone is hurt."""

from django.conf import settings
from django.core.checks import Tags, Warning, register
from django.db import DatabaseError

from . import clients


@register(Tags.security, deploy=True)
def proxy_and_sso_settings(app_configs=None, **kwargs):
    warnings = []
    if settings.REMOTE_USER_HEADER and not (
        settings.TRUSTED_PROXIES_SET or settings.REMOTE_USER_SECRET
    ):
        warnings.append(
            Warning(
                f"{settings.REMOTE_USER_HEADER} signs colleagues in, and neither "
                "TRUSTED_PROXIES nor REMOTE_USER_SECRET says which proxy may send it.",
                hint="Set TRUSTED_PROXIES to the SSO proxy's addresses (and bind gunicorn to "
                "loopback or a socket, docs/deploy.md), or have the proxy add "
                "X-Remote-User-Secret and set REMOTE_USER_SECRET.",
                id="accounts.W001",
            )
        )
    if settings.TRUSTED_PROXY_COUNT and not settings.TRUSTED_PROXIES_SET:
        warnings.append(
            Warning(
                "TRUSTED_PROXY_COUNT is set but TRUSTED_PROXIES is not: X-Forwarded-For is "
                "believed only from this machine (127.0.0.1, ::1).",
                hint="Set TRUSTED_PROXIES to the addresses of the proxies in front of the app.",
                id="accounts.W002",
            )
        )
    try:
        seen = clients.mismatch()
    except DatabaseError:  # not migrated yet: nothing has been seen
        seen = None
    if seen:
        warnings.append(
            Warning(
                f"Requests do not match the proxy settings: {seen}.",
                hint="Set TRUSTED_PROXY_COUNT to the number of proxies that add "
                "X-Forwarded-For and TRUSTED_PROXIES to their addresses (docs/deploy.md).",
                id="accounts.W003",
            )
        )
    return warnings
