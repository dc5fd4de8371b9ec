"""One mail builder and one opt-out: every mail from the champions' side is built by
champions.mail.build, speaks the colleague's language, and carries one opt-out link that
mail clients can use in one click."""

import time

import pytest
from django.core import mail, signing
from django.core.management import call_command

from champions import messages, reminders
from champions.mail import OPT_OUT_SALT, language_for, opt_out_url
from directory.models import Colleague
from tests.factories import ColleagueFactory, UserFactory


@pytest.fixture
def anna(guide, settings):
    settings.SITE_URL = "https://optout.example.com/with/a/rather/long/path/prefix"
    return ColleagueFactory(email="anna@example.com", name="Anna", country="DE")


def path_of(link):
    return link.split("/prefix", 1)[1]


def test_every_mail_has_text_html_and_an_unfolded_list_unsubscribe(anna, guide):
    call_command("send_invitations")
    user = UserFactory(email="ben@example.com")
    reminders.send(guide)
    invitation, reminder = mail.outbox
    assert reminder.to == [user.email]
    for message in (invitation, reminder):
        assert message.alternatives[0][1] == "text/html"
        raw = message.message().as_bytes().decode()
        header = next(line for line in raw.splitlines() if line.startswith("List-Unsubscribe:"))
        link = message.extra_headers["List-Unsubscribe"]
        assert header == f"List-Unsubscribe: {link}"  # one plain line, no =?utf-8?q?
        assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in raw
        assert link.strip("<>") in message.body


def test_one_click_stops_every_kind_of_mail(client, anna, guide):
    call_command("send_invitations")
    link = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    page = client.get(path_of(link)).content.decode()
    assert "Stop e-mails from us?" in page and "anna@example.com" not in page
    assert client.post(path_of(link)).status_code == 200  # RFC 8058: no CSRF token
    assert Colleague.objects.get(email="anna@example.com").opted_out
    mail.outbox.clear()
    call_command("send_invitations", again=True)
    assert mail.outbox == []


def test_an_opt_out_from_a_reminder_also_stops_invitations(client, guide, settings):
    user = UserFactory(email="cleo@example.com")
    row = ColleagueFactory(email="cleo@example.com", user=user)
    link = opt_out_url(user=user).removeprefix(settings.SITE_URL)
    client.post(link)
    row.refresh_from_db()
    user.refresh_from_db()
    assert row.opted_out and not user.reminders_enabled


def test_links_in_mails_sent_before_there_was_one_opt_out_still_work(client, guide):
    user = UserFactory(email="dan@example.com")
    row = ColleagueFactory(email="eve@example.com")
    old_reminder = signing.dumps(user.pk, salt="guide.reminders.opt-out")
    old_invitation = signing.dumps(row.pk, salt="accounts.invitation.opt-out")
    assert client.post(f"/reminders/off/{old_reminder}/").status_code == 200
    assert client.post(f"/accounts/invitation/off/{old_invitation}/").status_code == 200
    user.refresh_from_db()
    row.refresh_from_db()
    assert not user.reminders_enabled and row.opted_out


@pytest.mark.parametrize("payload", ["abc", [1], ["row"], ["admin", 1], ["row", True], None])
def test_a_signed_but_malformed_opt_out_is_a_400(client, guide, payload):
    token = signing.dumps(payload, salt=OPT_OUT_SALT)
    response = client.post(f"/mail/off/{token}/")
    assert response.status_code == 400
    assert "This opt-out link is not valid." in response.content.decode()


def test_a_tampered_or_expired_opt_out_is_a_400_and_changes_nothing(client, guide, monkeypatch):
    row = ColleagueFactory(email="fay@example.com")
    other = ColleagueFactory(email="gus@example.com")
    token = signing.dumps(["row", row.pk], salt=OPT_OUT_SALT)
    forged = token.replace(str(row.pk), str(other.pk), 1) + "x"
    made = time.time() - 181 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: made)
    expired = signing.dumps(["row", row.pk], salt=OPT_OUT_SALT)
    monkeypatch.undo()
    for bad in [forged, "nonsense", token[:-2], expired]:
        assert client.post(f"/mail/off/{bad}/").status_code == 400
    assert not Colleague.objects.filter(opted_out=True).exists()


def test_an_opt_out_for_someone_deleted_since_is_a_404(client, guide):
    row = ColleagueFactory(email="hal@example.com")
    token = signing.dumps(["row", row.pk], salt=OPT_OUT_SALT)
    row.delete()
    assert client.post(f"/mail/off/{token}/").status_code == 404


def test_one_rule_for_the_language_account_then_staff_list_then_site(settings):
    settings.LANGUAGE_CODE = "en"
    row = Colleague(email="x@example.com", language="de")
    assert language_for(row) == "de"
    assert language_for(Colleague(email="y@example.com")) == "en"
    user = UserFactory.build(language="en")
    row.user = user
    assert language_for(row) == "en"  # their own choice wins over the staff list
    assert language_for(user=UserFactory.build(language="")) == "en"


def test_a_guide_title_with_a_line_break_makes_a_one_line_subject(anna, guide):
    guide.title = "Switch it off\r\nBcc: everyone@example.com"
    message = messages.preview(anna, guide)
    assert "\n" not in message.subject and "\r" not in message.subject
    message.message()  # builds without the header-injection error
