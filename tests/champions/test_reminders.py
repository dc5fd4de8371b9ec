"""Reminder e-mails: the right colleagues, never twice in the interval, never after opting out."""

import datetime

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from champions.models import Mail
from guide import summaries
from guide.models import ChecklistItem
from tests.factories import TickFactory, UserFactory


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = "https://optout.example.com"


def finish(user, guide, when=None):
    for item in guide.items.filter(optional=False):
        TickFactory(user=user, item=item, updated_at=when or timezone.now())


@pytest.fixture
def colleagues(guide):
    done = UserFactory(email="done@example.com")
    finish(done, guide)
    todo = UserFactory(email="todo@example.com")
    stale = UserFactory(email="stale@example.com")
    finish(stale, guide, when=timezone.now() - datetime.timedelta(days=3))
    ChecklistItem.objects.filter(slug="ai-training").update(
        revised=timezone.now() - datetime.timedelta(days=1)
    )
    summaries.summarise(guide)  # as the admin action does
    quiet = UserFactory(email="quiet@example.com", reminders_enabled=False)
    UserFactory(email="gone@example.com", is_active=False)
    UserFactory(email="")  # nowhere to send it
    return {"done": done, "todo": todo, "stale": stale, "quiet": quiet}


def test_reminders_go_to_unfinished_and_stale_colleagues_only(guide, colleagues):
    call_command("send_reminders")
    assert sorted(message.to[0] for message in mail.outbox) == [
        "stale@example.com",
        "todo@example.com",
    ]
    assert Mail.objects.filter(kind="reminder", status="sent").count() == 2


def test_a_reminder_has_text_html_and_a_working_opt_out_link(client, guide, colleagues):
    call_command("send_reminders")
    message = next(m for m in mail.outbox if m.to == ["todo@example.com"])
    assert "https://optout.example.com/checklist/" in message.body
    html, kind = message.alternatives[0]
    assert kind == "text/html" and "https://optout.example.com/checklist/" in html
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert link in message.body
    path = link.removeprefix("https://optout.example.com")

    assert "Stop e-mails from us?" in client.get(path).content.decode()
    colleagues["todo"].refresh_from_db()
    assert colleagues["todo"].reminders_enabled  # looking is not opting out

    response = client.post(path)
    assert response.status_code == 200 and "No more e-mails" in response.content.decode()
    colleagues["todo"].refresh_from_db()
    assert not colleagues["todo"].reminders_enabled


def test_the_stale_reminder_says_the_guide_changed(guide, colleagues):
    call_command("send_reminders")
    message = next(m for m in mail.outbox if m.to == ["stale@example.com"])
    assert "changed since you ticked" in message.body


def test_running_twice_sends_nothing_the_second_time(guide, colleagues):
    call_command("send_reminders")
    call_command("send_reminders")
    assert len(mail.outbox) == 2
    assert Mail.objects.filter(kind="reminder", status="sent").count() == 2


def test_after_the_interval_they_are_reminded_again(guide, colleagues, settings):
    settings.REMINDER_INTERVAL_DAYS = 7
    call_command("send_reminders")
    Mail.objects.update(
        queued_at=timezone.now() - datetime.timedelta(days=8),
        occasion=timezone.localdate() - datetime.timedelta(days=8),
    )
    call_command("send_reminders")
    assert len(mail.outbox) == 4


def test_dry_run_lists_but_sends_and_records_nothing(guide, colleagues, capsys):
    call_command("send_reminders", dry_run=True)
    assert mail.outbox == []
    assert not Mail.objects.exists()
    assert "Would remind todo@example.com" in capsys.readouterr().out


def test_dry_run_shows_the_mail_as_it_would_go(guide, colleagues, capsys):
    call_command("send_reminders", dry_run=True)
    out = capsys.readouterr().out
    first = min([colleagues["todo"], colleagues["stale"]], key=lambda user: user.pk)
    assert f"The mail to {first.email} would read:" in out
    assert f"Subject: Reminder: {guide.title}" in out
    assert "List-Unsubscribe: <https://optout.example.com/mail/off/" in out
    assert "Your checklist: https://optout.example.com/checklist/" in out
    assert mail.outbox == []


def test_without_an_address_the_command_refuses(guide, settings):
    settings.SITE_URL = ""
    with pytest.raises(CommandError, match="SITE_URL"):
        call_command("send_reminders")


def test_the_plain_text_reminder_is_not_html_escaped_and_names_what_is_left(guide, colleagues):
    call_command("send_reminders")
    by_address = {message.to[0]: message for message in mail.outbox}
    todo = by_address["todo@example.com"].body
    assert "&#x27;" not in todo and "&quot;" not in todo
    assert f'"{guide.title}"' in todo
    assert "Still to do:" in todo
    for item in guide.items.filter(optional=False):
        assert f"- {item.title}" in todo
    stale = by_address["stale@example.com"].body
    ai = guide.items.get(slug="ai-training")
    assert f"To check again:\n- {ai.title}" in stale
