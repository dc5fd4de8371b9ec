"""Each colleague's progress on a guide, stored (`ProgressSummary`) so that figures over a
whole company are a join, not a count of every tick. Counted by the rules of
`guide/progress.py`; written in the same transaction as every tick, and after anything
that changes what counts (a material change, an item made optional).
"""

import datetime

from django.db.models import Count, Max, Q
from django.utils import timezone

from .models import ProgressSummary, Tick
from .progress import REVIEWED_STATES, ItemState, reviewed_ticks_q, stale_ticks_q


def count_progress(guide, users=None):
    """Each colleague's counts from their ticks on `guide`, in one grouped pass over the
    ticks (of `users` only, when given): rows of `user`, `reviewed` (current ticks on
    required items), `stale`, `ticked` (done or not applicable, any item) and
    `last_reviewed_at` (their latest reviewed tick on a required item). Colleagues
    without ticks have no row. What `summarise` stores."""
    ticks = Tick.objects.filter(item__guide=guide)
    if users is not None:
        ticks = ticks.filter(user__in=users)
    required = reviewed_ticks_q() & Q(item__optional=False)
    return (
        ticks.order_by()
        .values("user")
        .annotate(
            reviewed=Count("pk", filter=required),
            stale=Count("pk", filter=stale_ticks_q()),
            ticked=Count("pk", filter=Q(state__in=REVIEWED_STATES)),
            last_reviewed_at=Max("updated_at", filter=required),
        )
    )


def summarise(guide, users=None):
    """Bring the stored summaries of `users` (pks; everyone with ticks or a summary on
    this guide when None) in line with their ticks. Called after anything that changes
    what counts (a material change, an item made optional, a champion's undo). `guide`
    may be a Guide or its pk."""
    guide = getattr(guide, "pk", guide)
    counted = {row.pop("user"): row for row in count_progress(guide, users)}
    if users is None:
        # A summary whose colleague has no ticks left on this guide counts zero.
        users = ProgressSummary.objects.filter(guide=guide).values_list("user", flat=True)
    zero = {"reviewed": 0, "stale": 0, "ticked": 0, "last_reviewed_at": None}
    rows = {user: zero for user in users} | counted
    fields = [*zero, "last_reviewed_week"]
    ProgressSummary.objects.bulk_create(
        [
            ProgressSummary(
                user_id=user,
                guide_id=guide,
                last_reviewed_week=week_of(row["last_reviewed_at"]),
                **row,
            )
            for user, row in rows.items()
        ],
        update_conflicts=True,
        unique_fields=["user", "guide"],
        update_fields=fields,
        batch_size=2000,
    )


def week_of(moment):
    """The Monday of `moment`'s week in TIME_ZONE, as the weekly charts count it."""
    if moment is None:
        return None
    day = timezone.localtime(moment).date()
    return day - datetime.timedelta(days=day.weekday())


def summary_of(user_id: int, guide_id: int, states: list[ItemState]) -> ProgressSummary:
    """One colleague's summary from their item states, by the rules `count_progress`
    counts with in the database (tests/guide/test_progress.py holds the two together)."""
    reviewed = [s for s in states if s.reviewed and not s.item.optional]
    last = max((s.updated_at for s in reviewed), default=None)
    return ProgressSummary(
        user_id=user_id,
        guide_id=guide_id,
        reviewed=len(reviewed),
        stale=sum(s.stale for s in states),
        ticked=sum(s.state in REVIEWED_STATES for s in states),
        last_reviewed_at=last,
        last_reviewed_week=week_of(last),
    )


def store(summary: ProgressSummary) -> None:
    """Write one summary, in one statement whether or not it exists."""
    ProgressSummary.objects.bulk_create(
        [summary],
        update_conflicts=True,
        unique_fields=["user", "guide"],
        update_fields=["reviewed", "stale", "ticked", "last_reviewed_at", "last_reviewed_week"],
    )
