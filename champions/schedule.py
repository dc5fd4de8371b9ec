"""The periodic step: what each running campaign owes whom today, queued in the outbox.

For every running campaign, as of today:
- an invitation to every member who has not finished and was never invited in it (at the
  start, and whoever joined the staff list since);
- a reminder on each reminder day that has come (only the latest one, should the step
  have not run for a while), to members not finished who were invited before that day;
- an overdue notice on each overdue day, to members not finished;
- a digest on each digest day, to every manager (at any level) with someone below them
  not finished.
Each mail is keyed by its day: running the step again, or twice at once, queues nothing
new. Finishers, leavers and whoever opted out get nothing (messages.build checks again
when it sends).
"""

import datetime

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from directory.models import Colleague
from guide import progress

from . import campaigns, outbox
from .models import Campaign, Mail


def run(today: datetime.date | None = None) -> dict[str, int]:
    """Queue whatever is due today in every running campaign; counts by kind."""
    today = today or timezone.localdate()
    queued = {kind.value: 0 for kind in Mail.Kind}
    for campaign in Campaign.objects.running(today).select_related("guide"):
        campaigns.enrol(campaign)  # a safety net: joiners are enrolled on every import
        for kind, count in queue_campaign(campaign, today).items():
            queued[kind] += count
    return queued


def latest_occasion(
    campaign: Campaign, days: list[int], today: datetime.date
) -> datetime.date | None:
    """The latest scheduled day (due date + each of `days`) that has come, not before the
    start."""
    occasions = [campaign.due_on + datetime.timedelta(days=day) for day in days]
    passed = [day for day in occasions if campaign.starts_on <= day <= today]
    return max(passed, default=None)


def sent_already(campaign: Campaign, kind: str, occasion: datetime.date | None = None):
    mails = Mail.objects.filter(campaign=campaign, colleague=OuterRef("pk"), kind=kind)
    return Exists(mails.filter(occasion=occasion) if occasion else mails)


def waiting(campaign: Campaign) -> QuerySet[Colleague]:
    """Members not finished and reachable."""
    required = progress.required_items(campaign.guide).count()
    return (
        campaigns.with_progress(campaigns.members(campaign), campaign.guide)
        .exclude(progress.finished_q(required))
        .filter(opted_out=False)
        .exclude(user__reminders_enabled=False)
    )


def queue_campaign(campaign: Campaign, today: datetime.date) -> dict[str, int]:
    counts = {}
    mail = Mail.Kind
    counts[mail.INVITATION] = outbox.queue(
        Mail(campaign=campaign, colleague_id=pk, kind=mail.INVITATION, occasion=campaign.starts_on)
        for pk in waiting(campaign)
        .exclude(sent_already(campaign, mail.INVITATION))
        .values_list("pk", flat=True)
        .iterator()
    )
    reminder_day = latest_occasion(campaign, campaign.reminder_days, today)
    if reminder_day is not None:
        start_of_day = timezone.make_aware(
            datetime.datetime.combine(reminder_day, datetime.time.min)
        )
        invited_before = Mail.objects.filter(
            campaign=campaign,
            colleague=OuterRef("pk"),
            kind=mail.INVITATION,
            queued_at__lt=start_of_day,
        )
        counts[mail.REMINDER] = outbox.queue(
            Mail(campaign=campaign, colleague_id=pk, kind=mail.REMINDER, occasion=reminder_day)
            for pk in waiting(campaign)
            .filter(Exists(invited_before))
            .exclude(sent_already(campaign, mail.REMINDER, reminder_day))
            .values_list("pk", flat=True)
            .iterator()
        )
    overdue_day = latest_occasion(campaign, campaign.overdue_days, today)
    if overdue_day is not None and overdue_day > campaign.due_on:
        counts[mail.OVERDUE] = outbox.queue(
            Mail(campaign=campaign, colleague_id=pk, kind=mail.OVERDUE, occasion=overdue_day)
            for pk in waiting(campaign)
            .exclude(sent_already(campaign, mail.OVERDUE, overdue_day))
            .values_list("pk", flat=True)
            .iterator()
        )
    digest_day = latest_occasion(campaign, campaign.digest_days, today)
    if digest_day is not None:
        counts[mail.DIGEST] = outbox.queue(
            Mail(campaign=campaign, colleague_id=pk, kind=mail.DIGEST, occasion=digest_day)
            for pk in managers_waiting(campaign, digest_day)
        )
    return counts


def managers_waiting(campaign: Campaign, occasion: datetime.date) -> list[int]:
    """Staff-list rows of every manager, at any level, above a member not finished (and
    reachable), without this digest yet. The manager links are read once, walked here."""
    manager_of = dict(
        Colleague.objects.filter(active=True).exclude(manager="").values_list("email", "manager")
    )
    above = set()
    for email in waiting(campaign).values_list("email", flat=True).iterator():
        seen = {email}
        manager = manager_of.get(email)
        while manager and manager not in seen:  # a cycle in the list ends the walk
            above.add(manager)
            seen.add(manager)
            manager = manager_of.get(manager)
    digested = Mail.objects.filter(campaign=campaign, kind=Mail.Kind.DIGEST, occasion=occasion)
    return list(
        Colleague.objects.filter(active=True, opted_out=False, email__in=above)
        .exclude(user__reminders_enabled=False)
        .exclude(pk__in=digested.values("colleague"))
        .values_list("pk", flat=True)
    )
