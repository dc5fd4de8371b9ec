"""Adoption figures for champions, from aggregate queries only.

The number of queries never depends on the number of members: everything is counted by
the database. "Reviewed", "stale" and "finished" mean what guide/progress.py says.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import (
    Count,
    DateTimeField,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, TruncWeek

from .models import Tick
from .progress import REVIEWED_STATES, current_reviewed_ticks

MEMBER_STATES = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "finished": "Finished",
    "stale": "Has items to re-check",
}


def stale_ticks(prefix=""):
    """A Q for reviewed ticks made before their item's last material change."""
    return Q(**{f"{prefix}state__in": REVIEWED_STATES}) & Q(
        **{f"{prefix}updated_at__lt": F(f"{prefix}item__revised")}
    )


def members():
    """Everyone the checklist is for: every active account."""
    return get_user_model().objects.filter(is_active=True)


def members_with_progress(guide):
    """Members annotated with counts of ticks: `reviewed` (current, on required items),
    `stale`, and `ticked` (reviewed in any state: above zero means they started)."""
    ticks = Tick.objects.filter(user=OuterRef("pk"), item__guide=guide)

    def count(queryset):
        counted = queryset.order_by().values("user").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))

    return members().annotate(
        reviewed=count(ticks.filter(current_reviewed_ticks(), item__optional=False)),
        stale=count(ticks.filter(stale_ticks())),
        ticked=count(ticks.filter(state__in=REVIEWED_STATES)),
    )


def filter_by_state(queryset, state, required):
    if state == "not_started":
        return queryset.filter(ticked=0)
    if state == "in_progress":
        return queryset.filter(ticked__gt=0, reviewed__lt=required)
    if state == "finished":
        return queryset.filter(reviewed__gte=required)
    if state == "stale":
        return queryset.filter(stale__gt=0)
    return queryset


@dataclass
class ItemFigures:
    item: object
    done: int
    not_applicable: int
    stale: int
    todo: int


@dataclass
class Figures:
    members: int
    started: int
    finished: int
    stale_ticks: int
    items: list
    weeks: list  # [(week start date, completions)]

    @property
    def finished_percent(self):
        return round(100 * self.finished / self.members) if self.members else 0


def figures(guide):
    items = list(guide.items.order_by("order"))
    required = sum(not item.optional for item in items)
    people = members_with_progress(guide)
    totals = people.aggregate(
        members=Count("pk"),
        started=Count("pk", filter=Q(ticked__gt=0)),
        finished=Count("pk", filter=Q(reviewed__gte=required)),
    )
    if not required:  # nobody finishes a checklist with nothing to do
        totals["finished"] = 0
    counted = {
        row["item"]: row
        for row in Tick.objects.filter(item__guide=guide, user__is_active=True)
        .values("item")
        .annotate(
            done=Count("pk", filter=current_reviewed_ticks() & Q(state=Tick.State.DONE)),
            not_applicable=Count(
                "pk", filter=current_reviewed_ticks() & Q(state=Tick.State.NOT_APPLICABLE)
            ),
            stale=Count("pk", filter=stale_ticks()),
        )
        .order_by()
    }
    per_item = []
    for item in items:
        row = counted.get(item.pk, {"done": 0, "not_applicable": 0, "stale": 0})
        todo = totals["members"] - row["done"] - row["not_applicable"] - row["stale"]
        per_item.append(ItemFigures(item, row["done"], row["not_applicable"], row["stale"], todo))
    return Figures(
        members=totals["members"],
        started=totals["started"],
        finished=totals["finished"],
        stale_ticks=sum(row.stale for row in per_item),
        items=per_item,
        weeks=completions_per_week(guide, people, required),
    )


def completions_per_week(guide, people, required):
    """How many members finished in each week: the week of their last reviewed tick."""
    if not required:
        return []
    last_tick = (
        Tick.objects.filter(user=OuterRef("pk"), item__guide=guide, item__optional=False)
        .filter(current_reviewed_ticks())
        .order_by()
        .values("user")
        .annotate(last=Max("updated_at"))
        .values("last")
    )
    rows = (
        people.filter(reviewed__gte=required)
        .annotate(week=TruncWeek(Subquery(last_tick, output_field=DateTimeField())))
        .values("week")
        .annotate(n=Count("pk"))
        .order_by("week")
    )
    return [(row["week"].date(), row["n"]) for row in rows if row["week"]]


def chart(weeks, width=640, height=200, gap=4):
    """Bars for the completions chart, as SVG coordinates (the template draws them)."""
    if not weeks:
        return {"bars": [], "width": width, "height": height}
    top = max(n for _, n in weeks)
    band = width / len(weeks)
    bars = []
    for index, (week, n) in enumerate(weeks):
        bar_height = round((height - 20) * n / top, 1) if top else 0
        bars.append(
            {
                "x": round(index * band + gap / 2, 1),
                "y": round(height - bar_height, 1),
                "width": round(max(band - gap, 1), 1),
                "height": bar_height,
                "week": week,
                "n": n,
            }
        )
    return {"bars": bars, "width": width, "height": height, "top": top}
