"""The work the worker does (`manage.py worker`): sending the outbox's mail and counting
the dashboard's figures. Each task takes plain values, as Django's tasks framework needs."""

import datetime

from django.tasks import task, task_backends
from django.utils import timezone

from guide.page_cache import current_guide

from . import counting, messages, outbox, schedule
from .models import Campaign


@task
def send_mail_batch(ids: list[int]) -> dict[str, int]:
    """Claim these rows of the outbox and send them over one SMTP connection."""
    return outbox.send_claimed(outbox.claim(ids), messages.build, messages.prepare)


def send_ready_mail() -> int:
    """Hand every ready row of the outbox to the worker, in batches; how many."""

    def enqueue(ids: list[int], run_after: datetime.datetime | None) -> None:
        if run_after is not None and task_backends["default"].supports_defer:
            send_mail_batch.using(run_after=run_after).enqueue(ids)
        else:
            send_mail_batch.enqueue(ids)

    return outbox.hand_to_worker(enqueue)


@task
def recount_figures(guide_id: int) -> None:
    """Count the dashboard's figures afresh and keep them for every app server."""
    counting.recount_now(guide_id)


def ask_for_recount(guide) -> None:
    recount_figures.enqueue(guide.pk)


def recount_after_staff_list_change(sender=None, **kwargs) -> None:
    """directory.signals.staff_list_changed: the figures are counted again soon."""
    guide = current_guide()
    if guide is not None:
        ask_for_recount(guide)


@task
def start_campaign(campaign_id: int) -> None:
    """A new campaign's invitations (and, should it start in the past, what is due)."""
    campaign = Campaign.objects.filter(pk=campaign_id).select_related("guide").first()
    if campaign is not None and campaign.starts_on <= timezone.localdate():
        schedule.queue_campaign(campaign, timezone.localdate())
        send_ready_mail()


def periodic_step(*, now: bool = False, reclaim_after=outbox.RECLAIM_AFTER) -> dict[str, int]:
    """What `send_campaign_mail` and the worker's loop do: put back what a dead sender left,
    queue what is due today, and send it — by the worker, or here and now."""
    outbox.reclaim_stale(reclaim_after)
    queued = schedule.run()
    if now:
        while ids := list(outbox.ready().order_by("pk").values_list("pk", flat=True)[:200]):
            outbox.send_claimed(outbox.claim(ids), messages.build, messages.prepare)
    else:
        send_ready_mail()
    return queued
