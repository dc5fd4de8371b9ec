"""The sign-in link asked for in one browser and opened in another, as when Outlook opens
links in Edge while the colleague used Firefox, or the phone's mail app opens it: one
click signs in; a used or an expired link says so and sends a new one."""

import pytest
from django.core import mail
from django.utils import translation
from playwright.sync_api import expect

from tests.conftest import aged_sign_in_link, sign_in_link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 780}
DESKTOP = {"width": 1280, "height": 900}


def ask_for_a_link(browser, base, email):
    """A browser of its own asks; the link from the mail it sent."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(base + "/accounts/login/")
    page.get_by_label("Work e-mail").fill(email)
    page.get_by_role("button", name="E-mail me a sign-in link").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    context.close()
    return sign_in_link(mail.outbox[-1])


def test_a_link_asked_for_in_one_browser_signs_in_in_another_with_one_click(
    browser, live_server, guide, check_accessibility
):
    base = live_server.url
    link = ask_for_a_link(browser, base, "ada@example.com")

    phone = browser.new_context(viewport=PHONE).new_page()
    phone.goto(link)
    check_accessibility(phone)
    phone.get_by_role("button", name="Sign in", exact=True).click()
    phone.wait_for_url(base + "/checklist/")
    expect(phone.locator(".message")).to_have_text("Signed in as ada@example.com.")
    expect(phone.get_by_role("button", name="Log out")).to_be_visible()

    # The same link again, in a third browser: used, said in words, a new one on request.
    late = browser.new_context(viewport=PHONE).new_page()
    late.goto(link)
    expect(late.get_by_role("heading", level=1)).to_have_text("This sign-in link has been used")
    check_accessibility(late)
    sent = len(mail.outbox)
    late.get_by_role("button", name="Send me a new link").click()
    expect(late.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    assert len(mail.outbox) == sent + 1 and mail.outbox[-1].to == ["ada@example.com"]
    fresh = sign_in_link(mail.outbox[-1])

    # Expired: the fresh link, opened after its 15 minutes, says so too.
    desktop = browser.new_context(viewport=DESKTOP).new_page()
    desktop.goto(aged_sign_in_link(fresh, minutes=16))
    expect(desktop.get_by_role("heading", level=1)).to_have_text("This sign-in link has expired")
    expect(desktop.get_by_text("works for 15 minutes")).to_be_visible()
    check_accessibility(desktop)
    desktop.get_by_role("button", name="Send me a new link").click()
    expect(desktop.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    desktop.goto(sign_in_link(mail.outbox[-1]))  # the newest link works where it is opened
    desktop.get_by_role("button", name="Sign in", exact=True).click()
    desktop.wait_for_url(base + "/checklist/")


@pytest.mark.parametrize("language", ["en", "de"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_sign_in_pages_in_both_languages_widths_and_schemes(
    browser, live_server, guide, check_accessibility, screenshot, language, scheme
):
    base = live_server.url
    with translation.override(language):
        label = translation.gettext("Work e-mail")
        ask = translation.gettext("E-mail me a sign-in link")
        help_text = translation.gettext(
            "We e-mail you a link that signs you in on any device, and a short code to type "
            "here instead. No password."
        )
    for viewport, size in ((PHONE, "phone"), (DESKTOP, "desktop")):
        locale = "de-DE" if language == "de" else "en-GB"
        page = browser.new_context(locale=locale, viewport=viewport).new_page()
        page.emulate_media(color_scheme=scheme)
        name = f"{size}-{language}-{scheme}"
        link = ask_for_a_link(browser, base, f"{size}-{language}-{scheme}@example.com")
        page.goto(link)
        check_accessibility(page)
        screenshot(page, f"sign-in-link-{name}")
        page.goto(aged_sign_in_link(link, minutes=16))
        check_accessibility(page)
        screenshot(page, f"sign-in-link-expired-{name}")
        elsewhere = browser.new_context().new_page()
        elsewhere.goto(link)
        elsewhere.locator("main form button").click()  # used in another browser
        elsewhere.wait_for_url(base + "/checklist/")
        elsewhere.context.close()
        page.goto(link)
        check_accessibility(page)
        screenshot(page, f"sign-in-link-used-{name}")

        # The form with an error keeps the page's look: label, help, the error, no colon.
        page.goto(base + "/accounts/login/")
        page.get_by_label(label).fill("not an address")
        page.get_by_role("button", name=ask).click()
        field = page.get_by_label(label)
        expect(field).to_have_attribute("aria-invalid", "true")
        expect(field).to_have_value("not an address")
        assert field.get_attribute("placeholder") is None
        expect(page.locator("label[for=sign-in-email]")).to_have_text(label)
        expect(page.locator("#sign-in-help")).to_have_text(help_text)
        expect(page.locator("#sign-in-error")).to_be_visible()
        assert page.evaluate(
            "document.querySelector('#sign-in-help').getBoundingClientRect().top >="
            " document.querySelector('#sign-in-email').getBoundingClientRect().bottom"
        ), "the help comes below the box, as on the first visit"
        check_accessibility(page)
        screenshot(page, f"sign-in-error-{name}")
        page.get_by_label(label).fill(f"check-{name}@example.com")
        page.get_by_role("button", name=ask).click()
        page.wait_for_url("**/accounts/login/code/confirm/")
        check_accessibility(page)
        screenshot(page, f"sign-in-check-{name}")
