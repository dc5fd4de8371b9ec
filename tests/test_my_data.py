"""A colleague sees, downloads and deletes what the app keeps about them."""

import json

from axes.models import AccessAttempt
from django.contrib.auth import get_user_model

from guide.models import Tick

from .factories import TickFactory, UserFactory

User = get_user_model()
PASSWORD = "correct horse battery staple"


def test_export_holds_the_account_and_every_tick(client, guide):
    user = UserFactory(username="ada@example.com", email="ada@example.com")
    tick = TickFactory(user=user, item=guide.items.get(slug="ai-training"))
    TickFactory(item=guide.items.get(slug="ai-training"))  # someone else's
    client.force_login(user)
    response = client.get("/accounts/export/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == "ada@example.com"
    assert data["ticks"] == [
        {
            "item": "ai-training",
            "title": tick.item.title,
            "state": "done",
            "updated_at": tick.updated_at.isoformat(),
        }
    ]


def test_export_refuses_post(client, db):
    client.force_login(UserFactory())
    assert client.post("/accounts/export/").status_code == 405


def test_delete_with_a_wrong_password_changes_nothing(client, guide):
    user = UserFactory()
    TickFactory(user=user, item=guide.items.first())
    client.force_login(user)
    response = client.post("/accounts/delete/", {"password": "wrong"})
    assert response.status_code == 200
    assert "That is not your password." in response.content.decode()
    assert User.objects.filter(pk=user.pk).exists()
    assert Tick.objects.count() == 1


def test_delete_with_the_password_leaves_no_rows_behind(client, guide):
    user = UserFactory()
    for item in guide.items.all():
        TickFactory(user=user, item=item)
    other = TickFactory(item=guide.items.first())
    client.post("/accounts/login/", {"username": user.username, "password": "wrong"})
    client.force_login(user)

    response = client.post("/accounts/delete/", {"password": PASSWORD})

    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    assert list(Tick.objects.all()) == [other]
    assert not AccessAttempt.objects.filter(username=user.username).exists()
    assert "_auth_user_id" not in client.session
    assert client.get("/accounts/").status_code == 302


def test_an_sso_colleague_confirms_deletion_by_typing(client, guide):
    user = UserFactory()
    user.set_unusable_password()
    user.save()
    client.force_login(user)
    page = client.get("/accounts/delete/").content.decode()
    assert "a new, empty account is created the next time" in page
    client.post("/accounts/delete/", {"confirmation": "yes"})
    assert User.objects.filter(pk=user.pk).exists()
    client.post("/accounts/delete/", {"confirmation": "delete"})
    assert not User.objects.filter(pk=user.pk).exists()
