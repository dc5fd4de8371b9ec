"""The share page: the address, a message to paste, a QR code that encodes the address."""

import re

import segno

from guide import share


def test_share_page_gives_the_address_message_and_qr_code(client, db):
    page = client.get("/share/").content.decode()
    assert 'value="http://testserver/"' in page
    assert "http://testserver/</textarea>" in page
    assert share.qr_svg("http://testserver/") in page
    assert 'data-copy="share-address" hidden' in page  # shown only by JavaScript


def test_the_share_address_comes_from_site_url_when_set(client, db, settings):
    settings.SITE_URL = "https://optout.example.com"
    page = client.get("/share/").content.decode()
    assert 'value="https://optout.example.com/"' in page
    assert "http://testserver" not in page


def test_the_qr_code_encodes_the_share_address(client, db, settings):
    settings.SITE_URL = "https://optout.example.com"
    page = client.get("/share/").content.decode()
    svg = re.search(r"<svg .*?</svg>", page, re.S).group(0)
    expected = segno.make("https://optout.example.com/", error="m")
    assert share.qr_code("https://optout.example.com/").matrix == expected.matrix
    assert svg == share.qr_svg("https://optout.example.com/")
    other = share.qr_svg("https://elsewhere.example.com/")
    assert svg != other
    assert "style=" not in svg  # the CSP allows no inline styles


def test_the_poster_is_printable_and_holds_the_code(client, guide):
    page = client.get("/share/poster/").content.decode()
    assert share.qr_svg("http://testserver/") in page
    assert "http://testserver/" in page
    assert "Print this page" in page


def test_share_pages_refuse_post(client, db):
    assert client.post("/share/").status_code == 405
    assert client.post("/share/poster/").status_code == 405
