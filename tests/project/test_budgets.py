"""Small pages: a colleague on a slow phone connection gets each page in one round trip or two."""

import pytest
from django.conf import settings

PAGE_BUDGET = 24_000  # bytes of HTML, before compression
STYLESHEET_BUDGET = 16_000


@pytest.mark.parametrize("path", ["/", "/steps/switch-it-off/", "/checklist/", "/share/"])
def test_pages_stay_small(client, guide, path):
    response = client.get(path)
    assert response.status_code == 200
    assert len(response.content) < PAGE_BUDGET, f"{path}: {len(response.content)} bytes"


def test_the_print_view_of_the_whole_guide_stays_small(client, guide):
    assert len(client.get("/print/").content) < 3 * PAGE_BUDGET


def test_the_stylesheet_stays_small():
    size = (settings.BASE_DIR / "static" / "css" / "site.css").stat().st_size
    assert size < STYLESHEET_BUDGET, size


def test_htmx_loads_only_on_pages_that_tick(client, guide):
    landing = client.get("/").content.decode()
    assert "<script" not in landing
    assert landing.count('rel="stylesheet"') == 1
    for path in ["/checklist/", "/steps/switch-it-off/"]:
        page = client.get(path).content.decode()
        assert page.count("<script") == 2, path  # htmx (django-htmx's copy) and ticks.js
    assert "<script" not in client.get("/steps/open-settings/").content.decode()


def test_pages_go_out_compressed_and_small(client, guide):
    import gzip

    response = client.get("/", HTTP_ACCEPT_ENCODING="gzip, br")
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    # About 2 KB: the page itself, plus up to 100 bytes of padding against BREACH.
    assert len(response.content) <= 2_300, len(response.content)
    assert b"<h1>" in gzip.decompress(response.content)
