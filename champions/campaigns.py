"""Campaigns: who is in one, and how far they got against its due date.

A campaign's audience is the staff list's active colleagues in its departments and
countries (all of them when it names none). Everyone in it at the start is enrolled, and
so is whoever joins the staff list while it runs (`enrol_joiners`, on every change to the
staff list); a leaver's membership stays, and leaves the figures with them. Statuses are
guide/progress.py's (`status_q`): this module only counts.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from directory.models import Colleague
from guide import progress
from guide.models import Guide

from .adoption import country_name
from .models import (
    DEFAULT_DIGEST_DAYS,
    DEFAULT_OVERDUE_DAYS,
    Campaign,
    Membership,
    weekly_reminders,
)

STATUSES = [status.value for status in progress.Status]


def create(
    name: str,
    guide: Guide,
    *,
    due_on: datetime.date,
    starts_on: datetime.date | None = None,
    departments: list[str] = (),
    countries: list[str] = (),
    created_by=None,
) -> Campaign:
    """A campaign with the default schedule, its audience enrolled."""
    starts_on = starts_on or timezone.localdate()
    campaign = Campaign.objects.create(
        name=name,
        guide=guide,
        starts_on=starts_on,
        due_on=due_on,
        departments=sorted(set(departments)),
        countries=sorted({country.upper() for country in countries}),
        reminder_days=weekly_reminders(starts_on, due_on),
        overdue_days=DEFAULT_OVERDUE_DAYS,
        digest_days=DEFAULT_DIGEST_DAYS,
        created_by=created_by,
    )
    enrol(campaign)
    return campaign


def audience(campaign: Campaign) -> QuerySet[Colleague]:
    """The active colleagues a campaign is for, as the staff list stands now."""
    # SCIM may name someone by a user name that is not an address: nobody to write to.
    people = Colleague.objects.filter(active=True, email__contains="@")
    if campaign.departments:
        people = people.filter(department__in=campaign.departments)
    if campaign.countries:
        people = people.filter(country__in=campaign.countries)
    return people


def enrol(campaign: Campaign) -> None:
    """Everyone in the audience who is not a member yet becomes one (safe to repeat)."""
    new = audience(campaign).exclude(memberships__campaign=campaign).values_list("pk", flat=True)
    Membership.objects.bulk_create(
        [Membership(campaign=campaign, colleague_id=pk) for pk in new.iterator()],
        batch_size=2000,
        ignore_conflicts=True,  # two enrolments at once enrol nobody twice
    )


def enrol_joiners(sender=None, **kwargs) -> None:
    """The staff list changed (directory.signals.staff_list_changed): joiners in a running
    campaign's audience are enrolled; the periodic step invites them."""
    for campaign in Campaign.objects.running():
        enrol(campaign)


def members(campaign: Campaign) -> QuerySet[Colleague]:
    """The campaign's members who are still on the staff list."""
    return Colleague.objects.filter(active=True, memberships__campaign=campaign)


def with_progress(people: QuerySet[Colleague], guide: Guide) -> QuerySet[Colleague]:
    return progress.annotate_progress(people, guide, user="user")


def status_filter(campaign: Campaign, status: str, required: int, today=None) -> Q:
    return progress.status_q(status, required, campaign.is_overdue(today))


def with_status(people: QuerySet[Colleague], campaign: Campaign, status: str, required: int):
    """Annotated `people` in one status of this campaign."""
    return people.filter(status_filter(campaign, status, required))


# --- Figures --------------------------------------------------------------------------------


@dataclass
class StatusCounts:
    """How many people of a group are in each status, and how many in all. Counted once
    for every language: the name is given in the reader's when shown."""

    kind: str  # "campaign", "department" or "country"
    value: str = ""
    people: int = 0
    counts: dict = field(default_factory=dict)  # {status: count}

    @property
    def name(self) -> str:
        if self.kind == "campaign":
            return gettext("Everyone in the campaign")
        if self.kind == "country":
            return country_name(self.value) if self.value else gettext("No country")
        return self.value or gettext("No department")

    def count(self, status: str) -> int:
        return self.counts.get(status, 0)

    def percent(self, status: str) -> int:
        return round(100 * self.count(status) / self.people) if self.people else 0

    @property
    def rows(self) -> list[tuple[str, str, int, int]]:
        """(status, its label, count, %) in the order people go through them."""
        return [
            (status.value, status.label, self.count(status), self.percent(status))
            for status in progress.Status
        ]

    @property
    def finished_percent(self) -> int:
        return self.percent(progress.Status.FINISHED)


@dataclass
class CampaignFigures:
    campaign: Campaign
    total: StatusCounts
    by_department: list[StatusCounts]
    by_country: list[StatusCounts]
    counted_on: datetime.date


def count_statuses(people: QuerySet[Colleague], campaign: Campaign, required: int, today=None):
    """{status: Count(...)} aggregates for annotated `people`."""
    return {
        status: Count("pk", filter=status_filter(campaign, status, required, today))
        for status in STATUSES
    }


def figures(campaign: Campaign, today: datetime.date | None = None) -> CampaignFigures:
    """Each status per department and per country, from one grouped query."""
    today = today or timezone.localdate()
    required = progress.required_items(campaign.guide).count()
    counts = count_statuses(members(campaign), campaign, required, today)
    rows = list(
        with_progress(members(campaign), campaign.guide)
        .order_by()
        .values("department", "country")
        .annotate(people=Count("pk"), **counts)
    )

    def add_up(kind, value, part):
        return StatusCounts(
            kind=kind,
            value=value,
            people=sum(row["people"] for row in part),
            counts={status: sum(row[status] for row in part) for status in STATUSES},
        )

    def groups(key):
        values = sorted({row[key] for row in rows})
        return [add_up(key, value, [row for row in rows if row[key] == value]) for value in values]

    return CampaignFigures(
        campaign=campaign,
        total=add_up("campaign", "", rows),
        by_department=groups("department"),
        by_country=groups("country"),
        counted_on=today,
    )


def by_finished(groups: list[StatusCounts]) -> list[StatusCounts]:
    """Sorted when shown: by % finished, then by name in the reader's language."""
    return sorted(groups, key=lambda group: (-group.finished_percent, group.name))
