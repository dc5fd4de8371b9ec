"""Reminder e-mails for colleagues with an account who have not finished."""

import datetime

from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.links import absolute_url
from guide import progress
from guide.models import ChecklistItem, Guide

from . import adoption, mail
from .models import Reminder


def due(guide: Guide, now: datetime.datetime | None = None) -> QuerySet:
    """Members with something left to do, reachable, not opted out, not reminded lately."""
    now = now or timezone.now()
    required = progress.required_items(guide).count()
    recently = Reminder.objects.filter(
        user=OuterRef("pk"),
        sent_at__gt=now - datetime.timedelta(days=settings.REMINDER_INTERVAL_DAYS),
    )
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


def message(user, guide: Guide) -> mail.Mail:
    """The reminder: what is left and what to check again (titles are rendered in the
    mail's language)."""
    states = progress.states_of_user(user, list(ChecklistItem.objects.for_guide(guide)))
    context = {
        "user": user,
        "guide": guide,
        "to_recheck": [s.item for s in states if s.stale],
        "left": [s.item for s in states if not s.reviewed and not s.stale and not s.item.optional],
        "stale": any(s.stale for s in states),
        "checklist_url": absolute_url(reverse("guide:checklist")),
    }
    return mail.build(
        "reminder",
        user.email,
        context,
        language=mail.language_for(user=user),
        opt_out=mail.opt_out_url(user=user),
    )


def send(guide: Guide, *, dry_run: bool = False) -> list:
    """Send each due reminder and record it; return the colleagues it went (or would go) to."""
    sent = []
    for user in due(guide):
        if not dry_run:
            message(user, guide).send()
            Reminder.objects.create(user=user)
        sent.append(user)
    return sent
