"""When each step was last checked against LinkedIn, and which are due for another look.

A step is due when its "last verified" date, in any language, is more than
settings.VERIFY_EVERY_DAYS days ago. Marking steps verified sets every language's date to
today and records who did it; it is not a material change, so colleagues' ticks stay as
they are (ChecklistItem.revised is not touched).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from . import page_cache
from .models import Guide, Step


def cutoff(today: datetime.date | None = None) -> datetime.date:
    """Steps last verified before this date are due."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=settings.VERIFY_EVERY_DAYS)


def oldest_date(step: Step) -> datetime.date | None:
    """The step's oldest "last verified" date over the languages that have one."""
    dates = [getattr(step, f"last_verified_{code}") for code, _name in settings.LANGUAGES]
    return min((date for date in dates if date), default=None)


@dataclass(frozen=True)
class Verification:
    """What the admin and the dashboard say about one step's last verification."""

    date: datetime.date | None
    days: int | None
    due: bool


def verification_of(step: Step, today: datetime.date | None = None) -> Verification:
    today = today or timezone.localdate()
    date = oldest_date(step)
    if date is None:
        return Verification(date=None, days=None, due=True)
    days = (today - date).days
    return Verification(date=date, days=days, due=date < cutoff(today))


def due(guide: Guide, today: datetime.date | None = None) -> list[Step]:
    """The guide's steps due for another look, in reading order, each with `.verification`
    set. Kept in memory per content version, language and day: marking a step verified
    changes the content version, and tomorrow may make another step due."""
    today = today or timezone.localdate()

    def build():
        steps = list(guide.steps.not_verified_since(cutoff(today)).order_by("order"))
        for step in steps:
            step.verification = verification_of(step, today)
        return steps

    return page_cache.cached(f"verification-due:{guide.pk}:{today.isoformat()}", build)


@dataclass(frozen=True)
class Reminder:
    """What the dashboard says: the steps due, and after how many days a step is due."""

    steps: list[Step]
    every_days: int


def reminder(guide: Guide) -> Reminder:
    return Reminder(steps=due(guide), every_days=settings.VERIFY_EVERY_DAYS)


@transaction.atomic
def mark_verified(steps, user, today: datetime.date | None = None) -> int:
    """Record that `user` checked `steps` against LinkedIn today, in every language; return
    how many. Readers' pages show the new date at once."""
    today = today or timezone.localdate()
    dates = {f"last_verified_{code}": today for code, _name in settings.LANGUAGES}
    count = Step.objects.filter(pk__in=[step.pk for step in steps]).update(
        verified_by=user, **dates
    )
    page_cache.content_changed()
    return count


def personal_data(sender, user, **kwargs) -> dict:
    """The steps the champion last marked verified, for "download my data"
    (accounts.personal_data.collect)."""
    steps = [
        {"step": step.slug, "title": step.title, "last_verified": step.last_verified_en.isoformat()}
        for step in user.verified_steps.order_by("guide", "order")
    ]
    return {"steps_verified": steps} if steps else {}
