"""What counts as progress: the one definition the checklist and the dashboard share.

- An item is *reviewed* when its state is done or not applicable and the tick is not
  stale (made before the item's last material change, `ChecklistItem.revised`).
- Optional items are shown and can be ticked, but only required ones count towards
  "N of M reviewed"; a colleague has *finished* when every required item is reviewed.
- Ticks of someone not signed in live in their session and move to their account when
  they sign up or log in; the newer state of an item wins.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import Tick

REVIEWED_STATES = (Tick.State.DONE, Tick.State.NOT_APPLICABLE)
SESSION_KEY = "ticks"


def current_reviewed_ticks(prefix=""):
    """A Q for ticks that count as reviewed; `prefix` reaches them through a relation."""
    return Q(**{f"{prefix}state__in": REVIEWED_STATES}) & (
        Q(**{f"{prefix}item__revised__isnull": True})
        | Q(**{f"{prefix}updated_at__gte": F(f"{prefix}item__revised")})
    )


@dataclass(frozen=True)
class ItemState:
    """One checklist item as one colleague left it."""

    item: object
    state: str = Tick.State.TODO
    updated_at: datetime.datetime | None = None

    @property
    def stale(self):
        return (
            self.state != Tick.State.TODO
            and self.item.revised is not None
            and self.updated_at < self.item.revised
        )

    @property
    def shown_state(self):
        """The `data-state` value: todo, done, not_applicable or stale."""
        return "stale" if self.stale else self.state

    @property
    def reviewed(self):
        return self.state in REVIEWED_STATES and not self.stale


@dataclass(frozen=True)
class Progress:
    reviewed: int
    required: int

    @property
    def finished(self):
        return self.required > 0 and self.reviewed >= self.required

    def __str__(self):
        return f"{self.reviewed} of {self.required}"


def progress_of(states):
    required = [s for s in states if not s.item.optional]
    return Progress(reviewed=sum(s.reviewed for s in required), required=len(required))


def states_for(request, items):
    """The colleague's state of each item, in the items' order, with one query at most."""
    if request.user.is_authenticated:
        ticks = {
            tick.item_id: tick
            for tick in Tick.objects.filter(user=request.user, item__in=[i.pk for i in items])
        }
        return [
            ItemState(item, ticks[item.pk].state, ticks[item.pk].updated_at)
            if item.pk in ticks
            else ItemState(item)
            for item in items
        ]
    stored = _session_ticks(request.session)
    return [
        ItemState(item, *stored[item.slug]) if item.slug in stored else ItemState(item)
        for item in items
    ]


def set_state(request, item, state):
    """Record the colleague's new state of `item` and return it."""
    now = timezone.now()
    if request.user.is_authenticated:
        Tick.objects.update_or_create(
            user=request.user, item=item, defaults={"state": state, "updated_at": now}
        )
    else:
        stored = request.session.get(SESSION_KEY, {})
        stored[item.slug] = [state, now.isoformat()]
        request.session[SESSION_KEY] = stored
    return ItemState(item, state, now)


def _session_ticks(session):
    """{slug: (state, updated_at)} from the session, skipping anything malformed."""
    ticks = {}
    for slug, value in session.get(SESSION_KEY, {}).items():
        try:
            state, stamp = value
            if state in Tick.State.values:
                ticks[slug] = (state, datetime.datetime.fromisoformat(stamp))
        except (TypeError, ValueError):
            continue
    return ticks


def move_session_ticks_to_account(sender, request, user, **kwargs):
    """On log-in or sign-up, keep what was ticked before; the newer state of an item wins."""
    if request is None or not hasattr(request, "session"):
        return
    stored = _session_ticks(request.session)
    if not stored:
        return
    from .models import ChecklistItem, Guide

    guide = Guide.objects.current()
    items = {item.slug: item for item in ChecklistItem.objects.filter(guide=guide, slug__in=stored)}
    with transaction.atomic():
        existing = {
            tick.item_id: tick for tick in Tick.objects.filter(user=user, item__in=items.values())
        }
        for slug, (state, stamp) in stored.items():
            item = items.get(slug)
            if item is None:
                continue
            tick = existing.get(item.pk)
            if tick is None:
                Tick.objects.create(user=user, item=item, state=state, updated_at=stamp)
            elif stamp > tick.updated_at:
                tick.state, tick.updated_at = state, stamp
                tick.save(update_fields=["state", "updated_at"])
    del request.session[SESSION_KEY]
