"""Steps of browser journeys that several tests share."""

from django.core import mail
from django.utils import translation
from playwright.sync_api import expect

from .conftest import sign_in_link


def sign_in(page, base, email, then="/checklist/", language="en"):
    """Ask for a sign-in link on the page that is open (or the log-in page), open the
    link from the test outbox, press "Sign in" (the labels in the page's `language`)."""
    with translation.override(language):
        label, ask, sent, button = (
            str(translation.gettext(text))
            for text in ("Work e-mail", "E-mail me a sign-in link", "Check your e-mail", "Sign in")
        )
    if "/accounts/login/" not in page.url:
        page.goto(base + "/accounts/login/")
    page.get_by_label(label).fill(email)
    page.get_by_role("button", name=ask).click()
    expect(page.get_by_role("heading", name=sent)).to_be_visible()
    page.goto(sign_in_link(mail.outbox[-1]))
    page.get_by_role("button", name=button, exact=True).click()
    page.wait_for_url(base + then)


def log_out(page, base):
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(base + "/")
