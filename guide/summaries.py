"""Each colleague's progress on a guide, stored (`ProgressSummary`) so that figures over a
whole company are a join, not a count of every tick. Counted by the rules of
`guide/progress.py`; written in the same transaction as every tick, and after anything
that changes what counts (a material change, an item made optional).
"""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, DateTimeField, IntegerField, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import ProgressSummary, Tick
from .progress import REVIEWED_STATES, ItemState, reviewed_required_ticks, stale_ticks_q


def count_progress(people, guide, user="pk"):
    """`people` annotated, from their ticks, with `reviewed` (current ticks on required
    items), `stale`, `ticked` (done or not applicable, any item) and `last_reviewed_at`
    (their latest reviewed tick on a required item). `user` names the field holding the
    account ("pk" for accounts themselves). What `summarise` stores."""
    ticks = Tick.objects.filter(user=OuterRef(user), item__guide=guide)

    def count(queryset):
        counted = queryset.order_by().values("user").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))

    required = reviewed_required_ticks(guide).filter(user=OuterRef(user)).order_by()
    return people.annotate(
        reviewed=count(required),
        stale=count(ticks.filter(stale_ticks_q())),
        ticked=count(ticks.filter(state__in=REVIEWED_STATES)),
        last_reviewed_at=Subquery(
            required.values("user").annotate(last=Max("updated_at")).values("last"),
            output_field=DateTimeField(),
        ),
    )


def summarise(guide, users=None):
    """Bring the stored summaries of `users` (pks; everyone with ticks or a summary on
    this guide when None) in line with their ticks. Called in the same transaction as
    every tick, and after anything that changes what counts (a material change).
    `guide` may be a Guide or its pk."""
    guide = getattr(guide, "pk", guide)
    if users is None:
        people = (
            get_user_model()
            .objects.filter(Q(ticks__item__guide=guide) | Q(progress_summaries__guide=guide))
            .distinct()
        )
    else:
        people = get_user_model().objects.filter(pk__in=users)
    fields = ["reviewed", "stale", "ticked", "last_reviewed_at"]
    rows = count_progress(people.order_by(), guide).values("pk", *fields)
    ProgressSummary.objects.bulk_create(
        [
            ProgressSummary(
                user_id=row.pop("pk"),
                guide_id=guide,
                last_reviewed_week=week_of(row["last_reviewed_at"]),
                **row,
            )
            for row in rows
        ],
        update_conflicts=True,
        unique_fields=["user", "guide"],
        update_fields=[*fields, "last_reviewed_week"],
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
