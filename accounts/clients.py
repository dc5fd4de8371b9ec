"""Who is asking: the client's address for rate limits, and whether a request came
through the company's proxy (the only one allowed to name the client or the colleague).

Behind nginx every request comes from nginx's address. Only from an address in
TRUSTED_PROXIES is X-Forwarded-For believed: its TRUSTED_PROXY_COUNT-th entry from the
end is the client (the last one when the count is 0 but a proxy plainly forwards, so
that one busy client can never use up the link-request limit of everyone). Anything that
does not add up is remembered for `manage.py check --deploy` (accounts/checks.py).
"""

import functools
import ipaddress
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

log = logging.getLogger(__name__)

# Set, for a day, when requests showed that the proxy settings do not match.
MISMATCH_KEY = "clients:proxy-mismatch"
MISMATCH_SECONDS = 24 * 3600


@functools.cache
def _proxy_networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def is_proxy(address: str) -> bool:
    """Whether `address` (a peer's REMOTE_ADDR) is one of TRUSTED_PROXIES."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _proxy_networks(tuple(settings.TRUSTED_PROXIES)))


def from_proxy(request: HttpRequest) -> bool:
    return is_proxy(request.META.get("REMOTE_ADDR", ""))


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_address(request: HttpRequest) -> str:
    """The address rate limits count against."""
    peer = request.META.get("REMOTE_ADDR", "")
    forwarded = [
        part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",") if part
    ]
    forwarded = [part for part in forwarded if part]
    if not forwarded:
        return peer
    if not is_proxy(peer):
        # Someone reached the app without the proxy and says who they are: not believed.
        remember_mismatch(
            f"a request from {peer}, which is not in TRUSTED_PROXIES, sent X-Forwarded-For: "
            "the app servers can be reached without the proxy (bind them to loopback)"
        )
        return peer
    count = settings.TRUSTED_PROXY_COUNT
    if count == 0 or len(forwarded) < count:
        remember_mismatch(
            f"requests from the proxy {peer} carry {len(forwarded)} X-Forwarded-For "
            f"address(es) while TRUSTED_PROXY_COUNT is {count}"
        )
        count = 1
    client = forwarded[-count]
    return client if _valid(client) else peer


_noted = {"at": float("-inf")}


def remember_mismatch(what: str) -> None:
    """Note that the proxy settings and the requests disagree, for `check --deploy`: in
    the shared cache for a day (written at most hourly by each process), and in the log."""
    if time.monotonic() - _noted["at"] < 3600:
        return
    _noted["at"] = time.monotonic()
    cache.set(MISMATCH_KEY, what, MISMATCH_SECONDS)
    log.warning("Proxy settings do not match the requests: %s.", what)


def mismatch() -> str | None:
    return cache.get(MISMATCH_KEY)
