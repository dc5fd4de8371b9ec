"""The share page: the address, a message to paste, a QR code that encodes the address."""

import re

import segno

from champions import share


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


def drawn_modules(svg, border=4):
    """The dark modules segno's SVG path draws, as rows of booleans (border removed)."""
    path = re.search(r'<path class="qrline"[^>]* d="([^"]+)"', svg).group(1)
    size = int(float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1)) / 5)  # scale=5
    cells = [[False] * size for _ in range(size)]
    x = y = 0.0
    for command, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?: (-?[\d.]+))?", path):
        if command == "M":
            x, y = float(a), float(b)
        elif command == "m":
            x, y = x + float(a), y + float(b)
        else:  # h: a horizontal run of dark modules on row y
            for column in range(int(x), int(x + float(a))):
                cells[int(y)][column] = True
            x += float(a)
    return [row[border:-border] for row in cells[border:-border]]


def qr_modules(address):
    """What a QR code of `address` must show, module by module."""
    return [[bool(module) for module in row] for row in segno.make(address, error="m").matrix]


def test_the_qr_code_encodes_the_share_address(client, db, settings):
    settings.SITE_URL = "https://optout.example.com"
    page = client.get("/share/").content.decode()
    svg = re.search(r"<svg .*?</svg>", page, re.S).group(0)
    assert drawn_modules(svg) == qr_modules("https://optout.example.com/")
    assert drawn_modules(svg) != qr_modules("http://testserver/")
    assert "style=" not in svg  # the CSP allows no inline styles


def test_the_poster_is_printable_and_holds_the_code(client, guide):
    page = client.get("/share/poster/").content.decode()
    assert share.qr_svg("http://testserver/") in page
    assert "http://testserver/" in page
    assert "Print this page" in page


def test_share_pages_refuse_post(client, db):
    assert client.post("/share/").status_code == 405
    assert client.post("/share/poster/").status_code == 405


def test_share_page_and_poster_warn_about_an_address_colleagues_cannot_open(client, db, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    for path in ["/share/", "/share/poster/"]:
        page = client.get(path).content.decode()
        assert "only works on this computer" in page, path
    settings.SITE_URL = ""
    assert "SITE_URL is not set" in client.get("/share/").content.decode()
    settings.SITE_URL = "https://optout.example.com"
    assert "Check the address first" not in client.get("/share/").content.decode()


def test_the_poster_speaks_to_someone_with_a_phone(client, guide):
    assert "Point your phone's camera at the code" in client.get("/share/poster/").content.decode()
