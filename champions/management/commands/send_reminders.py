from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from champions import invitations, messages, reminders
from champions.mail import show
from guide.page_cache import current_guide


class Command(BaseCommand):
    help = (
        "E-mail a reminder to colleagues with unfinished or stale checklist items, at most "
        "once per REMINDER_INTERVAL_DAYS, never to those who opted out. Safe to run daily."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List who would get one and show the first mail as it would go; send nothing.",
        )

    def handle(self, *args, dry_run, **options):
        if not settings.SITE_URL:
            raise CommandError("Set SITE_URL: e-mails link to it.")
        guide = current_guide()
        if guide is None:
            raise CommandError("No guide is loaded: run manage.py load_guide first.")
        sent = reminders.send(guide, dry_run=dry_run)
        # Invited colleagues who never signed in: the invitation again, a fresh link.
        invited = invitations.send(guide, invitations.due_for_reminder(guide), dry_run=dry_run)
        verb = "Would remind" if dry_run else "Reminded"
        for person in [*sent, *invited]:
            self.stdout.write(f"{verb} {person.email}")
        self.stdout.write(self.style.SUCCESS(f"{verb} {len(sent) + len(invited)} colleague(s)."))
        if dry_run and sent:
            self.stdout.write(show(messages.reminder(sent[0], guide)))
