"""A colleague signs in through a real OpenID Connect provider (node oidc-provider on
loopback, tests/oidc), in a real browser: no token endpoint is mocked."""

import pytest
from allauth.socialaccount.models import SocialAccount
from playwright.sync_api import expect

from accounts import proof
from accounts.models import User
from tests.factories import UserFactory
from tests.oidc.server import run_provider

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLIENT_ID, SECRET = "optout-tests", "a-secret-only-tests-know"


@pytest.fixture
def company_provider(live_server, settings):
    """The provider running, and the site set up as config/settings.py sets it up for
    OIDC_ISSUER; yields a function that signs in there as `login`."""
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

        def sign_in(page, login):
            page.goto(live_server.url + "/accounts/login/")
            page.get_by_role("button", name="Sign in with Example Corp").click()
            page.fill('input[name="login"]', login)
            page.fill('input[name="password"]', "anything")
            page.click('button:has-text("Sign-in")')
            page.click('button:has-text("Continue")')

        yield sign_in


def test_sign_in_through_the_company_provider(
    page, live_server, guide, company_provider, check_accessibility
):
    page.goto(live_server.url + "/accounts/login/")
    check_accessibility(page)
    company_provider(page, "lee@example.com")
    page.wait_for_url(live_server.url + "/checklist/")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    (member,) = proof.members()
    assert member.email == "lee@example.com"
    assert not member.has_usable_password()


def test_an_address_the_provider_does_not_vouch_for_takes_over_nobody(
    page, browser, live_server, guide, company_provider, check_accessibility
):
    """The takeover chain: someone whose provider profile claims a colleague's address,
    unverified, signed in as her and stayed connected to her account."""
    target = UserFactory(email="target@example.com")  # she proved it by e-mailed link
    company_provider(page, "unverified:target@example.com")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Your company sign-in did not confirm this address"
    )
    check_accessibility(page)
    expect(page.get_by_role("button", name="Log out")).to_have_count(0)
    assert not SocialAccount.objects.exists()  # not connected to her account
    assert not target.socialaccount_set.exists()

    other = browser.new_context().new_page()  # someone else, not signed in at the provider
    company_provider(other, "noclaim:newcomer@example.com")  # Entra ID leaves the claim out
    expect(other.get_by_role("heading", level=1)).to_have_text(
        "Your company sign-in did not confirm this address"
    )
    assert not User.objects.filter(email="newcomer@example.com").exists()
    assert list(proof.members()) == [target]


def test_an_operator_can_trust_a_provider_that_leaves_the_claim_out(
    page, live_server, guide, company_provider, settings
):
    settings.OIDC_TRUST_UNVERIFIED_EMAIL = True
    company_provider(page, "noclaim:kai@example.com")
    page.wait_for_url(live_server.url + "/checklist/")
    assert [member.email for member in proof.members()] == ["kai@example.com"]
