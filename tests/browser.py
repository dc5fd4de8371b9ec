"""Steps of browser journeys that several tests share."""

from django.core import mail
from playwright.sync_api import expect

from .conftest import sign_in_link


def sign_in(page, base, email, then="/checklist/"):
    """Ask for a sign-in link on the page that is open (or the log-in page), open the
    link from the test outbox, press "Sign in"."""
    if "/accounts/login/" not in page.url:
        page.goto(base + "/accounts/login/")
    page.get_by_label("Work e-mail").fill(email)
    page.get_by_role("button", name="E-mail me a sign-in link").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    page.goto(sign_in_link(mail.outbox[-1]))
    page.get_by_role("button", name="Sign in", exact=True).click()
    page.wait_for_url(base + then)


def log_out(page, base):
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(base + "/")
