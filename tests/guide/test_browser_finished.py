"""A colleague who has reviewed every setting is thanked once on each page."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_finished_colleague_is_thanked_once_on_each_page(
    browser, live_server, guide, check_accessibility, screenshot, language, scheme
):
    context = browser.new_context(
        locale="de-DE" if language == "de" else "en-GB", color_scheme=scheme
    )
    page = context.new_page()
    base = live_server.url
    page.goto(base + "/checklist/")
    for item in guide.items.filter(optional=False):
        page.locator(f'[data-item="{item.slug}"] button[value="done"]').click()
        expect(page.locator(f'[data-item="{item.slug}"]')).to_have_attribute("data-state", "done")
    thanks = "thank you!" if language == "en" else "vielen dank!"
    step = guide.items.get(slug="ai-training").step
    for viewport, size in ((PHONE, "phone"), (DESKTOP, "desktop")):
        page.set_viewport_size(viewport)
        for name, path in (
            ("landing", "/"),
            ("checklist", "/checklist/"),
            ("step", step.get_absolute_url()),
        ):
            page.goto(base + path)
            text = page.locator("main").inner_text().lower()
            assert text.count(thanks) == 1, (name, size)
            check_accessibility(page)
            screenshot(page, f"finished-{name}-{size}-{language}-{scheme}")
    context.close()
