"""What counts as progress: the one definition the checklist and the dashboard share.

- An item is *reviewed* when its state is done or not applicable and the tick is not
  stale (made before the item's last material change, `ChecklistItem.revised`).
- Optional items are shown and can be ticked, but only required ones count towards
  "N of M reviewed"; a colleague has *finished* when every required item is reviewed.
"""

from dataclasses import dataclass

from django.db.models import F, Q

from .models import Tick

REVIEWED_STATES = (Tick.State.DONE, Tick.State.NOT_APPLICABLE)


def current_reviewed_ticks(prefix=""):
    """A Q for ticks that count as reviewed; `prefix` reaches them through a relation."""
    return Q(**{f"{prefix}state__in": REVIEWED_STATES}) & (
        Q(**{f"{prefix}item__revised__isnull": True})
        | Q(**{f"{prefix}updated_at__gte": F(f"{prefix}item__revised")})
    )


def is_reviewed(state, stale):
    return state in REVIEWED_STATES and not stale


@dataclass(frozen=True)
class Progress:
    reviewed: int
    required: int

    @property
    def finished(self):
        return self.required > 0 and self.reviewed >= self.required

    def __str__(self):
        return f"{self.reviewed} of {self.required}"
