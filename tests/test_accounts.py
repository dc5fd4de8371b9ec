"""Sign-up, log-in, log-out, throttling and passwords."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from .factories import UserFactory

User = get_user_model()
PASSWORD = "correct horse battery staple"


def signup(client, email, password="a-long pass phrase"):
    return client.post(
        "/accounts/signup/", {"email": email, "password1": password, "password2": password}
    )


def test_sign_up_creates_the_account_signs_in_and_opens_the_checklist(client, guide):
    response = signup(client, "Ada@Example.com")
    assert response.status_code == 302
    assert response["Location"] == "/checklist/"
    user = User.objects.get()
    assert (user.username, user.email) == ("ada@example.com", "ada@example.com")
    page = client.get("/checklist/").content.decode()
    assert "Log out" in page


def test_sign_up_is_refused_outside_the_allowed_domains(client, db, settings):
    settings.SIGNUP_ALLOWED_DOMAINS = ["example.com"]
    response = signup(client, "someone@gmail.com")
    assert response.status_code == 200
    assert (
        "Sign up with your work e-mail: addresses ending in @example.com."
        in response.content.decode()
    )
    assert not User.objects.exists()
    assert signup(client, "someone@example.com").status_code == 302
    assert User.objects.count() == 1


def test_sign_up_page_names_the_allowed_domains(client, db, settings):
    settings.SIGNUP_ALLOWED_DOMAINS = ["example.com", "example.org"]
    page = client.get("/accounts/signup/").content.decode()
    assert "<strong>@example.com</strong> or <strong>@example.org</strong>" in page


def test_sign_up_can_be_closed(client, db, settings):
    settings.SIGNUP_OPEN = False
    assert client.get("/accounts/signup/").status_code == 403
    assert signup(client, "someone@example.com").status_code == 403
    assert not User.objects.exists()


def test_sign_up_refuses_an_e_mail_that_has_an_account(client, db):
    UserFactory(username="ada@example.com")
    response = signup(client, "ADA@example.com")
    assert "There is already an account for this e-mail" in response.content.decode()
    assert User.objects.count() == 1


def test_sign_up_refuses_mismatched_and_weak_passwords(client, db):
    response = client.post(
        "/accounts/signup/",
        {"email": "a@example.com", "password1": "a-long pass phrase", "password2": "other"},
    )
    assert "The two password fields didn" in response.content.decode()
    assert signup(client, "a@example.com", password="12345678").status_code == 200
    assert not User.objects.exists()


def test_log_in_asks_for_the_work_e_mail(client, db):
    page = client.get("/accounts/login/").content.decode()
    assert '<label for="id_username">Work e-mail:</label>' in page


def test_log_in_and_log_out(client, guide):
    user = UserFactory()
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/accounts/").status_code == 200
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/accounts/").status_code == 302


def test_log_in_follows_a_local_next_but_not_an_off_site_one(client, guide):
    user = UserFactory()
    response = client.post(
        "/accounts/login/?next=/print/", {"username": user.username, "password": PASSWORD}
    )
    assert response["Location"] == "/print/"
    client.post("/accounts/logout/")
    response = client.post(
        "/accounts/login/?next=https://evil.example/",
        {"username": user.username, "password": PASSWORD},
    )
    assert response["Location"] == "/checklist/"


def test_failed_log_ins_lock_the_account_from_that_address(client, db, settings):
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post("/accounts/login/", {"username": user.username, "password": "x"})
        assert response.status_code == 200
        assert "That e-mail and password do not match an account." in response.content.decode()
    response = client.post("/accounts/login/", {"username": user.username, "password": "x"})
    assert response.status_code == 429
    assert "Too many failed log-ins" in response.content.decode()
    # Even the right password is refused while the lock lasts.
    response = client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_lock_on_one_account_does_not_lock_another(client, db, settings):
    locked, other = UserFactory(), UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": locked.username, "password": "x"})
    response = client.post("/accounts/login/", {"username": other.username, "password": PASSWORD})
    assert response.status_code == 302


def test_password_reset_sends_a_working_link(client, db):
    user = UserFactory(email="ada@example.com", username="ada@example.com")
    response = client.post("/accounts/password_reset/", {"email": "ada@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ada@example.com"]
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    client.post(
        set_url, {"new_password1": "a brand new phrase", "new_password2": "a brand new phrase"}
    )
    user.refresh_from_db()
    assert user.check_password("a brand new phrase")


def test_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client, db):
    response = client.post(
        "/accounts/password_reset/", {"email": "nobody@example.com"}, follow=True
    )
    assert "Check your e-mail" in response.content.decode()
    assert mail.outbox == []


def test_password_change_needs_log_in_and_works(client, db):
    assert client.get("/accounts/password_change/").status_code == 302
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "another long phrase",
            "new_password2": "another long phrase",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another long phrase")


@pytest.mark.parametrize("path", ["/accounts/", "/accounts/export/", "/accounts/delete/"])
def test_account_pages_need_log_in(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
