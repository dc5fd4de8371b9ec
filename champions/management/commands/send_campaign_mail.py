import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from champions import schedule, tasks
from champions.models import Campaign


class Command(BaseCommand):
    help = (
        "The periodic step (run every few minutes; the worker runs it every minute): queue "
        "whatever campaigns owe today — invitations, reminders, overdue notices, manager "
        "digests — and send it through the worker, or here with --now. Safe to run twice at "
        "once and after a crash: each mail goes to each person once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what is due; queue and send nothing."
        )
        parser.add_argument(
            "--now", action="store_true", help="Send in this process instead of the worker."
        )
        parser.add_argument(
            "--reclaim-after",
            type=int,
            default=15 * 60,
            help="Seconds after which mail a dead sender had taken is queued again.",
        )

    def handle(self, *args, dry_run, now, reclaim_after, **options):
        if dry_run:
            today = timezone.localdate()
            for campaign in Campaign.objects.running(today).select_related("guide"):
                waiting = schedule.waiting(campaign).count()
                self.stdout.write(
                    f"{campaign.name}: due {campaign.due_on}, {waiting} not finished; next "
                    f"reminder {schedule.latest_occasion(campaign, campaign.reminder_days, today)}"
                )
            return
        queued = tasks.periodic_step(
            now=now, reclaim_after=datetime.timedelta(seconds=reclaim_after)
        )
        summary = ", ".join(f"{count} {kind}" for kind, count in queued.items() if count)
        self.stdout.write(self.style.SUCCESS(f"Queued: {summary or 'nothing new'}."))
