"""A colleague signs in through a real OpenID Connect provider (node oidc-provider on
loopback, tests/oidc), in a real browser: no token endpoint is mocked."""

import pytest
from playwright.sync_api import expect

from accounts import proof
from tests.oidc.server import run_provider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLIENT_ID, SECRET = "optout-tests", "a-secret-only-tests-know"


def test_sign_in_through_the_company_provider(
    page, live_server, guide, settings, check_accessibility
):
    callback = f"{live_server.url}/accounts/oidc/company/login/callback/"
    with run_provider(CLIENT_ID, SECRET, [callback]) as issuer:
        settings.SOCIALACCOUNT_PROVIDERS = {
            "openid_connect": {
                "OAUTH_PKCE_ENABLED": True,
                "APPS": [
                    {
                        "provider_id": "company",
                        "name": "Sign in with Example Corp",
                        "client_id": CLIENT_ID,
                        "secret": SECRET,
                        "settings": {"server_url": issuer},
                    }
                ],
            }
        }
        # What config/settings.py adds for OIDC_ISSUER: the form may redirect there.
        settings.SECURE_CSP = {
            **settings.SECURE_CSP,
            "form-action": [*settings.SECURE_CSP["form-action"], issuer],
        }
        page.goto(live_server.url + "/accounts/login/")
        check_accessibility(page)
        page.get_by_role("button", name="Sign in with Example Corp").click()
        page.fill('input[name="login"]', "lee@example.com")
        page.fill('input[name="password"]', "anything")
        page.click('button:has-text("Sign-in")')
        page.click('button:has-text("Continue")')
        page.wait_for_url(live_server.url + "/checklist/")
        expect(page.get_by_role("button", name="Log out")).to_be_visible()

    (member,) = proof.members()
    assert member.email == "lee@example.com"
    assert not member.has_usable_password()
