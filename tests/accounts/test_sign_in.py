"""Signing in proves the address: nobody can use a colleague's, lock them out, or make a
link point elsewhere; single sign-on accepts exactly one address."""

import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts import proof
from tests.conftest import sign_in_by_mail, sign_in_code, sign_in_link
from tests.factories import ColleagueFactory, TickFactory, UserFactory

User = get_user_model()


@pytest.fixture(autouse=True)
def fresh_limits(db):
    from django.core.cache import cache

    cache.clear()


def ask_for_link(client, email):
    return client.post("/accounts/login/code/", {"email": email})


def test_asking_for_a_link_creates_nothing_that_counts_until_it_is_used(client, guide):
    response = ask_for_link(client, "ada@example.com")
    assert response.status_code == 302
    assert "Check your e-mail" in client.get(response["Location"]).content.decode()
    assert not proof.members().exists()
    assert "/checklist/" not in client.get("/accounts/").get("Location", "/accounts/login/")
    (message,) = mail.outbox
    assert message.to == ["ada@example.com"]
    assert sign_in_link(message).startswith("http://testserver/accounts/login/link/")


def test_the_link_signs_in_once_and_proves_the_address(client, guide):
    response = sign_in_by_mail(client, "Ada@Example.com")
    assert response.status_code == 302 and response["Location"] == "/checklist/"
    user = User.objects.get()
    assert (user.username, user.email) == ("ada@example.com", "ada@example.com")
    assert EmailAddress.objects.get(user=user).verified
    assert list(proof.members()) == [user]
    link, code = sign_in_link(mail.outbox[-1]), sign_in_code(mail.outbox[-1])
    other = Client()
    assert other.post(link).status_code == 400  # used
    again = other.post("/accounts/login/code/confirm/", {"code": code})
    assert "_auth_user_id" not in other.session
    assert again.status_code in (302, 200)


def test_the_code_expires(client, guide, settings):
    ask_for_link(client, "ada@example.com")
    code = sign_in_code(mail.outbox[-1])
    settings.ACCOUNT_LOGIN_BY_CODE_TIMEOUT = -1  # as if its 15 minutes had passed
    client.post("/accounts/login/code/confirm/", {"code": code})
    assert "_auth_user_id" not in client.session
    assert not proof.members().exists()


def test_an_address_signs_in_whatever_its_letter_case(client, guide):
    alice = UserFactory(username="alice@example.com", email="alice@example.com")
    sign_in_by_mail(client, "Alice@Example.COM")
    assert client.session["_auth_user_id"] == str(alice.pk)
    assert User.objects.count() == 1


def test_a_sign_up_for_someone_elses_address_counts_nowhere(client, guide):
    ask_for_link(Client(), "victim@example.com")  # the squatter never sees the mail
    assert not proof.members().exists()
    assert User.objects.filter(email="victim@example.com").count() == 1
    # The owner's own request reaches the same account, and only they get in.
    sign_in_by_mail(client, "victim@example.com")
    assert [u.email for u in proof.members()] == ["victim@example.com"]


def test_a_password_chosen_before_the_proof_does_not_outlive_it(client, guide, settings):
    squatter = UserFactory(username="bob@example.com", email="bob@example.com", proved=False)
    assert squatter.has_usable_password()
    sign_in_by_mail(client, "bob@example.com")
    squatter.refresh_from_db()
    assert not squatter.has_usable_password()


def test_a_hundred_failed_attempts_do_not_stop_the_owner(guide, settings):
    settings.PASSWORDS_ALLOWED = True
    UserFactory(username="carol@example.com", email="carol@example.com")
    attacker = Client(REMOTE_ADDR="10.0.0.66")
    for _ in range(100):
        attacker.post("/accounts/login/", {"login": "carol@example.com", "password": "wrong"})
        ask_for_link(attacker, "carol@example.com")
    owner = Client(REMOTE_ADDR="10.0.0.7")
    response = sign_in_by_mail(owner, "carol@example.com")
    assert response["Location"] == "/checklist/"
    assert "_auth_user_id" in owner.session


def test_throttled_log_ins_never_reach_the_password_hasher(guide, settings, monkeypatch):
    settings.PASSWORDS_ALLOWED = True
    from django.contrib.auth.hashers import MD5PasswordHasher

    calls = []
    original = MD5PasswordHasher.verify
    monkeypatch.setattr(
        MD5PasswordHasher, "verify", lambda self, *a: calls.append(1) or original(self, *a)
    )
    UserFactory(username="dan@example.com", email="dan@example.com")
    client = Client(REMOTE_ADDR="10.0.0.9")
    statuses = [
        client.post("/accounts/login/", {"login": "dan@example.com", "password": "x"}).status_code
        for _ in range(40)
    ]
    assert 429 in statuses
    hashed_before_limit = len(calls)
    client.post("/accounts/login/", {"login": "dan@example.com", "password": "x"})
    assert len(calls) == hashed_before_limit
    assert hashed_before_limit <= 10


def test_passwords_are_refused_unless_allowed(client, guide):
    UserFactory(username="eve@example.com", email="eve@example.com")
    response = client.post(
        "/accounts/login/",
        {"login": "eve@example.com", "password": "correct horse battery staple"},
    )
    assert "_auth_user_id" not in client.session
    assert "Passwords are not used here" in response.content.decode()


def test_mail_links_carry_site_url_whatever_the_host_header(guide, settings):
    settings.SITE_URL = "https://optout.example.com"
    settings.ALLOWED_HOSTS = ["*"]
    Client(HTTP_HOST="evil.example.net:8443").post(
        "/accounts/login/code/", {"email": "fay@example.com"}
    )
    link = sign_in_link(mail.outbox[-1])
    assert link.startswith("https://optout.example.com/accounts/login/link/")
    assert "evil" not in mail.outbox[-1].body


def test_without_a_real_mail_server_sign_in_mail_says_so(client, guide, settings):
    settings.DEBUG = False
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
    response = client.post("/accounts/login/code/", {"email": "gus@example.com"})
    assert response.status_code == 503
    assert "Sign-in e-mail is not set up" in response.content.decode()


def test_addresses_outside_the_allowed_domains_are_refused(client, guide, settings):
    settings.SIGNUP_ALLOWED_DOMAINS = ["example.com"]
    response = ask_for_link(client, "someone@elsewhere.org")
    assert "Use your work e-mail: addresses ending in @example.com." in response.content.decode()
    assert mail.outbox == [] and not User.objects.exists()


def test_reminders_skip_unproved_addresses(guide, settings):
    from champions import reminders

    UserFactory(email="unproved@example.com", proved=False)
    proved = UserFactory(email="proved@example.com")
    assert list(reminders.due(guide)) == [proved]


TEXT_FIELDS = ("CharField", "TextField", "EmailField", "JSONField")


def tables_about(user_pk, address):
    """Every table with a row that names `address` (any letter case, any text column) or
    points at the account: a scan of the whole database."""
    from django.apps import apps
    from django.db import connection

    found = set()
    existing = connection.introspection.table_names()
    with connection.cursor() as cursor:
        for model in apps.get_models():
            table = model._meta.db_table
            if table not in existing:
                continue
            for f in model._meta.concrete_fields:
                count = f'SELECT COUNT(*) FROM "{table}" WHERE '
                if f.get_internal_type() in TEXT_FIELDS:
                    where = f'LOWER(CAST("{f.column}" AS TEXT)) LIKE %s'
                    cursor.execute(count + where, [f"%{address.lower()}%"])
                elif f.is_relation and f.related_model is User:
                    cursor.execute(count + f'"{f.column}" = %s', [user_pk])
                else:
                    continue
                if cursor.fetchone()[0]:
                    found.add(table)
    return found


def test_deleting_leaves_no_row_that_names_the_person(client, guide):
    ColleagueFactory(email="hal@example.com", name="Hal")
    sign_in_by_mail(client, "Hal@Example.com")
    user = User.objects.get()
    TickFactory(user=user, item=guide.items.first())
    Client().post("/accounts/login/code/", {"email": "HAL@example.com"})
    other_device = Client()
    sign_in_by_mail(other_device, "hal@example.com")
    assert other_device.get("/accounts/").status_code == 200
    response = client.post("/accounts/delete/", {"confirmation": "delete"})
    assert response.status_code == 302
    assert other_device.get("/accounts/").status_code == 302  # signed out there too
    assert not Session.objects.filter(session_key=other_device.session.session_key).exists()
    assert tables_about(user.pk, "hal@example.com") == set()


EXPORT_SECTIONS = {
    "accounts_user": "account",
    "account_emailaddress": "addresses",
    "accounts_colleague": "staff_list",
    "guide_tick": "ticks",
    "guide_progresssummary": "ticks",  # counted from the ticks, which the export holds
    "champions_mail": "mails_sent",
    "champions_membership": "campaigns",
    "usersessions_usersession": "sessions",
    "socialaccount_socialaccount": "single_sign_on",
    "accounts_signinlink": "sign_in_links",
}


def test_the_export_holds_every_row_the_scan_finds(client, guide):
    ColleagueFactory(email="ivy@example.com", name="Ivy", department="Legal")
    sign_in_by_mail(client, "ivy@example.com")
    user = User.objects.get()
    TickFactory(user=user, item=guide.items.first())
    sent = timezone.now() - datetime.timedelta(days=1)
    user.mails.create(kind="reminder", occasion=sent.date(), status="sent", sent_at=sent)
    Client().post("/accounts/login/code/", {"email": "ivy@example.com"})  # a link not used yet
    data = client.get("/accounts/export/").json()
    tables = tables_about(user.pk, "ivy@example.com")
    assert tables >= {
        "accounts_user",
        "accounts_colleague",
        "accounts_signinlink",
        "guide_tick",
        "champions_mail",
    }
    for table in tables:
        assert data[EXPORT_SECTIONS[table]], table  # every table found has its section
    assert data["account"]["email"] == "ivy@example.com"
    assert data["account"]["reminders_enabled"] is True
    assert data["addresses"] == [{"email": "ivy@example.com", "verified": True, "primary": True}]
    assert data["staff_list"][0]["department"] == "Legal"
    response = client.get("/accounts/export/")
    assert {"private", "no-store"} <= set(response["Cache-Control"].split(", "))


def test_the_daily_purge_removes_unproved_accounts_and_expired_records(guide, settings):
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection

    old = timezone.now() - datetime.timedelta(days=8)
    asked_for = UserFactory(email="never@example.com", proved=False)
    User.objects.filter(pk=asked_for.pk).update(date_joined=old)
    from_before = UserFactory(email="legacy@example.com", proved=False)
    User.objects.filter(pk=from_before.pk).update(date_joined=old)
    TickFactory(user=from_before, item=guide.items.first())  # kept: it has ticks
    proved = UserFactory(email="proved@example.com")
    cache.set("kept", 1, timeout=600)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO django_cache (cache_key, value, expires) VALUES (%s, %s, %s)",
            [":1:gone", "x", old],
        )
    call_command("purge_expired")
    assert set(User.objects.values_list("email", flat=True)) == {
        from_before.email,
        proved.email,
    }
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key, expires FROM django_cache")
        rows = cursor.fetchall()
    assert [key for key, _ in rows] == [":1:kept"], rows


def test_use_another_address_starts_again(client, guide):
    ask_for_link(client, "typo@example.com")
    page = client.get("/accounts/login/code/confirm/").content.decode()
    assert "Use another address" in page
    client.post("/accounts/logout/", {"next": "/accounts/login/"})
    sign_in_by_mail(client, "right@example.com")
    assert User.objects.get(pk=client.session["_auth_user_id"]).email == "right@example.com"


def test_the_daily_purge_keeps_a_champion_who_has_not_signed_in_yet(guide):
    from django.core.management import call_command

    call_command("create_champion", "boss@example.com")
    User.objects.update(date_joined=timezone.now() - datetime.timedelta(days=30))
    call_command("purge_expired")
    assert User.objects.filter(email="boss@example.com").exists()


def test_with_sso_on_sign_in_by_link_is_off_unless_turned_on(settings_from_env):
    assert settings_from_env(REMOTE_USER_HEADER="X-Remote-User")["SIGN_IN_BY_LINK"] is False
    built = settings_from_env(REMOTE_USER_HEADER="X-Remote-User", SIGN_IN_BY_LINK="true")
    assert built["ACCOUNT_LOGIN_BY_CODE_ENABLED"] is True


def test_signing_up_proves_the_address_with_the_mailed_code(client, guide):
    response = client.post("/accounts/signup/", {"email": "Una@Example.com"}, follow=True)
    assert "Code from the e-mail" in response.content.decode()
    code = re.search(r"\?code=([\w-]+)", mail.outbox[-1].body)[1]
    client.post(response.redirect_chain[-1][0], {"code": code})
    assert [user.email for user in proof.members()] == ["una@example.com"]


def test_the_account_page_does_not_claim_single_sign_on_after_an_e_mailed_link(client, guide):
    sign_in_by_mail(client, UserFactory(email="mira@example.com").email)
    page = client.get("/accounts/").content.decode()
    assert "Signed in as <strong>mira@example.com</strong>." in page
    assert "single sign-on" not in page


def test_an_account_linked_to_sso_that_signed_in_by_link_is_not_told_it_used_sso(client, guide):
    from allauth.socialaccount.models import SocialAccount

    user = UserFactory(email="nora@example.com")
    SocialAccount.objects.create(user=user, provider="openid_connect", uid="nora")
    sign_in_by_mail(client, user.email)
    assert "single sign-on" not in client.get("/accounts/").content.decode()


def test_export_and_deletion_cover_a_staff_list_row_typed_in_any_case(client, guide):
    from directory import matching
    from directory.models import Colleague

    user = UserFactory(email="bob@example.com")
    Colleague.objects.create(email="Bob@Example.com", name="Bob Builder")
    matching.match_all()
    client.force_login(user)
    exported = client.get("/accounts/export/").json()
    assert [row["name"] for row in exported["staff_list"]] == ["Bob Builder"]
    client.post("/accounts/delete/", {"confirmation": "delete"})
    assert not Colleague.objects.filter(name="Bob Builder").exists()
