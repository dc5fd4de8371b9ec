import datetime

from django.core.management.base import BaseCommand, CommandError

from champions import campaigns, tasks
from directory.models import Colleague
from guide.page_cache import current_guide


def date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{value!r} is not a date (YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = (
        "Create a campaign: everyone on the staff list (or only --department and --country, "
        "each as often as needed) switches the setting off by --due. Invitations go out from "
        "the start date (today unless --start), through the worker."
    )

    def add_arguments(self, parser):
        parser.add_argument("name")
        parser.add_argument("--due", required=True, type=date, help="YYYY-MM-DD")
        parser.add_argument("--start", type=date, help="YYYY-MM-DD (default: today)")
        parser.add_argument("--department", action="append", default=[], help="Repeatable.")
        parser.add_argument("--country", action="append", default=[], help="ISO code; repeatable.")

    def handle(self, *args, name, due, start, department, country, **options):
        guide = current_guide()
        if guide is None:
            raise CommandError("No guide is loaded: run manage.py load_guide first.")
        if start and due < start:
            raise CommandError("--due cannot come before --start.")
        known = Colleague.objects.filter(active=True)
        for value in department:
            if not known.filter(department=value).exists():
                raise CommandError(f"No active colleague is in the department {value!r}.")
        for value in country:
            if not known.filter(country=value.upper()).exists():
                raise CommandError(f"No active colleague is in the country {value!r}.")
        campaign = campaigns.create(
            name.strip()[:200] or "Campaign",
            guide,
            due_on=due,
            starts_on=start,
            departments=department,
            countries=country,
        )
        tasks.start_campaign.enqueue(campaign.pk)
        self.stdout.write(
            self.style.SUCCESS(
                f"Created campaign {campaign.pk} {campaign.name!r}: "
                f"{campaign.memberships.count()} colleague(s), due {campaign.due_on}."
            )
        )
