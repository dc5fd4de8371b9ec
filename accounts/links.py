"""The one way to build an address on this site for someone outside the request: a mail,
the share page, a QR code. Always on SITE_URL, so that a Host header sent by an attacker
never reaches a link in a mail."""

from urllib.parse import urlsplit

from allauth.core import context
from django.conf import settings
from django.http import HttpRequest


def absolute_url(path: str = "/", request: HttpRequest | None = None) -> str:
    """`path` on SITE_URL. Only where SITE_URL is unset (development, or a share page
    that then warns) on the address of `request`, or of the request allauth is serving."""
    base = settings.SITE_URL
    if not base:
        request = request or context.request
        base = request.build_absolute_uri("/").rstrip("/") if request is not None else ""
    return base + path


def on_site(url: str, request: HttpRequest | None = None) -> str:
    """`url` (as a library built it from the request) moved onto SITE_URL."""
    parts = urlsplit(url)
    return absolute_url(parts.path + (f"?{parts.query}" if parts.query else ""), request)
