"""Who a request belongs to, read with plain statements (accounts/sessions.py and
accounts/backends.py): the same answers as Django's own session store and backend."""

import datetime

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts.sessions import SessionStore
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def session_for(user, backend):
    """A signed-in session as `backend` would have made it at log-in."""
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = backend
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


def signed_in_as(client, key):
    client.cookies["sessionid"] = key
    page = client.get("/accounts/")
    return page.status_code == 200 and page.wsgi_request.user.email


def test_a_signed_in_session_reads_its_colleague(client, guide):
    user = UserFactory(email="ana@example.com")
    assert signed_in_as(client, session_for(user, "accounts.backends.AuthenticationBackend")) == (
        "ana@example.com"
    )
    assert client.get("/checklist/").wsgi_request.user == user


def test_a_session_signed_in_before_the_faster_backend_stays_signed_in(client, guide):
    user = UserFactory(email="ben@example.com")
    key = session_for(user, "allauth.account.auth_backends.AuthenticationBackend")
    assert signed_in_as(client, key) == "ben@example.com"


def test_an_expired_session_is_nobody_and_is_not_reused(client, guide):
    key = session_for(UserFactory(), "accounts.backends.AuthenticationBackend")
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert not signed_in_as(client, key)
    store = SessionStore(key)
    assert store.load() == {} and store.session_key is None  # a new session gets a new key


@pytest.mark.parametrize("change", ["deactivated", "deleted", "unknown id"])
def test_a_session_whose_account_changed_signs_nobody_in(client, guide, change):
    user = UserFactory()
    key = session_for(user, "accounts.backends.AuthenticationBackend")
    if change == "deactivated":
        user.is_active = False
        user.save()
    elif change == "deleted":
        user.delete()
    else:
        store = SessionStore(key)
        store[SESSION_KEY] = str(user.pk + 1000)
        store.save()
    assert not signed_in_as(client, key)


def test_the_user_read_raw_has_the_types_the_orm_gives(guide):
    """Converters still apply: aware datetimes and booleans, not SQLite's text and 0/1."""
    from accounts.backends import AuthenticationBackend

    user = UserFactory(last_login=timezone.now())
    read = AuthenticationBackend().get_user(user.pk)
    assert read == user
    assert read.is_active is True and read.is_staff is False
    assert timezone.is_aware(read.last_login) and timezone.is_aware(read.date_joined)
