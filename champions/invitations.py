"""Inviting colleagues on the staff list: who is due, and sending each a personal link
(accounts/invitations.py makes and accepts the links)."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from accounts import invitations as links
from accounts.mail import refuse_without_a_real_backend
from directory.models import Colleague
from guide import progress
from guide.models import Guide

from . import outbox, tasks
from .models import Mail


def not_started(guide: Guide) -> QuerySet[Colleague]:
    """Active colleagues who have not started this guide (or have no account yet), and
    have no invitation waiting in the outbox."""
    waiting = Mail.objects.filter(
        colleague=OuterRef("pk"),
        kind=Mail.Kind.INVITATION,
        status__in=[Mail.Status.QUEUED, Mail.Status.SENDING],
    )
    return (
        Colleague.objects.filter(active=True, opted_out=False, email__contains="@")
        .exclude(user__in=progress.started_users(guide))
        .exclude(Exists(waiting))
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


def send(guide: Guide, colleagues: Iterable[Colleague], *, dry_run: bool = False) -> list:
    """Queue an invitation to each colleague (at most one a day each) and hand them to the
    worker, which makes each a fresh single-use link when it sends it."""
    colleagues = list(colleagues)
    if dry_run or not colleagues:
        return colleagues
    refuse_without_a_real_backend()
    today = timezone.localdate()
    outbox.queue(Mail(kind=Mail.Kind.INVITATION, colleague=c, occasion=today) for c in colleagues)
    tasks.send_ready_mail()
    return colleagues
