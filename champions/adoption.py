"""Adoption figures for champions, from aggregate queries only.

The number of queries never depends on the number of members: everything is counted by
the database. Who has started, finished or has ticks to re-check is decided by
guide/progress.py; this module only counts. Counting a company of 100,000 takes about a
second on SQLite, so champions/counting.py keeps the result, recounted by the worker.
"""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext
from django_countries import countries

from accounts.proof import members
from directory.models import Colleague
from guide import progress
from guide.models import Tick


def members_with_progress(guide):
    return progress.annotate_progress(members(), guide)


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
    required = progress.count_required(items)
    # One pass over the members: their counts per week of their last review.
    per_week = list(
        members_with_progress(guide)
        .values("last_reviewed_week")
        .annotate(
            members=Count("pk"),
            started=Count("pk", filter=progress.started_q()),
            finished=Count("pk", filter=progress.finished_q(required)),
        )
        .order_by("last_reviewed_week")
    )
    totals = {key: sum(row[key] for row in per_week) for key in ("members", "started", "finished")}
    reviewed = progress.reviewed_ticks_q()
    counted = {
        row["item"]: row
        for row in Tick.objects.filter(item__guide=guide, user__in=members())
        .values("item")
        .annotate(
            done=Count("pk", filter=reviewed & Q(state=Tick.State.DONE)),
            not_applicable=Count("pk", filter=reviewed & Q(state=Tick.State.NOT_APPLICABLE)),
            stale=Count("pk", filter=progress.stale_ticks_q()),
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
        weeks=[
            (row["last_reviewed_week"], row["finished"])
            for row in per_week
            if row["last_reviewed_week"] and row["finished"]
        ],
    )


@dataclass
class GroupFigures:
    """Adoption of one part of the company (a department, a country, or all of it)."""

    kind: str  # "company", "department" or "country"
    value: str  # the department as the staff list names it, the country's code, or ""
    headcount: int
    invited: int
    signed_in: int
    started: int
    finished: int

    @property
    def name(self):
        """In the reader's language, when shown: the counted figures are shared by all."""
        if self.kind == "company":
            return gettext("Whole company")
        if self.kind == "country":
            return country_name(self.value) if self.value else gettext("No country")
        return self.value or gettext("No department")

    def percent(self, count):
        return round(100 * count / self.headcount) if self.headcount else 0

    @property
    def finished_percent(self):
        return self.percent(self.finished)

    @property
    def started_percent(self):
        return self.percent(self.started)

    @property
    def signed_in_percent(self):
        return self.percent(self.signed_in)

    @property
    def invited_percent(self):
        return self.percent(self.invited)


@dataclass
class CompanyFigures:
    total: GroupFigures
    by_department: list
    by_country: list
    weeks: list  # [(week start, finished so far, % of headcount)], cumulative

    # Sorted when shown, by % finished and then by name in the reader's language.
    @property
    def departments(self):
        return by_finished(self.by_department)

    @property
    def countries(self):
        return by_finished(self.by_country)


def by_finished(groups):
    return sorted(groups, key=lambda g: (-g.finished_percent, not g.value, g.name))


def country_name(code):
    return f"{countries.name(code)} ({code})"


def company_figures(guide):
    """Adoption against the staff list's active colleagues, overall, per department and
    per country (each sorted by % finished); None while there is no staff list. One pass
    over the staff list, grouped by department, country and week finished, folded here."""
    colleagues = Colleague.objects.filter(active=True)
    required = progress.required_items(guide).count()
    annotated = progress.annotate_progress(colleagues, guide, user="user").order_by()
    counts = {
        "headcount": Count("pk"),
        "invited": Count("pk", filter=Q(invited_at__isnull=False)),
        "signed_in": Count("pk", filter=Q(user__isnull=False)),
        "started": Count("pk", filter=progress.started_q()),
        "finished": Count("pk", filter=progress.finished_q(required)),
    }
    rows = list(annotated.values("department", "country", "last_reviewed_week").annotate(**counts))
    total = add_up(rows, counts)
    if not total["headcount"]:
        return None

    def groups(field):
        by_value = {}
        for row in rows:
            by_value.setdefault(row[field], []).append(row)
        return [
            GroupFigures(kind=field, value=value, **add_up(part, counts))
            for value, part in by_value.items()
        ]

    finished_per_week = {}
    for row in rows:
        if row["last_reviewed_week"] and row["finished"]:
            week = row["last_reviewed_week"]
            finished_per_week[week] = finished_per_week.get(week, 0) + row["finished"]
    finished_so_far, weeks = 0, []
    for week in sorted(finished_per_week):
        finished_so_far += finished_per_week[week]
        weeks.append((week, finished_so_far, round(100 * finished_so_far / total["headcount"])))
    return CompanyFigures(
        total=GroupFigures(kind="company", value="", **total),
        by_department=groups("department"),
        by_country=groups("country"),
        weeks=weeks,
    )


def add_up(rows, counts):
    return {key: sum(row[key] for row in rows) for key in counts}
