"""What a champion sends around: the address, a message to paste, and a QR code."""

import segno
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _


def qr_code(address):
    return segno.make(address, error="m")


def qr_svg(address, scale=5):
    """The QR code as inline SVG: black on white, whatever the colour scheme, to scan well."""
    svg = qr_code(address).svg_inline(
        scale=scale,
        dark="#000",
        light="#fff",
        border=4,
        svgclass="qr",
        title=_("QR code: %(address)s") % {"address": address},
        omitsize=True,  # a viewBox instead, so that CSS can size it for screen and poster
    )
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))


def message(address, site_name):
    return _(
        "LinkedIn uses members' profiles and posts to train its AI unless you switch it off. "
        "Our %(site_name)s guide shows where the setting is and three more worth a look; "
        "it takes about two minutes on a computer: %(address)s"
    ) % {"site_name": site_name, "address": address}


LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}


def address_problem(address, site_url):
    """Why colleagues could not open `address`, in a sentence; '' when it looks fine."""
    from urllib.parse import urlsplit

    host = (urlsplit(address).hostname or "").lower()
    if host in LOOPBACK_HOSTS or host.startswith("127.") or host.endswith(".localhost"):
        return _(
            "This address (%(host)s) only works on this computer: colleagues cannot open it. "
            "Set SITE_URL to the address colleagues use."
        ) % {"host": host}
    if not site_url:
        return _(
            "SITE_URL is not set, so this address is taken from your browser's request. "
            "Set SITE_URL so that shared links, the poster and e-mails always agree."
        )
    return ""
