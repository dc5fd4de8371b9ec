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


def test_pages_load_one_script_and_one_stylesheet(client, guide):
    page = client.get("/").content.decode()
    assert page.count("<script") == 1  # htmx, bundled by django-htmx
    assert page.count('rel="stylesheet"') == 1
