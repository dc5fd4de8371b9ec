import datetime

from allauth.account.models import EmailAddress
from django.core.cache import caches
from django.core.cache.backends.db import DatabaseCache
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import connections, router
from django.db.models import Exists, OuterRef
from django.utils import timezone

from accounts import sign_in_links
from accounts.models import User

UNPROVED_KEPT = datetime.timedelta(days=7)


class Command(BaseCommand):
    help = (
        "Daily chore: delete expired sessions, expired rate-limit records and sign-in links, "
        "and accounts asked for but never proved (no sign-in, no tick) for a week. Safe to "
        "run any time."
    )

    def handle(self, *args, **options):
        call_command("clearsessions")
        expired = purge_expired_cache_entries()
        links = sign_in_links.purge_expired()
        unproved = purge_unproved_accounts()
        self.stdout.write(
            self.style.SUCCESS(
                f"Removed expired sessions, {expired} expired cache record(s), {links} "
                f"expired sign-in link(s) and {unproved} unproved account(s)."
            )
        )


def purge_expired_cache_entries():
    """The database cache removes expired rows only now and then, on a write."""
    cache = caches["default"]
    if not isinstance(cache, DatabaseCache):
        return 0
    db = router.db_for_write(cache.cache_model_class)
    connection = connections[db]
    table = connection.ops.quote_name(cache._table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE expires < %s",
            [connection.ops.adapt_datetimefield_value(timezone.now().replace(microsecond=0))],
        )
        return cursor.rowcount


def purge_unproved_accounts(now=None):
    """Accounts made by asking for a link for an address nobody then proved."""
    cutoff = (now or timezone.now()) - UNPROVED_KEPT
    proved = EmailAddress.objects.filter(user=OuterRef("pk"), verified=True)
    stale = User.objects.filter(
        ~Exists(proved),
        last_login__isnull=True,
        date_joined__lt=cutoff,
        ticks__isnull=True,
        is_staff=False,  # a champion made by create_champion who has not signed in yet
        is_superuser=False,
    )
    count = stale.count()
    stale.delete()
    return count
