"""Recording a colleague's ticks: in the account when signed in, else in the session,
moved to the account at sign-up or log-in (the newer state of an item wins)."""

import collections
import datetime
import time
from typing import NamedTuple

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.http import HttpRequest
from django.utils import timezone

from . import page_cache, summaries
from .models import ChecklistItem, ProgressSummary, Tick
from .page_cache import current_guide
from .progress import ItemState

SESSION_KEY = "ticks"


class _Rules(NamedTuple):
    """What progress needs of an item (progress.ItemState's `item`), as the lock saw it."""

    pk: int
    optional: bool
    revised: datetime.datetime | None


def _statements() -> dict[str, str]:
    """The read every signed-in page makes and the write path's statements, written once.
    The ORM takes longer to build a statement than SQLite takes to run it (0.2 ms against
    15 µs), and inside the write lock that time is everybody's. Both databases take
    `INSERT … ON CONFLICT … DO UPDATE` as it stands."""
    items, ticks = ChecklistItem._meta.db_table, Tick._meta.db_table
    summaries_table, users = ProgressSummary._meta.db_table, get_user_model()._meta.db_table
    return {
        "states": f"SELECT item_id, state, updated_at FROM {ticks} WHERE user_id = %s",
        "lock_user": f"SELECT 1 FROM {users} WHERE id = %s FOR UPDATE",
        "read": (
            f"SELECT i.id, i.optional, i.revised, t.state, t.updated_at FROM {items} i "
            f"LEFT JOIN {ticks} t ON t.item_id = i.id AND t.user_id = %s WHERE i.guide_id = %s"
        ),
        "tick": (
            f"INSERT INTO {ticks} (user_id, item_id, state, updated_at) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (user_id, item_id) DO UPDATE "
            "SET state = excluded.state, updated_at = excluded.updated_at"
        ),
        "summary": (
            f"INSERT INTO {summaries_table} (user_id, guide_id, reviewed, stale, ticked, "
            "last_reviewed_at, last_reviewed_week) VALUES (%s, %s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (user_id, guide_id) DO UPDATE SET reviewed = excluded.reviewed, "
            "stale = excluded.stale, ticked = excluded.ticked, "
            "last_reviewed_at = excluded.last_reviewed_at, "
            "last_reviewed_week = excluded.last_reviewed_week"
        ),
    }


SQL = _statements()


def _moment(value: datetime.datetime | None) -> datetime.datetime | None:
    """A stored moment as an aware datetime (SQLite hands back naive UTC)."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=datetime.UTC)


def states_for(request: HttpRequest, items: list[ChecklistItem]) -> list[ItemState]:
    """The colleague's state of each item, in the items' order, with one query at most."""
    if request.user.is_authenticated:
        with connection.cursor() as cursor:  # every signed-in page asks: a plain statement
            cursor.execute(SQL["states"], [request.user.pk])
            stored = {item_id: (state, _moment(at)) for item_id, state, at in cursor.fetchall()}
        return [
            ItemState(item, *stored[item.pk]) if item.pk in stored else ItemState(item)
            for item in items
        ]
    stored = _session_ticks(request.session)
    return [
        ItemState(item, *stored[item.slug]) if item.slug in stored else ItemState(item)
        for item in items
    ]


def set_state(
    request: HttpRequest, item: ChecklistItem, state: str
) -> tuple[ItemState, list[ItemState] | None]:
    """Record the colleague's new state of `item`; return it, and every item's state as
    the write left them (None for a colleague not signed in: read from the session)."""
    now = timezone.now()
    if request.user.is_authenticated:
        written = record(request.user.pk, item, state, now)
        items = page_cache.items(current_guide())  # as the page shows them
        states = [
            ItemState(it, *written[it.pk]) if it.pk in written else ItemState(it) for it in items
        ]
        return ItemState(item, state, now), states
    stored = request.session.get(SESSION_KEY, {})
    stored[item.slug] = [state, now.isoformat()]
    request.session[SESSION_KEY] = stored
    return ItemState(item, state, now), None


def record(
    user_id: int, item: ChecklistItem, state: str, now: datetime.datetime
) -> dict[int, tuple[str, datetime.datetime]]:
    """The tick and the colleague's stored summary, in one short transaction: it holds
    SQLite's write lock (the whole site's), so it reads only what it must to stay exact —
    the items' rules and the colleague's ticks as they are now, not as a cache has them,
    in one statement — and writes twice. On PostgreSQL, where writers do not queue for one
    lock, it first locks the colleague's row, so that two tabs of theirs wait for each
    other. tests/guide/test_progress.py holds it to the ORM's counting."""
    ops = connection.ops
    written_at = ops.adapt_datetimefield_value(now)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor != "sqlite":
            cursor.execute(SQL["lock_user"], [user_id])
        cursor.execute(SQL["read"], [user_id, item.guide_id])
        rows = cursor.fetchall()
        cursor.execute(SQL["tick"], [user_id, item.pk, state, written_at])
        states = [
            ItemState(_Rules(pk, bool(optional), _moment(revised)), state, now)
            if pk == item.pk
            else ItemState(_Rules(pk, bool(optional), _moment(revised)), stored, _moment(at))
            if stored is not None
            else ItemState(_Rules(pk, bool(optional), _moment(revised)))
            for pk, optional, revised, stored, at in rows
        ]
        summary = summaries.summary_of(user_id, item.guide_id, states)
        cursor.execute(
            SQL["summary"],
            [
                user_id,
                item.guide_id,
                summary.reviewed,
                summary.stale,
                summary.ticked,
                ops.adapt_datetimefield_value(summary.last_reviewed_at),
                ops.adapt_datefield_value(summary.last_reviewed_week),
            ],
        )
    return {s.item.pk: (s.state, s.updated_at) for s in states if s.updated_at is not None}


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
    guide = current_guide()
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
        summaries.summarise(guide, [user.pk])
    del request.session[SESSION_KEY]


def personal_data(sender, user, **kwargs) -> dict:
    """The colleague's ticks, for "download my data" (accounts.personal_data.collect)."""
    return {
        "ticks": [
            {
                "item": tick.item.slug,
                "title": tick.item.title,
                "state": tick.state,
                "updated_at": tick.updated_at.isoformat(),
            }
            for tick in user.ticks.select_related("item").order_by("item__order")
        ]
    }


class SessionStarts:
    """Ticks without a session cookie each start a session (a database row): at most
    `per_minute` per client in each app process. Counted in this process's memory rather
    than the shared cache, so that turning a flood away never waits on the database."""

    def __init__(self, per_minute: int = 60, most_clients: int = 10_000):
        self.per_minute = per_minute
        self.most_clients = most_clients
        self.starts: dict[str, collections.deque] = {}

    def allow(self, client: str) -> bool:
        now = time.monotonic()
        if len(self.starts) >= self.most_clients:
            self.starts.clear()  # a flood of addresses: start counting afresh
        recent = self.starts.setdefault(client, collections.deque())
        while recent and recent[0] <= now - 60:
            recent.popleft()
        if len(recent) >= self.per_minute:
            return False
        recent.append(now)
        return True


session_starts = SessionStarts()
