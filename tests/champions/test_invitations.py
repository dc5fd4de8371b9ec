"""Invitations: one personal link per colleague who has not started; it signs them in
once, before it expires, as themselves only."""

import datetime
import re
import time

import pytest
from django.core import mail, signing
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from accounts import invitations, proof
from champions import invitations as sending
from champions.models import Mail
from directory.models import Colleague
from tests.factories import ColleagueFactory, TickFactory, UserFactory


@pytest.fixture
def staff(guide):
    started = UserFactory(email="busy@example.com")
    TickFactory(user=started, item=guide.items.first())
    return {
        "ada": ColleagueFactory(email="ada@example.com", department="Research", country="GB"),
        "bob": ColleagueFactory(email="bob@example.com", department="Sales", country="DE"),
        "busy": ColleagueFactory(email="busy@example.com", user=started),
        "quiet": ColleagueFactory(email="quiet@example.com", opted_out=True),
        "gone": ColleagueFactory(email="gone@example.com", active=False),
    }


def link_in(message):
    return re.search(r"http://testserver(/accounts/invitation/[^/\s]+/)", message.body).group(1)


def test_invitations_go_once_to_active_colleagues_who_have_not_started(staff):
    call_command("send_invitations")
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@example.com", "bob@example.com"]
    assert Colleague.objects.filter(invited_at__isnull=False).count() == 2
    call_command("send_invitations")
    assert len(mail.outbox) == 2  # once per colleague
    call_command("send_invitations", again=True, department="sales")
    assert len(mail.outbox) == 2  # and at most once a day, even when asked again
    Mail.objects.update(occasion=timezone.localdate() - datetime.timedelta(days=1))
    call_command("send_invitations", again=True, department="sales")
    assert [m.to[0] for m in mail.outbox[2:]] == ["bob@example.com"]


def test_dry_run_and_filters(staff, capsys):
    call_command("send_invitations", dry_run=True, country="GB")
    assert "Would invite ada@example.com" in capsys.readouterr().out
    assert mail.outbox == [] and not Colleague.objects.filter(invited_at__isnull=False).exists()


def test_the_link_shows_one_button_and_signs_in_once_as_its_colleague(client, staff):
    call_command("send_invitations", country="GB")
    link = link_in(mail.outbox[0])
    page = client.get(link)
    assert "Sign in and open my checklist" in page.content.decode()
    assert "_auth_user_id" not in client.session  # opening it (a mail scanner) does nothing
    response = client.post(link)
    assert response["Location"] == "/checklist/"
    (member,) = proof.members().exclude(email="busy@example.com")
    assert member.email == "ada@example.com"
    assert Colleague.objects.get(email="ada@example.com").user == member
    again = Client()
    assert again.post(link).status_code == 400
    assert "_auth_user_id" not in again.session


def test_an_expired_or_forged_link_signs_nobody_in(client, staff, monkeypatch):
    ada = staff["ada"]
    ada.invitation_nonce = "n" * 32
    ada.save()
    made = time.time() - 15 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: made)
    old = signing.dumps([ada.pk, ada.invitation_nonce], salt=invitations.SALT)
    monkeypatch.undo()
    forged = signing.dumps([staff["bob"].pk, "n" * 32], salt=invitations.SALT)
    for token in [old, forged, "nonsense", signing.dumps("x", salt=invitations.SALT)]:
        response = client.post(f"/accounts/invitation/{token}/")
        assert response.status_code == 400
    assert "_auth_user_id" not in client.session
    assert not proof.members().exclude(email="busy@example.com").exists()


def test_the_opt_out_is_honoured(client, staff):
    call_command("send_invitations", country="DE")
    (message,) = mail.outbox
    opt_out = re.search(r"http://testserver(/mail/off/\S+/)", message.body).group(1)
    client.post(opt_out)
    assert Colleague.objects.get(email="bob@example.com").opted_out
    call_command("send_invitations", again=True)
    assert "bob@example.com" not in [m.to[0] for m in mail.outbox[1:]]


def test_reminders_reach_invited_colleagues_who_never_signed_in(staff, settings):
    import datetime

    from django.utils import timezone

    settings.SITE_URL = "http://testserver"
    call_command("send_invitations")
    mail.outbox.clear()
    call_command("send_reminders")  # invited just now: not yet
    assert [m for m in mail.outbox if "invitation" in m.body] == []
    Colleague.objects.update(invited_at=timezone.now() - datetime.timedelta(days=15))
    Mail.objects.update(occasion=timezone.localdate() - datetime.timedelta(days=15))
    call_command("send_reminders")
    again = sorted(m.to[0] for m in mail.outbox if "/accounts/invitation/" in m.body)
    assert again == ["ada@example.com", "bob@example.com"]
    assert Colleague.objects.get(email="ada@example.com").invited_at > timezone.now() - (
        datetime.timedelta(minutes=1)
    )


def test_an_invitation_is_spent_by_the_first_of_two_presses(staff):
    ada = staff["ada"]
    ada.invitation_nonce = "n" * 32
    ada.save()
    first, second = Colleague.objects.get(pk=ada.pk), Colleague.objects.get(pk=ada.pk)
    assert invitations.accept(first) is not None
    assert invitations.accept(second) is None  # loaded before the first was spent


def test_an_invitation_never_signs_in_a_staff_account(client, staff):
    from tests.factories import ChampionFactory

    ChampionFactory(email="ada@example.com", username="ada@example.com")
    call_command("send_invitations", country="GB")
    response = client.post(link_in(mail.outbox[0]))
    assert response.status_code == 400
    assert "_auth_user_id" not in client.session


def test_a_re_invitation_waits_until_the_first_link_has_run_out(guide, staff):
    import datetime

    from django.utils import timezone

    call_command("send_invitations", country="GB")
    Colleague.objects.update(invited_at=timezone.now() - datetime.timedelta(days=8))
    assert not sending.due_for_reminder(guide).exists()  # its link works 14 days
    Colleague.objects.update(invited_at=timezone.now() - datetime.timedelta(days=15))
    assert sending.due_for_reminder(guide).filter(email="ada@example.com").exists()


def test_a_guide_title_with_a_line_break_stops_no_invitation(guide, staff):
    from django.utils import translation

    with translation.override("en"):
        guide.title = "Switch it off\r\nBcc: everyone@example.com"
        guide.save()
    from guide import page_cache

    page_cache.forget()
    call_command("send_invitations")
    assert sorted(m.to[0] for m in mail.outbox) == ["ada@example.com", "bob@example.com"]
    for message in mail.outbox:
        assert "\n" not in message.subject and "\r" not in message.subject
        assert message.message()["Bcc"] is None  # the title injected no header
