"""What counts as progress: the one definition the checklist, the dashboard, the member
list, the CSV exports and the reminders share. No other module decides these rules.

- An item is *required* unless it is marked optional; optional items are shown and can
  be ticked, but only required ones count towards "N of M reviewed".
- A tick is *stale* when it is done or not applicable but older than the item's last
  material change (`ChecklistItem.revised`); it then asks to be checked again.
- An item is *reviewed* when its state is done or not applicable and it is not stale.
- A colleague has *started* once any item is done or not applicable, and has *finished*
  when every required item is reviewed. A guide without required items has nothing to
  finish: nobody counts as finished there.
- Against a due date (a campaign's), a colleague is *finished*, else *overdue* once the
  date has passed, else *in progress* once started, else *not started*. An item waiting
  for a re-check is not reviewed, so it keeps them from finishing.

Each rule exists twice, side by side: in Python for one colleague's page (`ItemState`,
`Progress`, `status_of`) and as queryset expressions for aggregates over everyone
(`annotate_progress`, the `*_q` functions, `status_q`). `tests/guide/test_progress.py`
proves the two agree.

Stored summaries of these counts live in `guide/summaries.py`; recording a tick in
`guide/ticks.py`.
"""

import datetime
from dataclasses import dataclass

from django.db.models import (
    F,
    FilteredRelation,
    Q,
    TextChoices,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext, gettext_lazy

from .models import ChecklistItem, Tick

REVIEWED_STATES = (Tick.State.DONE, Tick.State.NOT_APPLICABLE)

# --- One colleague, in Python ----------------------------------------------------------


@dataclass(frozen=True)
class ItemState:
    """One checklist item as one colleague left it."""

    item: object
    state: str = Tick.State.TODO
    updated_at: datetime.datetime | None = None

    @property
    def stale(self):
        return (
            self.state in REVIEWED_STATES
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
    started: bool = False
    stale: int = 0

    @property
    def finished(self):
        return self.required > 0 and self.reviewed >= self.required

    def __str__(self):
        return gettext("%(reviewed)d of %(required)d") % {
            "reviewed": self.reviewed,
            "required": self.required,
        }


def progress_of(states):
    required = [s for s in states if not s.item.optional]
    return Progress(
        reviewed=sum(s.reviewed for s in required),
        required=len(required),
        started=any(s.state in REVIEWED_STATES for s in states),
        stale=sum(s.stale for s in states),
    )


def required_items(guide):
    return ChecklistItem.objects.filter(guide=guide, optional=False)


def count_required(items):
    """How many of these already-loaded items are required."""
    return sum(not item.optional for item in items)


def states_of_user(user, items):
    """The colleague's state of each of `items`, in their order, in one query (read as
    plain values: every signed-in page asks)."""
    ticks = {
        item_id: (state, updated_at)
        for item_id, state, updated_at in Tick.objects.filter(
            user_id=user.pk, item_id__in=[item.pk for item in items]
        ).values_list("item_id", "state", "updated_at")
    }
    return [
        ItemState(item, *ticks[item.pk]) if item.pk in ticks else ItemState(item) for item in items
    ]


@dataclass(frozen=True)
class StepSummary:
    """A step on the overview, with the state of its checklist items for this colleague."""

    step: object
    number: int
    states: list

    @property
    def state(self):
        """'stale', 'done', 'not_applicable' or 'todo'; '' for a step without an item."""
        if not self.states:
            return ""
        if any(s.stale for s in self.states):
            return "stale"
        if all(s.reviewed for s in self.states):
            done = any(s.state == Tick.State.DONE for s in self.states)
            return Tick.State.DONE if done else Tick.State.NOT_APPLICABLE
        return Tick.State.TODO

    @property
    def waiting(self):
        """A required item here is not reviewed yet."""
        return any(not s.reviewed and not s.item.optional for s in self.states)


def next_action(summaries, progress_now):
    """What the overview's main button offers: ('recheck'|'continue'|'start'|'finished', step)."""
    stale = next((s for s in summaries if s.state == "stale"), None)
    if stale:
        return "recheck", stale
    if progress_now.finished:
        return "finished", None
    if progress_now.started:
        waiting = next((s for s in summaries if s.waiting), None)
        if waiting:
            return "continue", waiting
    return "start", summaries[0] if summaries else None


# --- Everyone at once, as queryset expressions ------------------------------------------


def reviewed_ticks_q(prefix=""):
    """Ticks that count as reviewed; `prefix` reaches them through a relation."""
    return Q(**{f"{prefix}state__in": REVIEWED_STATES}) & (
        Q(**{f"{prefix}item__revised__isnull": True})
        | Q(**{f"{prefix}updated_at__gte": F(f"{prefix}item__revised")})
    )


def stale_ticks_q(prefix=""):
    """Done or not-applicable ticks made before their item's last material change."""
    return Q(**{f"{prefix}state__in": REVIEWED_STATES}) & Q(
        **{f"{prefix}updated_at__lt": F(f"{prefix}item__revised")}
    )


def annotate_progress(people, guide, user="pk"):
    """`people` annotated with `reviewed`, `stale`, `ticked` and `last_reviewed_at` read
    from the stored summaries (zero without one): integers the `*_q` filters below read.
    `user` names the field that holds the account ("pk" for accounts themselves, "user"
    for the staff directory's rows)."""
    relation = "progress_summaries" if user == "pk" else f"{user}__progress_summaries"
    people = people.annotate(
        summary=FilteredRelation(relation, condition=Q(**{f"{relation}__guide": guide}))
    )
    return people.annotate(
        reviewed=Coalesce(F("summary__reviewed"), Value(0)),
        stale=Coalesce(F("summary__stale"), Value(0)),
        ticked=Coalesce(F("summary__ticked"), Value(0)),
        last_reviewed_at=F("summary__last_reviewed_at"),
        last_reviewed_week=F("summary__last_reviewed_week"),
    )


def started_users(guide):
    """The accounts that have started this guide, for filtering other models."""
    return Tick.objects.filter(item__guide=guide, state__in=REVIEWED_STATES).values("user")


def started_q():
    return Q(ticked__gt=0)


def finished_q(required):
    """`Progress.finished` for annotated people; `required` is `required_items().count()`."""
    if not required:
        return Q(pk__in=[])
    return Q(reviewed__gte=required)


def in_progress_q(required):
    return started_q() & ~finished_q(required)


def has_stale_q():
    return Q(stale__gt=0)


def needs_reminder_q(required):
    """Something is left to do: a required item not reviewed yet, or a tick to re-check."""
    return Q(reviewed__lt=required) | has_stale_q()


def progress_of_counts(reviewed, required, ticked, stale):
    """The Python `Progress` from the numbers `annotate_progress` gives a row."""
    return Progress(reviewed=reviewed, required=required, started=ticked > 0, stale=stale)


def progress_of_annotated(person, required):
    """The Python `Progress` of someone annotated by `annotate_progress`."""
    return progress_of_counts(person.reviewed, required, person.ticked, person.stale)


# The member list's filters, by the words champions see.
MEMBER_STATES = {
    "not_started": (gettext_lazy("Not started"), lambda required: ~started_q()),
    "in_progress": (gettext_lazy("In progress"), in_progress_q),
    "finished": (gettext_lazy("Finished"), finished_q),
    "stale": (gettext_lazy("Has items to re-check"), lambda required: has_stale_q()),
}


def filter_by_member_state(people, state, required):
    """Annotated `people` in one of `MEMBER_STATES`; everyone for an empty state."""
    if not state:
        return people
    _, condition = MEMBER_STATES[state]
    return people.filter(condition(required))


# --- Against a due date --------------------------------------------------------------------


class Status(TextChoices):
    NOT_STARTED = "not_started", gettext_lazy("Not started")
    IN_PROGRESS = "in_progress", gettext_lazy("In progress")
    FINISHED = "finished", gettext_lazy("Finished")
    OVERDUE = "overdue", gettext_lazy("Overdue")


def status_of(progress: Progress, due_on: datetime.date, today: datetime.date) -> str:
    """One colleague's status against `due_on`, as of `today`."""
    if progress.finished:
        return Status.FINISHED
    if today > due_on:
        return Status.OVERDUE
    return Status.IN_PROGRESS if progress.started else Status.NOT_STARTED


def status_q(status: str, required: int, past_due: bool) -> Q:
    """`status_of` for people annotated by `annotate_progress`: the four are disjoint and
    cover everyone. `past_due` is whether today is after the due date."""
    unfinished = ~finished_q(required)
    if status == Status.FINISHED:
        return finished_q(required)
    if status == Status.OVERDUE:
        return unfinished if past_due else Q(pk__in=[])
    if past_due:
        return Q(pk__in=[])
    if status == Status.IN_PROGRESS:
        return started_q() & unfinished
    return ~started_q() & unfinished
