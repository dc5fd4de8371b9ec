"""What a champion sends around: the address, a message to paste, and a QR code."""

import segno
from django.utils.safestring import mark_safe


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
        title=f"QR code: {address}",
        omitsize=True,  # a viewBox instead, so that CSS can size it for screen and poster
    )
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))


def message(address, site_name):
    return (
        "LinkedIn uses members' profiles and posts to train its AI unless you switch it off. "
        f"Our {site_name} guide shows where the setting is and three more worth a look; "
        f"it takes about two minutes on a computer: {address}"
    )
