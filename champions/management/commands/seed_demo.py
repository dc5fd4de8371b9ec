import datetime
import random

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from guide import summaries
from guide.models import Tick
from guide.page_cache import current_guide

DEMO_DOMAIN = "demo.example.com"


class Command(BaseCommand):
    help = (
        "Fill the database with demo members and realistic progress (for demos and for "
        "measuring). Replaces the demo members of an earlier run; touches no one else."
    )

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=200, help="How many demo members.")
        parser.add_argument("--seed", type=int, default=2026, help="Random seed (repeatable).")

    @transaction.atomic
    def handle(self, *args, members, seed, **options):
        if members < 0:
            raise CommandError("--members must be zero or more.")
        guide = current_guide()
        if guide is None:
            raise CommandError("No guide is loaded: run manage.py load_guide first.")
        rng = random.Random(seed)
        now = timezone.now()
        User = get_user_model()
        User.objects.filter(email__endswith=f"@{DEMO_DOMAIN}").delete()

        items = list(guide.items.order_by("order"))
        required = [item for item in items if not item.optional]
        # One item "changed" a week ago, so that some earlier ticks ask for a re-check.
        changed = required[1] if len(required) > 1 else None
        if changed and changed.revised is None:
            changed.revised = now - datetime.timedelta(days=7)
            changed.save(update_fields=["revised"])

        users = User.objects.bulk_create(
            User(
                username=f"demo-{n}@{DEMO_DOMAIN}",
                email=f"demo-{n}@{DEMO_DOMAIN}",
                password="!",  # unusable: demo members cannot log in
                date_joined=now - datetime.timedelta(days=rng.uniform(1, 70)),
            )
            for n in range(members)
        )
        # Demo members count as having proved their address.
        EmailAddress.objects.bulk_create(
            EmailAddress(user=user, email=user.email, primary=True, verified=True) for user in users
        )
        ticks = []
        for user in users:
            ticks += self.ticks_for(user, items, required, changed, rng, now)
        Tick.objects.bulk_create(ticks, batch_size=5000)
        summaries.summarise(guide)
        self.stdout.write(
            self.style.SUCCESS(f"Created {len(users)} demo members with {len(ticks)} ticks.")
        )

    def ticks_for(self, user, items, required, changed, rng, now):
        """Not started, part-way, finished, or finished before the guide changed."""
        kind = rng.choices(["none", "some", "all", "stale"], weights=[20, 35, 35, 10])[0]
        if kind == "none":
            return []
        chosen = rng.sample(required, rng.randint(1, len(required) - 1)) if kind == "some" else []
        chosen = chosen or list(required)
        if rng.random() < 0.5:
            chosen += [item for item in items if item.optional]
        start = user.date_joined
        ticks = []
        for item in chosen:
            when = start + (now - start) * rng.uniform(0, 1)
            if kind == "stale" and item == changed:
                when = changed.revised - datetime.timedelta(days=rng.uniform(1, 20))
            state = Tick.State.NOT_APPLICABLE if rng.random() < 0.08 else Tick.State.DONE
            ticks.append(Tick(user=user, item=item, state=state, updated_at=when))
        return ticks
