"""A colleague signs up and ticks everything off, with htmx and with JavaScript off."""

import pytest
from playwright.sync_api import expect

from tests.browser import log_out, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_up(page, base, email):
    sign_in(page, base, email)


def log_out_and_in(page, base, email):
    log_out(page, base)
    sign_in(page, base, email)


def item(page, slug):
    return page.locator(f'[data-item="{slug}"]')


def test_tick_everything_without_a_page_load(
    page, live_server, guide, foreign_requests, check_accessibility, screenshot, required
):
    base = live_server.url
    page.goto(base + "/accounts/login/")
    check_accessibility(page)
    sign_up(page, base, "ada@example.com")
    check_accessibility(page)

    page.evaluate("window.__marker = 1")
    status = page.locator("#progress[role=status]")
    slugs = list(guide.items.filter(optional=False).values_list("slug", flat=True))
    optional = guide.items.filter(optional=True).values_list("slug", flat=True)[0]
    # Everything but the AI setting on the checklist; that one on its step page.
    assert slugs[0] == "ai-training"
    for count, slug in enumerate(slugs[1:], start=1):
        item(page, slug).locator('button[name="state"][value="done"]').focus()
        page.keyboard.press("Enter")
        expect(item(page, slug)).to_have_attribute("data-state", "done")
        expect(page.locator("[data-progress]")).to_have_text(f"{count} of {required}")
        expect(status).to_contain_text(f"{count} of {required} settings reviewed")
        # The keyboard user's focus stays on the button they pressed.
        assert page.evaluate("document.activeElement.id") == f"{slug}-done"
    item(page, optional).get_by_role("button", name="Not applicable").click()
    expect(item(page, optional)).to_have_attribute("data-state", "not_applicable")
    assert page.evaluate("window.__marker") == 1, "the checklist page navigated"
    check_accessibility(page)
    screenshot(page, "checklist-htmx")

    page.goto(base + guide.items.get(slug="ai-training").step.get_absolute_url())
    page.evaluate("window.__marker = 2")
    item(page, "ai-training").locator('button[name="state"][value="done"]').click()
    expect(item(page, "ai-training")).to_have_attribute("data-state", "done")
    expect(page.locator("[data-progress]")).to_have_text(f"{required} of {required}")
    expect(page.locator("#progress[role=status]")).to_contain_text("Done — thank you!")
    assert page.evaluate("window.__marker") == 2, "the step page navigated"
    check_accessibility(page)

    page.goto(base + "/checklist/")
    page.reload()
    expect(page.locator("[data-progress]")).to_have_text(f"{required} of {required}")
    log_out_and_in(page, base, "ada@example.com")
    expect(page.locator("[data-progress]")).to_have_text(f"{required} of {required}")
    for slug in slugs:
        expect(item(page, slug)).to_have_attribute("data-state", "done")
    expect(item(page, optional)).to_have_attribute("data-state", "not_applicable")

    page.goto(base + "/accounts/")
    check_accessibility(page)
    page.goto(base + "/accounts/delete/")
    check_accessibility(page)
    assert foreign_requests == []


def test_the_same_journey_with_javascript_off(
    browser, live_server, guide, check_accessibility, required
):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    base = live_server.url
    sign_up(page, base, "grace@example.com")
    slugs = list(guide.items.filter(optional=False).values_list("slug", flat=True))
    for count, slug in enumerate(slugs, start=1):
        item(page, slug).locator('button[name="state"][value="done"]').click()
        page.wait_for_load_state()
        expect(item(page, slug)).to_have_attribute("data-state", "done")
        expect(page.locator("[data-progress]")).to_have_text(f"{count} of {required}")
    page.reload()
    expect(page.locator("[data-progress]")).to_have_text(f"{required} of {required}")
    log_out_and_in(page, base, "grace@example.com")
    expect(page.locator("[data-progress]")).to_have_text(f"{required} of {required}")
    context.close()


def test_log_in_and_password_pages_are_accessible(page, live_server, db, check_accessibility):
    for path in ["/accounts/login/", "/accounts/signup/", "/checklist/"]:
        page.goto(live_server.url + path)
        check_accessibility(page)
