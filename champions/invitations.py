"""Inviting colleagues on the staff list: who is due, and sending each a personal link
(accounts/invitations.py makes and accepts the links)."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts import invitations as links
from accounts.links import absolute_url
from accounts.mail import refuse_without_a_real_backend
from directory.models import Colleague
from guide import progress
from guide.models import Guide

from . import mail


def not_started(guide: Guide) -> QuerySet[Colleague]:
    """Active colleagues who have not started this guide (or have no account yet)."""
    return Colleague.objects.filter(active=True, opted_out=False).exclude(
        user__in=progress.started_users(guide)
    )


def due(
    guide: Guide,
    *,
    department: str | None = None,
    country: str | None = None,
    again: bool = False,
) -> QuerySet[Colleague]:
    colleagues = not_started(guide)
    if department:
        colleagues = colleagues.filter(department__iexact=department)
    if country:
        colleagues = colleagues.filter(country__iexact=country)
    if not again:
        colleagues = colleagues.filter(invited_at__isnull=True)
    return colleagues.exclude(user__reminders_enabled=False).order_by("email")


def due_for_reminder(guide: Guide, now: datetime.datetime | None = None) -> QuerySet[Colleague]:
    """Invited colleagues with no account yet, last invited longer ago than the reminder
    interval: they get the invitation again, with a fresh link."""
    now = now or timezone.now()
    # Never before the last link has run out: it says it works for INVITATION_DAYS.
    days = max(settings.REMINDER_INTERVAL_DAYS, links.INVITATION_DAYS)
    return (
        not_started(guide)
        .filter(user__isnull=True, invited_at__lt=now - datetime.timedelta(days=days))
        .order_by("email")
    )


def message(colleague: Colleague, guide: Guide, link: str) -> mail.Mail:
    context = {
        "colleague": colleague,
        "guide": guide,
        "link": link,
        "days": links.INVITATION_DAYS,
    }
    return mail.build(
        "invitation",
        colleague.email,
        context,
        language=mail.language_for(colleague),
        opt_out=mail.opt_out_url(colleague=colleague),
    )


def preview(colleague: Colleague, guide: Guide) -> mail.Mail:
    """The invitation as it would go, with a link that signs nobody in."""
    return message(colleague, guide, absolute_url(reverse("invitation", args=["…"])))


def send(
    guide: Guide,
    colleagues: Iterable[Colleague],
    *,
    dry_run: bool = False,
    now: datetime.datetime | None = None,
) -> list[Colleague]:
    """Invite each colleague: a fresh single-use link, the time it was sent recorded. The
    mail is built before the old link is replaced, so a guide title that cannot go into a
    mail stops the run before anyone's link changed."""
    now = now or timezone.now()
    sent = []
    if not dry_run:
        refuse_without_a_real_backend()
    for colleague in colleagues:
        if not dry_run:
            preview(colleague, guide).message()  # fails here, before the link changes
            token = links.new_link_token(colleague)
            message(colleague, guide, absolute_url(reverse("invitation", args=[token]))).send()
            Colleague.objects.filter(pk=colleague.pk).update(invited_at=now)
            colleague.invited_at = now
        sent.append(colleague)
    return sent
