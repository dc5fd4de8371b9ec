from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts import invitations
from guide import reminders
from guide.models import Guide


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
        parser.add_argument(
            "--base-url", default=settings.SITE_URL, help="The site's address (default SITE_URL)."
        )

    def handle(self, *args, dry_run, base_url, **options):
        if not base_url:
            raise CommandError("Set SITE_URL (or pass --base-url): e-mails need the address.")
        guide = Guide.objects.current()
        if guide is None:
            raise CommandError("No guide is loaded: run manage.py load_guide first.")
        base_url = base_url.rstrip("/")
        sent = reminders.send(guide, base_url, dry_run=dry_run)
        # Invited colleagues who never signed in: the invitation again, a fresh link.
        invited = invitations.send(guide, invitations.due_for_reminder(guide), dry_run=dry_run)
        verb = "Would remind" if dry_run else "Reminded"
        for person in [*sent, *invited]:
            self.stdout.write(f"{verb} {person.email}")
        self.stdout.write(self.style.SUCCESS(f"{verb} {len(sent) + len(invited)} colleague(s)."))
        if dry_run and sent:
            self.show(reminders.message_for(sent[0], guide, base_url))

    def show(self, mail):
        """The first reminder as its reader would see it: headers and the plain-text part."""
        self.stdout.write(f"\nThe mail to {mail.to[0]} would read:\n")
        self.stdout.write(f"Subject: {mail.subject}")
        for name, value in mail.extra_headers.items():
            self.stdout.write(f"{name}: {value}")
        self.stdout.write("")
        self.stdout.write(mail.body)
