"""Reminders for colleagues with an account who have not finished, outside campaigns: at
most once every REMINDER_INTERVAL_DAYS. (Campaigns remind on their own calendar:
champions/schedule.py.)"""

import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from accounts.mail import refuse_without_a_real_backend
from guide import progress
from guide.models import Guide

from . import adoption, outbox, tasks
from .models import Mail


def due(guide: Guide, now: datetime.datetime | None = None) -> QuerySet:
    """Members with something left to do, reachable, not opted out, not reminded lately
    (a reminder sent, or waiting in the outbox)."""
    now = now or timezone.now()
    required = progress.required_items(guide).count()
    recently = Mail.objects.filter(
        user=OuterRef("pk"),
        kind=Mail.Kind.REMINDER,
        queued_at__gt=now - datetime.timedelta(days=settings.REMINDER_INTERVAL_DAYS),
    ).exclude(status=Mail.Status.FAILED)
    return (
        adoption.members_with_progress(guide)
        .filter(progress.needs_reminder_q(required))
        .filter(reminders_enabled=True)
        .exclude(email="")
        .exclude(colleague__opted_out=True)
        .exclude(Exists(recently))
        .select_related("colleague")  # its language, for the mail
        .order_by("pk")
    )


def send(guide: Guide, *, dry_run: bool = False) -> list:
    """Queue a reminder to each member due one and hand them to the worker; return the
    colleagues it goes (or would go) to."""
    people = list(due(guide))
    if dry_run or not people:
        return people
    refuse_without_a_real_backend()
    today = timezone.localdate()
    outbox.queue(Mail(kind=Mail.Kind.REMINDER, user=user, occasion=today) for user in people)
    tasks.send_ready_mail()
    return people
