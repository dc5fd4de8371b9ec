"""A German-speaking colleague on a phone: the guide in German, every item ticked, then
the switch to English, which keeps the ticks."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from .test_german import GERMAN_LABELS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 780}


def german(text):
    with translation.override("de"):
        return translation.gettext(text)


def test_walk_the_german_guide_on_a_phone_tick_everything_and_switch_to_english(
    browser, live_server, guide, check_accessibility, screenshot
):
    context = browser.new_context(locale="de-DE", viewport=PHONE)
    page = context.new_page()
    foreign = []
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith((live_server.url, "data:", "about:"))
            else foreign.append(request.url)
        ),
    )

    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", level=1)).to_have_text(guide.title_de)
    check_accessibility(page)
    screenshot(page, "landing-de-phone")

    steps = list(guide.steps.all())
    for number, step in enumerate(steps, start=1):
        page.goto(live_server.url + step.get_absolute_url())
        expect(page.get_by_role("heading", level=1)).to_have_text(step.title_de)
        for label in GERMAN_LABELS.get(step.slug, []):
            expect(page.locator(".labels .ui-label", has_text=label).first).to_be_visible()
        check_accessibility(page)
        screenshot(page, f"step-{number}-de-phone")

    page.goto(live_server.url + "/checklist/")
    items = page.locator("[data-item]")
    count = items.count()
    for index in range(count):
        item = items.nth(index)
        slug = item.get_attribute("data-item")
        item.locator('button[name="state"][value="done"]').click()
        expect(page.locator(f'[data-item="{slug}"]')).to_have_attribute("data-state", "done")
    with translation.override("de"):
        done = str(translation.gettext("%(reviewed)d of %(required)d")) % {
            "reviewed": guide.items.filter(optional=False).count(),
            "required": guide.items.filter(optional=False).count(),
        }
    expect(page.locator("[data-progress]")).to_have_text(done)
    check_accessibility(page)
    screenshot(page, "checklist-de-phone")

    page.locator('button[name="language"][value="en"]').click()
    page.wait_for_url(live_server.url + "/checklist/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your checklist")
    expect(page.locator('[data-item][data-state="done"]')).to_have_count(count)
    expect(page.locator("[data-progress]")).to_have_text(re.compile(r"^(\d+) of \1$"))

    # The choice sticks: the overview stays English in this German browser.
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert foreign == []
    context.close()
