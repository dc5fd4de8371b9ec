"""The intranet's SSO proxy signs colleagues in, and only when the operator turned it on."""

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model

from accounts import proof

User = get_user_model()

SSO_MIDDLEWARE = "accounts.middleware.RemoteUserHeaderMiddleware"


@pytest.fixture
def sso_on(settings, settings_from_env):
    """The settings config/settings.py itself builds when REMOTE_USER_HEADER is set."""
    built = settings_from_env(REMOTE_USER_HEADER="X-Remote-User")
    for name in ("REMOTE_USER_HEADER", "MIDDLEWARE", "AUTHENTICATION_BACKENDS"):
        setattr(settings, name, built[name])


def test_by_default_the_header_is_not_trusted(client, guide):
    assert SSO_MIDDLEWARE not in django_settings.MIDDLEWARE
    response = client.get("/accounts/", HTTP_X_REMOTE_USER="mallory@example.com")
    assert response.status_code == 302  # sent to log in
    page = client.get("/checklist/", HTTP_X_REMOTE_USER="mallory@example.com").content.decode()
    assert "Log out" not in page
    assert not User.objects.exists()


def test_with_sso_on_the_header_signs_in_and_creates_the_colleague(client, guide, sso_on):
    response = client.get("/accounts/", HTTP_X_REMOTE_USER="Ada@Example.com")
    assert response.status_code == 200
    user = User.objects.get()
    assert (user.username, user.email) == ("ada@example.com", "ada@example.com")
    assert not user.has_usable_password()
    assert "through your company's single sign-on" in response.content.decode()
    # The session keeps them signed in on the next request.
    assert client.get("/accounts/").status_code == 200
    assert User.objects.count() == 1


def test_with_sso_on_anonymous_ticks_move_to_the_account(client, guide, sso_on):
    client.post("/checklist/ai-training/", {"state": "done"})
    client.get("/checklist/", HTTP_X_REMOTE_USER="ada@example.com")
    assert User.objects.get().ticks.get().state == "done"


@pytest.mark.parametrize(
    "value", ["a@example.com,b@example.com", "a@example.com b@example.com", " a@example.com", "ada"]
)
def test_the_header_must_hold_exactly_one_address(client, guide, sso_on, value):
    response = client.get("/checklist/", HTTP_X_REMOTE_USER=value)
    assert response.status_code == 400
    assert not User.objects.exists()


def test_an_account_sso_signs_in_keeps_no_password_and_counts_as_proved(client, guide, sso_on):

    from tests.factories import UserFactory

    squatter = UserFactory(username="kim@example.com", email="kim@example.com", proved=False)
    client.get("/accounts/", HTTP_X_REMOTE_USER="Kim@Example.com")
    squatter.refresh_from_db()
    assert not squatter.has_usable_password()
    assert list(proof.members()) == [squatter]
    assert User.objects.count() == 1
