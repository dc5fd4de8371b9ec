from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from champions import invitations, messages
from champions.mail import show
from guide.page_cache import current_guide


class Command(BaseCommand):
    help = (
        "E-mail a personal, single-use sign-in link to each active colleague on the staff "
        "list who has not started, once per colleague unless --again; never after an opt-out."
    )

    def add_arguments(self, parser):
        parser.add_argument("--department", help="Only this department.")
        parser.add_argument("--country", help="Only this country (ISO code, e.g. DE).")
        parser.add_argument(
            "--again", action="store_true", help="Also those invited before (a new link)."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="List who would get one and show the first mail as it would go; send nothing.",
        )

    def handle(self, *args, department, country, again, dry_run, **options):
        if not settings.SITE_URL:
            raise CommandError("Set SITE_URL: the invitations link to it.")
        guide = current_guide()
        if guide is None:
            raise CommandError("No guide is loaded: run manage.py load_guide first.")
        colleagues = invitations.due(guide, department=department, country=country, again=again)
        sent = invitations.send(guide, colleagues, dry_run=dry_run)
        verb = "Would invite" if dry_run else "Invited"
        for colleague in sent:
            self.stdout.write(f"{verb} {colleague.email}")
        self.stdout.write(self.style.SUCCESS(f"{verb} {len(sent)} colleague(s)."))
        if dry_run and sent:
            self.stdout.write(show(messages.preview(sent[0], guide)))
